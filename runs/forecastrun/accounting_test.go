package forecastrun_test

import (
	"math"
	"testing"

	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/runs/forecastrun"
)

// TestShippedAccounting runs the shipped scenarios on the default data
// and holds the forecast to a planner's accounting:
//   - levers that close the gap lower the need: the combined scenario's
//     need 2025-2040, summed over roles and regions, is below base's, and
//     raising the employment rate alone lowers it too;
//   - totals over regions and roles report shortage and surplus apart,
//     and their difference is the net gap.
func TestShippedAccounting(t *testing.T) {
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	plan, err := forecastrun.Prepare(forecastrun.Spec{Bundle: b, Scenarios: shipped(t, "base", "full-time", "combined"),
		NoDecomposition: true})
	if err != nil {
		t.Fatal(err)
	}
	run, err := plan.Run(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	s := run.Summary()
	need := func(sc string) float64 {
		var n float64
		for _, v := range s.Need[sc] {
			n += v
		}
		return n
	}
	base, full, combined := need("base"), need("full-time"), need("combined")
	t.Logf("need 2025-%d: base %.0f, full-time %.0f, combined %.0f", s.Years[len(s.Years)-1], base, full, combined)
	if !(combined < base) {
		t.Errorf("combined need %.0f, base %.0f: levers that close the gap must lower the need", combined, base)
	}
	if !(full <= base) {
		t.Errorf("full-time need %.0f, base %.0f: a higher employment rate must not raise the need", full, base)
	}
	for _, sc := range s.Scenarios {
		for yi := range s.Years {
			var net float64
			for ri := range s.Roles {
				short, surplus := s.Shortage[sc][ri][yi], s.Surplus[sc][ri][yi]
				g := s.Gap(sc, ri, yi)
				if short < 0 || surplus < 0 || math.Abs(short-surplus-g) > 1e-6*math.Max(1, math.Abs(g)) {
					t.Fatalf("%s %s %d: shortage %g, surplus %g, net %g", sc, s.Roles[ri], s.Years[yi], short, surplus, g)
				}
				if short < g-1e-9 {
					t.Fatalf("%s %s %d: shortage %g below the net gap %g", sc, s.Roles[ri], s.Years[yi], short, g)
				}
				net += g
			}
			short, surplus := s.AllRoles(sc, yi)
			if math.Abs(short-surplus-net) > 1e-6*math.Max(1, math.Abs(net)) {
				t.Fatalf("%s %d: all roles shortage %g, surplus %g, net %g", sc, s.Years[yi], short, surplus, net)
			}
		}
	}
	last := len(s.Years) - 1
	short, surplus := s.AllRoles("combined", last)
	t.Logf("combined %d: shortage %.0f, surplus %.0f, net %.0f", s.Years[last], short, surplus, short-surplus)
}
