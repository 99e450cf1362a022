package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/runs/goalseekrun"
)

// TestAPIGoalSeek: a goal-seek job answers the plan that runs/goalseekrun
// (and so `caregap goalseek`) finds for the same request, a summary that
// says its target, result and marginal costs, and a scenario file the
// scenario reader takes; scoped to the caller's municipalities.
func TestAPIGoalSeek(t *testing.T) {
	ta := newTestAPI(t, nil)
	body := `{"target_year":2030,"max_gap_pct":1,"levers":["employment_rate","sick_leave","recruits"],"cost_curve":false,"lang":"en"}`
	j := ta.runJob("/v1/goalseeks", "planner", body)
	if j.Status != "succeeded" || len(j.Regions) != 1 || j.Regions[0] != inScope {
		t.Fatalf("job %+v", j)
	}
	r := ta.do("GET", "/v1/goalseeks/"+j.ID+"/summary", "planner", nil)
	if r.code != http.StatusOK {
		t.Fatalf("summary: %d %s", r.code, r.body)
	}
	var sum goalseekrun.Summary
	if err := json.Unmarshal(r.body, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Kind != "goalseek" || sum.Target.Unit != "%" || sum.Target.Value != 1 || sum.TargetYear != 2030 ||
		len(sum.ByRole) == 0 || sum.ByRole[0].Name == "" || sum.Feasible != (len(sum.Unreachable) == 0) || sum.CostSEK <= 0 {
		t.Errorf("summary %s", r.body)
	}

	// The same plan as the run layer's, lever for lever.
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	m, err := defaultdata.LoadMatch()
	if err != nil {
		t.Fatal(err)
	}
	plan, err := goalseekrun.Prepare(goalseekrun.Spec{Bundle: b, Match: m, Regions: []string{inScope}, TargetYear: 2030,
		Target: goalseekrun.Target{Value: 1, Percent: true}, NoCurve: true, Workers: 1,
		Levers: []scenario.Kind{scenario.EmploymentRate, scenario.SickLeave, scenario.Recruits}})
	if err != nil {
		t.Fatal(err)
	}
	run, err := plan.Run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.CostSEK != run.Cost {
		t.Errorf("cost %g, the run layer's %g", sum.CostSEK, run.Cost)
	}
	sc := ta.do("GET", "/v1/goalseeks/"+j.ID+"/scenario", "planner", nil)
	if sc.code != http.StatusOK {
		t.Fatalf("scenario: %d %s", sc.code, sc.body)
	}
	got, err := datasets.DecodeScenario(bytes.NewReader(sc.body), "plan.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Levers) != len(run.Scenario.Levers) || len(got.Levers) == 0 {
		t.Fatalf("%d levers, the run layer's %d", len(got.Levers), len(run.Scenario.Levers))
	}
	tab := ta.do("GET", "/v1/goalseeks/"+j.ID+"/results?table=targets&year=2035", "planner", nil, "Accept", "text/csv")
	if tab.code != http.StatusOK || !bytes.Contains(tab.body, []byte("marginal_cost_sek")) || !bytes.Contains(tab.body, []byte(inScope+",assistant_nurse,2035,target")) {
		t.Errorf("targets: %d %s", tab.code, tab.body)
	}

	// Scope: another planner does not see it; an officer may not start
	// one; a region outside the scope answers as a missing one.
	if r := ta.do("GET", "/v1/goalseeks/"+j.ID+"/summary", "planner2", nil); r.code != http.StatusNotFound {
		t.Errorf("planner2 sees the goal seek: %d", r.code)
	}
	if r := ta.do("POST", "/v1/goalseeks", "officer", strings.NewReader(`{"target_year":2030}`), "Content-Type", "application/json"); r.code != http.StatusForbidden {
		t.Errorf("officer starts a goal seek: %d", r.code)
	}
	out := ta.do("POST", "/v1/goalseeks", "planner", strings.NewReader(`{"target_year":2030,"regions":["`+outScope+`"]}`), "Content-Type", "application/json")
	if out.code != http.StatusBadRequest || !strings.Contains(string(out.body), "not found") {
		t.Errorf("out of scope: %d %s", out.code, out.body)
	}
	// Bad requests are the caller's error, in the recipe's words.
	for _, bad := range []struct{ body, want string }{
		{`{}`, "target_year is required"},
		{`{"target_year":2025}`, "target year 2025"},
		{`{"target_year":2030,"max_gap_fte":1,"max_gap_pct":1}`, "give one"},
		{`{"target_year":2030,"levers":["use_rate"]}`, "the goal seek uses employment_rate"},
		{`{"target_year":2030,"roles":["pilot"]}`, "not a role of the dataset"},
	} {
		r := ta.do("POST", "/v1/goalseeks", "planner", strings.NewReader(bad.body), "Content-Type", "application/json")
		if r.code != http.StatusBadRequest || !strings.Contains(string(r.body), bad.want) {
			t.Errorf("%s: %d %s, want 400 with %q", bad.body, r.code, r.body, bad.want)
		}
	}
}
