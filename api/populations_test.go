package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/runs/poprun"
)

// TestAPIPopulation: a projection job gives, row for row, what the recipe
// of runs/poprun gives (and so `caregap population`), scoped to the
// caller's municipalities.
func TestAPIPopulation(t *testing.T) {
	ta := newTestAPI(t, nil)
	j := ta.runJob("/v1/populations", "planner", `{"from":2024,"to":2030}`)
	if j.Status != "succeeded" || len(j.Regions) != 1 || j.Regions[0] != inScope {
		t.Fatalf("job %+v", j)
	}
	r := ta.do("GET", "/v1/populations/"+j.ID+"/results?year=2030&sex=F&limit=10000", "planner", nil)
	if r.code != http.StatusOK {
		t.Fatalf("results: %d %s", r.code, r.body)
	}
	var page struct {
		Items []datasets.Population `json:"items"`
	}
	if err := json.Unmarshal(r.body, &page); err != nil {
		t.Fatal(err)
	}
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	spec, err := poprun.Prepare(poprun.Spec{Bundle: b, Regions: []string{inScope}, From: 2024, To: 2030})
	if err != nil {
		t.Fatal(err)
	}
	projs, err := poprun.Project(spec)
	if err != nil {
		t.Fatal(err)
	}
	var want []datasets.Population
	for _, row := range poprun.Rows(spec, projs) {
		if row.Year == 2030 && row.Sex == "F" {
			want = append(want, row)
		}
	}
	if len(page.Items) != len(want) || len(want) != 101 {
		t.Fatalf("%d rows, want %d (ages 0..100)", len(page.Items), len(want))
	}
	for i := range want {
		if page.Items[i] != want[i] {
			t.Fatalf("row %d: %+v, want %+v", i, page.Items[i], want[i])
		}
	}

	// Scope: another planner does not see the job; an officer may not
	// start one; a region outside the scope answers as a missing one.
	if r := ta.do("GET", "/v1/populations/"+j.ID, "planner2", nil); r.code != http.StatusNotFound {
		t.Errorf("planner2 sees the job: %d", r.code)
	}
	if r := ta.do("POST", "/v1/populations", "officer", strings.NewReader(`{}`), "Content-Type", "application/json"); r.code != http.StatusForbidden {
		t.Errorf("officer starts a projection: %d", r.code)
	}
	out := ta.do("POST", "/v1/populations", "planner", strings.NewReader(`{"regions":["`+outScope+`"]}`), "Content-Type", "application/json")
	missing := ta.do("POST", "/v1/populations", "planner", strings.NewReader(`{"regions":["0000"]}`), "Content-Type", "application/json")
	if out.code != http.StatusBadRequest || missing.code != http.StatusBadRequest ||
		!strings.Contains(string(out.body), "not found") || !strings.Contains(string(missing.body), "not found") {
		t.Errorf("out of scope %d %s; missing %d %s", out.code, out.body, missing.code, missing.body)
	}
	// Bad years are the caller's error, in the recipe's words.
	bad := ta.do("POST", "/v1/populations", "planner", strings.NewReader(`{"from":2024,"to":2020}`), "Content-Type", "application/json")
	if bad.code != http.StatusBadRequest || !strings.Contains(string(bad.body), "not after the base year") {
		t.Errorf("to before from: %d %s", bad.code, bad.body)
	}
}

// TestAPIPopulationSettings: the recipe's settings reach the projection,
// and a setting out of its range is refused with the field's name.
func TestAPIPopulationSettings(t *testing.T) {
	ta := newTestAPI(t, nil)
	j := ta.runJob("/v1/populations", "planner", `{"from":2024,"to":2026,"rate_share":0,"recency":1,"replacement":0,"damping":1,"bound":1,"anchor":"national"}`)
	if j.Status != "succeeded" {
		t.Fatalf("job %+v", j)
	}
	for body, field := range map[string]string{
		`{"rate_share":1.5}`:  "rate_share",
		`{"recency":0}`:       "recency",
		`{"replacement":-1}`:  "replacement",
		`{"damping":2}`:       "damping",
		`{"bound":0}`:         "bound",
		`{"anchor":"county"}`: "anchor",
	} {
		r := ta.do("POST", "/v1/populations", "planner", strings.NewReader(body), "Content-Type", "application/json")
		if r.code != http.StatusBadRequest || !strings.Contains(string(r.body), field) {
			t.Errorf("%s: %d %s; want 400 naming %s", body, r.code, r.body, field)
		}
	}
}

// TestAPIRegionNames: a job takes municipalities by name, with or without
// å, ä, ö, and a group stands for those of its municipalities in the
// caller's scope; a name outside the scope answers as a missing region,
// exactly as a name that does not exist.
func TestAPIRegionNames(t *testing.T) {
	ta := newTestAPI(t, nil)
	for _, name := range []string{"Göteborg", "goteborg"} {
		j := ta.runJob("/v1/populations", "planner", `{"from":2024,"to":2025,"regions":["`+name+`"]}`)
		if j.Status != "succeeded" || len(j.Regions) != 1 || j.Regions[0] != inScope {
			t.Errorf("%s: job %+v", name, j)
		}
	}
	var group string
	b, _ := defaultdata.Load()
	for _, r := range b.Regions {
		if r.Region == inScope {
			group = r.Group
		}
	}
	j := ta.runJob("/v1/populations", "planner", `{"from":2024,"to":2025,"regions":["`+group+`"]}`)
	if j.Status != "succeeded" || len(j.Regions) != 1 || j.Regions[0] != inScope {
		t.Errorf("group %s: job %+v; want only the municipality in scope", group, j)
	}
	out := ta.do("POST", "/v1/forecasts", "planner", strings.NewReader(`{"regions":["Mölndal"],"scenarios":["base"]}`), "Content-Type", "application/json")
	none := ta.do("POST", "/v1/forecasts", "planner", strings.NewReader(`{"regions":["Atlantis"],"scenarios":["base"]}`), "Content-Type", "application/json")
	detail := func(body []byte) string {
		var p struct{ Detail string }
		_ = json.Unmarshal(body, &p)
		return p.Detail
	}
	if out.code != http.StatusBadRequest || none.code != http.StatusBadRequest || detail(none.body) == "" ||
		strings.Replace(detail(out.body), "Mölndal", "Atlantis", 1) != detail(none.body) {
		t.Errorf("out of scope %d %s; missing %d %s", out.code, out.body, none.code, none.body)
	}
}
