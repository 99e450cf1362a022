package datasets

import (
	"errors"
	"fmt"
	"io"

	"github.com/caregap/caregap/engine/forecast"
	"github.com/parquet-go/parquet-go"
)

// SweepBand is one row of a sweep's cell file,
// scenario=ID/region=CODE/part-0.parquet: the distribution of a gap (FTE)
// over the draws of one scenario of the grid in one region (or "all",
// the total over the regions). The scenario and the region are the
// file's Hive partition, not columns, so that readers of the partitioned
// dataset (DuckDB, Polars, Spark) see each once. The columns are
// GapBand's but for those two.
type SweepBand struct {
	Year      int32   `parquet:"year"`
	Role      string  `parquet:"role,dict"`
	Mean      float64 `parquet:"mean_fte"`
	P10       float64 `parquet:"p10_fte"`
	P50       float64 `parquet:"p50_fte"`
	P90       float64 `parquet:"p90_fte"`
	SD        float64 `parquet:"sd_fte"`
	ProbAbove float64 `parquet:"prob_above"`
}

// SweepBandRows returns the rows of bands, dropping their scenario and
// region (the partition).
func SweepBandRows(bands []forecast.Band) []SweepBand {
	out := make([]SweepBand, len(bands))
	for i, b := range bands {
		out[i] = SweepBand{Year: int32(b.Year), Role: b.Role, Mean: b.Mean, P10: b.P10, P50: b.P50, P90: b.P90,
			SD: b.SD, ProbAbove: b.ProbAbove}
	}
	return out
}

// SweepTotal is one row of a sweep shard's partial total of a scenario,
// _shards/I-of-N/ID.parquet: the sum over the shard's regions of the gap
// of a year, role and draw, in fixed point (forecast.Total: units of
// 2^-32 FTE), so that the shards' sums add up exactly.
type SweepTotal struct {
	Year  int32  `parquet:"year"`
	Role  string `parquet:"role,dict"`
	Draw  int32  `parquet:"draw"`
	Fixed int64  `parquet:"gap_fixed"`
}

// EncodeSweep writes rows to w as one zstd-compressed Parquet file, as
// EncodeParquet writes the registered datasets: the same rows give the
// same bytes.
func EncodeSweep[T SweepBand | SweepTotal](w io.Writer, rows []T) error {
	pw := parquet.NewGenericWriter[T](w,
		parquet.Compression(&parquet.Zstd),
		parquet.MaxRowsPerRowGroup(rowGroupRows),
		parquet.CreatedBy("caregap", "", ""),
	)
	if _, err := pw.Write(rows); err != nil {
		return fmt.Errorf("encode sweep file: %w", err)
	}
	if err := pw.Close(); err != nil {
		return fmt.Errorf("encode sweep file: %w", err)
	}
	return nil
}

// ReadSweep reads the rows of a sweep file from r, which holds size
// bytes; file names it in errors. A file that is not Parquet, lacks a
// column of T or holds more than maxRows rows is an ErrNotParquet,
// ErrMissingColumn or ErrTooManyRows naming it; the rows' values are the
// caller's to check.
func ReadSweep[T SweepBand | SweepTotal](r io.ReaderAt, size int64, file string, maxRows int64) ([]T, error) {
	f, err := parquet.OpenFile(r, size)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", file, ErrNotParquet, err)
	}
	want := parquet.SchemaOf(new(T))
	for _, c := range want.Fields() {
		if _, ok := f.Schema().Lookup(c.Name()); !ok {
			return nil, fmt.Errorf("%s: %w: %s", file, ErrMissingColumn, c.Name())
		}
	}
	if f.NumRows() > maxRows {
		return nil, fmt.Errorf("%s: %w: %d rows, at most %d expected", file, ErrTooManyRows, f.NumRows(), maxRows)
	}
	rd := parquet.NewGenericReader[T](f)
	defer rd.Close()
	out := make([]T, rd.NumRows())
	n, err := rd.Read(out)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w: %v", file, ErrCorrupt, err)
	}
	if int64(n) != int64(len(out)) {
		return nil, fmt.Errorf("%s: %w: %d rows of %d read", file, ErrCorrupt, n, len(out))
	}
	return out, nil
}
