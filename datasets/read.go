package datasets

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// batchSize is how many rows Read decodes at a time.
const batchSize = 1024

// maxPrealloc caps the rows Read allocates up front from the row count in
// the file's footer, which a corrupt file can overstate.
const maxPrealloc = 1 << 16

// Read reads and validates the Parquet file of the dataset of row type T
// from r, which holds size bytes; file names it in errors.
//
// Before it reads a row, Read checks the file's schema against the
// registry: every column of the schema must be present (ErrMissingColumn)
// with its physical and logical type (ErrWrongType), not repeated; columns
// may be in any order, optional (nullable) columns are allowed when they
// hold no nulls (ErrMissingValue), and columns the schema lacks are
// ignored. It then validates every value and the uniqueness of the keys.
// A file that is not Parquet gives ErrNotParquet, a file without rows
// ErrEmpty, and undecodable metadata or pages ErrCorrupt, also when the
// Parquet decoder panics. Problems of the data are *RowError values, up to
// 20 joined; the rows are returned only when there are none.
//
// Read panics when T is not a row type of this package.
func Read[T any](r io.ReaderAt, size int64, file string) (rows []T, err error) {
	s := SchemaOf[T]()
	defer func() {
		if p := recover(); p != nil {
			rows = nil
			err = &RowError{File: file, Err: ruleErr(ErrCorrupt, "corrupt parquet data: %v", p)}
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
			errs.add(&RowError{File: file, Row: len(rows) + 1, Err: causeErr(ErrCorrupt, err, "read rows")})
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
		return nil, &RowError{File: file, Err: causeErr(ErrCorrupt, err, "corrupt parquet footer")}
	}
	return f, nil
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
			errs.add(&RowError{File: file, Column: c.Name, Err: ruleErr(ErrMissingColumn, "missing from the file")})
			continue
		}
		if !compatible(c.Kind, node) {
			err := ruleErr(ErrWrongType, "type %s, want %s (%s)", nodeType(node), c.Kind.ParquetType(), c.Kind)
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

// Bounds of page headers: the Parquet decoder allocates what a header
// claims before it reads, so a corrupt header could ask for gigabytes.
const (
	maxPageBytes  = 256 << 20 // a page, compressed or not
	maxPageValues = 1 << 26   // values of a page of a repeated column
	maxHeaderSize = 1 << 16   // a page header
)

// checkPages walks the page headers of every column chunk and rejects
// chunks outside the file and pages larger than the bounds above, before
// the decoder sees them.
func checkPages(r io.ReaderAt, size int64, f *parquet.File) error {
	leaves := f.Schema().Columns()
	buf := make([]byte, maxHeaderSize)
	for g, rg := range f.Metadata().RowGroups {
		if rg.NumRows < 0 || rg.NumRows > math.MaxInt32 {
			return fmt.Errorf("row group %d: %d rows", g, rg.NumRows)
		}
		for c, chunk := range rg.Columns {
			m := &chunk.MetaData
			switch m.Codec {
			case format.Uncompressed, format.Snappy, format.Gzip, format.Zstd:
			default:
				// The LZ4 decoders grow their output without bound on
				// corrupt input; such files are rare, and tools that
				// write them also write snappy or zstd.
				return fmt.Errorf("row group %d, column %d: compression %s is not supported; use zstd or snappy", g, c, m.Codec)
			}
			start := m.DataPageOffset
			if m.DictionaryPageOffset > 0 && m.DictionaryPageOffset < start {
				start = m.DictionaryPageOffset
			}
			end := start + m.TotalCompressedSize
			if start < 4 || m.TotalCompressedSize < 0 || end > size-8 || end < start {
				return fmt.Errorf("row group %d, column %d: bytes %d..%d outside the file", g, c, start, end)
			}
			maxValues := int64(maxPageValues)
			if c < len(leaves) {
				if leaf, ok := f.Schema().Lookup(leaves[c]...); ok && leaf.MaxRepetitionLevel == 0 {
					maxValues = rg.NumRows
				}
			}
			for off := start; off < end; {
				h, err := readPageHeader(r, off, end, buf)
				if err != nil {
					return fmt.Errorf("row group %d, column %d, page at %d: %w", g, c, off, err)
				}
				switch {
				case h.uncompressed < 0 || h.uncompressed > maxPageBytes || h.compressed < 0 || int64(h.compressed) > end-off-int64(h.size):
					return fmt.Errorf("row group %d, column %d, page at %d: sizes %d, %d", g, c, off, h.compressed, h.uncompressed)
				case h.values < 0 || int64(h.values) > maxValues:
					return fmt.Errorf("row group %d, column %d, page at %d: %d values", g, c, off, h.values)
				}
				off += int64(h.size) + int64(h.compressed)
			}
		}
	}
	return nil
}

// readPageHeader scans the page header at off, reading 1 KiB and then,
// for a header with long statistics, up to maxHeaderSize bytes into buf.
func readPageHeader(r io.ReaderAt, off, end int64, buf []byte) (pageHeader, error) {
	var h pageHeader
	for _, want := range []int64{1 << 10, maxHeaderSize} {
		n, err := r.ReadAt(buf[:min(want, end-off)], off)
		if n == 0 && err != nil {
			return h, err
		}
		h, err = scanPageHeader(buf[:n])
		if !errors.Is(err, errTruncated) || int64(n) < want {
			return h, err
		}
	}
	return h, errTruncated
}

var errTruncated = errors.New("truncated page header")

// pageHeader holds the fields of a Thrift PageHeader that bound what the
// decoder allocates.
type pageHeader struct {
	size                     int // bytes of the header itself
	uncompressed, compressed int64
	values                   int64 // largest num_values or num_rows of the nested headers
}

// scanPageHeader decodes the Thrift compact encoding of a PageHeader at the
// start of b without allocating: it reads the page sizes (fields 2 and 3)
// and the value counts of the nested page headers (fields 5, 7 and 8) and
// skips the rest.
func scanPageHeader(b []byte) (pageHeader, error) {
	var h pageHeader
	t := thriftScanner{b: b}
	t.skipStruct(0, func(path [2]int16, v int64) {
		switch path {
		case [2]int16{2, 0}:
			h.uncompressed = v
		case [2]int16{3, 0}:
			h.compressed = v
		case [2]int16{5, 1}, [2]int16{7, 1}, [2]int16{8, 1}, [2]int16{8, 3}:
			h.values = max(h.values, v)
		}
	})
	h.size = t.pos
	return h, t.err
}

// thriftScanner skips over Thrift compact protocol values in b.
type thriftScanner struct {
	b   []byte
	pos int
	err error
}

func (t *thriftScanner) byte() byte {
	if t.err == nil && t.pos >= len(t.b) {
		t.err = errTruncated
	}
	if t.err != nil {
		return 0
	}
	t.pos++
	return t.b[t.pos-1]
}

func (t *thriftScanner) uvarint() uint64 {
	var x uint64
	for shift := 0; shift < 64 && t.err == nil; shift += 7 {
		c := t.byte()
		x |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return x
		}
	}
	return x
}

func (t *thriftScanner) varint() int64 { u := t.uvarint(); return int64(u>>1) ^ -int64(u&1) }

func (t *thriftScanner) skip(n uint64) {
	if t.err == nil && n > uint64(len(t.b)-t.pos) {
		t.err = errTruncated
	}
	if t.err == nil {
		t.pos += int(n)
	}
}

// skipElem skips an element of a list, set or map, where a boolean takes a
// byte of its own.
func (t *thriftScanner) skipElem(typ byte, depth int, report func([2]int16, int64)) {
	if typ == 1 || typ == 2 {
		t.skip(1)
		return
	}
	t.skipValue(typ, depth, report)
}

// skipStruct skips a struct, calling report with the integers of the top two
// levels by field path.
func (t *thriftScanner) skipStruct(depth int, report func(path [2]int16, v int64), path ...int16) {
	var id int16
	for t.err == nil {
		c := t.byte()
		typ := c & 0x0f
		if typ == 0 {
			return
		}
		if d := int16(c >> 4); d != 0 {
			id += d
		} else {
			id = int16(t.varint())
		}
		t.skipValue(typ, depth, report, append(path, id)...)
	}
}

func (t *thriftScanner) skipValue(typ byte, depth int, report func([2]int16, int64), path ...int16) {
	if depth > 8 {
		t.err = errors.New("page header nested too deep")
		return
	}
	switch typ {
	case 1, 2: // boolean in the field header
	case 3:
		t.skip(1)
	case 4, 5, 6:
		v := t.varint()
		if len(path) <= 2 {
			var p [2]int16
			copy(p[:], path)
			report(p, v)
		}
	case 7:
		t.skip(8)
	case 8:
		t.skip(t.uvarint())
	case 9, 10:
		c := t.byte()
		n := uint64(c >> 4)
		if n == 15 {
			n = t.uvarint()
		}
		for i := uint64(0); i < n && t.err == nil; i++ {
			t.skipElem(c&0x0f, depth+1, report)
		}
	case 11:
		n := t.uvarint()
		if n > 0 {
			c := t.byte()
			for i := uint64(0); i < n && t.err == nil; i++ {
				t.skipElem(c>>4, depth+1, report)
				t.skipElem(c&0x0f, depth+1, report)
			}
		}
	case 12:
		t.skipStruct(depth+1, report, path...)
	default:
		t.err = fmt.Errorf("bad thrift type %d in page header", typ)
	}
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
			return &RowError{File: file, Column: c.Name, Err: causeErr(ErrCorrupt, err, "read pages")}
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

// ReadCSV reads and validates the CSV form of the dataset of row type T
// from r; file names it in errors, which give the CSV line as well as the
// data row. The header names the columns, in any order; every column of
// the schema must be present (ErrMissingColumn) and no other may be
// (ErrUnknownColumn), but columns with an empty header are ignored. The
// separator is a comma, or a semicolon when the header has more semicolons
// than commas (as spreadsheets in Swedish locales write it); with a
// semicolon, a decimal comma is accepted in floats. A leading byte order
// mark, spaces around values and lines with only empty fields are ignored.
// Values that do not parse give ErrSyntax; parsed values are validated as
// by Read. ReadCSV panics when T is not a row type of this package.
func ReadCSV[T any](r io.Reader, file string) ([]T, error) {
	s := SchemaOf[T]()
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\ufeff")) {
		br.Discard(3)
	}
	head, _ := br.Peek(br.Size())
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	cr := csv.NewReader(br)
	if bytes.Count(head, []byte(";")) > bytes.Count(head, []byte(",")) {
		cr.Comma = ';'
	}
	cr.ReuseRecord = true

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &RowError{File: file, Err: ruleErr(ErrEmpty, "empty file")}
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	fields, err := csvHeader(s, header, file)
	if err != nil {
		return nil, err
	}

	var (
		rows []T
		errs errorList
		v    = newValidator(s, file, &errs)
		p    = csvParser{decimalComma: cr.Comma == ';'}
	)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs.add(csvError(file, err))
			return nil, errs.err()
		}
		if blankRecord(rec) {
			continue
		}
		line, _ := cr.FieldPos(0)
		var row T
		rv := reflect.ValueOf(&row).Elem()
		n := len(rows) + 1
		ok := true
		for j, c := range fields {
			if c == nil {
				continue
			}
			if err := p.parse(rv.Field(c.field), c, strings.TrimSpace(rec[j])); err != nil {
				ok = false
				if !errs.add(&RowError{File: file, Row: n, Line: line, Column: c.Name, Err: err}) {
					errs.stopped = true
					return nil, errs.err()
				}
			}
		}
		rows = append(rows, row)
		if ok && !v.row(rv, n, line) {
			errs.stopped = true
			return nil, errs.err()
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

// csvHeader maps the header's fields to the schema's columns; nil marks an
// ignored field.
func csvHeader(s *Schema, header []string, file string) ([]*Column, error) {
	var errs errorList
	fields := make([]*Column, len(header))
	seen := make(map[string]bool, len(header))
	for j, h := range header {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		c, ok := s.Column(h)
		switch {
		case !ok:
			errs.add(&RowError{File: file, Line: 1, Column: h, Err: ruleErr(ErrUnknownColumn, "not a column of %s", s.Name)})
		case seen[h]:
			errs.add(&RowError{File: file, Line: 1, Column: h, Err: ruleErr(ErrUnknownColumn, "named twice in the header")})
		default:
			fields[j] = c
		}
		seen[h] = true
	}
	for i := range s.Columns {
		if !seen[s.Columns[i].Name] {
			errs.add(&RowError{File: file, Line: 1, Column: s.Columns[i].Name, Err: ruleErr(ErrMissingColumn, "missing from the header")})
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return fields, nil
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &RowError{File: file, Line: pe.Line, Err: causeErr(ErrSyntax, pe.Err, "malformed csv")}
	}
	return fmt.Errorf("%s: %w", file, err)
}

func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

type csvParser struct {
	decimalComma bool
}

// parse sets field f of column c from the CSV value s.
func (p csvParser) parse(f reflect.Value, c *Column, s string) error {
	if s == "" && c.Kind != String {
		return ruleErr(ErrMissingValue, "empty value")
	}
	switch c.Kind {
	case String:
		f.SetString(s)
	case Int32:
		x, err := strconv.ParseInt(s, 10, 32)
		if errors.Is(err, strconv.ErrRange) {
			return ruleErr(ErrRange, "%s is outside the int32 range", s)
		}
		if err != nil {
			return ruleErr(ErrSyntax, "%q is not an integer", s)
		}
		f.SetInt(x)
	case Float64:
		if p.decimalComma {
			s = strings.Replace(s, ",", ".", 1)
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return ruleErr(ErrSyntax, "%q is not a number", s)
		}
		f.SetFloat(x) // ±Inf on overflow, which validation reports
	case Bool:
		x, err := strconv.ParseBool(s)
		if err != nil {
			return ruleErr(ErrSyntax, "%q is not true or false", s)
		}
		f.SetBool(x)
	}
	return nil
}
