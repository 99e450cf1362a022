package supply

import (
	"math"
	"testing"

	"github.com/caregap/caregap/engine/population"
)

// twoHalves is a pipeline of two six-month stages with no dropout and
// completion 1: the finishing probability is p = 1/6 a month in each.
func twoHalves(places float64) Pipeline {
	return Pipeline{
		Name: "two halves", Source: NoSource, Output: 0, PlacesPerYear: places,
		Stages: []Stage{
			{Name: "first", DurationMonths: 6, CompletionRate: 1},
			{Name: "second", DurationMonths: 6, CompletionRate: 1},
		},
	}
}

// graduatedBy is the share of a cohort entering twoHalves at the start of
// month 1 that has graduated by the end of month m: each month is one
// Bernoulli trial with p = 1/6, and graduating takes two successes, so it
// is P(Bin(m, p) ≥ 2) = 1 - q^m - m p q^(m-1).
func graduatedBy(m int) float64 {
	const p, q = 1.0 / 6, 5.0 / 6
	return 1 - math.Pow(q, float64(m)) - float64(m)*p*math.Pow(q, float64(m-1))
}

func TestAdvanceCohort(t *testing.T) {
	// A stage takes at least a month: nobody graduates in month 1, and
	// 1/36 (both stages finished at the first chance) by month 2.
	pl := twoHalves(0)
	x := []float64{1, 0}
	var pf PipelineFlows
	for m := 1; m <= 36; m++ {
		advance(x, &pl, 1, &pf)
		if want := graduatedBy(m); !near(pf.Graduates, want, 1e-13) {
			t.Errorf("month %d: graduated %.15g, want %.15g", m, pf.Graduates, want)
		}
	}
	if pf.Graduates <= 0 || pf.Graduates >= 1 {
		t.Errorf("after 36 months %g graduated", pf.Graduates)
	}
	one := []float64{1, 0}
	var first PipelineFlows
	advance(one, &pl, 1, &first)
	if first.Graduates != 0 {
		t.Errorf("month 1: %g graduated, want 0", first.Graduates)
	}
	advance(one, &pl, 1, &first)
	if !near(first.Graduates, 1.0/36, 1e-15) {
		t.Errorf("month 2: %g graduated, want 1/36", first.Graduates)
	}
}

func TestStepPipeline(t *testing.T) {
	// First year of 120 places from an empty pipeline: 10 a month enter
	// at the start of months 1..12, so graduates = 10 Σ_{m=1..12}
	// graduatedBy(m) ≈ 35.796, fewer than a third of the intake, but
	// positive although 6+6 months have not passed for the later entrants.
	var firstYear float64
	for m := 1; m <= 12; m++ {
		firstYear += 10 * graduatedBy(m)
	}
	// Steady state of twoHalves with 120 places: stage 1 holds
	// 10×(5/6)/(1/6) = 50 after its month, stage 2 holds 10/(1/6) = 60.
	steadyHalves := []float64{50, 60}

	// A pipeline with losses: stage 1 of 6 months with dropout 0.12 a
	// year (δ = 0.01 a month) and completion 0.9; stage 2 of 3 months
	// with completion 0.8. A stage-1 entrant finishes with probability
	// (0.99/6)/(1 - 0.99×5/6) = 0.165/0.175 = 33/35 and drops out with
	// 2/35, so per year: dropouts 120×2/35 = 6.857…, failures
	// 120×33/35×(0.1 + 0.9×0.2) = 31.68, graduates 120×33/35×0.9×0.8
	// = 81.462857…
	lossy := Pipeline{
		Name: "lossy", Source: NoSource, Output: 0, PlacesPerYear: 120,
		Stages: []Stage{
			{DurationMonths: 6, CompletionRate: 0.9, DropoutRate: 0.12},
			{DurationMonths: 3, CompletionRate: 0.8},
		},
	}

	tests := []struct {
		name     string
		pipeline Pipeline
		start    []float64
		flows    PipelineFlows
		trainees float64 // Σ trainees at the end of the year
	}{{
		name:     "first year from empty",
		pipeline: twoHalves(120),
		start:    []float64{0, 0},
		flows:    PipelineFlows{Intake: 120, Graduates: firstYear},
		trainees: 120 - firstYear,
	}, {
		name:     "steady state graduates the intake",
		pipeline: twoHalves(120),
		start:    steadyHalves,
		flows:    PipelineFlows{Intake: 120, Graduates: 120},
		trainees: 110,
	}, {
		name:     "steady state with losses",
		pipeline: lossy,
		start:    SteadyTrainees(nil, &lossy),
		flows:    PipelineFlows{Intake: 120, Dropouts: 120 * 2.0 / 35, Failures: 31.68, Graduates: 120 * 33.0 / 35 * 0.72},
		trainees: sum(SteadyTrainees(nil, &lossy)),
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Params{
				Roles:     []string{"assistant_nurse"},
				Recruits:  []population.Pyramid{{F: {25: 3}, M: {35: 1}}},
				Pipelines: []Pipeline{tt.pipeline},
			}
			if err := Validate(p); err != nil {
				t.Fatal(err)
			}
			cur := stateOf(t, p)
			copy(cur.Trainees[0], tt.start)
			var next State
			var f Flows
			Step(&next, cur, p, &f)
			got := f.Pipelines[0]
			for _, c := range []struct {
				name      string
				got, want float64
			}{
				{"Intake", got.Intake, tt.flows.Intake},
				{"Dropouts", got.Dropouts, tt.flows.Dropouts},
				{"Failures", got.Failures, tt.flows.Failures},
				{"Graduates", got.Graduates, tt.flows.Graduates},
				{"trainees", sum(next.Trainees[0]), tt.trainees},
				{"role graduates", f.Roles[0].Graduates, tt.flows.Graduates},
			} {
				if !near(c.got, c.want, 1e-12) {
					t.Errorf("%s = %.15g, want %.15g", c.name, c.got, c.want)
				}
			}
			// Graduates from outside follow the recruit profile, 3/4 F25
			// and 1/4 M35, on top of the recruits themselves.
			g := tt.flows.Graduates
			checkCells(t, &next, 1e-12, cell{0, New, F, 25, 3 + 0.75*g}, cell{0, New, M, 35, 1 + 0.25*g})
			if v := CheckFlows(cur, &next, &f); !(v <= 1e-12) {
				t.Errorf("flow balance violated by %g", v)
			}
		})
	}
}

func sum(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}

func TestSteadyTraineesHand(t *testing.T) {
	pl := twoHalves(120)
	got := SteadyTrainees(make([]float64, 2), &pl)
	if !near(got[0], 50, 1e-13) || !near(got[1], 60, 1e-13) {
		t.Errorf("steady trainees %v, want [50 60]", got)
	}
}

func TestStepPipelineFromRole(t *testing.T) {
	// Care aides (role 0) train to assistant nurse (role 1) in twoHalves
	// with 120 places: 10 a month leave role 0 when they start, and in
	// the steady state 110 are in training and 120 graduate a year.
	// "source holds enough": F40 600 and M40 400 established, no exits.
	// SetSteadyTrainees takes the 110 trainees out, 66 women and 44 men,
	// leaving 534 and 356, aged to 41. The year takes 120 more in the
	// same 60/40 proportion and graduates 120 of the same mix: care aides
	// end with 462 and 308, and assistant nurses gain 72 women and 48 men
	// aged 41, beside 4 recruits.
	// "source runs short": F40 50. The steady state would hold 110; both
	// stages are scaled down to the 50 the role has, and nobody more can
	// start: the year graduates g of the 50 and the rest stay in
	// training. Nobody joins from nowhere.
	short := SteadyTrainees(nil, ptr(twoHalves(120)))
	for k := range short {
		short[k] *= 50.0 / 110
	}
	g := graduatesOf(short, twoHalves(0), 12)
	tests := []struct {
		name      string
		start     []cell
		want      []cell
		src, outF RoleFlows
		inTrain   float64
	}{{
		name:  "source holds enough",
		start: []cell{{0, Established, F, 40, 600}, {0, Established, M, 40, 400}},
		want: []cell{
			{0, Established, F, 41, 462}, {0, Established, M, 41, 308},
			{1, New, F, 41, 72}, {1, New, M, 41, 48},
			{1, New, F, 25, 2}, {1, New, M, 30, 2},
		},
		src:     RoleFlows{TraineesOut: 120, GraduatesOut: 120},
		outF:    RoleFlows{Graduates: 120, GraduatesInternal: 120, Recruits: 4},
		inTrain: 110,
	}, {
		name:  "source runs short",
		start: []cell{{0, Established, F, 40, 50}},
		want: []cell{
			{1, New, F, 41, g},
			{1, New, F, 25, 2}, {1, New, M, 30, 2},
		},
		outF:    RoleFlows{Graduates: g, GraduatesInternal: g, Recruits: 4},
		inTrain: 50 - g,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl := twoHalves(120)
			pl.Source, pl.Output = 0, 1
			p := &Params{
				Roles:     []string{"care_aide", "assistant_nurse"},
				Recruits:  []population.Pyramid{{}, {F: {25: 2}, M: {30: 2}}},
				Pipelines: []Pipeline{pl},
			}
			if err := Validate(p); err != nil {
				t.Fatal(err)
			}
			cur := stateOf(t, p, tt.start...)
			cur.SetSteadyTrainees(p)
			var next State
			var f Flows
			Step(&next, cur, p, &f)
			checkCells(t, &next, 1e-12, tt.want...)
			checkRoleFlows(t, f.Roles[0], tt.src)
			checkRoleFlows(t, f.Roles[1], tt.outF)
			if got := sum(next.Trainees[0]); !near(got, tt.inTrain, 1e-12) {
				t.Errorf("in training %.15g, want %.15g", got, tt.inTrain)
			}
			if v := CheckFlows(cur, &next, &f); !(v <= 1e-12) {
				t.Errorf("flow balance violated by %g", v)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// graduatesOf returns the graduates of pl, with no intake, from the
// participants x over the given months.
func graduatesOf(x []float64, pl Pipeline, months int) float64 {
	var pf PipelineFlows
	advance(append([]float64(nil), x...), &pl, months, &pf)
	return pf.Graduates
}

func TestSourcedPipelineConserves(t *testing.T) {
	// A sourced pipeline with its places raised twenty-fold, from 30 to
	// 600 a year, drains its source of 1000 care aides within two years.
	// With no exits, retirements, transitions or recruits, nobody enters
	// or leaves the sector: every extra graduate into the output role is
	// a care aide who left the source (extra graduates in = extra
	// graduates out of the source, net of those still training), and the
	// persons in roles and in training stay 1500 to the last person.
	// Dropouts and failures (dropout 0.12 a year, completion 0.85) return
	// to the source.
	run := func(places float64) (flows []Flows, states []*State) {
		pl := Pipeline{Name: "stepwise", Source: 0, Output: 1, PlacesPerYear: places,
			Stages: []Stage{
				{DurationMonths: 1, CompletionRate: 0.9, DropoutRate: 0.12},
				{DurationMonths: 5, CompletionRate: 0.85, DropoutRate: 0.12},
				{DurationMonths: 5, CompletionRate: 0.85, DropoutRate: 0.12},
			}}
		p := &Params{Roles: []string{"care_aide", "assistant_nurse"}, Pipelines: []Pipeline{pl}}
		if err := Validate(p); err != nil {
			t.Fatal(err)
		}
		cur := stateOf(t, p, cell{0, Established, F, 40, 700}, cell{0, Established, M, 30, 300},
			cell{1, Established, F, 45, 500})
		states = append(states, cur)
		for range 15 {
			next := new(State)
			var f Flows
			Step(next, cur, p, &f)
			if v := CheckFlows(cur, next, &f); !(v <= 1e-12) {
				t.Fatalf("flow balance violated by %g", v)
			}
			flows, states = append(flows, f), append(states, next)
			cur = next
		}
		return flows, states
	}
	f1, s1 := run(30)
	f20, s20 := run(600)
	persons := func(s *State) float64 { return s.Headcount(0) + s.Headcount(1) + sum(s.Trainees[0]) }
	var extraIn, extraOut float64
	for y := range f1 {
		extraIn += f20[y].Roles[1].Graduates - f1[y].Roles[1].Graduates
		extraOut += f20[y].Roles[0].GraduatesOut - f1[y].Roles[0].GraduatesOut
		for _, s := range []*State{s1[y+1], s20[y+1]} {
			if got := persons(s); !near(got, 1500, 1e-12) {
				t.Fatalf("year %d: %.15g persons in roles and training, want 1500", y+1, got)
			}
			if h := s.Headcount(0); h < -1e-12 {
				t.Fatalf("year %d: source holds %g", y+1, h)
			}
		}
		if gin, gint := f20[y].Roles[1].Graduates, f20[y].Roles[1].GraduatesInternal; gin != gint {
			t.Errorf("year %d: %g graduates, %g of them internal; want all", y+1, gin, gint)
		}
	}
	extraTraining := sum(s20[len(s20)-1].Trainees[0]) - sum(s1[len(s1)-1].Trainees[0])
	if !near(extraIn, extraOut-extraTraining, 1e-12) {
		t.Errorf("extra graduates in %.15g, extra net out of the source %.15g less extra in training %.15g",
			extraIn, extraOut, extraTraining)
	}
	if extraIn <= 0 {
		t.Errorf("twenty times the places graduate %g more", extraIn)
	}
	if gain := s20[len(s20)-1].Headcount(1) - s1[len(s1)-1].Headcount(1); !near(gain, extraIn, 1e-12) {
		t.Errorf("output role gained %.15g over the lower places, extra graduates %.15g", gain, extraIn)
	}
	if h := s20[3].Headcount(0); h > 100 {
		t.Errorf("600 places a year left %g of 1000 care aides after three years; want the source drained", h)
	}
}
