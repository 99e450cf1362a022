package web

import (
	"bytes"
	"encoding/json"
	"html"
	"io"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/caregap/caregap/runs/goalseekrun"
	"github.com/caregap/caregap/web/i18n"
)

// apiPost posts a JSON body to the API as token name and returns the
// status and the body.
func (ts *testServer) apiPost(t *testing.T, name, path, body string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("POST", ts.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+ts.tokens[name])
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// smallGoalSeek is a goal seek that ends in a few seconds: one
// municipality, three levers, no cost curve.
var smallGoalSeek = url.Values{"target_year": {"2030"}, "to_year": {"2035"}, "max_gap": {"1"}, "gap_unit": {"pct"},
	"lever": {"employment_rate", "sick_leave", "recruits"}, "region": {"1481"}}

// waitJob polls a job's status fragment until it sends the browser to
// the job's page.
func waitJob(t *testing.T, c *client, page string) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); ; {
		code, hdr, body := c.do("GET", page+"/status", nil, map[string]string{"HX-Request": "true"})
		if code != 200 || !strings.Contains(body, `role="status"`) {
			t.Fatalf("status fragment: %d %s", code, body)
		}
		if hdr.Get("HX-Redirect") == page {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the job did not end in 60 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// A planner's goal seek: the API's message about a field is shown by the
// field; a small goal seek runs as the API's job and its page shows the
// plan with the API's numbers; the plan downloads as the API's scenario
// file and runs as a forecast.
func TestGoalSeekPages(t *testing.T) {
	ts := newTestServer(t)
	c := ts.client(t)
	c.signIn("planner")
	code, _, body := c.do("GET", "/ui/goalseeks/new", nil, nil)
	if code != 200 || !strings.Contains(body, `href="/ui/goalseeks/new" aria-current="page"`) || !strings.Contains(body, `name="target_year"`) {
		t.Fatalf("form: %d %.300s", code, body)
	}

	// A gap of 150 % of demand: the API refuses it, and its message is
	// shown by the gap field, which is marked invalid.
	status, apiBody := ts.apiPost(t, "planner", "/v1/goalseeks", `{"target_year":2030,"max_gap_pct":150,"regions":["1481"],"cost_curve":false}`)
	var problem struct{ Detail string }
	_ = json.Unmarshal(apiBody, &problem)
	if status < 400 || problem.Detail == "" {
		t.Fatalf("the API takes a gap of 150 %%: %d %s", status, apiBody)
	}
	bad := cloneValues(smallGoalSeek)
	bad.Set("csrf", c.csrf)
	bad.Set("max_gap", "150")
	code, _, body = c.do("POST", "/ui/goalseeks", bad, nil)
	m := regexp.MustCompile(`id="gs-gap-err">([^<]*)<`).FindStringSubmatch(body)
	if code != status || m == nil || html.UnescapeString(m[1]) != problem.Detail {
		t.Errorf("a gap of 150 %%: %d, by the field %q, the API's %d %q", code, m, status, problem.Detail)
	}
	if !strings.Contains(body, `id="gs-max-gap" name="max_gap" value="150" size="8" aria-describedby="gs-gap-err" aria-invalid="true"`) {
		t.Error("the gap field is not marked invalid or lost its value")
	}
	if !strings.Contains(body, `id="gs-r-1481" name="region" value="1481" checked`) || strings.Contains(body, `id="gs-lever-task_shifting" name="lever" value="task_shifting" checked`) {
		t.Error("the refused form lost the municipality or the levers chosen")
	}

	// The small goal seek.
	ok := cloneValues(smallGoalSeek)
	ok.Set("csrf", c.csrf)
	code, hdr, body := c.do("POST", "/ui/goalseeks", ok, nil)
	page := hdr.Get("Location")
	id := regexp.MustCompile(`gs_[0-9a-f]+`).FindString(page)
	if code != http.StatusSeeOther || id == "" {
		t.Fatalf("start: %d %q %.300s", code, page, body)
	}
	start := time.Now()
	waitJob(t, c, page)
	t.Logf("the goal seek took %v", time.Since(start))
	var sum goalseekrun.Summary
	ts.apiGet(t, "planner", "/v1/goalseeks/"+id+"/summary", &sum)
	_, _, body = c.do("GET", page, nil, nil)
	cost := regexp.MustCompile(`id="gs-cost">[^0-9]*([0-9][0-9\x{202f},]*) mnkr`).FindStringSubmatch(body)
	if cost == nil {
		t.Fatalf("no cost on the plan's page: %.2000s", body)
	}
	if got := parseSV(t, cost[1]); math.Abs(got-sum.CostSEK/1e6) > 0.05 {
		t.Errorf("cost on the page %v MSEK, the API's %v", got, sum.CostSEK/1e6)
	}
	if sum.Feasible != strings.Contains(body, `id="gs-met"`) {
		t.Errorf("feasible %v, the page says met: %v", sum.Feasible, !sum.Feasible)
	}
	text := html.UnescapeString(body)
	for _, l := range sum.Levers {
		if unit := i18n.T("sv", "gs.unit."+l.Lever); !strings.Contains(text, unit) {
			t.Errorf("the levers table has no unit of %s", l.Lever)
		}
	}
	for _, want := range []string{`id="chart-marginal"`, `id="chart-marginal-data"`, "Undersköterska", "Kostnadskurvan beräknades inte", "Mölndal (1481)"} {
		if !strings.Contains(body, want) {
			t.Errorf("the plan's page has no %q", want)
		}
	}

	// The plan downloads as the API's scenario file.
	req, _ := http.NewRequest("GET", ts.URL+"/v1/goalseeks/"+id+"/scenario", nil)
	req.Header.Set("Authorization", "Bearer "+ts.tokens["planner"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	code, hdr, body = c.do("GET", page+"/plan.yaml", nil, nil)
	if code != 200 || !bytes.Equal([]byte(body), want) || !strings.Contains(hdr.Get("Content-Disposition"), planName(id)+".yaml") {
		t.Errorf("plan.yaml: %d %q, %d bytes, the API's %d", code, hdr.Get("Content-Disposition"), len(body), len(want))
	}

	// It runs as a forecast beside base, saved under its own name.
	code, hdr, _ = c.do("POST", page+"/plan", url.Values{"csrf": {c.csrf}, "then": {"forecast"}}, nil)
	if fc := hdr.Get("Location"); code != http.StatusSeeOther || !strings.HasPrefix(fc, "/ui/forecasts/fc_") {
		t.Fatalf("run the plan: %d %q", code, fc)
	}
	var sc struct {
		Name    string            `json:"name"`
		Levers  []json.RawMessage `json:"levers"`
		Extends []string          `json:"extends"`
	}
	ts.apiGet(t, "planner", "/v1/scenarios/"+planName(id), &sc)
	if sc.Name != planName(id) || len(sc.Levers) == 0 {
		t.Errorf("the saved plan: %+v", sc)
	}
	// Opened in the builder (saved already: the same scenario).
	code, hdr, _ = c.do("POST", page+"/plan", url.Values{"csrf": {c.csrf}, "then": {"builder"}}, nil)
	to := hdr.Get("Location")
	if code != http.StatusSeeOther || to != "/ui/scenarios/new?from="+planName(id) {
		t.Fatalf("open the plan: %d %q", code, to)
	}
	if code, _, body = c.do("GET", to, nil, nil); code != 200 || !strings.Contains(body, `id="lv-employment-rate-on" name="employment_rate.on" value="1" checked`) {
		t.Errorf("the builder with the plan: %d, employment rate not on", code)
	}
}

// An officer has no goal seek: no link, and its views are not found.
func TestGoalSeekNotForOfficers(t *testing.T) {
	ts := newTestServer(t)
	c := ts.client(t)
	c.signIn("officer")
	_, _, body := c.do("GET", "/", nil, nil)
	if strings.Contains(body, "/ui/goalseeks") {
		t.Error("an officer's page links to the goal seek")
	}
	for _, r := range []struct{ method, path string }{{"GET", "/ui/goalseeks/new"}, {"POST", "/ui/goalseeks"}, {"GET", "/ui/goalseeks/gs_0123456789abcdef"}} {
		var form url.Values
		if r.method == "POST" {
			form = cloneValues(smallGoalSeek)
			form.Set("csrf", c.csrf)
		}
		if code, _, _ := c.do(r.method, r.path, form, nil); code != http.StatusNotFound && code != http.StatusForbidden {
			t.Errorf("%s %s as an officer: %d", r.method, r.path, code)
		}
	}
}

// Every lever a goal seek may use has a unit in the catalogue.
func TestGoalSeekLeverUnits(t *testing.T) {
	for _, k := range goalseekrun.DefaultLevers {
		if !i18n.Has("gs.unit." + string(k)) {
			t.Errorf("no unit of lever %s", k)
		}
	}
}

// A target the limits do not allow is said in words, with the API's
// smallest gaps; the cost curve's table is the API's curve.
func TestGoalSeekUnreachableAndCurve(t *testing.T) {
	ts := newTestServer(t)
	c := ts.client(t)
	c.signIn("planner")
	// One lever for two roles, no shortage allowed: the employment rate
	// alone cannot close Mölndal's gaps (its limit is reached).
	f := url.Values{"csrf": {c.csrf}, "target_year": {"2030"}, "to_year": {"2035"}, "max_gap": {"0"}, "gap_unit": {"fte"},
		"lever": {"employment_rate"}, "role": {"nurse", "assistant_nurse"}, "region": {"1481"}, "cost_curve": {"1"}}
	_, hdr, body := c.do("POST", "/ui/goalseeks", f, nil)
	page := hdr.Get("Location")
	id := regexp.MustCompile(`gs_[0-9a-f]+`).FindString(page)
	if id == "" {
		t.Fatalf("start: %.300s", body)
	}
	waitJob(t, c, page)
	var sum goalseekrun.Summary
	ts.apiGet(t, "planner", "/v1/goalseeks/"+id+"/summary", &sum)
	if sum.Feasible || len(sum.Unreachable) == 0 || len(sum.Curve) == 0 {
		t.Fatalf("the case is not what it should test: feasible %v, %d unreachable, %d curve points", sum.Feasible, len(sum.Unreachable), len(sum.Curve))
	}
	_, _, body = c.do("GET", page, nil, nil)
	text := html.UnescapeString(body)
	if strings.Contains(text, `id="gs-met"`) || !strings.Contains(text, "Några mål kan inte nås") {
		t.Error("the page does not say that some targets are not met")
	}
	// The first year of each role's unreachable targets, as the API
	// lists them.
	first := map[string]goalseekrun.Unreachable{}
	for _, u := range sum.Unreachable {
		if f, ok := first[u.Role]; !ok || u.Year < f.Year {
			first[u.Role] = u
		}
	}
	for role, u := range first {
		name := map[string]string{"nurse": "Sjuksköterska", "assistant_nurse": "Undersköterska"}[role]
		re := regexp.MustCompile(name + ` i Mölndal \(1481\) år ` + strconv.Itoa(u.Year) + `–[0-9]+: underskottet kan inte bli mindre än ([0-9\x{202f},]+) årsarbetare år ` + strconv.Itoa(u.Year))
		m := re.FindStringSubmatch(text)
		if m == nil {
			t.Errorf("no sentence of %s from %d", role, u.Year)
			continue
		}
		if got := parseSV(t, m[1]); math.Abs(got-u.ReachedFTE) > 0.05 {
			t.Errorf("%s %d: smallest gap on the page %v, the API's %v", role, u.Year, got, u.ReachedFTE)
		}
	}
	// The cost curve's table: one row per point, the API's costs.
	rows := regexp.MustCompile(`<tr><th scope="row">([0-9]+)\x{a0}åa</th><td class="num ">([^<]+)</td><td class="num ">([^<]+)</td></tr>`).FindAllStringSubmatch(body, -1)
	if len(rows) != len(sum.Curve) {
		t.Fatalf("the curve's table has %d rows, the API's curve %d points", len(rows), len(sum.Curve))
	}
	for i, r := range rows {
		p := sum.Curve[i]
		if parseSV(t, r[1]) != p.Level || math.Abs(parseSV(t, r[2])-p.CostSEK/1e6) > 0.05 || parseSV(t, r[3]) != float64(p.Unmet) {
			t.Errorf("curve row %d: %q, the API's %+v", i, r[1:], p)
		}
	}
	if !strings.Contains(body, `id="chart-curve-data"`) {
		t.Error("no cost curve chart")
	}
}
