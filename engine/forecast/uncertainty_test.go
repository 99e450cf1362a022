package forecast

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/engine/scenario"
)

func TestUncertaintyCollapsesToDeterministic(t *testing.T) {
	scs := []*scenario.Resolved{resolved("base"), allLevers()}
	det, err := Run(context.Background(), []*Region{testRegion()}, scs, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	bands, err := RunUncertainty(context.Background(), []*Region{testRegion()}, scs, nil, allOff(5), nil)
	if err != nil {
		t.Fatal(err)
	}
	// Each year's roles are followed by their sum.
	var perRole []Band
	sums := map[string]float64{}
	for _, b := range bands {
		k := fmt.Sprint(b.Scenario, b.Year)
		if b.Role != AllRoles {
			perRole = append(perRole, b)
			sums[k] += b.P50
			continue
		}
		if math.Abs(b.P50-sums[k]) > 1e-6*math.Max(1, math.Abs(sums[k])) || b.P10 != b.P90 {
			t.Fatalf("%s: all roles %+v, sum of roles %g", k, b, sums[k])
		}
		delete(sums, k)
	}
	if len(perRole) != len(det.Rows) {
		t.Fatalf("%d bands, %d rows", len(perRole), len(det.Rows))
	}
	for i, b := range perRole {
		r := det.Rows[i]
		if b.Scenario != r.Scenario || b.Year != r.Year || b.Role != r.Role {
			t.Fatalf("band %d is %s/%d/%s, row is %s/%d/%s", i, b.Scenario, b.Year, b.Role, r.Scenario, r.Year, r.Role)
		}
		for _, v := range []float64{b.Mean, b.P10, b.P50, b.P90} {
			if math.Abs(v-r.GapFTE) > 1e-6*math.Max(1, math.Abs(r.GapFTE)) {
				t.Fatalf("%s %d %s: band %+v, deterministic gap %g", b.Scenario, b.Year, b.Role, b, r.GapFTE)
			}
		}
	}
}

// allOff returns the settings of n draws with every source turned off
// (a negative SD).
func allOff(n int) *Uncertainty {
	off := population.Process{SD: -1}
	return &Uncertainty{Draws: n,
		Population: population.Uncertainty{MortalityLevel: off, MortalityDrift: off, Fertility: off, Migration: off, NoPoisson: true},
		UseTrend:   off, FTEPerUser: off, Exits: off, Recruits: off, Employment: off, SickLeave: off}
}

func TestUncertaintyBands(t *testing.T) {
	scs := []*scenario.Resolved{resolved("base")}
	u := &Uncertainty{Draws: 60, Seed: 7, Threshold: 5600}
	a, err := RunUncertainty(context.Background(), []*Region{testRegion()}, scs, &Settings{Workers: 1}, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := RunUncertainty(context.Background(), []*Region{testRegion()}, scs, &Settings{Workers: 3}, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("same seed, different bands: %+v %+v", a[i], b[i])
		}
	}
	var spread bool
	for _, x := range a {
		if !(x.P10 <= x.P50 && x.P50 <= x.P90) || x.ProbAbove < 0 || x.ProbAbove > 1 {
			t.Fatalf("band out of order: %+v", x)
		}
		if x.Year == 2040 && x.Role == "assistant_nurse" {
			// Demand in 2040 depends on use rates drawn with a drift of
			// sd 0.5 % a year: the band must have width.
			spread = x.P90-x.P10 > 1
			if x.ProbAbove == 0 || x.ProbAbove == 1 {
				t.Errorf("2040 exceedance probability %g: threshold 5600 (near the median) should split the draws", x.ProbAbove)
			}
		}
	}
	if !spread {
		t.Fatal("no spread in the 2040 assistant-nurse gap")
	}
	c, err := RunUncertainty(context.Background(), []*Region{testRegion()}, scs, nil, &Uncertainty{Draws: 60, Seed: 8}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c[len(c)-3].P50 == a[len(a)-3].P50 {
		t.Fatal("another seed gave the same median")
	}
}

// TestUncertaintyTotal checks the bands of the regions' total: the mean is
// linear, so the total's mean must equal the sum of the regions' means.
func TestUncertaintyTotal(t *testing.T) {
	a, b := testRegion(), testRegion()
	b.Code = "9998"
	bands, err := RunUncertainty(context.Background(), []*Region{a, b}, []*scenario.Resolved{resolved("base")}, nil, &Uncertainty{Draws: 40}, nil)
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		year int
		role string
	}
	sum, total := map[key]float64{}, map[key]Band{}
	for _, x := range bands {
		k := key{x.Year, x.Role}
		if x.Region == AllRegions {
			total[k] = x
		} else {
			sum[k] += x.Mean
		}
	}
	if len(total) != len(sum) || len(total) == 0 {
		t.Fatalf("%d total bands for %d keys", len(total), len(sum))
	}
	for k, m := range sum {
		if math.Abs(total[k].Mean-m) > 1e-9*math.Max(1, math.Abs(m)) {
			t.Fatalf("%v: total mean %g, sum of means %g", k, total[k].Mean, m)
		}
	}
}

// TestUncertaintyIndependentOfOtherRegions: a region's bands are the same
// whether it runs alone or with others, in any position.
func TestUncertaintyIndependentOfOtherRegions(t *testing.T) {
	a, b := testRegion(), testRegion()
	b.Code = "9998"
	scs := []*scenario.Resolved{resolved("base")}
	u := &Uncertainty{Draws: 30, Seed: 3}
	alone, err := RunUncertainty(context.Background(), []*Region{b}, scs, nil, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	both, err := RunUncertainty(context.Background(), []*Region{a, b}, scs, nil, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	var mine []Band
	for _, x := range both {
		if x.Region == "9998" {
			mine = append(mine, x)
		}
	}
	if len(mine) != len(alone) {
		t.Fatalf("%d bands with others, %d alone", len(mine), len(alone))
	}
	for i := range alone {
		if alone[i] != mine[i] {
			t.Fatalf("band differs when run with another region: %+v vs %+v", alone[i], mine[i])
		}
	}
}
