package datasets

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/caregap/caregap/datasets/defaultdata/scenarios"
	"github.com/caregap/caregap/engine/scenario"
)

func TestDecodeScenarioErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		line int
		rule error
		want string
	}{
		{"typo in a key", "name: s\nlevers:\n  - lever: sick_leave\n    levle: 0.05\n    start_year: 2026\n", 4, ErrScenarioSyntax, "levle"},
		{"unknown top-level key", "name: s\nleverz: []\n", 2, ErrScenarioSyntax, "leverz"},
		{"not YAML", "name: s\nlevers: [\n", 2, ErrScenarioSyntax, "did not find"},
		{"wrong type", "name: s\nlevers:\n  - lever: sick_leave\n    level: high\n    start_year: 2026\n", 4, ErrScenarioSyntax, "high"},
		{"empty", "", 0, ErrScenarioSyntax, "empty"},
		{"unknown lever", "name: s\nlevers:\n  - lever: four_day_week\n    scale: 0.9\n    start_year: 2026\n", 3, scenario.ErrUnknownLever, "four_day_week"},
		{"target before start", "name: s\nlevers:\n  - lever: sick_leave\n    level: 0.05\n    start_year: 2030\n    target_year: 2026\n", 6, scenario.ErrYears, "2026"},
		{"value out of range", "name: s\nlevers:\n  - lever: employment_rate\n    level: 1.5\n    start_year: 2026\n", 4, scenario.ErrValue, "1.5"},
		{"missing value", "name: s\nlevers:\n  - lever: task_shifting\n    from: a\n    to: b\n    start_year: 2026\n", 3, scenario.ErrMissing, "share"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeScenario(strings.NewReader(tc.yaml), "s.yaml")
			var se *ScenarioError
			if !errors.As(err, &se) || !errors.Is(err, tc.rule) {
				t.Fatalf("error %v, want %v", err, tc.rule)
			}
			if se.File != "s.yaml" || se.Line != tc.line {
				t.Errorf("at %s:%d, want line %d (%v)", se.File, se.Line, tc.line, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("message %q lacks %q", err, tc.want)
			}
		})
	}
}

func TestDecodeScenarioNameFromFile(t *testing.T) {
	s, err := DecodeScenario(strings.NewReader("levers: []\n"), "dir/my-plan.yaml")
	if err != nil || s.Name != "my-plan" {
		t.Fatalf("name %q, error %v", s.Name, err)
	}
}

// TestShippedScenarios loads every shipped scenario: they must all parse,
// validate and resolve, and "combined" must carry every other's levers.
func TestShippedScenarios(t *testing.T) {
	l := &ScenarioLoader{FS: scenarios.FS}
	var total int
	for _, name := range scenarios.Names {
		r, err := l.Load(name + ".yaml")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if r.Name != name {
			t.Errorf("%s.yaml names itself %q", name, r.Name)
		}
		if name != "combined" {
			total += len(r.Levers)
		} else if len(r.Levers) != total+2 {
			t.Errorf("combined has %d levers, want %d + its own 2", len(r.Levers), total)
		}
	}
}

func TestLoaderExtendsBesideAndFallback(t *testing.T) {
	fsys := fstest.MapFS{
		"plans/mine.yaml":  {Data: []byte("name: mine\nextends: [local, full-time]\nlevers:\n  - lever: recruits\n    scale: 1.1\n    start_year: 2026\n")},
		"plans/local.yaml": {Data: []byte("name: local\nlevers:\n  - lever: use_rate\n    scale: 0.9\n    start_year: 2026\n")},
		"plans/loop.yaml":  {Data: []byte("name: loop\nextends: [loop2]\n")},
		"plans/loop2.yaml": {Data: []byte("name: loop2\nextends: [loop]\n")},
		"plans/bad.yaml":   {Data: []byte("name: bad\nextends: [nowhere]\n")},
	}
	l := &ScenarioLoader{FS: fsys, Fallback: scenarios.FS}
	r, err := l.Load("plans/mine.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, lv := range r.Levers {
		kinds = append(kinds, string(lv.Kind))
	}
	if strings.Join(kinds, ",") != "use_rate,employment_rate,recruits" {
		t.Fatalf("levers %v", kinds)
	}
	if _, err := l.Load("plans/loop.yaml"); !errors.Is(err, scenario.ErrCycle) {
		t.Fatalf("cycle: %v", err)
	}
	if _, err := l.Load("plans/bad.yaml"); !errors.Is(err, scenario.ErrUnknownName) {
		t.Fatalf("unknown: %v", err)
	}
}

// FuzzDecodeScenario: any input either decodes to a scenario that
// validates, or fails with a *ScenarioError; it never panics.
func FuzzDecodeScenario(f *testing.F) {
	for _, name := range scenarios.Names {
		data, err := scenarios.FS.ReadFile(name + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("name: s\nlevers:\n  - lever: sick_leave\n    level: 0.05\n    start_year: 2030\n    target_year: 2026\n"))
	f.Add([]byte("{\"name\": \"j\", \"levers\": [{\"lever\": \"use_rate\", \"scale\": 0.9, \"start_year\": 2026}]}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := DecodeScenario(strings.NewReader(string(data)), "f.yaml")
		if err != nil {
			var se *ScenarioError
			if !errors.As(err, &se) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("decoded scenario does not validate: %v", err)
		}
		for i := range s.Levers {
			p := s.Levers[i].Phase(s.Levers[i].TargetYear)
			if p != 1 {
				t.Fatalf("phase at target year %g", p)
			}
		}
	})
}
