package supply

import (
	"testing"

	"github.com/caregap/caregap/engine/population"
)

const (
	M = population.Male
	F = population.Female
)

func TestStepOneRole(t *testing.T) {
	tests := []struct {
		name  string
		setup func(p *Params)
		start []cell
		want  []cell
		flows RoleFlows
	}{{
		// Without flows the stock only ages; ages 99 and 100 merge into
		// the open group 100, and new staff become established.
		name: "no flows ages the stock",
		start: []cell{
			{0, Established, F, 30, 100},
			{0, Established, M, 99, 10},
			{0, Established, M, 100, 5},
			{0, New, F, 40, 7},
		},
		want: []cell{
			{0, Established, F, 31, 100},
			{0, Established, M, 100, 15},
			{0, Established, F, 41, 7},
		},
	}, {
		// e = 0.1, ρ = 0.2 at age 61: λ = 1 - 0.9×0.8 = 0.28 leave;
		// exits 100×0.28×0.1/0.3 = 9.333…, retirements 100×0.28×0.2/0.3
		// = 18.666…, survivors 100×0.9×0.8 = 72.
		name: "exits and retirements compete",
		setup: func(p *Params) {
			p.ExitRate = [][population.NumAges]float64{{61: 0.1}}
			p.RetirementRate = [][population.NumAges]float64{{61: 0.2}}
		},
		start: []cell{{0, Established, F, 60, 100}},
		want:  []cell{{0, Established, F, 61, 72}},
		flows: RoleFlows{Exits: 28.0 / 3, Retirements: 56.0 / 3},
	}, {
		// New staff leave at NewStaffExitRate 0.3 (50×0.3 = 15), not at
		// ExitRate 0.05 (established: 50×0.05 = 2.5); the survivors
		// 35 + 47.5 = 82.5 are all established a year later.
		name: "new staff exit rate replaces the age rate",
		setup: func(p *Params) {
			p.ExitRate = [][population.NumAges]float64{constAges(0.05)}
			p.NewStaffExitRate = []float64{0.3}
		},
		start: []cell{{0, New, F, 25, 50}, {0, Established, F, 25, 50}},
		want:  []cell{{0, Established, F, 26, 82.5}},
		flows: RoleFlows{Exits: 17.5, NewStaffExits: 15},
	}, {
		// Retirement still applies to new staff: ρ = 1 at 67 takes all
		// 12 + 3, whatever the exit rate (λ = 1, split 0.5 : 1).
		name: "retirement applies to both tenures",
		setup: func(p *Params) {
			p.RetirementRate = [][population.NumAges]float64{{67: 1}}
			p.NewStaffExitRate = []float64{0.5}
		},
		start: []cell{{0, Established, M, 66, 12}, {0, New, M, 66, 3}},
		flows: RoleFlows{Exits: 1, NewStaffExits: 1, Retirements: 14},
	}, {
		name: "recruits join as new staff",
		setup: func(p *Params) {
			p.Recruits = []population.Pyramid{{F: {22: 4}}}
		},
		want:  []cell{{0, New, F, 22, 4}},
		flows: RoleFlows{Recruits: 4},
	}, {
		// No matched profile and no recruits: the default profile, 35
		// ages 20-54, so 35 entrants give 0.8 women and 0.2 men per age.
		name: "matched entrants default profile",
		setup: func(p *Params) {
			p.MatchedEntrants = []float64{35}
		},
		want: func() []cell {
			var c []cell
			for a := 20; a <= 54; a++ {
				c = append(c, cell{0, New, F, a, 0.8}, cell{0, New, M, a, 0.2})
			}
			return c
		}(),
		flows: RoleFlows{MatchedEntrants: 35},
	}, {
		// The recruit profile is F30 3/4, M40 1/4, so 8 matched entrants
		// add 6 and 2 to the 3 and 1 recruits.
		name: "matched entrants follow the recruits",
		setup: func(p *Params) {
			p.Recruits = []population.Pyramid{{F: {30: 3}, M: {40: 1}}}
			p.MatchedEntrants = []float64{8}
		},
		want:  []cell{{0, New, F, 30, 9}, {0, New, M, 40, 3}},
		flows: RoleFlows{Recruits: 4, MatchedEntrants: 8},
	}, {
		// A given matched profile is scaled to sum to 1.
		name: "matched profile",
		setup: func(p *Params) {
			p.Recruits = []population.Pyramid{{F: {30: 3}}}
			p.MatchedProfile[F][18] = 2
			p.MatchedEntrants = []float64{5}
		},
		want:  []cell{{0, New, F, 30, 3}, {0, New, F, 18, 5}},
		flows: RoleFlows{Recruits: 3, MatchedEntrants: 5},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Params{Roles: []string{"care_aide"}}
			if tt.setup != nil {
				tt.setup(p)
			}
			if err := Validate(p); err != nil {
				t.Fatal(err)
			}
			cur := stateOf(t, p, tt.start...)
			var next State
			var f Flows
			Step(&next, cur, p, &f)
			checkCells(t, &next, 1e-12, tt.want...)
			checkRoleFlows(t, f.Roles[0], tt.flows)
			if v := CheckFlows(cur, &next, &f); !(v <= 1e-12) {
				t.Errorf("flow balance violated by %g", v)
			}
		})
	}
}

func checkRoleFlows(t *testing.T, got, want RoleFlows) {
	t.Helper()
	pairs := []struct {
		name      string
		got, want float64
	}{
		{"Exits", got.Exits, want.Exits},
		{"NewStaffExits", got.NewStaffExits, want.NewStaffExits},
		{"Retirements", got.Retirements, want.Retirements},
		{"TransfersIn", got.TransfersIn, want.TransfersIn},
		{"TransfersOut", got.TransfersOut, want.TransfersOut},
		{"Graduates", got.Graduates, want.Graduates},
		{"GraduatesOut", got.GraduatesOut, want.GraduatesOut},
		{"GraduatesInternal", got.GraduatesInternal, want.GraduatesInternal},
		{"TraineesOut", got.TraineesOut, want.TraineesOut},
		{"TraineesBack", got.TraineesBack, want.TraineesBack},
		{"Recruits", got.Recruits, want.Recruits},
		{"MatchedEntrants", got.MatchedEntrants, want.MatchedEntrants},
	}
	for _, c := range pairs {
		if !near(c.got, c.want, 1e-12) {
			t.Errorf("%s = %.12g, want %.12g", c.name, c.got, c.want)
		}
	}
}

func TestStepTransitions(t *testing.T) {
	// Role 0 sends 30 % of its established staff to role 1; role 1 sends
	// 10 % to role 0. Movers keep sex and age and arrive as new staff;
	// new staff do not move.
	tests := []struct {
		name   string
		exit0  float64 // exit rate of role 0, all ages
		want   []cell
		flows  [2]RoleFlows
		totals [2]float64
	}{{
		// Role 0: F40 100 → F41, 70 stay, 30 move; F30 new 10 → F31
		// established. Role 1: M50 200 → M51, 180 stay, 20 move.
		name: "no exits",
		want: []cell{
			{0, Established, F, 41, 70}, {0, Established, F, 31, 10}, {0, New, M, 51, 20},
			{1, Established, M, 51, 180}, {1, New, F, 41, 30},
		},
		flows: [2]RoleFlows{
			{TransfersOut: 30, TransfersIn: 20},
			{TransfersOut: 20, TransfersIn: 30},
		},
		totals: [2]float64{100, 210}, // 310 = 110 + 200: nobody lost
	}, {
		// Exit 0.5 in role 0 first halves F40 to 50 and new F30 to 5;
		// then 30 % of the 50 established survivors, 15, move.
		name:  "transitions follow exits",
		exit0: 0.5,
		want: []cell{
			{0, Established, F, 41, 35}, {0, Established, F, 31, 5}, {0, New, M, 51, 20},
			{1, Established, M, 51, 180}, {1, New, F, 41, 15},
		},
		flows: [2]RoleFlows{
			{Exits: 55, NewStaffExits: 5, TransfersOut: 15, TransfersIn: 20},
			{TransfersOut: 20, TransfersIn: 15},
		},
		totals: [2]float64{60, 195},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Params{
				Roles:            []string{"care_aide", "assistant_nurse"},
				ExitRate:         [][population.NumAges]float64{constAges(tt.exit0), {}},
				NewStaffExitRate: []float64{tt.exit0, 0},
				Transitions:      [][]float64{{0, 0.3}, {0.1, 0}},
			}
			if err := Validate(p); err != nil {
				t.Fatal(err)
			}
			cur := stateOf(t, p,
				cell{0, Established, F, 40, 100}, cell{0, New, F, 30, 10},
				cell{1, Established, M, 50, 200})
			var next State
			var f Flows
			Step(&next, cur, p, &f)
			checkCells(t, &next, 1e-12, tt.want...)
			for r := range 2 {
				checkRoleFlows(t, f.Roles[r], tt.flows[r])
				if got := next.Headcount(r); !near(got, tt.totals[r], 1e-12) {
					t.Errorf("role %d headcount %g, want %g", r, got, tt.totals[r])
				}
			}
			if v := CheckFlows(cur, &next, &f); !(v <= 1e-12) {
				t.Errorf("flow balance violated by %g", v)
			}
		})
	}
}

func TestStepPanics(t *testing.T) {
	p := &Params{Roles: []string{"a", "b"}}
	cur := stateOf(t, p)
	tests := []struct {
		name string
		run  func()
	}{
		{"same state", func() { Step(cur, cur, p, nil) }},
		{"aliased stock", func() { next := *cur; Step(&next, cur, p, nil) }},
		{"short rates", func() {
			q := *p
			q.NewStaffExitRate = []float64{0.1}
			Step(new(State), cur, &q, nil)
		}},
		{"state for other params", func() {
			q := *p
			q.Roles = []string{"a"}
			Step(new(State), cur, &q, nil)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			tt.run()
		})
	}
}

func TestMeasure(t *testing.T) {
	// Role 0: 10 established and 5 new women aged 40, employment 0.8 and
	// sick leave 0.1: 15 heads, 15×0.8 = 12 contracted FTE, 12×0.9 = 10.8
	// effective. Role 1: 4 men aged 30 with the defaults (employment 1,
	// no sick leave).
	p := &Params{
		Roles:          []string{"care_aide", "assistant_nurse"},
		EmploymentRate: []population.Pyramid{{F: {40: 0.8}}, {M: {30: 1}}},
		SickLeaveRate:  []population.Pyramid{{F: {40: 0.1}}, {}},
	}
	s := stateOf(t, p, cell{0, Established, F, 40, 10}, cell{0, New, F, 40, 5},
		cell{1, Established, M, 30, 4})
	got := Measure(s, p, nil)
	want := []RoleFTE{{15, 5, 12, 10.8, 0}, {4, 0, 4, 4, 0}}
	for r := range want {
		g, w := got[r], want[r]
		if !near(g.Headcount, w.Headcount, 1e-12) || !near(g.NewStaff, w.NewStaff, 1e-12) ||
			!near(g.ContractedFTE, w.ContractedFTE, 1e-12) || !near(g.EffectiveFTE, w.EffectiveFTE, 1e-12) {
			t.Errorf("role %d: got %+v, want %+v", r, g, w)
		}
	}
	p.EmploymentRate = nil
	if got := Measure(s, p, got); got[0].ContractedFTE != 15 {
		t.Errorf("nil employment rate: contracted FTE %g, want 15 (full time)", got[0].ContractedFTE)
	}
}
