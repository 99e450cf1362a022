package forecast

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/caregap/caregap/engine/scenario"
)

type driverKey struct {
	driver, role string
	year         int
}

// leverValues runs sc on the test region and returns its lever drivers.
func leverValues(t *testing.T, sc *scenario.Resolved, s *Settings) map[driverKey]Driver {
	t.Helper()
	res, err := Run(context.Background(), []*Region{testRegion()}, []*scenario.Resolved{sc}, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if worst := CheckDecomposition(res); worst > 1e-9 {
		t.Fatalf("decomposition misses the gap by %g (relative)", worst)
	}
	out := map[driverKey]Driver{}
	for _, d := range res.Drivers {
		if len(d.Driver) > 6 && d.Driver[:6] == "lever:" {
			out[driverKey{d.Driver, d.Role, d.Year}] = d
		}
	}
	return out
}

// gapOf runs the test region under levers and returns the gap of role
// index 0 in year.
func gapOf(t *testing.T, year int, levers ...scenario.Lever) float64 {
	t.Helper()
	res, err := Run(context.Background(), []*Region{testRegion()}, []*scenario.Resolved{resolved("s", levers...)}, &Settings{NoDecomposition: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Rows {
		if r.Year == year && r.Role == testRegion().Supply.Roles[0] {
			return r.GapFTE
		}
	}
	t.Fatalf("no row of %d", year)
	return 0
}

// TestShapleyByHand: three levers, the Shapley value of each computed by
// hand from the eight subsets' gaps, φ_j = Σ_S |S|!(2−|S|)!/3! (v(S∪j) − v(S)).
func TestShapleyByHand(t *testing.T) {
	levers := allLevers().Levers
	three := []scenario.Lever{levers[0], levers[2], levers[9]} // employment rate, retirement age, use rate
	const year = 2035
	v := map[int]float64{} // by bitmask over three
	for mask := range 8 {
		var sub []scenario.Lever
		for i := range 3 {
			if mask&(1<<i) != 0 {
				sub = append(sub, three[i])
			}
		}
		v[mask] = gapOf(t, year, sub...)
	}
	weight := []float64{2.0 / 6, 1.0 / 6, 2.0 / 6} // |S| = 0, 1, 2
	got := leverValues(t, resolved("s", three...), nil)
	names := LeverDrivers(resolved("s", three...))
	for j := range 3 {
		var want float64
		for mask := range 8 {
			if mask&(1<<j) == 0 {
				want += weight[popcount(mask)] * (v[mask|1<<j] - v[mask])
			}
		}
		d := got[driverKey{names[j], testRegion().Supply.Roles[0], year}]
		if math.Abs(d.FTE-want) > 1e-9*math.Max(1, math.Abs(want)) || d.SE != 0 {
			t.Errorf("%s: %.12g (se %g), want %.12g", names[j], d.FTE, d.SE, want)
		}
	}
}

func popcount(m int) int {
	n := 0
	for ; m != 0; m &= m - 1 {
		n++
	}
	return n
}

// TestShapleyOrderFree: the levers' values do not depend on the order
// the scenario lists them in, exactly (up to rounding) when computed
// exactly, and within their sampling error when sampled.
func TestShapleyOrderFree(t *testing.T) {
	all := allLevers().Levers
	for _, tc := range []struct {
		name   string
		levers []scenario.Lever
		s      *Settings
	}{
		{"exact", all[:8], nil},
		{"sampled", all, &Settings{Attribution: Attribution{Budget: 4000}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fwd := leverValues(t, resolved("s", tc.levers...), tc.s)
			rev := slices.Clone(tc.levers)
			slices.Reverse(rev)
			back := leverValues(t, resolved("s", rev...), tc.s)
			for k, a := range fwd {
				b, ok := back[k]
				if !ok {
					t.Fatalf("%v missing in the reversed run", k)
				}
				tol := 1e-9 * math.Max(1, math.Abs(a.FTE))
				if tc.name == "sampled" {
					tol += 4 * math.Hypot(a.SE, b.SE)
				}
				if math.Abs(a.FTE-b.FTE) > tol {
					t.Errorf("%v: %g forwards, %g reversed (se %g, %g)", k, a.FTE, b.FTE, a.SE, b.SE)
				}
			}
		})
	}
}

// TestShapleySampledAgreesWithExact: on eight levers the permutation
// estimate is within four standard errors of the exact value, and says
// how uncertain it is.
func TestShapleySampledAgreesWithExact(t *testing.T) {
	sc := resolved("s", allLevers().Levers[:8]...)
	exact := leverValues(t, sc, nil)
	sampled := leverValues(t, sc, &Settings{Attribution: Attribution{ExactLevers: 2, Budget: 2000}})
	var withSE int
	for k, e := range exact {
		s := sampled[k]
		if s.SE > 0 {
			withSE++
		}
		if math.Abs(s.FTE-e.FTE) > 4*s.SE+1e-9*math.Max(1, math.Abs(e.FTE)) {
			t.Errorf("%v: sampled %g ± %g, exact %g", k, s.FTE, s.SE, e.FTE)
		}
	}
	if withSE == 0 {
		t.Error("no sampled value reports a standard error")
	}
}

// TestShapleyNullPlayer: a lever of another region is worth nothing here,
// and leaves the others' values as they were.
func TestShapleyNullPlayer(t *testing.T) {
	all := allLevers().Levers
	elsewhere := all[1]
	elsewhere.Regions = []string{"0001"}
	s := &Settings{KnownRegions: []string{testRegion().Code, "0001"}}
	with := leverValues(t, resolved("s", all[0], elsewhere, all[2]), s)
	without := leverValues(t, resolved("s", all[0], all[2]), s)
	names := LeverDrivers(resolved("s", all[0], elsewhere, all[2]))
	for k, d := range with {
		if k.driver == names[1] {
			if d.FTE != 0 {
				t.Errorf("%v: %g, want 0", k, d.FTE)
			}
			continue
		}
		if w := without[k]; math.Abs(w.FTE-d.FTE) > 1e-9*math.Max(1, math.Abs(d.FTE)) {
			t.Errorf("%v: %g with a null lever, %g without", k, d.FTE, w.FTE)
		}
	}
}
