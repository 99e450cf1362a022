package forecastrun_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/datasets/defaultdata/scenarios"
	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/runs/forecastrun"
)

func shipped(t *testing.T, names ...string) []*scenario.Resolved {
	t.Helper()
	var out []*scenario.Resolved
	for _, n := range names {
		r, err := (&datasets.ScenarioLoader{FS: scenarios.FS}).Load(n + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// early is a scenario with one lever starting in year.
func early(t *testing.T, year int) *scenario.Resolved {
	t.Helper()
	level := 0.9
	sc := &scenario.Scenario{Name: "early", Levers: []scenario.Lever{{Kind: scenario.EmploymentRate, Level: &level, StartYear: year, TargetYear: 2030}}}
	if err := sc.Validate(); err != nil {
		t.Fatal(err)
	}
	r, err := scenario.Resolve(sc, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestPrepareRefusesBadSpecs(t *testing.T) {
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	base := shipped(t, "base")
	for _, tc := range []struct {
		name string
		spec forecastrun.Spec
	}{
		{"horizon at the base year", forecastrun.Spec{Bundle: b, Scenarios: base, ToYear: 2024}},
		{"year out of range", forecastrun.Spec{Bundle: b, Scenarios: base, ToYear: 2300}},
		{"too many draws", forecastrun.Spec{Bundle: b, Scenarios: base, Draws: forecastrun.MaxDraws + 1}},
		{"negative draws", forecastrun.Spec{Bundle: b, Scenarios: base, Draws: -1}},
		{"no scenario", forecastrun.Spec{Bundle: b}},
		{"scenario twice", forecastrun.Spec{Bundle: b, Scenarios: append(base, base...)}},
		{"unknown region", forecastrun.Spec{Bundle: b, Scenarios: base, Regions: []string{"0000"}}},
		{"close the gap in the base year", forecastrun.Spec{Bundle: b, Scenarios: base, CloseGapBy: 2024}},
		{"close the gap after the horizon", forecastrun.Spec{Bundle: b, Scenarios: base, ToYear: 2030, CloseGapBy: 2035}},
		{"threshold without draws", forecastrun.Spec{Bundle: b, Scenarios: base, Threshold: 100}},
		{"lever in the base year", forecastrun.Spec{Bundle: b, Scenarios: []*scenario.Resolved{early(t, 2024)}}},
		{"lever before the base year", forecastrun.Spec{Bundle: b, Scenarios: []*scenario.Resolved{early(t, 2020)}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := forecastrun.Prepare(tc.spec)
			if err == nil || errkind.Of(err) != errkind.BadInput {
				t.Errorf("err %v (kind %v), want bad input", err, errkind.Of(err))
			}
		})
	}
}

// TestRunWrite: a run writes its files into a directory that did not
// exist, or beside a user's files in one that does, and fills in its
// defaults.
func TestRunWrite(t *testing.T) {
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	plan, err := forecastrun.Prepare(forecastrun.Spec{Bundle: b, Regions: []string{"2080"}, Scenarios: shipped(t, "base", "full-time"),
		ToYear: 2030, Draws: 5})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Seed != 1 || plan.BaseYear() != 2024 || !slices.Equal(plan.Regions, []string{"2080"}) {
		t.Errorf("defaults: seed %d, base year %d, regions %v", plan.Seed, plan.BaseYear(), plan.Regions)
	}
	var last = map[string]int{}
	run, err := plan.Run(t.Context(), func(stage string, done, total int) {
		if total != plan.Steps(stage) || done > total {
			t.Errorf("%s: %d of %d, want of %d", stage, done, total, plan.Steps(stage))
		}
		last[stage] = done
	})
	if err != nil {
		t.Fatal(err)
	}
	if last["forecast"] != 2 || last["draws"] != 5 {
		t.Errorf("progress ended at %v", last)
	}
	// 2 scenarios × 7 years (2024..2030) × 7 roles.
	if len(run.Rows) != 2*7*7 || run.BandSet == nil {
		t.Fatalf("%d rows, bands %v", len(run.Rows), run.BandSet != nil)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	names, err := run.Write(dir, 0o755, forecastrun.All)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, []string{"forecast", "decomposition", "uncertainty"}) {
		t.Errorf("datasets %v", names)
	}
	for _, f := range []string{"notes.txt", "forecast.parquet", "forecast.csv", "decomposition.parquet", "uncertainty.csv",
		"forecast.xlsx", "charts/base.png", "charts/full-time.svg"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	rows, err := datasets.ReadFile[datasets.Forecast](os.DirFS(dir), "forecast.parquet")
	if err != nil || !slices.Equal(rows, run.Rows) {
		t.Errorf("forecast.parquet read back: %v, equal %v", err, slices.Equal(rows, run.Rows))
	}
	ents, _ := os.ReadDir(filepath.Dir(dir))
	if len(ents) != 1 {
		t.Errorf("staging left beside the output: %v", ents)
	}
}

func TestRunStopsWhenCancelled(t *testing.T) {
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	plan, err := forecastrun.Prepare(forecastrun.Spec{Bundle: b, Scenarios: shipped(t, "base")})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := plan.Run(ctx, nil); !errors.Is(err, ctx.Err()) {
		t.Errorf("err %v, want %v", err, ctx.Err())
	}
}
