package datasets

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"

	"github.com/caregap/caregap/engine/errkind"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// batchSize is how many rows Read decodes at a time.
const batchSize = 1024

// maxPrealloc caps the rows Read allocates up front from the row count in
// the file's footer, which a corrupt file can overstate.
const maxPrealloc = 1 << 16

// ErrTooManyRows: a file holds more rows than ReadOptions.MaxRows allows.
var ErrTooManyRows = errkind.New(errkind.TooLarge, "too many rows")

// ReadOptions bound what ReadWith accepts. The zero value is no bound.
type ReadOptions struct {
	// MaxRows caps the rows of a file [0: no cap]. ReadWith checks the row
	// counts of the footer's row groups before it decodes a page, and the
	// rows it decodes as it goes, so a file that understates its rows in
	// the footer is stopped too.
	MaxRows int
}

// Read reads and validates the Parquet file of the dataset of row type T
// from r, which holds size bytes; file names it in errors. It is ReadWith
// with no bounds.
func Read[T any](r io.ReaderAt, size int64, file string) ([]T, error) {
	return ReadWith[T](r, size, file, ReadOptions{})
}

// ReadWith reads and validates the Parquet file of the dataset of row type
// T from r, which holds size bytes, within the bounds of opt; file names
// it in errors. A file over opt.MaxRows gives a *RowError wrapping
// ErrTooManyRows.
//
// Before it reads a row, Read checks the file's schema against the
// registry: every column of the schema must be present (ErrMissingColumn),
// except those that may be absent (Column.MayBeAbsent, read as the zero
// value), with its physical and logical type (ErrWrongType), not
// repeated; columns may be in any order, optional (nullable) columns are
// allowed when they hold no nulls (ErrMissingValue), and columns the
// schema lacks are ignored. It then validates every value and the uniqueness of the keys.
// A file that is not Parquet gives ErrNotParquet, a file without rows
// ErrEmpty, and undecodable metadata or pages ErrCorrupt, also when the
// Parquet decoder panics. Problems of the data are *RowError values, up to
// 20 joined; the rows are returned only when there are none.
//
// Read panics when T is not a row type of this package.
func ReadWith[T any](r io.ReaderAt, size int64, file string, opt ReadOptions) (rows []T, err error) {
	s := SchemaOf[T]()
	defer func() {
		if p := recover(); p != nil {
			rows = nil
			err = &RowError{File: file, Err: ruleErr(ErrCorrupt, "corrupt parquet data")}
		}
	}()
	f, err := openParquet(r, size, file)
	if err != nil {
		return nil, err
	}
	var errs errorList
	checkParquetSchema(s, f.Schema(), file, &errs)
	if errs.len() > 0 {
		return nil, errs.err()
	}
	if err := checkRowCounts(f, file, opt.MaxRows); err != nil {
		return nil, err
	}
	if f.NumRows() == 0 {
		return nil, &RowError{File: file, Err: ruleErr(ErrEmpty, "no data rows")}
	}
	if err := checkPages(r, size, f); err != nil {
		return nil, &RowError{File: file, Err: causeErr(ErrCorrupt, err, "corrupt parquet pages")}
	}
	if err := checkNulls(s, f, file, &errs); err != nil {
		return nil, err
	}
	if errs.len() > 0 {
		return nil, errs.err()
	}

	reader := parquet.NewGenericReader[T](f)
	defer reader.Close()
	rows = make([]T, 0, min(f.NumRows(), maxPrealloc))
	batch := make([]T, batchSize)
	v := newValidator(s, file, &errs)
	for {
		n, err := reader.Read(batch)
		if opt.MaxRows > 0 && len(rows)+n > opt.MaxRows {
			return nil, tooManyRows(file, opt.MaxRows)
		}
		for i := range batch[:n] {
			row := len(rows) + 1
			rows = append(rows, batch[i])
			if !v.row(reflect.ValueOf(&rows[row-1]).Elem(), row, 0) {
				errs.stopped = true
				return nil, errs.err()
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs.add(&RowError{File: file, Row: len(rows) + 1, Err: ruleErr(ErrCorrupt, "corrupt parquet data: the rows cannot be decoded")})
			return nil, errs.err()
		}
		if n == 0 {
			break
		}
	}
	if errs.len() > 0 {
		return nil, errs.err()
	}
	if len(rows) == 0 {
		return nil, &RowError{File: file, Err: ruleErr(ErrEmpty, "no data rows")}
	}
	return rows, nil
}

// openParquet checks the magic bytes and opens the footer.
func openParquet(r io.ReaderAt, size int64, file string) (*parquet.File, error) {
	if size == 0 {
		return nil, &RowError{File: file, Err: ruleErr(ErrEmpty, "empty file")}
	}
	var head [4]byte
	var tail [8]byte // footer length and magic bytes
	if size < 12 {
		return nil, &RowError{File: file, Err: ruleErr(ErrNotParquet, "not a parquet file: %d bytes", size)}
	}
	if _, err := r.ReadAt(head[:], 0); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if _, err := r.ReadAt(tail[:], size-8); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if string(head[:]) != "PAR1" || string(tail[4:]) != "PAR1" {
		return nil, &RowError{File: file, Err: ruleErr(ErrNotParquet, "not a parquet file (no PAR1 magic bytes)")}
	}
	if n := int64(binary.LittleEndian.Uint32(tail[:4])); n > size-12 {
		return nil, &RowError{File: file, Err: ruleErr(ErrCorrupt, "corrupt parquet footer: %d bytes in a file of %d", n, size)}
	}
	f, err := parquet.OpenFile(r, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		// The decoder's own words name its internals; the caller learns
		// what is wrong with the file.
		return nil, &RowError{File: file, Err: ruleErr(ErrCorrupt, "corrupt parquet footer: the file's metadata cannot be decoded")}
	}
	return f, nil
}

// checkRowCounts checks the footer's row counts before any page is
// decoded: no row group may claim a negative count, their sum must be the
// file's count, and, with maxRows > 0, at most maxRows.
func checkRowCounts(f *parquet.File, file string, maxRows int) error {
	md := f.Metadata()
	var sum int64
	for g, rg := range md.RowGroups {
		if rg.NumRows < 0 || rg.NumRows > math.MaxInt32 {
			return &RowError{File: file, Err: ruleErr(ErrCorrupt, "corrupt parquet footer: row group %d claims %d rows", g+1, rg.NumRows)}
		}
		sum += rg.NumRows
		if maxRows > 0 && sum > int64(maxRows) {
			return tooManyRows(file, maxRows)
		}
	}
	if sum != md.NumRows {
		return &RowError{File: file, Err: ruleErr(ErrCorrupt, "corrupt parquet footer: the file claims %d rows, its row groups %d", md.NumRows, sum)}
	}
	return nil
}

func tooManyRows(file string, maxRows int) error {
	return &RowError{File: file, Err: ruleErr(ErrTooManyRows, "more than %d rows, the limit of one file", maxRows)}
}

// checkParquetSchema reports the columns of s that the file lacks or holds
// with another type.
func checkParquetSchema(s *Schema, root *parquet.Schema, file string, errs *errorList) {
	for i := range s.Columns {
		c := &s.Columns[i]
		var node parquet.Node
		for _, f := range root.Fields() {
			if f.Name() == c.Name {
				node = f
				break
			}
		}
		if node == nil {
			if c.MayBeAbsent {
				continue
			}
			errs.add(&RowError{File: file, Column: c.Name, Err: ruleErr(ErrMissingColumn, "missing from the file")})
			continue
		}
		if !compatible(c.Kind, node) {
			err := ruleErr(ErrWrongType, "type %s, want %s", nodeType(node), c.Kind.ParquetType())
			errs.add(&RowError{File: file, Column: c.Name, Err: err})
		}
	}
}

// compatible reports whether a file column can be read into a field of
// kind k exactly, without conversion.
func compatible(k Kind, n parquet.Node) bool {
	if !n.Leaf() || n.Repeated() {
		return false
	}
	t := n.Type()
	var lt format.LogicalTypeValue
	if l := t.LogicalType(); l != nil {
		lt = l.Value
	}
	ct := t.ConvertedType()
	switch k {
	case String:
		if t.Kind() != parquet.ByteArray {
			return false
		}
		switch lt.(type) {
		case nil, *format.StringType, *format.EnumType:
		default:
			return false
		}
		return ct == nil || *ct == deprecated.UTF8 || *ct == deprecated.Enum
	case Int32:
		if t.Kind() != parquet.Int32 {
			return false
		}
		switch lt := lt.(type) {
		case nil:
		case *format.IntType:
			if lt.BitWidth > 32 || (lt.BitWidth == 32 && !lt.IsSigned) {
				return false
			}
		default:
			return false
		}
		if ct == nil {
			return true
		}
		switch *ct {
		case deprecated.Int8, deprecated.Int16, deprecated.Int32, deprecated.Uint8, deprecated.Uint16:
			return true
		}
		return false
	case Float64:
		return t.Kind() == parquet.Double && lt == nil && ct == nil
	case Bool:
		return t.Kind() == parquet.Boolean && lt == nil && ct == nil
	}
	return false
}

// nodeType describes the type of a file column, e.g. "BYTE_ARRAY, STRING"
// or "repeated INT64".
func nodeType(n parquet.Node) string {
	if !n.Leaf() {
		return "group"
	}
	t := n.Type()
	s := t.Kind().String()
	if l := t.LogicalType(); l != nil && l.Value != nil {
		s += ", " + l.String()
	} else if ct := t.ConvertedType(); ct != nil {
		s += ", " + convertedTypeName(*ct)
	}
	if n.Repeated() {
		s = "repeated " + s
	}
	return s
}

var convertedTypeNames = [...]string{
	"UTF8", "MAP", "MAP_KEY_VALUE", "LIST", "ENUM", "DECIMAL", "DATE",
	"TIME_MILLIS", "TIME_MICROS", "TIMESTAMP_MILLIS", "TIMESTAMP_MICROS",
	"UINT_8", "UINT_16", "UINT_32", "UINT_64", "INT_8", "INT_16", "INT_32",
	"INT_64", "JSON", "BSON", "INTERVAL",
}

func convertedTypeName(ct deprecated.ConvertedType) string {
	if ct >= 0 && int(ct) < len(convertedTypeNames) {
		return convertedTypeNames[ct]
	}
	return "converted type " + strconv.Itoa(int(ct))
}

// checkNulls reports the first null of every optional column of s.
func checkNulls(s *Schema, f *parquet.File, file string, errs *errorList) error {
	for i := range s.Columns {
		c := &s.Columns[i]
		leaf, ok := f.Schema().Lookup(c.Name)
		if !ok || !leaf.Node.Optional() {
			continue
		}
		row, err := firstNull(f, leaf.ColumnIndex, leaf.MaxDefinitionLevel)
		if err != nil {
			return &RowError{File: file, Column: c.Name, Err: ruleErr(ErrCorrupt, "corrupt parquet pages: the column cannot be decoded")}
		}
		if row > 0 {
			errs.add(&RowError{File: file, Row: row, Column: c.Name, Err: ruleErr(ErrMissingValue, "null value")})
		}
	}
	return nil
}

// firstNull returns the 1-based row of the first null in a column, or 0.
func firstNull(f *parquet.File, column, maxDef int) (int, error) {
	var base int64
	for _, rg := range f.RowGroups() {
		row, err := firstNullInChunk(rg.ColumnChunks()[column], maxDef)
		if err != nil || row >= 0 {
			return int(base+row) + 1, err
		}
		base += rg.NumRows()
	}
	return 0, nil
}

// firstNullInChunk returns the 0-based row of the first null of a chunk,
// or -1.
func firstNullInChunk(chunk parquet.ColumnChunk, maxDef int) (int64, error) {
	pages := chunk.Pages()
	defer pages.Close()
	var base int64
	for {
		p, err := pages.ReadPage()
		if errors.Is(err, io.EOF) {
			return -1, nil
		}
		if err != nil {
			return -1, err
		}
		if p.NumNulls() > 0 {
			for i, level := range p.DefinitionLevels() {
				if int(level) < maxDef {
					parquet.Release(p)
					return base + int64(i), nil
				}
			}
		}
		base += p.NumRows()
		parquet.Release(p)
	}
}
