package forecast

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/engine/supply"
)

// needs returns the recruitment need of each scenario, region, role and
// year of res.
func needs(res *Result) map[[2]string]map[int]Row {
	out := map[[2]string]map[int]Row{}
	for _, r := range res.Rows {
		k := [2]string{r.Scenario, r.Region + "/" + r.Role}
		if out[k] == nil {
			out[k] = map[int]Row{}
		}
		out[k][r.Year] = r
	}
	return out
}

// TestNeedEmploymentRate: a lever that only raises the employment rate
// changes no flow of persons, and each head brings more FTE, so the need
// is nowhere higher than without it (and lower once the lever acts).
func TestNeedEmploymentRate(t *testing.T) {
	full := resolved("full", scenario.Lever{Kind: scenario.EmploymentRate, Level: f(0.95), StartYear: 2026, TargetYear: 2030})
	res, err := Run(context.Background(), []*Region{testRegion()}, []*scenario.Resolved{resolved("base"), full}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := needs(res)
	var base, lever float64
	for k, years := range n {
		if k[0] != "base" {
			continue
		}
		for y, b := range years {
			l := n[[2]string{"full", k[1]}][y]
			if l.RecruitmentNeed > b.RecruitmentNeed+1e-9 {
				t.Errorf("%s %d: need %g with full time, %g without", k[1], y, l.RecruitmentNeed, b.RecruitmentNeed)
			}
			if l.Exits != b.Exits || l.Retirements != b.Retirements {
				t.Errorf("%s %d: the employment rate changed the flows", k[1], y)
			}
			base += b.RecruitmentNeed
			lever += l.RecruitmentNeed
		}
	}
	if !(lever < base) {
		t.Errorf("need %g with full time, %g without: want lower", lever, base)
	}
}

// TestNeedExcludesInternalMoves: career transitions and a pipeline that
// trains one role's staff for another move people inside the sector; they
// are reported as internal moves and never enter the need. In the first
// forecast year the staff the need maintains are the base-year staff, so
// each role's replacement need is exactly its leavers from the sector.
func TestNeedExcludesInternalMoves(t *testing.T) {
	r := testRegion()
	r.Supply.Transitions = [][]float64{{0, 0.02}, {0.05, 0}}
	r.Supply.Pipelines = append(r.Supply.Pipelines, supply.Pipeline{Name: "stepwise", Source: 1, Output: 0, PlacesPerYear: 30,
		Stages: []supply.Stage{{Name: "course", DurationMonths: 6, CompletionRate: 0.8, DropoutRate: 0.1}}})
	res, err := Run(context.Background(), []*Region{r}, []*scenario.Resolved{resolved("base")}, &Settings{ToYear: 2030}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var moved, in, out float64
	for _, row := range res.Rows {
		if row.Year == 2025 && math.Abs(row.ReplacementNeed-(row.Exits+row.Retirements)) > 1e-9 {
			t.Errorf("%s 2025: replacement %g, leavers %g", row.Role, row.ReplacementNeed, row.Exits+row.Retirements)
		}
		if want := row.ReplacementNeed + row.ExpansionNeed + row.GapClosingNeed; row.RecruitmentNeed != want {
			t.Errorf("%s %d: need %g, parts sum to %g", row.Role, row.Year, row.RecruitmentNeed, want)
		}
		moved += row.InternalMovesIn + row.InternalMovesOut
		in += row.InternalMovesIn
		out += row.InternalMovesOut
	}
	if moved == 0 {
		t.Fatal("no internal moves: the test does not test")
	}
	// Out of roles and into roles differ only by those still training.
	if in > out+1e-9 {
		t.Errorf("internal moves in %g exceed those out %g", in, out)
	}
}

// TestNeedCloseGapBy: the need closes the base-year shortage evenly by
// the year asked, valued at the FTE per head of the year before, and
// nothing after it; a year not after the base year is an error.
func TestNeedCloseGapBy(t *testing.T) {
	res, err := Run(context.Background(), []*Region{testRegion()}, []*scenario.Resolved{resolved("base")}, &Settings{ToYear: 2035, CloseGapBy: 2030}, nil)
	if err != nil {
		t.Fatal(err)
	}
	open, err := Run(context.Background(), []*Region{testRegion()}, []*scenario.Resolved{resolved("base")}, &Settings{ToYear: 2035}, nil)
	if err != nil {
		t.Fatal(err)
	}
	n, n0 := needs(res), needs(open)
	for k, years := range n {
		gap0 := years[2024].GapFTE
		var closed float64
		for y := 2025; y <= 2035; y++ {
			row, prev := years[y], years[y-1]
			closed += row.GapClosingNeed * prev.EffectiveFTE / prev.Headcount
			if y > 2030 && row.GapClosingNeed != 0 {
				t.Errorf("%s %d: closing %g after 2030", k[1], y, row.GapClosingNeed)
			}
			if n0[k][y].GapClosingNeed != 0 {
				t.Errorf("%s %d: closing %g without CloseGapBy", k[1], y, n0[k][y].GapClosingNeed)
			}
			if y > 2025 && row.RecruitmentNeed < n0[k][y].RecruitmentNeed-1e-9 {
				t.Errorf("%s %d: need %g closing the gap, %g without", k[1], y, row.RecruitmentNeed, n0[k][y].RecruitmentNeed)
			}
		}
		if want := math.Max(0, gap0); math.Abs(closed-want) > 1e-9*math.Max(1, want) {
			t.Errorf("%s: closed %g FTE, base-year shortage %g", k[1], closed, want)
		}
	}
	_, err = Run(context.Background(), []*Region{testRegion()}, []*scenario.Resolved{resolved("base")}, &Settings{CloseGapBy: 2024}, nil)
	if !errors.Is(err, ErrSettings) {
		t.Errorf("close by the base year: %v, want ErrSettings", err)
	}
}

// TestMatchedEntrantsDistribution: per_region places per_year in each
// region, population and supervisor_places share it as a total (by
// base-year population, by supervisor places); either way the stock takes in
// the retained share, and the supervisors lose supervision_fte per
// placement in the placement year.
func TestMatchedEntrantsDistribution(t *testing.T) {
	small, large := testRegion(), testRegion()
	large.Code = "8888"
	small.SupervisorPlaces, large.SupervisorPlaces = 30, 10
	for s := range large.Population {
		for a := range large.Population[s] {
			large.Population[s][a] *= 3
		}
	}
	lever := func(d scenario.Distribution) scenario.Lever {
		return scenario.Lever{Kind: scenario.MatchedEntrants, Roles: []string{"service_assistant"}, PerYear: f(40),
			Distribute: d, Retention1: f(0.9), Retention3: f(0.3), SupervisionFTE: f(0.25), StartYear: 2025, Profile: scenario.Step}
	}
	res, err := Run(context.Background(), []*Region{small, large},
		[]*scenario.Resolved{resolved("each", lever(scenario.PerRegion)), resolved("total", lever(scenario.ByPopulation)),
			resolved("supervised", lever(scenario.BySupervisors))},
		&Settings{ToYear: 2025, NoDecomposition: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Service assistants: new-staff exit 0.3, exit 0.05, so two years keep
	// 0.7 × 0.95 = 0.665 of newcomers; 0.3 after three years means taking
	// in 0.3/0.665 of the placements, less than the 0.9 after one.
	keep := 0.3 / 0.665
	placed := map[string]float64{"each/9999": 40, "each/8888": 40, "total/9999": 10, "total/8888": 30,
		"supervised/9999": 30, "supervised/8888": 10}
	for _, row := range res.Rows {
		if row.Year != 2025 {
			continue
		}
		n := placed[row.Scenario+"/"+row.Region]
		switch row.Role {
		case "service_assistant":
			if math.Abs(row.MatchedEntrants-n*keep) > 1e-9 {
				t.Errorf("%s %s: %g entrants, want %g", row.Scenario, row.Region, row.MatchedEntrants, n*keep)
			}
		case "assistant_nurse":
			if math.Abs(row.SupervisionFTE-n*0.25) > 1e-9 {
				t.Errorf("%s %s: supervision %g FTE, want %g", row.Scenario, row.Region, row.SupervisionFTE, n*0.25)
			}
		}
	}
}

// Placements shared by supervisor places where no region has any are an
// error that names the lever, not placements that vanish.
func TestMatchedEntrantsNoSupervisors(t *testing.T) {
	l := scenario.Lever{Kind: scenario.MatchedEntrants, Roles: []string{"service_assistant"}, PerYear: f(40),
		Distribute: scenario.BySupervisors, StartYear: 2025, Profile: scenario.Step}
	_, err := Run(context.Background(), []*Region{testRegion()}, []*scenario.Resolved{resolved("s", l)}, &Settings{ToYear: 2025}, nil)
	var le *LeverError
	if !errors.Is(err, ErrNoSupervisors) || !errors.As(err, &le) || le.Field != "distribute" {
		t.Fatalf("err = %v; want ErrNoSupervisors on field distribute", err)
	}
}
