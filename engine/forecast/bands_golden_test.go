package forecast

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/engine/scenario"
)

var updateBands = flag.Bool("update-bands", false, "rewrite testdata/bands.golden from the code under test")

// goldenRegions are three regions that share base year and roles: the
// test region, one with a given projection of three years and different
// rates beyond, and a larger one.
func goldenRegions() []*Region {
	a := testRegion()
	b := testRegion()
	b.Code = "9998"
	var rates population.Rates
	for s := range population.NumSexes {
		for x := range population.NumAges {
			rates.Death[s][x] = 0.008 + 0.0004*float64(x)
			rates.NetMigrationRate[s][x] = 0.002
		}
	}
	for x := 18; x < 45; x++ {
		rates.Fertility[x] = 0.07
	}
	b.Rates = population.Constant(&rates)
	b.Given = population.Project(&b.Population, b.BaseYear, b.BaseYear+3, a.Rates).Pop[1:]
	c := testRegion()
	c.Code = "0180"
	for s := range c.Population {
		for x := range c.Population[s] {
			c.Population[s][x] *= 7
		}
	}
	return []*Region{a, b, c}
}

func formatBands(bands []Band) string {
	var sb strings.Builder
	for _, b := range bands {
		fmt.Fprintf(&sb, "%s %s %d %s %x %x %x %x %x %x\n", b.Scenario, b.Region, b.Year, b.Role,
			b.Mean, b.P10, b.P50, b.P90, b.SD, b.ProbAbove)
	}
	return sb.String()
}

// TestBandsGolden: the bands of a seed are those the forecast gave before
// its draw loop was restructured, bit for bit (testdata/bands.golden,
// written by the earlier code with -update-bands: hexadecimal floats).
// The earlier code summed the regions' total in the order they finished,
// so its golden file was written with one worker: the regions' order.
// Since the total is summed in fixed point (Total) its rows (Region
// "all") were rewritten with -update-bands, which refuses to rewrite the
// file unless only those rows move, each value by less than 1e-9
// relative (checkOnlyTotalMoved). Since the mean and the SD are summed in
// draw order (bandstat.go), so that a pass over draws run again gives
// the same bits, those two columns were rewritten the same way: every
// region's mean and SD may move by less than 1e-9 relative, and nothing
// else but the total.
func TestBandsGolden(t *testing.T) {
	scs := []*scenario.Resolved{resolved("base"), allLevers()}
	u := &Uncertainty{Draws: 23, Seed: 7, Threshold: 5}
	bands, err := RunUncertainty(context.Background(), goldenRegions(), scs, &Settings{ToYear: 2036, Workers: 2}, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := formatBands(bands)
	path := filepath.Join("testdata", "bands.golden")
	if *updateBands {
		if old, err := os.ReadFile(path); err == nil {
			checkOnlyTotalMoved(t, string(old), got)
		}
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got == string(want) {
		return
	}
	g, w := bufio.NewScanner(strings.NewReader(got)), bufio.NewScanner(strings.NewReader(string(want)))
	for line := 1; ; line++ {
		gm, wm := g.Scan(), w.Scan()
		if !gm && !wm {
			break
		}
		if g.Text() != w.Text() {
			t.Fatalf("line %d:\n got %s\nwant %s", line, g.Text(), w.Text())
		}
	}
}

// TestBandsWorkers: the bands do not depend on the number of workers,
// the regions' total included (three regions, whose sum depends on the
// order of the additions).
func TestBandsWorkers(t *testing.T) {
	scs := []*scenario.Resolved{resolved("base"), allLevers()}
	u := &Uncertainty{Draws: 11, Seed: 3}
	var first string
	for _, w := range []int{1, 2, 4} {
		bands, err := RunUncertainty(context.Background(), goldenRegions(), scs, &Settings{ToYear: 2034, Workers: w}, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := formatBands(bands)
		if w == 1 {
			first = got
		} else if got != first {
			gl, fl := strings.Split(got, "\n"), strings.Split(first, "\n")
			for i := range gl {
				if gl[i] != fl[i] {
					t.Errorf("%d workers give other bands than one:\n got %s\nwant %s", w, gl[i], fl[i])
					break
				}
			}
		}
	}
}

// checkOnlyTotalMoved fails unless the bands of got are those of old but
// for the regions' total (Region AllRegions) and the means and SDs, whose
// values may move by less than 1e-9 relative to the larger of their size
// and 1 FTE.
func checkOnlyTotalMoved(t *testing.T, old, got string) {
	t.Helper()
	ol, gl := strings.Split(old, "\n"), strings.Split(got, "\n")
	if len(ol) != len(gl) {
		t.Fatalf("-update-bands: %d lines, were %d", len(gl), len(ol))
	}
	for i := range ol {
		if ol[i] == gl[i] {
			continue
		}
		of, gf := strings.Fields(ol[i]), strings.Fields(gl[i])
		if len(of) != 10 || len(gf) != 10 || !slices.Equal(of[:4], gf[:4]) {
			t.Fatalf("-update-bands: line %d moved in its labels:\n got %s\nwas %s", i+1, gl[i], ol[i])
		}
		for c := 4; c < 10; c++ {
			if of[1] != AllRegions && c != 4 && c != 8 && of[c] != gf[c] {
				t.Fatalf("-update-bands: line %d column %d moved and is neither the mean, the SD nor the regions' total: %s was %s", i+1, c+1, gf[c], of[c])
			}
			a, err1 := strconv.ParseFloat(of[c], 64)
			b, err2 := strconv.ParseFloat(gf[c], 64)
			if err1 != nil || err2 != nil || math.Abs(a-b) >= 1e-9*math.Max(1, math.Abs(a)) {
				t.Fatalf("-update-bands: line %d column %d moved by more than 1e-9 relative: %s was %s", i+1, c+1, gf[c], of[c])
			}
		}
	}
}
