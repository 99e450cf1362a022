package forecast

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/caregap/caregap/engine/scenario"
)

// TestBoundedIsInMemory: with memory bounded, the bands, the regions'
// total's included, are those of the draws held at once, bit for bit,
// for numbers of draws on either side of the window and the stream's
// sample, and any number of workers; and progress counts every draw of
// the first passes.
func TestBoundedIsInMemory(t *testing.T) {
	defer setBoundedMin(0)()
	scs := []*scenario.Resolved{resolved("base"), allLevers()}
	cells := 2 * 13 * (len(goldenRegions()[0].Supply.Roles) + 1)
	for _, draws := range []int{1, 23, 64, 129, 300} {
		u := &Uncertainty{Draws: draws, Seed: 7, Threshold: 5}
		want, err := RunUncertainty(context.Background(), goldenRegions(), scs, &Settings{ToYear: 2036, Workers: 2}, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			workers int
			held    bool // the bound holds the total beside the windows
		}{{1, false}, {3, false}, {2, true}} {
			workers := c.workers
			b := *u
			b.MaxMemory = 1
			if c.held {
				b.MaxMemory = int64(cells)*int64(draws)*8 + windowBytes(cells, workers)
			}
			var last, steps int
			got, err := RunUncertainty(context.Background(), goldenRegions(), scs, &Settings{ToYear: 2036, Workers: workers}, &b,
				func(done, total int) { last, steps = done, total })
			if err != nil {
				t.Fatal(err)
			}
			if g, w := formatBands(got), formatBands(want); g != w {
				gl, wl := strings.Split(g, "\n"), strings.Split(w, "\n")
				for i := range wl {
					if i >= len(gl) || gl[i] != wl[i] {
						t.Fatalf("%d draws, %d workers: bounded band %d:\n got %s\nwant %s", draws, workers, i, gl[min(i, len(gl)-1)], wl[i])
					}
				}
			}
			want := 2 * 3 * draws
			if c.held {
				want = 3 * draws
			}
			if last != want || steps != want {
				t.Errorf("%d draws: progress ended at %d of %d, want %d of %d", draws, last, steps, want, want)
			}
		}
	}
}

// TestBoundedChosen: the passes run only when the draws held at once
// would exceed the bound, and then only beyond boundedMinDraws: a bound
// the draws fit leaves the run as it was.
func TestBoundedChosen(t *testing.T) {
	defer setBoundedMin(0)()
	regions := goldenRegions()
	scs := []*scenario.Resolved{resolved("base")}
	need := inMemoryBytes(regions, 1, 2036, 100, 2, true)
	if cells := 13 * (len(regions[0].Supply.Roles) + 1); need != 3*int64(cells)*100*8 {
		t.Fatalf("in memory: %d bytes, want 3 held × %d cells × 100 draws × 8", need, cells)
	}
	for _, c := range []struct {
		max      int64
		minDraws int
		bounded  bool
	}{{0, 0, false}, {need, 0, false}, {need - 1, 0, true}, {need - 1, 100, false}} {
		boundedMinDraws = c.minDraws
		before := boundedRuns.Load()
		u := &Uncertainty{Draws: 100, MaxMemory: c.max}
		if _, err := RunUncertainty(context.Background(), regions, scs, &Settings{ToYear: 2036, Workers: 2}, u, nil); err != nil {
			t.Fatal(err)
		}
		if got := boundedRuns.Load() > before; got != c.bounded {
			t.Errorf("bound %d of %d bytes needed, over %d draws: bounded %v, want %v", c.max, need, c.minDraws, got, c.bounded)
		}
	}
}

// TestBoundedErrors: a gap the regions' total cannot hold is an ErrTotal
// naming the region and the draw, the total held or in passes
// (TestUncertaintyCancel cancels the passes).
func TestBoundedErrors(t *testing.T) {
	defer setBoundedMin(0)()
	huge := testRegion()
	huge.Code = "0001"
	for s := range huge.Population {
		for x := range huge.Population[s] {
			huge.Population[s][x] *= 2000
		}
	}
	regions := []*Region{testRegion(), huge}
	// 3 × 21 gaps × 200 draws × 8 bytes (100 800) held at once; the
	// total's 33 600 bytes fit beside two windows' 21 504 in 80 000.
	for _, bound := range []int64{1, 80000} { // the total in passes, and held
		before := boundedRuns.Load()
		u := &Uncertainty{Draws: 200, MaxMemory: bound}
		_, err := RunUncertainty(context.Background(), regions, []*scenario.Resolved{resolved("base")}, &Settings{ToYear: 2030, Workers: 2}, u, nil)
		if !errors.Is(err, ErrTotal) || strings.Count(err.Error(), "region 0001") != 1 || !strings.Contains(err.Error(), "draw ") {
			t.Errorf("bound %d: got %v, want an ErrTotal naming region 0001 (once) and a draw", bound, err)
		}
		if boundedRuns.Load() == before {
			t.Errorf("bound %d: the draws were held", bound)
		}
	}
}

// setBoundedMin sets boundedMinDraws and returns what restores it.
func setBoundedMin(n int) func() {
	old := boundedMinDraws
	boundedMinDraws = n
	return func() { boundedMinDraws = old }
}
