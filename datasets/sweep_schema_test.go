package datasets_test

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"github.com/caregap/caregap/datasets"
)

// FuzzSweepRoundTrip: sweep rows written and read back are the same,
// bit for bit, and the same rows give the same bytes.
func FuzzSweepRoundTrip(f *testing.F) {
	f.Add(int32(2030), "assistant_nurse", 12.5, -3.25, int64(1)<<40, int32(7))
	f.Add(int32(2024), "all_roles", math.Inf(1), math.NaN(), int64(-1), int32(0))
	f.Fuzz(func(t *testing.T, year int32, role string, a, b float64, fixed int64, draw int32) {
		bands := []datasets.SweepBand{{Year: year, Role: role, Mean: a, P10: b, P50: a, P90: b, SD: a, ProbAbove: b}, {Year: year + 1, Role: role}}
		totals := []datasets.SweepTotal{{Year: year, Role: role, Draw: draw, Fixed: fixed}, {Year: year, Role: role + "x", Draw: draw + 1, Fixed: -fixed}}
		roundTrip(t, bands)
		roundTrip(t, totals)
	})
}

func roundTrip[T datasets.SweepBand | datasets.SweepTotal](t *testing.T, rows []T) {
	t.Helper()
	var buf, again bytes.Buffer
	if err := datasets.EncodeSweep(&buf, rows); err != nil {
		t.Fatal(err)
	}
	if err := datasets.EncodeSweep(&again, rows); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Fatal("the same rows give other bytes")
	}
	got, err := datasets.ReadSweep[T](bytes.NewReader(buf.Bytes()), int64(buf.Len()), "x.parquet", int64(len(rows)))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows) {
		t.Fatalf("%d rows back of %d", len(got), len(rows))
	}
	// Compare through the encoding, which keeps NaNs' bits.
	var back bytes.Buffer
	if err := datasets.EncodeSweep(&back, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back.Bytes(), buf.Bytes()) {
		t.Fatalf("rows read back differ: %+v, wrote %+v", got, rows)
	}
}

func TestReadSweepErrors(t *testing.T) {
	var bands bytes.Buffer
	if err := datasets.EncodeSweep(&bands, []datasets.SweepBand{{Year: 2030, Role: "a"}, {Year: 2031, Role: "a"}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []byte
		max  int64
		want error
	}{
		{"not parquet", []byte("year,role\n2030,a\n"), 10, datasets.ErrNotParquet},
		{"other columns", bands.Bytes(), 10, datasets.ErrMissingColumn},
		{"too many rows", bands.Bytes(), 1, datasets.ErrTooManyRows},
	} {
		t.Run(c.name, func(t *testing.T) {
			var err error
			if c.name == "too many rows" {
				_, err = datasets.ReadSweep[datasets.SweepBand](bytes.NewReader(c.data), int64(len(c.data)), "x.parquet", c.max)
			} else {
				_, err = datasets.ReadSweep[datasets.SweepTotal](bytes.NewReader(c.data), int64(len(c.data)), "x.parquet", c.max)
			}
			if !errors.Is(err, c.want) || !bytes.Contains([]byte(err.Error()), []byte("x.parquet")) {
				t.Errorf("got %v, want %v naming the file", err, c.want)
			}
		})
	}
}
