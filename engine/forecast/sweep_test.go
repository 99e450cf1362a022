package forecast

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/caregap/caregap/engine/scenario"
)

// goldenCodes are the codes of goldenRegions, which levers may name.
var goldenCodes = []string{"9999", "9998", "0180"}

// regionDraws runs RunDraws for each of goldenRegions.
func regionDraws(t *testing.T, scs []*scenario.Resolved, s *Settings, u *Uncertainty) []*Draws {
	t.Helper()
	var out []*Draws
	regions := goldenRegions()
	if err := PrepareDraws(regions, scs, s); err != nil {
		t.Fatal(err)
	}
	for _, r := range regions {
		d, err := RunDraws(context.Background(), r, scs, s, u)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

// sharedPlacements is a scenario whose placements are a national total
// shared by population: each region's part depends on the other regions.
func sharedPlacements() *scenario.Resolved {
	return resolved("shared", scenario.Lever{Kind: scenario.MatchedEntrants, Roles: []string{"service_assistant"},
		PerYear: f(40), Distribute: scenario.ByPopulation, StartYear: 2026})
}

// TestRunDrawsIsRunUncertainty: the bands of RunDraws region by region
// and of their Total are RunUncertainty's, bit for bit, a total shared
// among the regions included.
func TestRunDrawsIsRunUncertainty(t *testing.T) {
	scs := []*scenario.Resolved{resolved("base"), allLevers(), sharedPlacements()}
	u := &Uncertainty{Draws: 17, Seed: 5, Threshold: 5}
	s := &Settings{ToYear: 2033, Workers: 2, KnownRegions: goldenCodes}
	want, err := RunUncertainty(context.Background(), goldenRegions(), scs, s, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	ds := regionDraws(t, scs, s, u)
	var got []Band
	for _, d := range ds {
		got = append(got, d.Bands(u)...)
	}
	d0 := ds[0]
	tot := NewTotal(d0.BaseYear, d0.Roles, d0.Scenarios, d0.Years, d0.N)
	for _, d := range ds {
		if err := tot.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	got = append(got, tot.Bands(u)...)
	if g, w := formatBands(got), formatBands(want); g != w {
		t.Fatalf("RunDraws' bands are not RunUncertainty's:\n got %s\nwant %s", firstDiff(g, w), firstDiff(w, g))
	}
}

// TestRunDrawsNotPrepared: a shared total without the regions' shares
// is the caller's bug: RunDraws panics rather than place nobody.
func TestRunDrawsNotPrepared(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	_, _ = RunDraws(context.Background(), testRegion(), []*scenario.Resolved{sharedPlacements()}, &Settings{ToYear: 2027}, &Uncertainty{Draws: 2})
}

// firstDiff returns the first line of a that is not b's.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range al {
		if i >= len(bl) || al[i] != bl[i] {
			return al[i]
		}
	}
	return ""
}

// TestRunDrawsCommonRandomNumbers: a scenario's gaps are the same
// whichever scenarios run beside it, and in whatever order.
func TestRunDrawsCommonRandomNumbers(t *testing.T) {
	a, b := resolved("base"), allLevers()
	u := &Uncertainty{Draws: 9, Seed: 11}
	s := &Settings{ToYear: 2032, KnownRegions: goldenCodes}
	regions := goldenRegions()
	r := regions[1] // a given projection and drawn rates beyond it
	run := func(scs ...*scenario.Resolved) *Draws {
		if err := PrepareDraws(regions, scs, s); err != nil {
			t.Fatal(err)
		}
		d, err := RunDraws(context.Background(), r, scs, s, u)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	both, onlyA, onlyB, swapped := run(a, b), run(a), run(b), run(b, a)
	half := len(both.Gaps) / 2
	for _, c := range []struct {
		name      string
		got, want []float64
	}{
		{"a beside b", both.Gaps[:half], onlyA.Gaps},
		{"b beside a", both.Gaps[half:], onlyB.Gaps},
		{"a after b", swapped.Gaps[half:], onlyA.Gaps},
		{"b before a", swapped.Gaps[:half], onlyB.Gaps},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s: the gaps differ from the scenario's alone", c.name)
		}
	}
	if slices.Equal(onlyA.Gaps, onlyB.Gaps) {
		t.Error("the levers change nothing: the test tests nothing")
	}
}

// TestTotalOrderAndGrouping: regions added in any order, in any grouping
// of merged partial totals, or by scenario and draw through Fixed and
// AddFixed give the same sums bit for bit, within the rounding of the
// float64 sum of the gaps (an independent sum: 2^-33 FTE a region).
func TestTotalOrderAndGrouping(t *testing.T) {
	const seed = 42
	rng := rand.New(rand.NewPCG(seed, 0))
	scs := []*scenario.Resolved{resolved("base"), allLevers()}
	u := &Uncertainty{Draws: 13, Seed: 2}
	s := &Settings{ToYear: 2031, KnownRegions: goldenCodes}
	ds := regionDraws(t, scs, s, u)
	d0 := ds[0]
	newTotal := func() *Total { return NewTotal(d0.BaseYear, d0.Roles, d0.Scenarios, d0.Years, d0.N) }

	ref := newTotal()
	for _, d := range ds {
		if err := ref.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	for trial := range 20 {
		order := rng.Perm(len(ds))
		parts := []*Total{newTotal(), newTotal()}
		for _, i := range order {
			if err := parts[rng.IntN(2)].Add(ds[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := parts[1].Merge(parts[0]); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(parts[1].Sum, ref.Sum) || parts[1].Regions != len(ds) {
			t.Fatalf("seed %d trial %d, order %v: the sums depend on the order", seed, trial, order)
		}
	}

	// By scenario and draw, as a pipeline combines them; the scenarios
	// added one at a time from Draws of one scenario.
	byKey := newTotal()
	var v, sum []int64
	for si := range d0.Scenarios {
		for k := range d0.N {
			sum = sum[:0]
			for _, d := range ds {
				var err error
				if v, err = d.Fixed(si, k, v); err != nil {
					t.Fatal(err)
				}
				if len(sum) == 0 {
					sum = append(sum, v...)
				} else {
					for i := range v {
						sum[i] += v[i]
					}
				}
			}
			byKey.AddFixed(si, k, sum)
		}
	}
	if !slices.Equal(byKey.Sum, ref.Sum) {
		t.Fatal("AddFixed by scenario and draw gives other sums than Add")
	}

	n := len(d0.Roles) + 1
	for i, fx := range ref.Sum {
		var f float64
		for _, d := range ds {
			f += d.Gaps[i]
		}
		// Each region's rounding is at most 2^-33 FTE; the float64 sum's
		// own error is a few ulps of the magnitudes summed.
		tol := float64(len(ds))*0x1p-33 + 1e-12*math.Abs(f)
		if got := fromFixed(fx); math.Abs(got-f) > tol {
			t.Fatalf("index %d (role %d): fixed-point total %v, float sum %v", i, i/d0.N%n, got, f)
		}
	}
}

func TestTotalErrors(t *testing.T) {
	scs := []*scenario.Resolved{resolved("base")}
	u := &Uncertainty{Draws: 3, Seed: 1}
	s := &Settings{ToYear: 2027}
	r := testRegion()
	if err := PrepareDraws([]*Region{r}, scs, s); err != nil {
		t.Fatal(err)
	}
	d, err := RunDraws(context.Background(), r, scs, s, u)
	if err != nil {
		t.Fatal(err)
	}
	newTotal := func() *Total { return NewTotal(d.BaseYear, d.Roles, []string{"x", "base"}, d.Years, d.N) }
	bad := func(at int, v float64) *Draws {
		c := *d
		c.Gaps = slices.Clone(d.Gaps)
		c.Gaps[at] = v
		return &c
	}
	n := len(d.Roles) + 1
	for _, c := range []struct {
		name string
		d    *Draws
		want []string
	}{
		{"NaN", bad(gapIndex(0, 2, 1, d.Years, n, d.N)+1, math.NaN()),
			[]string{"region 9999", "scenario base", "year 2026", "role " + d.Roles[1], "draw 1", "NaN"}},
		{"+Inf", bad(0, math.Inf(1)), []string{"year 2024", "role " + d.Roles[0], "draw 0"}},
		{"beyond 2^20", bad(gapIndex(0, 1, n-1, d.Years, n, d.N)+2, -0x1p20-1), []string{"year 2025", "role all_roles", "draw 2"}},
		{"other roles", func() *Draws { c := *d; c.Roles = []string{"a", "b"}; return &c }(), []string{"roles [a b]"}},
		{"other draws", func() *Draws { c := *d; c.N = 4; return &c }(), []string{"4 draws"}},
		{"unknown scenario", func() *Draws { c := *d; c.Scenarios = []string{"y"}; return &c }(), []string{`scenario "y"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tot := newTotal()
			err := tot.Add(c.d)
			if !errors.Is(err, ErrTotal) {
				t.Fatalf("got %v, want ErrTotal", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q does not say %q", err, w)
				}
			}
			if slices.ContainsFunc(tot.Sum, func(v int64) bool { return v != 0 }) || tot.Regions != 0 {
				t.Error("a refused Add changed the total")
			}
		})
	}
	a, b := newTotal(), NewTotal(d.BaseYear, d.Roles, []string{"base", "x"}, d.Years, d.N)
	if err := a.Merge(b); !errors.Is(err, ErrTotal) {
		t.Errorf("merging other scenarios' order: got %v, want ErrTotal", err)
	}
	// A gap of exactly ±2^20 FTE is taken; totals within [-2^31, 2^31)
	// FTE are exact, whatever the partial sums did: 2 100 gaps of 2^20
	// wrap on the way up, 2 100 of −2^20 and one of 5 come back to 5.
	tot := newTotal()
	for i := range 4201 {
		g := 0x1p20
		switch {
		case i == 4200:
			g = 5
		case i >= 2100:
			g = -0x1p20
		}
		if err := tot.Add(bad(0, g)); err != nil {
			t.Fatal(err)
		}
	}
	if at := gapIndex(1, 0, 0, d.Years, n, d.N); fromFixed(tot.Sum[at]) != 5 {
		t.Errorf("2 100 × 2^20 − 2 100 × 2^20 + 5 FTE gives %v", fromFixed(tot.Sum[at]))
	}
}

// TestToFixedRounds: the fixed point rounds to the nearest 2^-32 FTE,
// halves away from zero, and fromFixed returns the multiple exactly.
func TestToFixedRounds(t *testing.T) {
	for _, c := range []struct {
		g    float64
		want int64
	}{
		{0, 0}, {1, 1 << 32}, {-1, -1 << 32}, {0x1p-33, 1}, {-0x1p-33, -1}, {0x1p-34, 0},
		{0.1, 429496730}, // 0.1 × 2^32 = 429496729.6
		{0x1p20, 1 << 52}, {-0x1p20, -1 << 52},
	} {
		got, ok := toFixed(c.g)
		if !ok || got != c.want {
			t.Errorf("toFixed(%v) = %d, %v; want %d", c.g, got, ok, c.want)
		}
		if c.g == math.Trunc(c.g) && fromFixed(got) != c.g {
			t.Errorf("fromFixed(%d) = %v, want %v", got, fromFixed(got), c.g)
		}
	}
}

// ExampleTotal: three regions' gaps of one draw, 0.1, 0.2 and 0.3 FTE,
// summed in two orders. Float64 sums depend on the order; the fixed-point
// total does not, and is within 2^-33 FTE a region of the exact sum.
func ExampleTotal() {
	region := func(code string, gap float64) *Draws {
		return &Draws{Region: code, BaseYear: 2024, Roles: []string{"nurse"}, Scenarios: []string{"base"},
			Years: 1, N: 1, Gaps: []float64{gap, gap}} // the role, then the sum over the roles
	}
	x, y, z := 0.1, 0.2, 0.3
	a, b, c := region("a", x), region("b", y), region("c", z)
	fmt.Println("float64:", (x+y)+z, x+(y+z))
	for _, order := range [][]*Draws{{a, b, c}, {c, b, a}} {
		t := NewTotal(2024, []string{"nurse"}, []string{"base"}, 1, 1)
		for _, d := range order {
			if err := t.Add(d); err != nil {
				fmt.Println(err)
			}
		}
		fmt.Println("total:", t.Bands(nil)[0].P50)
	}
	// Output:
	// float64: 0.6000000000000001 0.6
	// total: 0.6000000000931323
	// total: 0.6000000000931323
}

// TestTotalNearFloatSum: the regions' total bands of RunUncertainty (in
// fixed point) are those of the float64 sum of the regions' gaps in
// region order, as the total was summed before it was exact, within
// 1e-9 relative to the larger of the value and 1 FTE; the regions'
// own bands are the same bit for bit.
func TestTotalNearFloatSum(t *testing.T) {
	scs := []*scenario.Resolved{resolved("base"), allLevers()}
	u := &Uncertainty{Draws: 23, Seed: 7, Threshold: 5}
	s := &Settings{ToYear: 2036, KnownRegions: goldenCodes}
	got, err := RunUncertainty(context.Background(), goldenRegions(), scs, s, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	ds := regionDraws(t, scs, s, u)
	sum := slices.Clone(ds[0].Gaps)
	var want []Band
	for i, d := range ds {
		want = append(want, d.Bands(u)...)
		if i > 0 {
			for j, g := range d.Gaps {
				sum[j] += g
			}
		}
	}
	d0 := ds[0]
	want = append(want, bandsOf(sum, d0.Scenarios, AllRegions, d0.BaseYear, d0.Roles, d0.Years, d0.N, u)...)
	if len(got) != len(want) {
		t.Fatalf("%d bands, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Region != AllRegions {
			if g != w {
				t.Fatalf("region band %d: %+v, want %+v", i, g, w)
			}
			continue
		}
		gv := []float64{g.Mean, g.P10, g.P50, g.P90, g.SD, g.ProbAbove}
		wv := []float64{w.Mean, w.P10, w.P50, w.P90, w.SD, w.ProbAbove}
		for j := range gv {
			if math.Abs(gv[j]-wv[j]) >= 1e-9*math.Max(1, math.Abs(wv[j])) {
				t.Fatalf("total %s %d %s, value %d: %v, float sum gives %v", g.Scenario, g.Year, g.Role, j, gv[j], wv[j])
			}
		}
	}
}
