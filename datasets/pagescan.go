package datasets

import (
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

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
		t.err = fmt.Errorf("page header: unknown field type %d", typ)
	}
}
