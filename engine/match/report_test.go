package match

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"testing"
)

// reportFacts solves a random instance (seed) whose candidates and
// workplaces lie in four municipalities, the quadrants of the 200 km
// square of randomPeople, and returns its facts and the municipalities.
// Unless full, every third placement is undone, so that some unplaced
// candidates have room left (LostToCost).
func reportFacts(t *testing.T, seed uint64, full bool) (*Facts, *Result, []string) {
	t.Helper()
	rnd := rand.New(rand.NewPCG(seed, 0))
	cands, ops, wps := randomPeople(rnd, 300, 90, 30)
	region := func(x, y float64) string { return fmt.Sprintf("q%d%d", int(x/100), int(y/100)) }
	for c := range cands {
		cands[c].ID, cands[c].Region = fmt.Sprint("c", c), region(cands[c].X, cands[c].Y)
	}
	for w := range wps {
		wps[w].ID, wps[w].Region = fmt.Sprint("w", w), region(wps[w].X, wps[w].Y)
	}
	p, bd, res := buildSolved(t, cands, ops, wps)
	if !full {
		for c, o := range res.Assign {
			if o >= 0 && c%3 == 0 {
				res.Assign[c] = -1
				res.Placed--
				res.Cost -= p.Cost[p.ArcOf(c, int(o))]
			}
		}
	}
	return NewFacts(p, bd, res, cands, wps), res, []string{"q00", "q01", "q10", "q11"}
}

// The report over every municipality is the full report, and the reports
// of the municipalities one by one sum to it: counts and cost exactly,
// group by group.
func TestFactsReportScopes(t *testing.T) {
	for _, tc := range []struct {
		name string
		seed uint64
		full bool
	}{{"optimal", 3, true}, {"partial", 3, false}, {"optimal/seed9", 9, true}} {
		t.Run(tc.name, func(t *testing.T) {
			f, res, regions := reportFacts(t, tc.seed, tc.full)
			all := f.Report(nil)
			if all.Placed != res.Placed || all.Cost != res.Cost {
				t.Fatalf("seed %d: placed %d cost %d, result %d %d", tc.seed, all.Placed, all.Cost, res.Placed, res.Cost)
			}
			if !tc.full && all.ByReason[LostToCost] == 0 {
				t.Fatalf("seed %d: no candidate with room left; the test needs some", tc.seed)
			}
			if got := f.Report(func(string) bool { return true }); !reflect.DeepEqual(got, all) {
				t.Errorf("seed %d: report over every municipality\n got %+v\nwant %+v", tc.seed, got, all)
			}
			sum := &Report{ByReason: map[Reason]int{}, ByRule: map[Rule]int{}}
			groups := map[string]map[string]GroupRate{}
			addGroups := func(kind string, gs []GroupRate) {
				if groups[kind] == nil {
					groups[kind] = map[string]GroupRate{}
				}
				for _, g := range gs {
					x := groups[kind][g.Group]
					x.Group, x.Candidates, x.Placed = g.Group, x.Candidates+g.Candidates, x.Placed+g.Placed
					groups[kind][g.Group] = x
				}
			}
			for _, region := range regions {
				r := f.Report(func(reg string) bool { return reg == region })
				if r.Candidates == 0 || r.Workplaces == 0 {
					t.Fatalf("seed %d, %s: %d candidates, %d workplaces; the test needs both", tc.seed, region, r.Candidates, r.Workplaces)
				}
				sum.Candidates += r.Candidates
				sum.Placed += r.Placed
				sum.Cost += r.Cost
				sum.Openings += r.Openings
				sum.Workplaces += r.Workplaces
				sum.Positions += r.Positions
				sum.PositionsFilled += r.PositionsFilled
				sum.Supervision += r.Supervision
				sum.Supervised += r.Supervised
				sum.Unplaced = append(sum.Unplaced, r.Unplaced...)
				sum.Use = append(sum.Use, r.Use...)
				for k, n := range r.ByReason {
					sum.ByReason[k] += n
				}
				for k, n := range r.ByRule {
					sum.ByRule[k] += n
				}
				addGroups("sex", r.BySex)
				addGroups("birth", r.ByBirthRegion)
				addGroups("region", r.ByRegion)
			}
			type totals struct {
				Candidates, Placed, Openings, Workplaces         int
				Cost, Positions, Filled, Supervision, Supervised int64
				Unplaced, Use                                    int
			}
			got := totals{sum.Candidates, sum.Placed, sum.Openings, sum.Workplaces, sum.Cost, sum.Positions,
				sum.PositionsFilled, sum.Supervision, sum.Supervised, len(sum.Unplaced), len(sum.Use)}
			want := totals{all.Candidates, all.Placed, all.Openings, all.Workplaces, all.Cost, all.Positions,
				all.PositionsFilled, all.Supervision, all.Supervised, len(all.Unplaced), len(all.Use)}
			if got != want {
				t.Errorf("seed %d: municipalities sum to\n%+v\nwant %+v", tc.seed, got, want)
			}
			if !maps.Equal(sum.ByReason, all.ByReason) || !maps.Equal(sum.ByRule, all.ByRule) {
				t.Errorf("seed %d: reasons sum to %v %v, want %v %v", tc.seed, sum.ByReason, sum.ByRule, all.ByReason, all.ByRule)
			}
			for kind, gs := range map[string][]GroupRate{"sex": all.BySex, "birth": all.ByBirthRegion, "region": all.ByRegion} {
				for _, g := range gs {
					s := groups[kind][g.Group]
					if s.Candidates != g.Candidates || s.Placed != g.Placed {
						t.Errorf("seed %d: %s %s sums to %d/%d, want %d/%d", tc.seed, kind, g.Group, s.Placed, s.Candidates, g.Placed, g.Candidates)
					}
				}
				if len(groups[kind]) != len(gs) {
					t.Errorf("seed %d: %d %s groups summed, want %d", tc.seed, len(groups[kind]), kind, len(gs))
				}
			}
			if len(all.ByRegion) != len(regions) {
				t.Errorf("seed %d: by region %v, want one group per municipality %v", tc.seed, all.ByRegion, regions)
			}
		})
	}
}

// A scope of no municipality counts nothing and has no nil lists.
func TestFactsReportEmptyScope(t *testing.T) {
	f, _, _ := reportFacts(t, 3, true)
	r := f.Report(func(string) bool { return false })
	if r.Candidates != 0 || r.Placed != 0 || r.Cost != 0 || r.Openings != 0 || r.Workplaces != 0 ||
		r.Positions != 0 || r.Supervision != 0 || r.OpeningUtilisation != 0 || r.SupervisorUtilisation != 0 {
		t.Errorf("empty scope: %+v", r)
	}
	if r.BySex == nil || r.ByBirthRegion == nil || r.ByRegion == nil || r.Use == nil {
		t.Errorf("empty scope has nil lists: %+v", r)
	}
}

func TestParseRule(t *testing.T) {
	for r := RuleNone; r < numRules; r++ {
		if got, ok := ParseRule(r.String()); !ok || got != r {
			t.Errorf("ParseRule(%q) = %v, %v", r.String(), got, ok)
		}
	}
	if got, ok := ParseRule("shoe size"); ok || got != RuleNone {
		t.Errorf("ParseRule of no rule = %v, %v", got, ok)
	}
}
