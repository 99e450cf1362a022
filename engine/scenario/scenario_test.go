package scenario

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

func f(v float64) *float64 { return &v }

func TestPhase(t *testing.T) {
	// start 2026, target 2030: x = 0, .25, .5, .75, 1 for 2026..2030.
	tests := []struct {
		profile Profile
		want    []float64 // 2025..2031
	}{
		{Step, []float64{0, 1, 1, 1, 1, 1, 1}},
		{Linear, []float64{0, 0, .25, .5, .75, 1, 1}},
		{"", []float64{0, 0, .25, .5, .75, 1, 1}},
		{FrontLoaded, []float64{0, 0, 1 - .75*.75, .75, 1 - .25*.25, 1, 1}},
		{BackLoaded, []float64{0, 0, .0625, .25, .5625, 1, 1}},
	}
	for _, tc := range tests {
		t.Run(string(tc.profile), func(t *testing.T) {
			l := Lever{StartYear: 2026, TargetYear: 2030, Profile: tc.profile}
			for i, w := range tc.want {
				if got := l.Phase(2025 + i); math.Abs(got-w) > 1e-12 {
					t.Errorf("year %d: phase %g, want %g", 2025+i, got, w)
				}
			}
		})
	}
}

func TestApply(t *testing.T) {
	tests := []struct {
		l    Lever
		v0   float64
		p    float64
		want float64
	}{
		{Lever{Level: f(0.9)}, 0.7, 0.5, 0.8},
		{Lever{Change: f(0.1)}, 0.7, 0.5, 0.75},
		{Lever{Scale: f(0.8)}, 0.1, 0.5, 0.09},
		{Lever{Scale: f(0.8)}, 0.1, 0, 0.1},
	}
	for i, tc := range tests {
		if got := tc.l.Apply(tc.v0, tc.p); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("case %d: got %g, want %g", i, got, tc.want)
		}
	}
}

func TestValidate(t *testing.T) {
	ok := func() Lever { return Lever{Kind: EmploymentRate, StartYear: 2026, TargetYear: 2030, Level: f(0.9)} }
	tests := []struct {
		name  string
		edit  func(l *Lever)
		field string
		err   error
	}{
		{"valid", func(l *Lever) {}, "", nil},
		{"unknown lever", func(l *Lever) { l.Kind = "full_time" }, "lever", ErrUnknownLever},
		{"target before start", func(l *Lever) { l.TargetYear = 2025 }, "target_year", ErrYears},
		{"no start year", func(l *Lever) { l.StartYear = 0 }, "start_year", ErrValue},
		{"profile typo", func(l *Lever) { l.Profile = "linaer" }, "profile", ErrUnknownProfile},
		{"rate above 1", func(l *Lever) { l.Level = f(1.2) }, "level", ErrValue},
		{"NaN", func(l *Lever) { l.Level = f(math.NaN()) }, "level", ErrValue},
		{"two values", func(l *Lever) { l.Change = f(0.1) }, "level", ErrValue},
		{"no value", func(l *Lever) { l.Level = nil }, "level", ErrMissing},
		{"value of another lever", func(l *Lever) { l.Share = f(0.1) }, "share", ErrNotAllowed},
		{"filter of another lever", func(l *Lever) { l.Services = []string{"home_care"} }, "services", ErrNotAllowed},
		{"shift without to", func(l *Lever) { *l = Lever{Kind: TaskShifting, StartYear: 2026, From: "a", Share: f(.1)} }, "to", ErrMissing},
		{"shift to itself", func(l *Lever) { *l = Lever{Kind: TaskShifting, StartYear: 2026, From: "a", To: "a", Share: f(.1)} }, "to", ErrValue},
		{"negative ratio", func(l *Lever) {
			*l = Lever{Kind: TaskShifting, StartYear: 2026, From: "a", To: "b", Share: f(.1), Ratio: f(-1)}
		}, "ratio", ErrValue},
		{"matched without roles", func(l *Lever) { *l = Lever{Kind: MatchedEntrants, StartYear: 2026, PerYear: f(15)} }, "roles", ErrMissing},
		// per_year is a count per region or a total: the file must say
		// which, so that 40 placements never silently become 40 per
		// municipality.
		{"matched per region", func(l *Lever) { *l = matched(PerRegion) }, "", nil},
		{"matched by population", func(l *Lever) { *l = matched(ByPopulation) }, "", nil},
		{"matched without distribute", func(l *Lever) { *l = matched("") }, "distribute", ErrMissing},
		{"matched unknown distribute", func(l *Lever) { *l = matched("per_municipality") }, "distribute", ErrValue},
		{"distribute on another lever", func(l *Lever) { l.Distribute = PerRegion }, "distribute", ErrNotAllowed},
		{"supervisor on another lever", func(l *Lever) { l.SupervisorRole = "nurse" }, "supervisor_role", ErrNotAllowed},
		{"retention above 1", func(l *Lever) { *l = matched(PerRegion); l.Retention1 = f(1.1) }, "retention_1y", ErrValue},
		{"retention rising", func(l *Lever) { *l = matched(PerRegion); l.Retention1, l.Retention3 = f(.5), f(.7) }, "retention_3y", ErrValue},
		{"supervision negative", func(l *Lever) { *l = matched(PerRegion); l.SupervisionFTE = f(-.1) }, "supervision_fte", ErrValue},
		{"retention on another lever", func(l *Lever) { l.Retention1 = f(.9) }, "retention_1y", ErrNotAllowed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := ok()
			tc.edit(&l)
			s := Scenario{Name: "s", Levers: []Lever{ok(), l}}
			err := s.Validate()
			if tc.err == nil {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			var se *Error
			if !errors.As(err, &se) || !errors.Is(err, tc.err) {
				t.Fatalf("error %v, want %v", err, tc.err)
			}
			if se.Lever != 1 || se.Field != tc.field {
				t.Fatalf("error at lever %d field %s, want lever 1 field %s (%v)", se.Lever, se.Field, tc.field, err)
			}
		})
	}
}

func matched(d Distribution) Lever {
	return Lever{Kind: MatchedEntrants, Roles: []string{"service_assistant"}, StartYear: 2026, PerYear: f(40), Distribute: d}
}

func TestValidateDefaultsTargetYear(t *testing.T) {
	s := Scenario{Name: "s", Levers: []Lever{{Kind: UseRate, StartYear: 2027, Scale: f(.9)}}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.Levers[0].TargetYear != 2027 || s.Levers[0].Phase(2027) != 1 {
		t.Fatalf("target year %d", s.Levers[0].TargetYear)
	}
}

func lookupIn(all ...*Scenario) func(string) (*Scenario, error) {
	return func(name string) (*Scenario, error) {
		for _, s := range all {
			if s.Name == name {
				return s, nil
			}
		}
		return nil, fmt.Errorf("no file %s.yaml", name)
	}
}

func TestResolve(t *testing.T) {
	lv := func(label string) Lever {
		return Lever{Kind: Recruits, Label: label, StartYear: 2026, Scale: f(1.1)}
	}
	base := &Scenario{Name: "base", Levers: []Lever{lv("b")}}
	ft := &Scenario{Name: "full-time", Extends: []string{"base"}, Levers: []Lever{lv("ft")}}
	ts := &Scenario{Name: "task-shifting", Extends: []string{"base"}, Levers: []Lever{lv("ts")}}
	all := &Scenario{Name: "combined", Extends: []string{"full-time", "task-shifting"}, Levers: []Lever{lv("c")}}
	r, err := Resolve(all, lookupIn(base, ft, ts, all))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range r.Levers {
		got = append(got, l.Name())
	}
	if fmt.Sprint(got) != "[b ft ts c]" {
		t.Fatalf("levers %v, want [b ft ts c] (base once)", got)
	}

	a := &Scenario{Name: "a", Extends: []string{"b"}}
	b := &Scenario{Name: "b", Extends: []string{"a"}}
	if _, err := Resolve(a, lookupIn(a, b)); !errors.Is(err, ErrCycle) {
		t.Fatalf("cycle: error %v", err)
	}
	if _, err := Resolve(&Scenario{Name: "x", Extends: []string{"nope"}}, lookupIn()); !errors.Is(err, ErrUnknownName) {
		t.Fatalf("unknown: error %v", err)
	}
}
