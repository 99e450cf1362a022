package pipeline

import (
	"bytes"
	"context"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/runs/sweeprun"
)

// equalitySpec is the equality test's sweep: the 2 × 2 grid of
// testdata/grid.yaml in three municipalities of the embedded default
// (Falun, Linköping, Kungsbacka), 20 draws to 2032; threshold 10 FTE so
// that prob_above is neither all 0 nor all 1.
func equalitySpec(t *testing.T) Spec {
	t.Helper()
	s, err := ReadGrid(filepath.Join("testdata", "grid.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s.Regions = []string{"2080", "0580", "1384"}
	s.ToYear, s.Draws, s.Seed, s.Threshold = 2032, 20, 9, 10
	return s
}

// buildCaregap builds the caregap command of the main module (the
// directory above this module) into dir.
func buildCaregap(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "caregap")
	cmd := exec.Command("go", "build", "-C", filepath.Join("..", ".."), "-o", bin, "./cmd/caregap")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/caregap: %v\n%s", err, out)
	}
	return bin
}

func runCaregap(t *testing.T, bin string, args ...string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("caregap %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// sweepFiles returns the files of a sweep directory by their path under
// it, without the shards' partial totals and markers, which only a
// sharded run writes.
func sweepFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			if rel == sweeprun.ShardsDir {
				return filepath.SkipDir
			}
			return nil
		}
		data, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func decode(t *testing.T, name string, data []byte) []datasets.SweepBand {
	t.Helper()
	rows, err := datasets.ReadSweep[datasets.SweepBand](bytes.NewReader(data), int64(len(data)), name, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// sameBits reports whether two band rows are equal bit for bit.
func sameBits(a, b datasets.SweepBand) bool {
	return a.Year == b.Year && a.Role == b.Role &&
		slices.Equal(bits(a.Mean, a.P10, a.P50, a.P90, a.SD, a.ProbAbove),
			bits(b.Mean, b.P10, b.P50, b.P90, b.SD, b.ProbAbove))
}

func bits(v ...float64) []uint64 {
	out := make([]uint64, len(v))
	for i, x := range v {
		out[i] = math.Float64bits(x)
	}
	return out
}

// TestThreeWays runs one sweep three ways, (1) in this process through
// sweeprun, (2) through the caregap command in two shards merged, and (3)
// as the Beam pipeline on Prism, and asserts that every band, region and
// national, is the same bit for bit: in the pipeline's collections
// (passert, against the cells run here) and in the three directories'
// Parquet files, byte for byte and decoded row by row.
func TestThreeWays(t *testing.T) {
	ctx := context.Background()
	spec := equalitySpec(t)
	plan, err := spec.Prepare()
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	one, shards, pipe := filepath.Join(tmp, "one"), filepath.Join(tmp, "shards"), filepath.Join(tmp, "beam")

	// (1) one process.
	if err := plan.Run(ctx, one, sweeprun.Shard{}, nil); err != nil {
		t.Fatal(err)
	}

	// (2) the command, two shards and a merge.
	bin := buildCaregap(t, tmp)
	grid, _ := filepath.Abs(filepath.Join("testdata", "grid.yaml"))
	args := []string{"sweep", "--grid", grid, "--out", shards, "--regions", strings.Join(spec.Regions, ","),
		"--to", "2032", "--draws", "20", "--seed", "9", "--threshold", "10", "--progress", "never"}
	runCaregap(t, bin, append(args, "--shard", "0/2")...)
	runCaregap(t, bin, append(args, "--shard", "1/2")...)
	runCaregap(t, bin, "sweep", "merge", shards, "--progress", "never")

	// (3) Beam on Prism, checked inside the pipeline against the cells
	// run here and their exact total.
	var regions, national []forecast.Band
	u := plan.Uncertainty()
	for si := range plan.Scenarios() {
		tot := plan.NewTotal([]int{si})
		for ri := range plan.Regions() {
			d, err := plan.Cell(ctx, si, ri)
			if err != nil {
				t.Fatal(err)
			}
			regions = append(regions, d.Bands(u)...)
			if err := tot.Add(d); err != nil {
				t.Fatal(err)
			}
		}
		national = append(national, tot.Bands(u)...)
	}
	src, err := spec.Source()
	if err != nil {
		t.Fatal(err)
	}
	if err := plan.WriteIndex(pipe); err != nil {
		t.Fatal(err)
	}
	p, s := beam.NewPipelineWithRoot()
	sh := ShapeOf(plan)
	sh.Group = 2 // a group of two regions and one of one, summed before the combine
	out := Build(s, src, sh, pipe)
	passert.Equals(s, out.Regions, toAny(regions)...)
	passert.Equals(s, out.National, toAny(national)...)
	ptest.RunAndValidate(t, p)

	// The files: the same names, bytes and rows in the three directories.
	want := sweepFiles(t, one)
	cells := len(plan.Scenarios()) * (len(plan.Regions()) + 1)
	if n := len(want) - 2; n != cells { // the manifest and the scenarios' list
		t.Fatalf("one process wrote %d band files, want %d (scenarios × (regions + all))", n, cells)
	}
	for name, dir := range map[string]string{"caregap sweep in 2 shards": shards, "beam on prism": pipe} {
		got := sweepFiles(t, dir)
		if !slices.Equal(sortedKeys(got), sortedKeys(want)) {
			t.Errorf("%s wrote %v, one process %v", name, sortedKeys(got), sortedKeys(want))
			continue
		}
		for f, w := range want {
			if !bytes.Equal(got[f], w) {
				t.Errorf("%s: %s differs from one process's", name, f)
			}
			if !strings.HasSuffix(f, ".parquet") {
				continue
			}
			gr, wr := decode(t, f, got[f]), decode(t, f, w)
			if len(gr) != len(wr) || len(wr) != plan.Years()*(len(plan.Roles())+1) {
				t.Errorf("%s: %s has %d rows, one process %d, want years × (roles + 1) = %d",
					name, f, len(gr), len(wr), plan.Years()*(len(plan.Roles())+1))
				continue
			}
			for i := range wr {
				if !sameBits(gr[i], wr[i]) {
					t.Errorf("%s: %s row %d: %+v, one process %+v", name, f, i, gr[i], wr[i])
					break
				}
			}
		}
	}
}

func sortedKeys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
