package api

import (
	"net/http"
	"strings"
	"testing"
)

// TestAPIScenarioOwnership: a created scenario is its creator's scope's:
// another scope neither reads nor lists it and may create its own of the
// same name; shared, every scope reads it; only its owner deletes it.
func TestAPIScenarioOwnership(t *testing.T) {
	ta := newTestAPI(t, nil)
	body := "name: mine\nlevers:\n  - {lever: employment_rate, level: 0.9, start_year: 2026, target_year: 2030}\n"
	post := func(who, body string) resp {
		return ta.do("POST", "/v1/scenarios", who, strings.NewReader(body), "Content-Type", "application/yaml")
	}
	if r := post("planner", body); r.code != http.StatusCreated {
		t.Fatalf("create: %d %s", r.code, r.body)
	}
	hidden := ta.do("GET", "/v1/scenarios/mine", "planner2", nil, "X-Request-Id", "x")
	missing := ta.do("GET", "/v1/scenarios/nope", "planner2", nil, "X-Request-Id", "x")
	if hidden.code != http.StatusNotFound || strings.ReplaceAll(string(hidden.body), "mine", "ID") != strings.ReplaceAll(string(missing.body), "nope", "ID") {
		t.Errorf("another scope reads it: %d %s; missing: %s", hidden.code, hidden.body, missing.body)
	}
	if r := ta.do("GET", "/v1/scenarios", "planner2", nil); strings.Contains(string(r.body), `"mine"`) {
		t.Errorf("another scope lists it: %s", r.body)
	}
	if r := ta.do("POST", "/v1/forecasts", "planner2", strings.NewReader(`{"scenarios":["mine"]}`), "Content-Type", "application/json"); r.code != http.StatusBadRequest {
		t.Errorf("another scope forecasts it: %d %s", r.code, r.body)
	}
	if r := post("planner2", body); r.code != http.StatusCreated {
		t.Errorf("same name in another scope: %d %s", r.code, r.body)
	}
	if r := post("planner", body); r.code != http.StatusConflict {
		t.Errorf("same name in the same scope: %d %s", r.code, r.body)
	}
	if r := ta.do("DELETE", "/v1/scenarios/mine", "planner2", nil); r.code != http.StatusNoContent {
		t.Fatalf("its owner deletes its own: %d %s", r.code, r.body)
	}
	if r := ta.do("PUT", "/v1/scenarios/mine/shared", "planner", nil); r.code != http.StatusOK || !strings.Contains(string(r.body), `"shared":true`) {
		t.Fatalf("share: %d %s", r.code, r.body)
	}
	if r := ta.do("GET", "/v1/scenarios/mine", "planner2", nil); r.code != http.StatusOK {
		t.Errorf("shared, another scope reads it: %d %s", r.code, r.body)
	}
	if r := ta.do("DELETE", "/v1/scenarios/mine", "planner2", nil); r.code != http.StatusForbidden {
		t.Errorf("shared, another scope deletes it: %d %s", r.code, r.body)
	}
	if r := ta.do("DELETE", "/v1/scenarios/base", "planner", nil); r.code != http.StatusForbidden {
		t.Errorf("delete a shipped one: %d %s", r.code, r.body)
	}
	if r := ta.do("DELETE", "/v1/scenarios/mine", "planner", nil); r.code != http.StatusNoContent {
		t.Errorf("delete: %d %s", r.code, r.body)
	}
	if r := ta.do("GET", "/v1/scenarios/mine", "planner", nil); r.code != http.StatusNotFound {
		t.Errorf("after delete: %d %s", r.code, r.body)
	}
}

// TestAPIScenarioLeverNames: a lever naming a role, service or pipeline
// the default dataset lacks, or a malformed region, is a 400 at creation
// rather than a failed job.
func TestAPIScenarioLeverNames(t *testing.T) {
	ta := newTestAPI(t, nil)
	for _, lever := range []string{
		"{lever: employment_rate, level: 0.9, roles: [astronaut], start_year: 2026, target_year: 2030}",
		"{lever: employment_rate, level: 0.9, regions: ['../../x'], start_year: 2026, target_year: 2030}",
		"{lever: use_rate, scale: 0.9, services: [space_care], start_year: 2026, target_year: 2030}",
	} {
		r := ta.do("POST", "/v1/scenarios", "planner", strings.NewReader("name: bad\nlevers:\n  - "+lever+"\n"), "Content-Type", "application/yaml")
		if r.code != http.StatusBadRequest {
			t.Errorf("%s: %d %s", lever, r.code, r.body)
			continue
		}
		if d := r.problem(t).Detail; !strings.Contains(d, "lever 1") {
			t.Errorf("%s: %s", lever, d)
		}
	}
}
