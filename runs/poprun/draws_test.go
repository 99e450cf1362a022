package poprun_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/runs/poprun"
)

// TestBands: the bands are ordered and reproducible whatever the number
// of workers or the other regions; the regions' total follows them; a
// smaller region gets a wider relative band; WriteWithBands writes both
// files.
func TestBands(t *testing.T) {
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	spec, err := poprun.Prepare(poprun.Spec{Bundle: b, From: 2024, To: 2034})
	if err != nil {
		t.Fatal(err)
	}
	d := poprun.Draws{N: 50, Seed: 3}
	one, err := poprun.Bands(context.Background(), spec, poprun.Draws{N: 50, Seed: 3, Workers: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var calls int
	many, err := poprun.Bands(context.Background(), spec, d, func(done, total int) { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	if calls != 50*len(spec.Regions) {
		t.Errorf("%d progress calls, want %d", calls, 50*len(spec.Regions))
	}
	// (19 regions + the total) × 10 years × 5 age groups × 3 sexes.
	if len(one) != (len(spec.Regions)+1)*10*5*3 || len(many) != len(one) {
		t.Fatalf("%d and %d bands", len(one), len(many))
	}
	for i := range one {
		if one[i] != many[i] {
			t.Fatalf("one worker %+v, several %+v", one[i], many[i])
		}
		x := one[i]
		if !(x.P10 <= x.P50 && x.P50 <= x.P90) {
			t.Fatalf("band out of order: %+v", x)
		}
	}
	if last := one[len(one)-1]; last.Region != poprun.AllRegions || last.Year != 2034 || last.AgeGroup != "total" || last.Sex != "total" {
		t.Errorf("last band %+v, want the total's", last)
	}
	// Region order and company do not change a region's draws.
	code := spec.Regions[3]
	alone, err := poprun.Prepare(poprun.Spec{Bundle: b, From: 2024, To: 2034, Regions: []string{code}})
	if err != nil {
		t.Fatal(err)
	}
	mine, err := poprun.Bands(context.Background(), alone, d, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range mine {
		if y := one[3*len(mine)+i]; x != y {
			t.Fatalf("%s alone %+v, with the others %+v", code, x, y)
		}
	}
	// The relative width of the total population's band in 2034 falls
	// with the size of the region (net migration's spread ∝ 1/√P).
	width := map[string]float64{}
	size := map[string]float64{}
	for _, x := range one {
		if x.Year == 2034 && x.AgeGroup == "total" && x.Sex == "total" {
			width[x.Region], size[x.Region] = (x.P90-x.P10)/x.P50, x.P50
		}
	}
	small, large := spec.Regions[0], spec.Regions[0]
	for _, r := range spec.Regions {
		if size[r] < size[small] {
			small = r
		}
		if size[r] > size[large] {
			large = r
		}
	}
	if !(width[small] > width[large]) {
		t.Errorf("relative width %.4f for %s (%.0f persons), %.4f for %s (%.0f)", width[small], small, size[small], width[large], large, size[large])
	}

	dir := filepath.Join(t.TempDir(), "p")
	projs, err := poprun.Project(spec)
	if err != nil {
		t.Fatal(err)
	}
	if err := poprun.WriteWithBands(dir, 0o755, poprun.Rows(spec, projs), one, true); err != nil {
		t.Fatal(err)
	}
	back, err := datasets.ReadFile[datasets.PopulationBand](os.DirFS(dir), "population_bands.parquet")
	if err != nil || len(back) != len(one) {
		t.Fatalf("read back %d bands: %v", len(back), err)
	}
}

// TestBandsCancel: a cancelled context stops the draws within 100 ms.
func TestBandsCancel(t *testing.T) {
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	spec, err := poprun.Prepare(poprun.Spec{Bundle: b, From: 2024, To: 2100})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var stopped time.Time
	_, err = poprun.Bands(ctx, spec, poprun.Draws{N: 5000}, func(done, total int) {
		if done == 10 {
			cancel()
			stopped = time.Now()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if d := time.Since(stopped); d > 100*time.Millisecond {
		t.Errorf("stopped %v after the cancel, want at most 100 ms", d)
	}
}
