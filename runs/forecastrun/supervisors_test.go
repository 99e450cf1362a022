package forecastrun_test

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/runs/forecastrun"
)

// A matched_entrants total distributed by supervisor places reaches each
// municipality in proportion to its workplaces' supervisor capacity, as
// the matching's data give it; without the workplaces it is refused.
func TestSupervisorPlaces(t *testing.T) {
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	m, err := defaultdata.LoadMatch()
	if err != nil {
		t.Fatal(err)
	}
	perYear, retention := 100.0, 1.0
	sc := &scenario.Scenario{Name: "supervised", Levers: []scenario.Lever{{Kind: scenario.MatchedEntrants,
		Roles: []string{"service_assistant"}, PerYear: &perYear, Distribute: scenario.BySupervisors,
		Retention1: &retention, Retention3: &retention, StartYear: 2025, Profile: scenario.Step}}}
	if err := sc.Validate(); err != nil {
		t.Fatal(err)
	}
	r, err := scenario.Resolve(sc, nil)
	if err != nil {
		t.Fatal(err)
	}
	spec := forecastrun.Spec{Bundle: b, Scenarios: []*scenario.Resolved{r}, ToYear: 2025, NoDecomposition: true}
	if !forecastrun.NeedsSupervisors(spec.Scenarios) {
		t.Fatal("NeedsSupervisors: false")
	}
	if _, err := mustRun(t, spec); !errors.Is(err, forecast.ErrNoSupervisors) {
		t.Fatalf("without workplaces: %v; want ErrNoSupervisors", err)
	}
	spec.Workplaces = m.Workplaces
	run, err := mustRun(t, spec)
	if err != nil {
		t.Fatal(err)
	}
	places := map[string]float64{}
	var total float64
	for _, w := range m.Workplaces {
		places[w.Region] += float64(w.SupervisorCapacity)
		total += float64(w.SupervisorCapacity)
	}
	var sum float64
	for _, row := range run.Rows {
		if row.Year != 2025 || row.Role != "service_assistant" {
			continue
		}
		sum += row.MatchedEntrants
		if want := perYear * places[row.Region] / total; math.Abs(row.MatchedEntrants-want) > 1e-9 {
			t.Errorf("%s: %g placed, want %g (%g of %g supervisor places)", row.Region, row.MatchedEntrants, want, places[row.Region], total)
		}
	}
	if math.Abs(sum-perYear) > 1e-9 {
		t.Errorf("%g placed in all, want %g", sum, perYear)
	}
}

func mustRun(t *testing.T, spec forecastrun.Spec) (*forecastrun.Run, error) {
	t.Helper()
	plan, err := forecastrun.Prepare(spec)
	if err != nil {
		return nil, err
	}
	return plan.Run(context.Background(), nil)
}
