package sweeprun_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata/scenarios"
	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/runs/sweeprun"
	"go.yaml.in/yaml/v3"
)

// TestGridPoints: the product's order (last axis fastest), the ids, the
// null value leaving a lever out, the default axis name, and each point
// an ordinary scenario that a scenario file can hold.
func TestGridPoints(t *testing.T) {
	g, pts, err := sweeprun.LoadGrid(os.DirFS("testdata"), "small.yaml", scenarios.FS, 100)
	if err != nil {
		t.Fatal(err)
	}
	if g.Axes[1].Name != "retirement_age.years" {
		t.Errorf("default name %q", g.Axes[1].Name)
	}
	want := []struct {
		id, desc string
		levers   int
	}{
		{"s0", "sick_leave=none, retirement_age.years=none", 0},
		{"s1", "sick_leave=none, retirement_age.years=1", 1},
		{"s2", "sick_leave=0.06, retirement_age.years=none", 1},
		{"s3", "sick_leave=0.06, retirement_age.years=1", 2},
	}
	if len(pts) != len(want) {
		t.Fatalf("%d points", len(pts))
	}
	for i, w := range want {
		p := pts[i]
		if p.ID != w.id || p.Scenario.Description != w.desc || len(p.Scenario.Levers) != w.levers {
			t.Errorf("point %d: %s %q, %d levers; want %s %q, %d", i, p.ID, p.Scenario.Description, len(p.Scenario.Levers), w.id, w.desc, w.levers)
		}
		// The point written as a scenario file reads back as itself.
		data, err := yaml.Marshal(p.Scenario)
		if err != nil {
			t.Fatal(err)
		}
		back, err := datasets.DecodeScenario(strings.NewReader(string(data)), p.ID+".yaml")
		if err != nil {
			t.Fatalf("%s as a scenario file: %v\n%s", p.ID, err, data)
		}
		if d2, _ := yaml.Marshal(back); string(d2) != string(data) {
			t.Errorf("%s: the scenario file does not read back:\n%s\nbecame\n%s", p.ID, data, d2)
		}
	}
	if *pts[3].Scenario.Levers[0].Level != 0.06 || pts[3].Scenario.Levers[1].Years == nil || *pts[3].Scenario.Levers[1].Years != 1 {
		t.Errorf("s3's levers: %+v", pts[3].Scenario.Levers)
	}
}

// TestShippedGrid: the national study's grid reads, 625 points.
func TestShippedGrid(t *testing.T) {
	_, pts, err := sweeprun.LoadGrid(os.DirFS("grids"), "national.yaml", scenarios.FS, sweeprun.DefaultMaxScenarios)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 625 || pts[624].ID != "s624" || pts[0].ID != "s000" {
		t.Errorf("%d points, last %s", len(pts), pts[len(pts)-1].ID)
	}
}

func TestGridErrors(t *testing.T) {
	axis := "  - name: sl\n    vary: level\n    values: [0.07, 0.06]\n    lever: {lever: sick_leave, start_year: 2026, target_year: 2029}\n"
	for _, c := range []struct {
		name, grid string
		limit      int
		want       []string
	}{
		{"not YAML", "axes: [", 10, []string{"g.yaml: ", "invalid sweep grid"}},
		{"empty", "", 10, []string{"g.yaml: ", "empty file"}},
		{"unknown key", "axis:\n" + axis, 10, []string{"field axis not found"}},
		{"no axes", "base: base\n", 10, []string{"field axes", "no axes"}},
		{"base a path", "base: ../x\naxes:\n" + axis, 10, []string{"g.yaml:1", "field base", "not a path"}},
		{"vary unknown", "axes:\n  - vary: levl\n    values: [1]\n    lever: {lever: sick_leave, start_year: 2026, target_year: 2029}\n", 10,
			[]string{"g.yaml:2", "axis 0 (sick_leave.levl), field vary", `"levl" is not a field`}},
		{"no values", "axes:\n  - vary: level\n    values: []\n    lever: {lever: sick_leave, start_year: 2026, target_year: 2029}\n", 10,
			[]string{"g.yaml:3", "axis 0", "field values", "no values"}},
		{"lever sets the field", "axes:\n  - vary: level\n    values: [0.05]\n    lever: {lever: sick_leave, level: 0.06, start_year: 2026, target_year: 2029}\n", 10,
			[]string{"g.yaml:4", "field lever", "the lever sets level"}},
		{"value the lever refuses", "axes:\n" + axis + "  - vary: level\n    values: [0.9, 1.5]\n    lever: {lever: employment_rate, start_year: 2026, target_year: 2030}\n", 10,
			[]string{"g.yaml:7", "axis 1 (employment_rate.level), field values", "level 1.5"}},
		{"value twice", "axes:\n  - vary: scale\n    values: [1, 2, 1]\n    lever: {lever: training_places, start_year: 2026, target_year: 2028}\n", 10,
			[]string{"field values", "1 given twice"}},
		{"not a year", "axes:\n  - vary: target_year\n    values: [2030.5]\n    lever: {lever: sick_leave, level: 0.06, start_year: 2026}\n", 10,
			[]string{"field values", "2030.5 is not a year"}},
		{"names twice", "axes:\n" + axis + axis, 10, []string{"axis 1 (sl), field name", "another axis (0)"}},
		{"too many", "axes:\n" + axis + strings.Replace(axis, "sl", "sl2", 1) + strings.Replace(axis, "sl", "sl3", 1), 7,
			[]string{"8 scenarios, more than the limit of 7"}},
		{"no base", "base: nowhere\naxes:\n" + axis, 10, []string{"field base", `no scenario "nowhere"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{"g.yaml": {Data: []byte(c.grid)}}
			_, _, err := sweeprun.LoadGrid(fsys, "g.yaml", scenarios.FS, c.limit)
			if err == nil {
				t.Fatal("no error")
			}
			var ge *sweeprun.GridError
			if !errors.As(err, &ge) || !errors.Is(err, sweeprun.ErrGrid) || errkind.Of(err) != errkind.BadInput {
				t.Errorf("%v: not a GridError of ErrGrid, BadInput", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q does not say %q", err, w)
				}
			}
		})
	}
}
