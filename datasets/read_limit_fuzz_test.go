package datasets

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzReadWithMaxRows: with a row cap, ReadWith never returns more rows
// than the cap, and a file over it fails with ErrTooManyRows; it never
// panics, whatever the footer claims.
//
//	go test ./datasets -run '^$' -fuzz FuzzReadWithMaxRows -fuzztime 60s
func FuzzReadWithMaxRows(f *testing.F) {
	rows := testBundle().Population
	pq := encodeT(f, rows)
	f.Add(pq, uint16(1))
	f.Add(pq, uint16(len(rows)))
	f.Add(pq[:len(pq)-9], uint16(3))
	f.Add([]byte("PAR1\x00\x00\x00\x00PAR1"), uint16(1))
	f.Fuzz(func(t *testing.T, data []byte, limit uint16) {
		max := int(limit%64) + 1
		got, err := ReadWith[Population](bytes.NewReader(data), int64(len(data)), "population.parquet", ReadOptions{MaxRows: max})
		if err != nil {
			if got != nil {
				t.Fatalf("rows with error %v", err)
			}
			return
		}
		if len(got) > max {
			t.Fatalf("%d rows over the cap %d", len(got), max)
		}
		if _, err := Read[Population](bytes.NewReader(data), int64(len(data)), "population.parquet"); err != nil {
			t.Fatalf("within the cap but Read fails: %v", err)
		}
		if len(got) == max {
			return
		}
		if _, err := ReadWith[Population](bytes.NewReader(data), int64(len(data)), "population.parquet", ReadOptions{MaxRows: len(got) - 1}); len(got) > 1 && !errors.Is(err, ErrTooManyRows) {
			t.Fatalf("one row over the cap: %v", err)
		}
	})
}

// FuzzScanPageHeader: the page header scanner never panics or reads out
// of its buffer, and reports a size within it.
func FuzzScanPageHeader(f *testing.F) {
	f.Add([]byte{0x15, 0x00, 0x15, 0x10, 0x15, 0x10, 0x2c, 0x15, 0x02, 0x00})
	f.Add([]byte{0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c})
	f.Add([]byte{0x19, 0xfc, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := scanPageHeader(b)
		if err == nil && (h.size < 0 || h.size > len(b)) {
			t.Fatalf("header size %d of %d bytes", h.size, len(b))
		}
	})
}
