package supply

import (
	"errors"
	"testing"

	"github.com/caregap/caregap/engine/population"
)

// FuzzStep checks that Validate accepts exactly what Step can handle: for
// any values, Validate either returns a *ParamError or Step keeps every
// stock non-negative and the flows balanced. Run with
//
//	go test ./engine/supply/ -run '^$' -fuzz FuzzStep -fuzztime 30s
func FuzzStep(f *testing.F) {
	f.Add(0.1, 0.2, 0.3, 0.05, 0.01, 6.0, 0.9, 0.1, 30.0, 4.0, 2.0, 100.0)
	f.Add(1.0, 1.0, 1.0, 1.0, 0.0, 0.2, 1.0, 1.0, 1e6, 0.0, 0.0, 0.0)
	f.Add(0.0, 0.0, 0.0, 0.5, 0.5, 1.0, 0.0, 0.0, 0.0, 1e9, 1e9, 1e-300)
	f.Add(-0.1, 2.0, 0.0, 0.7, 0.7, -1.0, 0.5, 0.5, -3.0, -1.0, 1.0, 5.0)
	f.Fuzz(func(t *testing.T, exit, ret, newExit, t01, t10, dur, compl, drop, places, recruits, matched, head float64) {
		// Counts beyond 1e12 persons are valid but their sums can overflow
		// float64, which no region comes near.
		for _, v := range []float64{places, recruits, matched, head} {
			if v > 1e12 {
				t.Skip()
			}
		}
		p := &Params{
			Roles:            []string{"a", "b"},
			ExitRate:         [][population.NumAges]float64{constAges(exit), constAges(exit / 2)},
			RetirementRate:   [][population.NumAges]float64{{65: ret, 66: ret}, {70: ret}},
			NewStaffExitRate: []float64{newExit, newExit},
			Transitions:      [][]float64{{0, t01}, {t10, 0}},
			Recruits:         []population.Pyramid{{F: {25: recruits}}, {}},
			MatchedEntrants:  []float64{0, matched},
			Pipelines: []Pipeline{
				{Name: "in", Source: 0, Output: 1, PlacesPerYear: places, Stages: []Stage{
					{DurationMonths: dur, CompletionRate: compl, DropoutRate: drop},
					{DurationMonths: 2 * dur, CompletionRate: compl, DropoutRate: drop},
				}},
				{Name: "out", Source: NoSource, Output: 0, PlacesPerYear: places / 2, Stages: []Stage{
					{DurationMonths: dur, CompletionRate: compl, DropoutRate: drop},
				}},
			},
		}
		if err := Validate(p); err != nil {
			var pe *ParamError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParamError", err)
			}
			return
		}
		h := []population.Pyramid{{F: {40: head, 64: head}}, {M: {30: head}}}
		cur, err := NewState(p, h)
		if err != nil {
			var pe *ParamError
			if !errors.As(err, &pe) || !errors.Is(err, ErrNegative) {
				t.Fatalf("NewState error %v", err)
			}
			return
		}
		cur.SetSteadyTrainees(p)
		next := new(State)
		var fl Flows
		for range 3 {
			Step(next, cur, p, &fl)
			if r, ok := nonNegative(next); !ok {
				t.Fatalf("negative or NaN stock in role %d", r)
			}
			if v := CheckFlows(cur, next, &fl); !(v <= 1e-9) {
				t.Fatalf("flow balance violated by %g", v)
			}
			cur, next = next, cur
		}
	})
}
