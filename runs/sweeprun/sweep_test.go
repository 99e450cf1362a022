package sweeprun_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/datasets/defaultdata/scenarios"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/runs/forecastrun"
	"github.com/caregap/caregap/runs/sweeprun"
)

// smallSpec is the tests' sweep: the 2 × 2 grid of testdata/small.yaml
// in two municipalities of the default dataset, 20 draws to 2032.
func smallSpec(t *testing.T) sweeprun.Spec {
	t.Helper()
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	g, pts, err := sweeprun.LoadGrid(os.DirFS("testdata"), "small.yaml", scenarios.FS, 100)
	if err != nil {
		t.Fatal(err)
	}
	return sweeprun.Spec{Bundle: b, Grid: g, Points: pts, Regions: []string{"2080", "0580"}, ToYear: 2032,
		Draws: 20, Seed: 9, Threshold: 10, Workers: 2}
}

func prepare(t *testing.T, spec sweeprun.Spec) *sweeprun.Plan {
	t.Helper()
	p, err := sweeprun.Prepare(spec)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func readBands(t *testing.T, path string) []datasets.SweepBand {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := datasets.ReadSweep[datasets.SweepBand](bytes.NewReader(data), int64(len(data)), path, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// points returns the points' resolved scenarios.
func points(pts []sweeprun.Point) []*scenario.Resolved {
	out := make([]*scenario.Resolved, len(pts))
	for i := range pts {
		out[i] = pts[i].Resolved
	}
	return out
}

// TestSweepIsRunUncertainty: a sweep in one process writes, for each
// scenario and region and for the total, the bands forecastrun's
// RunUncertainty gives for the same scenarios, bit for bit.
func TestSweepIsRunUncertainty(t *testing.T) {
	spec := smallSpec(t)
	p := prepare(t, spec)
	dir := t.TempDir()
	var last int
	if err := p.Run(context.Background(), dir, sweeprun.Shard{}, func(done, total int) { last = done }); err != nil {
		t.Fatal(err)
	}
	if want := len(spec.Points) * 2; last != want || p.Steps(sweeprun.Shard{}) != want {
		t.Errorf("progress ended at %d of %d, want %d", last, p.Steps(sweeprun.Shard{}), want)
	}

	for ri, code := range p.Regions() {
		d, err := p.Cell(context.Background(), 1, ri)
		if err != nil {
			t.Fatal(err)
		}
		if d.Region != code || d.Scenarios[0] != p.Scenarios()[1] {
			t.Errorf("Cell(1, %d) ran %s/%s, Regions and Scenarios say %s/%s", ri, d.Scenarios[0], d.Region, p.Scenarios()[1], code)
		}
	}
	fresh := smallSpec(t) // its own resolved scenarios: Prepare records shares on them
	fp, err := forecastrun.Prepare(forecastrun.Spec{Bundle: fresh.Bundle, Regions: fresh.Regions, Scenarios: points(fresh.Points),
		ToYear: fresh.ToYear, Draws: fresh.Draws, Seed: fresh.Seed, Threshold: fresh.Threshold, NoDecomposition: true})
	if err != nil {
		t.Fatal(err)
	}
	run, err := fp.Run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	byCell := map[[2]string][]datasets.SweepBand{}
	for _, b := range run.Bands {
		k := [2]string{b.Scenario, b.Region}
		byCell[k] = append(byCell[k], datasets.SweepBandRows([]forecast.Band{b})...)
	}
	if len(byCell) != len(spec.Points)*3 {
		t.Fatalf("RunUncertainty gave %d cells, want %d", len(byCell), len(spec.Points)*3)
	}
	for k, want := range byCell {
		got := readBands(t, sweeprun.CellPath(dir, k[0], k[1]))
		if !slices.Equal(got, want) {
			t.Errorf("scenario %s region %s: the sweep's bands differ from RunUncertainty's", k[0], k[1])
		}
	}
	list, err := os.ReadFile(filepath.Join(dir, sweeprun.ScenariosFile))
	if err != nil {
		t.Fatal(err)
	}
	want := "scenario,sick_leave,retirement_age.years\ns0,,\ns1,,1\ns2,0.06,\ns3,0.06,1\n"
	if string(list) != want {
		t.Errorf("%s:\n%s\nwant\n%s", sweeprun.ScenariosFile, list, want)
	}
}

// files returns the files under dir by their path relative to it, but
// for the shards' directory.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() && rel == sweeprun.ShardsDir {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			data, err := os.ReadFile(path)
			out[rel] = data
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestShardsMergeAsOneProcess: the shards of a sweep, in any order and
// count, rerun or not, and their merge write the files of one process
// byte for byte; a merge before every shard has finished is refused.
func TestShardsMergeAsOneProcess(t *testing.T) {
	ctx := context.Background()
	one := t.TempDir()
	if err := prepare(t, smallSpec(t)).Run(ctx, one, sweeprun.Shard{}, nil); err != nil {
		t.Fatal(err)
	}
	want := files(t, one)
	// 4 scenarios × 3 partitions (2 regions and all) + the index files.
	if len(want) != 4*3+2 {
		t.Fatalf("one process wrote %d files: %v", len(want), slices.Sorted(mapsKeys(want)))
	}
	for _, c := range []struct {
		name  string
		order []sweeprun.Shard
	}{
		{"2 shards", []sweeprun.Shard{{0, 2}, {1, 2}}},
		{"3 shards backwards, one rerun", []sweeprun.Shard{{2, 3}, {1, 3}, {0, 3}, {1, 3}}},
		{"8 shards, one a cell", []sweeprun.Shard{{0, 8}, {1, 8}, {2, 8}, {3, 8}, {4, 8}, {5, 8}, {6, 8}, {7, 8}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for i, s := range c.order {
				if err := prepare(t, smallSpec(t)).Run(ctx, dir, s, nil); err != nil {
					t.Fatal(err)
				}
				if i == 0 && len(c.order) > 1 {
					if _, err := sweeprun.Merge(ctx, dir, nil); !errors.Is(err, sweeprun.ErrIncomplete) {
						t.Fatalf("merge after one shard: got %v, want ErrIncomplete", err)
					}
				}
			}
			res, err := sweeprun.Merge(ctx, dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Shards != c.order[0].N || res.Scenarios != 4 {
				t.Errorf("merged %d shards and %d scenarios", res.Shards, res.Scenarios)
			}
			got := files(t, dir)
			for name, data := range want {
				if !bytes.Equal(got[name], data) {
					t.Errorf("%s differs from one process's", name)
				}
			}
			if len(got) != len(want) {
				t.Errorf("%d files, one process wrote %d", len(got), len(want))
			}
		})
	}
}

func mapsKeys(m map[string][]byte) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestOtherSweepRefused: a run or shard into a directory of another
// sweep (here another seed) is refused before it writes anything, and
// so is the merge of a directory that is no sweep.
func TestOtherSweepRefused(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if err := prepare(t, smallSpec(t)).Run(ctx, dir, sweeprun.Shard{I: 0, N: 2}, nil); err != nil {
		t.Fatal(err)
	}
	spec := smallSpec(t)
	spec.Seed = 10
	err := prepare(t, spec).Run(ctx, dir, sweeprun.Shard{I: 1, N: 2}, nil)
	if !errors.Is(err, sweeprun.ErrOtherSweep) || !strings.Contains(err.Error(), "other seed") {
		t.Fatalf("got %v, want ErrOtherSweep naming the seed", err)
	}
	if _, err := os.Stat(filepath.Join(dir, sweeprun.ShardsDir, "1-of-2")); err == nil {
		t.Error("the refused shard wrote its files")
	}
	spec = smallSpec(t)
	spec.Bundle.Population[0].Persons++ // other data, the same flags
	err = prepare(t, spec).Run(ctx, dir, sweeprun.Shard{I: 1, N: 2}, nil)
	if !errors.Is(err, sweeprun.ErrOtherSweep) || !strings.Contains(err.Error(), "other the dataset") {
		t.Fatalf("got %v, want ErrOtherSweep naming the dataset", err)
	}
	if _, err := sweeprun.Merge(ctx, t.TempDir(), nil); !errors.Is(err, sweeprun.ErrSpec) {
		t.Errorf("merge of an empty directory: got %v, want ErrSpec", err)
	}
}

// TestMemoryBound: draws that do not fit the memory bound are refused
// with the sizes, before anything runs; a bound that fits one scenario
// at a time runs in chunks of one and writes the same files.
func TestMemoryBound(t *testing.T) {
	spec := smallSpec(t)
	spec.MaxMemory = 1000
	_, err := sweeprun.Prepare(spec)
	if !errors.Is(err, sweeprun.ErrSpec) || !strings.Contains(err.Error(), "--max-memory") {
		t.Fatalf("got %v, want ErrSpec naming --max-memory", err)
	}
	p := prepare(t, smallSpec(t))
	spec = smallSpec(t)
	spec.MaxMemory = 4 * p.CellBytes() // workers (2) + 2 chunks of one scenario
	small := prepare(t, spec)
	ctx := context.Background()
	a, b := t.TempDir(), t.TempDir()
	if err := p.Run(ctx, a, sweeprun.Shard{}, nil); err != nil {
		t.Fatal(err)
	}
	if err := small.Run(ctx, b, sweeprun.Shard{}, nil); err != nil {
		t.Fatal(err)
	}
	fa, fb := files(t, a), files(t, b)
	for name := range fa {
		if !bytes.Equal(fa[name], fb[name]) {
			t.Errorf("%s: chunks of one scenario give other bytes", name)
		}
	}
}

// TestMergeDamagedShard: a partial total that is not Parquet, or holds a
// draw twice, is refused with its file named; nothing of region all is
// written from it.
func TestMergeDamagedShard(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name   string
		damage func(path string) error
		want   error
	}{
		{"not parquet", func(path string) error { return os.WriteFile(path, []byte("PAR1 broken"), 0o644) }, datasets.ErrNotParquet},
		{"a draw twice", func(path string) error {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rows, err := datasets.ReadSweep[datasets.SweepTotal](bytes.NewReader(data), int64(len(data)), path, 1<<20)
			if err != nil {
				return err
			}
			rows[1] = rows[0]
			var buf bytes.Buffer
			if err := datasets.EncodeSweep(&buf, rows); err != nil {
				return err
			}
			return os.WriteFile(path, buf.Bytes(), 0o644)
		}, datasets.ErrDuplicate},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, s := range []sweeprun.Shard{{0, 2}, {1, 2}} {
				if err := prepare(t, smallSpec(t)).Run(ctx, dir, s, nil); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join(dir, sweeprun.ShardsDir, "1-of-2", "s3.parquet")
			if err := c.damage(path); err != nil {
				t.Fatal(err)
			}
			_, err := sweeprun.Merge(ctx, dir, nil)
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), path) {
				t.Fatalf("got %v, want %v naming %s", err, c.want, path)
			}
			if _, err := os.Stat(sweeprun.CellPath(dir, "s3", forecast.AllRegions)); err == nil {
				t.Error("region all of the damaged scenario was written")
			}
		})
	}
}

// TestRunCancelled: a cancelled context stops the run with its error.
func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := prepare(t, smallSpec(t)).Run(ctx, t.TempDir(), sweeprun.Shard{}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}
