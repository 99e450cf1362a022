package forecast

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/caregap/caregap/engine/demand"
	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/engine/supply"
)

func f(v float64) *float64 { return &v }

// testRegion is a small region: 1 000 persons at each age 0..100 of each
// sex, constant rates (deaths 1 % a year, no births beyond replacement,
// no migration); home care used by 20 % of everyone 80+ at 0.5 FTE per
// user, all assistant-nurse work; two roles, assistant nurse and service
// assistant; 45 assistant nurses at each age 30..59 (1 350 heads).
func testRegion() *Region {
	r := &Region{Code: "9999", Name: "Test", BaseYear: 2024}
	var rates population.Rates
	for s := range population.NumSexes {
		for a := range population.NumAges {
			r.Population[s][a] = 1000
			rates.Death[s][a] = 0.01
		}
	}
	for a := 20; a < 40; a++ {
		rates.Fertility[a] = 0.1
	}
	r.Rates = population.Constant(&rates)
	var use population.Pyramid
	demand.BandRate(&use, population.Female, 80, 100, 0.2)
	demand.BandRate(&use, population.Male, 80, 100, 0.2)
	r.Demand = demand.Model{Roles: []string{"assistant_nurse", "service_assistant"},
		Services: []demand.Service{{Name: "home_care", UseRate: use, FTEPerUser: 0.5, RoleShare: []float64{1, 0}}}}
	p := &r.Supply
	p.Roles = r.Demand.Roles
	p.ExitRate = make([][population.NumAges]float64, 2)
	p.RetirementRate = make([][population.NumAges]float64, 2)
	p.EmploymentRate = make([]population.Pyramid, 2)
	p.SickLeaveRate = make([]population.Pyramid, 2)
	p.Recruits = make([]population.Pyramid, 2)
	p.NewStaffExitRate = []float64{0.2, 0.3}
	p.MatchedEntrants = []float64{0, 0}
	p.Transitions = [][]float64{{0, 0}, {0.05, 0}}
	for ri := range 2 {
		for a := range population.NumAges {
			p.ExitRate[ri][a] = 0.05
			if a >= 65 {
				p.RetirementRate[ri][a] = 0.5
			}
			if a >= 68 {
				p.RetirementRate[ri][a] = 1
			}
			for s := range population.NumSexes {
				p.EmploymentRate[ri][s][a] = 0.8
				p.SickLeaveRate[ri][s][a] = 0.08
			}
		}
	}
	for a := 20; a < 30; a++ {
		p.Recruits[0][population.Female][a] = 4
	}
	p.Pipelines = []supply.Pipeline{{Name: "adult_ed", Source: -1, Output: 0, PlacesPerYear: 20,
		Stages: []supply.Stage{{Name: "intro", DurationMonths: 3, CompletionRate: 0.9, DropoutRate: 0.1},
			{Name: "course", DurationMonths: 9, CompletionRate: 0.8, DropoutRate: 0.1}}}}
	r.Workforce = make([]population.Pyramid, 2)
	for a := 30; a < 60; a++ {
		r.Workforce[0][population.Female][a] = 45
	}
	return r
}

func resolved(name string, levers ...scenario.Lever) *scenario.Resolved {
	s := &scenario.Scenario{Name: name, Levers: levers}
	if err := s.Validate(); err != nil {
		panic(err)
	}
	r, err := scenario.Resolve(s, nil)
	if err != nil {
		panic(err)
	}
	return r
}

func allLevers() *scenario.Resolved {
	return resolved("all",
		scenario.Lever{Kind: scenario.EmploymentRate, Level: f(0.95), StartYear: 2026, TargetYear: 2030},
		scenario.Lever{Kind: scenario.SickLeave, Level: f(0.05), StartYear: 2026, TargetYear: 2028, Profile: scenario.FrontLoaded},
		scenario.Lever{Kind: scenario.RetirementAge, Years: f(1.5), StartYear: 2026, TargetYear: 2030},
		scenario.Lever{Kind: scenario.NewStaffExit, Scale: f(0.5), StartYear: 2026, Profile: scenario.Step},
		scenario.Lever{Kind: scenario.ExitRate, Scale: f(0.9), StartYear: 2027},
		scenario.Lever{Kind: scenario.TrainingPlaces, Change: f(10), StartYear: 2026, TargetYear: 2029},
		scenario.Lever{Kind: scenario.TaskShifting, From: "assistant_nurse", To: "service_assistant", Share: f(0.1), StartYear: 2026, TargetYear: 2030},
		scenario.Lever{Kind: scenario.MatchedEntrants, Roles: []string{"service_assistant"}, PerYear: f(15), Distribute: scenario.PerRegion, StartYear: 2026},
		scenario.Lever{Kind: scenario.CareerTransition, From: "service_assistant", To: "assistant_nurse", Scale: f(2), StartYear: 2026},
		scenario.Lever{Kind: scenario.UseRate, Scale: f(0.95), StartYear: 2026, TargetYear: 2035},
		scenario.Lever{Kind: scenario.FTEPerUser, Scale: f(0.97), StartYear: 2026, TargetYear: 2035, Profile: scenario.BackLoaded},
		scenario.Lever{Kind: scenario.Recruits, Scale: f(1.2), StartYear: 2026},
	)
}

func TestDecompositionSumsToGap(t *testing.T) {
	res, err := Run(context.Background(), []*Region{testRegion()}, []*scenario.Resolved{resolved("base"), allLevers()}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(res.Rows); got != 2*17*2 {
		t.Fatalf("%d rows, want 2 scenarios × 17 years × 2 roles", got)
	}
	if worst := CheckDecomposition(res); worst > 1e-9 {
		t.Fatalf("decomposition misses the gap by %g (relative)", worst)
	}
	// Every lever must move the gap somewhere: a lever with no effect
	// would mean it is not wired.
	moved := map[string]float64{}
	for _, d := range res.Drivers {
		if d.Scenario == "all" && d.Year == 2040 {
			moved[d.Driver] += math.Abs(d.FTE)
		}
	}
	for _, name := range LeverDrivers(allLevers()) {
		if moved[name] < 1e-6 {
			t.Errorf("%s does not change the 2040 gap", name)
		}
	}
}

func TestBaseYearAndDemandByHand(t *testing.T) {
	res, err := Run(context.Background(), []*Region{testRegion()}, []*scenario.Resolved{resolved("base")}, &Settings{ToYear: 2025}, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := res.Rows[0]
	// Demand: 2 × 21 ages × 1 000 × 0.2 × 0.5 = 4 200 FTE. Supply: 1 350
	// heads × 0.8 × 0.92 = 993.6 FTE.
	if r.Year != 2024 || math.Abs(r.DemandFTE-4200) > 1e-9 || math.Abs(r.EffectiveFTE-993.6) > 1e-9 {
		t.Fatalf("base row %+v", r)
	}
	if math.Abs(r.GapFTE-(4200-993.6)) > 1e-9 || r.RecruitmentNeed != 0 {
		t.Fatalf("base gap %g, need %g", r.GapFTE, r.RecruitmentNeed)
	}
	// In the first year the staff the need maintains are the base-year
	// staff, so replacement is exactly those who left the sector.
	next := res.Rows[2]
	if next.Year != 2025 || math.Abs(next.ReplacementNeed-(next.Exits+next.Retirements)) > 1e-9 || next.Exits <= 0 {
		t.Fatalf("2025 row %+v", next)
	}
}

func TestLeverErrors(t *testing.T) {
	tests := []struct {
		lever scenario.Lever
		field string
	}{
		{scenario.Lever{Kind: scenario.Recruits, Roles: []string{"nurse"}, Scale: f(2), StartYear: 2026}, "roles"},
		{scenario.Lever{Kind: scenario.UseRate, Services: []string{"lss"}, Scale: f(2), StartYear: 2026}, "services"},
		{scenario.Lever{Kind: scenario.TrainingPlaces, Pipeline: "stepwise", Scale: f(2), StartYear: 2026}, "pipeline"},
		{scenario.Lever{Kind: scenario.Recruits, Regions: []string{"1480"}, Scale: f(2), StartYear: 2026}, "regions"},
	}
	for _, tc := range tests {
		_, err := Run(context.Background(), []*Region{testRegion()}, []*scenario.Resolved{resolved("x", tc.lever)}, nil, nil)
		var le *LeverError
		if !errors.As(err, &le) || !errors.Is(err, ErrUnknownName) || le.Field != tc.field || le.Lever != 0 {
			t.Errorf("%s: error %v", tc.field, err)
		}
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, []*Region{testRegion()}, []*scenario.Resolved{resolved("base")}, nil, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v", err)
	}
}

func ExampleRun() {
	res, _ := Run(context.Background(), []*Region{testRegion()},
		[]*scenario.Resolved{resolved("base"), resolved("full-time",
			scenario.Lever{Kind: scenario.EmploymentRate, Level: f(1), StartYear: 2025, Profile: scenario.Step})},
		&Settings{ToYear: 2026}, nil)
	for _, r := range res.Rows {
		if r.Role == "assistant_nurse" {
			fmt.Printf("%-9s %d demand %6.1f effective %6.1f gap %6.1f\n", r.Scenario, r.Year, r.DemandFTE, r.EffectiveFTE, r.GapFTE)
		}
	}
	// Output:
	// base      2024 demand 4200.0 effective  993.6 gap 3206.4
	// base      2025 demand 4356.0 effective  983.0 gap 3373.0
	// base      2026 demand 4508.5 effective  967.0 gap 3541.4
	// full-time 2024 demand 4200.0 effective  993.6 gap 3206.4
	// full-time 2025 demand 4356.0 effective 1228.7 gap 3127.3
	// full-time 2026 demand 4508.5 effective 1208.8 gap 3299.7
}

// TestWorkersDoNotChangeResults runs five regions with one worker and
// with four and compares every number.
func TestWorkersDoNotChangeResults(t *testing.T) {
	var regions []*Region
	for i := range 5 {
		r := testRegion()
		r.Code = fmt.Sprintf("%04d", 9000+i)
		for a := range population.NumAges {
			r.Population[population.Female][a] *= 1 + float64(i)/10
		}
		regions = append(regions, r)
	}
	scs := []*scenario.Resolved{resolved("base"), allLevers()}
	one, err := Run(context.Background(), regions, scs, &Settings{Workers: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var calls int
	four, err := Run(context.Background(), regions, scs, &Settings{Workers: 4}, func(done, total int) {
		calls++
		if total != 10 || done < 1 || done > total {
			t.Errorf("progress %d/%d", done, total)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 10 {
		t.Errorf("progress called %d times, want 10", calls)
	}
	if len(one.Rows) != len(four.Rows) || len(one.Drivers) != len(four.Drivers) {
		t.Fatalf("lengths differ")
	}
	for i := range one.Rows {
		if one.Rows[i] != four.Rows[i] {
			t.Fatalf("row %d: %+v != %+v", i, one.Rows[i], four.Rows[i])
		}
	}
	for i := range one.Drivers {
		if one.Drivers[i] != four.Drivers[i] {
			t.Fatalf("driver %d differs", i)
		}
	}
}

func TestHorizonErrors(t *testing.T) {
	r := testRegion()
	r.Rates = nil
	r.Given = make([]population.Pyramid, 3) // 2025-2027 only
	for _, to := range []int{2040, 2024} {
		_, err := Run(context.Background(), []*Region{r}, []*scenario.Resolved{resolved("base")}, &Settings{ToYear: to}, nil)
		if !errors.Is(err, ErrHorizon) {
			t.Errorf("to %d: error %v, want ErrHorizon", to, err)
		}
		_, err = RunUncertainty(context.Background(), []*Region{r}, []*scenario.Resolved{resolved("base")}, &Settings{ToYear: to}, &Uncertainty{Draws: 2}, nil)
		if !errors.Is(err, ErrHorizon) {
			t.Errorf("uncertainty to %d: error %v, want ErrHorizon", to, err)
		}
	}
	// A given projection that covers the horizon needs no rates.
	res, err := Run(context.Background(), []*Region{r}, []*scenario.Resolved{resolved("base")}, &Settings{ToYear: 2027}, nil)
	if err != nil || len(res.Rows) != 4*2 {
		t.Fatalf("given projection to 2027: %v, %d rows", err, len(res.Rows))
	}
}

// TestLeversLeaveTheBaseYear: the base year is observed, so a lever that
// starts before it changes nothing in it, and every scenario has the same
// base-year row.
func TestLeversLeaveTheBaseYear(t *testing.T) {
	early := resolved("early", scenario.Lever{Kind: scenario.EmploymentRate, Level: f(1), StartYear: 2020, Profile: scenario.Step},
		scenario.Lever{Kind: scenario.TaskShifting, From: "assistant_nurse", To: "service_assistant", Share: f(.5), StartYear: 2020})
	res, err := Run(context.Background(), []*Region{testRegion()}, []*scenario.Resolved{resolved("base"), early}, &Settings{ToYear: 2026}, nil)
	if err != nil {
		t.Fatal(err)
	}
	base := map[string]Row{}
	for _, r := range res.Rows {
		if r.Year != 2024 {
			continue
		}
		if r.Scenario == "base" {
			base[r.Role] = r
		} else if b := base[r.Role]; b.DemandFTE != r.DemandFTE || b.EffectiveFTE != r.EffectiveFTE {
			t.Fatalf("%s: base year changed by levers: %+v vs %+v", r.Role, r, b)
		}
	}
	for _, d := range res.Drivers {
		if d.Year == 2024 && strings.HasPrefix(d.Driver, "lever:") && d.FTE != 0 {
			t.Fatalf("lever driver %s is %g in the base year", d.Driver, d.FTE)
		}
	}
}
