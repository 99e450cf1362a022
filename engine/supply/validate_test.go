package supply

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/caregap/caregap/engine/population"
)

// validParams is a small valid set of parameters that the cases below
// break one value at a time.
func validParams() *Params {
	return &Params{
		Roles:            []string{"care_aide", "assistant_nurse"},
		ExitRate:         [][population.NumAges]float64{constAges(0.08), constAges(0.06)},
		RetirementRate:   [][population.NumAges]float64{{66: 0.5, 67: 1}, {66: 0.5, 67: 1}},
		NewStaffExitRate: []float64{0.2, 0.15},
		EmploymentRate:   []population.Pyramid{{}, {}},
		SickLeaveRate:    []population.Pyramid{{}, {}},
		Transitions:      [][]float64{{0, 0.05}, {0.01, 0}},
		Recruits:         []population.Pyramid{{F: {25: 10}}, {F: {30: 20}}},
		MatchedEntrants:  []float64{5, 0},
		Pipelines: []Pipeline{{
			Name: "upskilling", Source: 0, Output: 1, PlacesPerYear: 30,
			Stages: []Stage{
				{Name: "introduction", DurationMonths: 2, CompletionRate: 0.9, DropoutRate: 0.1},
				{Name: "course 1", DurationMonths: 4, CompletionRate: 0.85, DropoutRate: 0.1},
			},
		}},
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(p *Params)
		err    error
		text   string // a part of the message naming what is wrong
	}{
		{"valid", func(p *Params) {}, nil, ""},
		{"exit rate above 1", func(p *Params) { p.ExitRate[1][67] = 1.2 },
			ErrRate, `role "assistant_nurse": ExitRate at age 67 = 1.2`},
		{"retirement rate NaN", func(p *Params) { p.RetirementRate[0][70] = math.NaN() },
			ErrRate, `role "care_aide": RetirementRate at age 70 = NaN`},
		{"new staff exit negative", func(p *Params) { p.NewStaffExitRate[0] = -0.1 },
			ErrRate, `role "care_aide": NewStaffExitRate = -0.1`},
		{"employment rate", func(p *Params) { p.EmploymentRate[0][population.Female][40] = 1.5 },
			ErrRate, `EmploymentRate at F age 40`},
		{"sick leave", func(p *Params) { p.SickLeaveRate[1][population.Male][30] = -0.01 },
			ErrRate, `role "assistant_nurse": SickLeaveRate at M age 30`},
		{"transition share", func(p *Params) { p.Transitions[0][1] = 2 },
			ErrRate, `role "care_aide": Transitions at to assistant_nurse = 2`},
		{"transition sum", func(p *Params) {
			p.Roles = append(p.Roles, "nurse")
			p.ExitRate, p.RetirementRate, p.NewStaffExitRate = nil, nil, nil
			p.EmploymentRate, p.SickLeaveRate, p.Recruits, p.MatchedEntrants = nil, nil, nil, nil
			p.Transitions = [][]float64{{0, 0.6, 0.5}, nil, nil}
		}, ErrTransitionSum, `role "care_aide": Transitions = 1.1`},
		{"diagonal ignored", func(p *Params) { p.Transitions[0][0] = 0.99 }, nil, ""},
		{"negative recruits", func(p *Params) { p.Recruits[0][population.Male][20] = -1 },
			ErrNegative, `Recruits at M age 20 = -1`},
		{"infinite matched", func(p *Params) { p.MatchedEntrants[1] = math.Inf(1) },
			ErrNegative, `role "assistant_nurse": MatchedEntrants = +Inf`},
		{"matched profile", func(p *Params) { p.MatchedProfile[population.Female][20] = -1 },
			ErrNegative, `MatchedProfile at F age 20`},
		{"source out of range", func(p *Params) { p.Pipelines[0].Source = 2 },
			ErrRoleIndex, `pipeline "upskilling": Source = 2`},
		{"source below no source", func(p *Params) { p.Pipelines[0].Source = -2 },
			ErrRoleIndex, `pipeline "upskilling": Source = -2`},
		{"output out of range", func(p *Params) { p.Pipelines[0].Output = -1 },
			ErrRoleIndex, `pipeline "upskilling": Output = -1`},
		{"source is output", func(p *Params) { p.Pipelines[0].Source = 1 },
			ErrSameRole, `pipeline "upskilling": Source = 1`},
		{"no source is fine", func(p *Params) { p.Pipelines[0].Source = NoSource }, nil, ""},
		{"negative places", func(p *Params) { p.Pipelines[0].PlacesPerYear = -5 },
			ErrNegative, `PlacesPerYear = -5`},
		{"no stages", func(p *Params) { p.Pipelines[0].Stages = nil },
			ErrNoStages, `pipeline "upskilling": Stages = 0`},
		{"zero duration", func(p *Params) { p.Pipelines[0].Stages[1].DurationMonths = 0 },
			ErrDuration, `Stages[1].DurationMonths = 0`},
		{"infinite duration", func(p *Params) { p.Pipelines[0].Stages[0].DurationMonths = math.Inf(1) },
			ErrDuration, `Stages[0].DurationMonths = +Inf`},
		{"completion rate", func(p *Params) { p.Pipelines[0].Stages[0].CompletionRate = 1.01 },
			ErrRate, `Stages[0].CompletionRate = 1.01`},
		{"dropout rate", func(p *Params) { p.Pipelines[0].Stages[1].DropoutRate = -1 },
			ErrRate, `Stages[1].DropoutRate = -1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validParams()
			tt.mutate(p)
			err := Validate(p)
			if tt.err == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if !errors.Is(err, tt.err) {
				t.Fatalf("error %v, want %v", err, tt.err)
			}
			var pe *ParamError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParamError", err)
			}
			if !strings.Contains(err.Error(), tt.text) || !strings.HasPrefix(err.Error(), "supply: ") {
				t.Errorf("message %q does not contain %q", err.Error(), tt.text)
			}
		})
	}
}

func TestValidateJoinsErrors(t *testing.T) {
	// Every age of both roles out of range: one error per role and
	// field, not one per age.
	p := validParams()
	for r := range p.ExitRate {
		p.ExitRate[r] = constAges(2)
	}
	p.Pipelines[0].Stages[0].DurationMonths = -1
	err := Validate(p)
	n := len(err.(interface{ Unwrap() []error }).Unwrap())
	if n != 3 {
		t.Errorf("%d errors, want 3 (ExitRate of two roles, one duration):\n%v", n, err)
	}
	if !errors.Is(err, ErrDuration) || !errors.Is(err, ErrRate) {
		t.Errorf("joined error %v lacks a sentinel", err)
	}
}

func TestValidatePanicsOnShape(t *testing.T) {
	p := validParams()
	p.Transitions[1] = []float64{0}
	defer func() {
		if r := recover(); r != "supply: length mismatch" {
			t.Errorf("recovered %v", r)
		}
	}()
	Validate(p)
}

func TestNewState(t *testing.T) {
	p := validParams()
	h := []population.Pyramid{{F: {40: 10}}, {M: {50: 3}}}
	s, err := NewState(p, h)
	if err != nil {
		t.Fatal(err)
	}
	if s.Stock[0][Established][F][40] != 10 || s.Stock[1][Established][M][50] != 3 ||
		s.Stock[0][New].Total() != 0 || s.Headcount(0) != 10 {
		t.Errorf("base stock is not the headcount, all established")
	}
	if len(s.Trainees) != 1 || len(s.Trainees[0]) != 2 || sum(s.Trainees[0]) != 0 {
		t.Errorf("trainees %v, want one empty pipeline of two stages", s.Trainees)
	}
	s.SetSteadyTrainees(p)
	if sum(s.Trainees[0]) <= 0 {
		t.Errorf("steady trainees %v", s.Trainees[0])
	}
	var c State
	c.CopyFrom(s)
	c.Trainees[0][0] = -1
	c.Stock[0][New][F][1] = 1
	if s.Trainees[0][0] < 0 || s.Stock[0][New][F][1] != 0 {
		t.Error("CopyFrom shares memory")
	}

	h[1][population.Female][33] = -2
	_, err = NewState(p, h)
	if !errors.Is(err, ErrNegative) || !strings.Contains(err.Error(), `role "assistant_nurse": Headcount at F age 33 = -2`) {
		t.Errorf("negative headcount: %v", err)
	}
}
