package datasets

import (
	"context"
	"fmt"
	"io"
	"reflect"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// arrowBatchSize is the number of rows pqarrow decodes at a time and
// WriteArrow puts in one record batch.
const arrowBatchSize = 64 << 10

// ReadArrowTable reads the Parquet file in r, which holds size bytes, into
// an Arrow table whose buffers come from mem. The caller must Release the
// table. Strings become Arrow strings, int32 int32, float64 float64 and
// bool boolean, one column per Parquet column in file order. It reads any
// Parquet file and does not validate values: use Read for that. A file
// that is not Parquet gives ErrNotParquet; undecodable data gives
// ErrCorrupt, also when the decoder panics.
func ReadArrowTable(r io.ReaderAt, size int64, mem memory.Allocator) (tbl arrow.Table, err error) {
	defer func() {
		if p := recover(); p != nil {
			if tbl != nil {
				tbl.Release()
			}
			tbl, err = nil, ruleErr(ErrCorrupt, "corrupt parquet data: %v", p)
		}
	}()
	if size < 12 {
		return nil, ruleErr(ErrNotParquet, "not a parquet file: %d bytes", size)
	}
	var head [4]byte
	if _, err := r.ReadAt(head[:], 0); err != nil {
		return nil, fmt.Errorf("read arrow table: %w", err)
	}
	if string(head[:]) != "PAR1" {
		return nil, ruleErr(ErrNotParquet, "not a parquet file (no PAR1 magic bytes)")
	}
	props := parquet.NewReaderProperties(mem)
	pf, err := file.NewParquetReader(io.NewSectionReader(r, 0, size), file.WithReadProps(props))
	if err != nil {
		return nil, causeErr(ErrCorrupt, err, "open parquet file")
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: arrowBatchSize}, mem)
	if err != nil {
		return nil, causeErr(ErrCorrupt, err, "read parquet schema")
	}
	tbl, err = fr.ReadTable(context.Background())
	if err != nil {
		return nil, causeErr(ErrCorrupt, err, "read parquet columns")
	}
	return tbl, nil
}

// ArrowSchema returns the Arrow schema of the dataset: one non-nullable
// field per column in schema order, named as the column, of type string,
// int32, float64 or boolean as its Kind: the names and types that
// ReadArrowTable gives for a file of the dataset, and what WriteArrow
// writes.
func (s *Schema) ArrowSchema() *arrow.Schema {
	fields := make([]arrow.Field, len(s.Columns))
	for i := range s.Columns {
		var dt arrow.DataType
		switch s.Columns[i].Kind {
		case String:
			dt = arrow.BinaryTypes.String
		case Int32:
			dt = arrow.PrimitiveTypes.Int32
		case Float64:
			dt = arrow.PrimitiveTypes.Float64
		case Bool:
			dt = arrow.FixedWidthTypes.Boolean
		}
		fields[i] = arrow.Field{Name: s.Columns[i].Name, Type: dt}
	}
	return arrow.NewSchema(fields, nil)
}

// WriteArrow writes rows to w as an Arrow IPC stream: the schema of T (see
// Schema.ArrowSchema), then record batches of up to 64 Ki rows, built with
// array builders whose buffers come from mem. Zero rows give one empty
// batch. Every builder, array and record is released before it returns,
// also on error. Rows are not validated. It panics when T is not a row
// type of this package.
func WriteArrow[T any](w io.Writer, mem memory.Allocator, rows []T) (err error) {
	s := SchemaOf[T]()
	schema := s.ArrowSchema()
	iw := ipc.NewWriter(w, ipc.WithSchema(schema), ipc.WithAllocator(mem))
	defer func() {
		if cerr := iw.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("write arrow %s: %w", s.Name, cerr)
		}
	}()
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	for start := 0; start < len(rows) || start == 0; start += arrowBatchSize {
		end := min(start+arrowBatchSize, len(rows))
		for i := start; i < end; i++ {
			v := reflect.ValueOf(&rows[i]).Elem()
			for j := range s.Columns {
				f := v.Field(s.Columns[j].field)
				switch fb := b.Field(j).(type) {
				case *array.StringBuilder:
					fb.Append(f.String())
				case *array.Int32Builder:
					fb.Append(int32(f.Int()))
				case *array.Float64Builder:
					fb.Append(f.Float())
				case *array.BooleanBuilder:
					fb.Append(f.Bool())
				}
			}
		}
		rec := b.NewRecordBatch()
		err := iw.Write(rec)
		rec.Release()
		if err != nil {
			return fmt.Errorf("write arrow %s: %w", s.Name, err)
		}
		if len(rows) == 0 {
			break
		}
	}
	return nil
}
