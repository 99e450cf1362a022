package datasets

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"

	"github.com/parquet-go/parquet-go"
)

// rowGroupRows is the number of rows per Parquet row group: large enough
// for good compression, small enough to stream.
const rowGroupRows = 1 << 17

// EncodeParquet validates rows (see Validate) and writes them to w as one
// zstd-compressed Parquet file with the schema's column names and types.
// Zero rows give a valid file without rows, which Read rejects as empty.
// It panics when T is not a row type of this package.
func EncodeParquet[T any](w io.Writer, rows []T) error {
	return encodeParquet(w, rows, SchemaOf[T]().File)
}

func encodeParquet[T any](w io.Writer, rows []T, file string) error {
	if err := Validate(rows, file); err != nil {
		return err
	}
	pw := parquet.NewGenericWriter[T](w,
		parquet.Compression(&parquet.Zstd),
		parquet.MaxRowsPerRowGroup(rowGroupRows),
		parquet.CreatedBy("caregap", "", ""),
	)
	if _, err := pw.Write(rows); err != nil {
		return fmt.Errorf("encode %s: %w", file, err)
	}
	if err := pw.Close(); err != nil {
		return fmt.Errorf("encode %s: %w", file, err)
	}
	return nil
}

// EncodeCSV validates rows (see Validate) and writes them to w as CSV: a
// header of the column names, then one line per row, with floats in the
// shortest form that parses back to the same value (strconv 'g', -1) and
// booleans as true or false. It panics when T is not a row type of this
// package.
func EncodeCSV[T any](w io.Writer, rows []T) error {
	return encodeCSV(w, rows, SchemaOf[T]().File)
}

func encodeCSV[T any](w io.Writer, rows []T, file string) error {
	s := SchemaOf[T]()
	if err := Validate(rows, file); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	rec := make([]string, len(s.Columns))
	for i := range s.Columns {
		rec[i] = s.Columns[i].Name
	}
	if err := cw.Write(rec); err != nil {
		return fmt.Errorf("encode %s: %w", file, err)
	}
	var buf []byte
	for i := range rows {
		v := reflect.ValueOf(&rows[i]).Elem()
		for j := range s.Columns {
			f := v.Field(s.Columns[j].field)
			if f.Kind() == reflect.String {
				rec[j] = f.String()
				continue
			}
			buf = appendValue(buf[:0], f)
			rec[j] = string(buf)
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("encode %s: %w", file, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("encode %s: %w", file, err)
	}
	return nil
}

// WriteParquet writes rows to the file at path as EncodeParquet does. It
// writes a temporary file in the same directory, syncs it and renames it
// to path, so path holds either its old content or the whole new file;
// on any error the temporary file is removed. Validation errors name the
// file by its base name.
func WriteParquet[T any](path string, rows []T) error {
	return writeAtomic(path, func(w io.Writer) error {
		return encodeParquet(w, rows, filepath.Base(path))
	})
}

// WriteCSV writes rows to the file at path as EncodeCSV does, atomically
// as WriteParquet does.
func WriteCSV[T any](path string, rows []T) error {
	return writeAtomic(path, func(w io.Writer) error {
		return encodeCSV(w, rows, filepath.Base(path))
	})
}

// writeAtomic writes path through a temporary file that it renames.
// Errors of encode are returned as they are; file system errors name
// path.
func writeAtomic(path string, encode func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	if err := encode(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename in dir durable where the system allows it; it is
// best effort, since some systems cannot sync a directory.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
