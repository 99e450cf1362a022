package web

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/xuri/excelize/v2"
)

// apiGet calls the API as token name, outside the browser: the numbers
// the page shows are checked against it.
func (ts *testServer) apiGet(t *testing.T, name, path string, v any) {
	t.Helper()
	req, _ := http.NewRequest("GET", ts.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+ts.tokens[name])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

// parseSV reads a number as the Swedish page writes it (1 234,5; −12).
func parseSV(t *testing.T, s string) float64 {
	t.Helper()
	s = strings.NewReplacer("\u202f", "", "\u00a0", "", " ", "", ",", ".", "\u2212", "-").Replace(strings.TrimSpace(s))
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("number %q: %v", s, err)
	}
	return v
}

var jobIDRe = regexp.MustCompile(`/ui/forecasts/(fc_[0-9a-f]+)`)

// TestBrowser is a planner's and an officer's session in a real browser:
// sign in, build a scenario with two levers (an error shown inline with
// the command's message, then corrected), run it, see its charts and
// tables, compare it with base, download the spreadsheet and read it
// back, switch to English, run a small goal seek; then an officer runs a matching, sees only
// the candidates of their municipality and one placement explained.
// Every view is checked with axe-core.
func TestBrowser(t *testing.T) {
	ts := newTestServer(t)
	b := newBrowser(t)

	// Sign-in.
	b.do("open", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.ID("token")))
	if lang := eval[string](b, `document.documentElement.lang`); lang != "sv" {
		t.Errorf("<html lang> %q, want sv", lang)
	}
	b.axe("sign-in")
	b.shot("signin")
	// Keyboard: the first Tab reaches the skip link, Enter moves to the
	// main content, and the next Tabs reach the token field.
	b.do("tab", chromedp.KeyEvent(kb.Tab))
	if got := eval[string](b, `document.activeElement.className + ' ' + document.activeElement.textContent`); got != "skip Hoppa till innehållet" {
		t.Errorf("first Tab: %q, want the skip link", got)
	}
	b.do("skip", chromedp.KeyEvent(kb.Enter), chromedp.KeyEvent(kb.Tab))
	if got := eval[string](b, `document.activeElement.id`); got != "token" {
		t.Errorf("Tab after the skip link: focus on %q, want the token field", got)
	}
	b.do("sign in", chromedp.SendKeys(chromedp.ID("token"), ts.tokens["planner"]),
		chromedp.Submit(chromedp.ID("token")), chromedp.WaitVisible(chromedp.ID("munilist")))
	if got := b.text("h1"); got != "Översikt" {
		t.Errorf("home h1 %q", got)
	}
	// The municipality search.
	b.change("#muni-q", "mölnd")
	b.waitText("#munilist caption", "1 av 2")
	if got := b.text("#munilist tbody"); !strings.Contains(got, "Mölndal") || strings.Contains(got, "1480") {
		t.Errorf("search for mölnd: %q", got)
	}
	b.change("#muni-q", "")
	b.waitText("#munilist caption", "2 av 2")
	b.axe("home")
	b.shot("home")
	b.consoleErrors("home")

	// The scenario builder: two levers, the second first out of range.
	b.do("builder", chromedp.Navigate(ts.URL+"/ui/scenarios/new"), chromedp.WaitVisible(chromedp.ID("sc-name")))
	b.change("#sc-name", "heltid-och-nya-yrken")
	b.do("open levers", chromedp.Click(chromedp.CSS("#lv-employment-rate-box summary")), chromedp.Click(chromedp.CSS("#lv-task-shifting-box summary")))
	b.change("#lv-employment-rate-on", "1")
	b.change("#lv-employment-rate-value", "0,95")
	b.change("#lv-task-shifting-on", "1")
	b.change("#lv-task-shifting-from", "assistant_nurse")
	b.change("#lv-task-shifting-to", "service_assistant")
	b.change("#lv-task-shifting-value", "1,5")
	// The message is the command's: what datasets.DecodeScenario says
	// of the same lever in a file.
	_, err := datasets.DecodeScenario(strings.NewReader("name: x\nlevers:\n  - lever: task_shifting\n    from: assistant_nurse\n    to: service_assistant\n    share: 1.5\n    start_year: 2026\n"), "x.yaml")
	if err == nil {
		t.Fatal("a share of 1.5 passes DecodeScenario")
	}
	want := err.Error()[strings.Index(err.Error(), "field share"):]
	b.waitText("#err-task-shifting", want)
	b.waitText("#checks", want)
	b.axe("builder with an error")
	b.change("#lv-task-shifting-value", "0,1")
	b.waitText("#checks", "klarar alla kontroller")
	if got := b.text("#err-task-shifting"); strings.TrimSpace(got) != "" {
		t.Errorf("the lever's message stays after the correction: %q", got)
	}
	b.change("#b-draws", "50")
	b.axe("builder")
	b.shot("builder", "#lv-employment-rate-box")
	b.consoleErrors("builder")

	// Run it: the job's page shows its progress, then the results.
	b.do("run", chromedp.Click(chromedp.CSS(`#builder button[type=submit]:not([formaction])`)),
		chromedp.WaitVisible(chromedp.CSS("#chart-trend[data-drawn]")))
	m := jobIDRe.FindStringSubmatch(b.location())
	if m == nil {
		t.Fatalf("not on a forecast's page: %s", b.location())
	}
	id := m[1]
	b.do("charts", chromedp.WaitVisible(chromedp.CSS("#chart-roles[data-drawn] canvas")), chromedp.WaitVisible(chromedp.CSS("#chart-shortsurplus[data-drawn]")))
	// The roles table's shortage and surplus of all roles in 2040 are
	// the API's comparison, summed over its roles.
	var comp struct {
		Items []compRow `json:"items"`
	}
	ts.apiGet(t, "planner", "/v1/forecasts/"+id+"/comparison?year=2040", &comp)
	var short, surplus, gapA, gapB float64
	for _, c := range comp.Items {
		switch c.Scenario {
		case "heltid-och-nya-yrken":
			short += c.Shortage
			surplus += c.Surplus
			gapB += c.Gap
		case "base":
			gapA += c.Gap
		}
	}
	last := `#chart-roles-box tbody tr:last-child `
	if got := parseSV(t, b.text(last+"td:nth-of-type(3)")); math.Abs(got-short) > 0.5 {
		t.Errorf("shortage of all roles in 2040: page %v, API %v", got, short)
	}
	if got := parseSV(t, b.text(last+"td:nth-of-type(4)")); math.Abs(got-surplus) > 0.5 {
		t.Errorf("surplus of all roles in 2040: page %v, API %v", got, surplus)
	}
	if n := eval[int](b, `document.querySelectorAll('#chart-trend-box tbody tr').length`); n != 2040-2024+1 {
		t.Errorf("the trend table has %d years, want 2024..2040", n)
	}
	if h := b.text("#chart-trend-box thead"); !strings.Contains(h, "p10") || !strings.Contains(h, "p90") {
		t.Errorf("no p10-p90 band in the trend table: %q", h)
	}
	// Each chart downloads as SVG and PNG (the blob the page hands to a
	// download link is caught here).
	eval[chromedp.Void](b, `(() => { window.__blobs = []; const make = URL.createObjectURL; URL.createObjectURL = bl => { window.__blobs.push(bl); return make.call(URL, bl); }; })()`)
	b.do("save", chromedp.Click(chromedp.CSS(`#chart-trend-box [data-save="svg"]`)), chromedp.Click(chromedp.CSS(`#chart-trend-box [data-save="png"]`)))
	saved := eval[[]string](b, `new Promise(res => setTimeout(res, 500)).then(() => Promise.all(window.__blobs.map(async bl => bl.type + ' ' + (await bl.text()).slice(0, 60))))`)
	if len(saved) != 2 || !strings.HasPrefix(saved[0], "image/svg+xml <svg") || !strings.HasPrefix(saved[1], "image/png \x89PNG") && !strings.HasPrefix(saved[1], "image/png �PNG") {
		t.Errorf("the chart's downloads: %q", saved)
	}
	b.axe("results")
	b.shot("results", "#h-results")

	// As % of demand.
	b.do("percent", chromedp.Click(chromedp.ID("q-unit-pct")), chromedp.Click(chromedp.CSS(`#results ~ * button, form.controls button[type=submit]`)))
	b.waitText("#chart-trend-box figcaption", "andel av efterfrågan")
	b.consoleErrors("results")

	// The link that reopens the scenario fills the builder with it.
	b.do("reopen", chromedp.Navigate(ts.URL+"/ui/scenarios/new?from=heltid-och-nya-yrken"), chromedp.WaitVisible(chromedp.ID("sc-name")))
	if v := eval[string](b, `document.getElementById('lv-task-shifting-value').value`); v != "0.1" {
		t.Errorf("reopened task shifting share %q, want 0.1", v)
	}
	if on := eval[bool](b, `document.getElementById('lv-employment-rate-on').checked && !document.getElementById('lv-sick-leave-on').checked`); !on {
		t.Error("the reopened scenario's levers are not the ones it has")
	}

	// The comparison with base and the waterfall of the drivers.
	b.do("compare", chromedp.Navigate(ts.URL+"/ui/forecasts/"+id+"/compare"), chromedp.WaitVisible(chromedp.CSS("#chart-waterfall[data-drawn]")))
	// The waterfall's net gaps are the API's comparison: the drivers
	// sum to the gap.
	wl := `#chart-waterfall-box tbody tr:last-child `
	if got := parseSV(t, b.text(wl+"td:nth-of-type(1)")); math.Abs(got-gapA) > 1 {
		t.Errorf("base's net gap in the waterfall %v, the API's %v", got, gapA)
	}
	if got := parseSV(t, b.text(wl+"td:nth-of-type(2)")); math.Abs(got-gapB) > 1 {
		t.Errorf("the scenario's net gap in the waterfall %v, the API's %v", got, gapB)
	}
	if !strings.Contains(b.text("#chart-waterfall-box tbody"), "Heltid som norm") {
		t.Error("the waterfall names no lever")
	}
	b.axe("compare")
	b.shot("compare", "#chart-waterfall-box")
	b.consoleErrors("compare")

	// The spreadsheet, read back.
	xlsx, status := b.fetch("/ui/forecasts/" + id + "/forecast.xlsx")
	if status != 200 {
		t.Fatalf("spreadsheet: %d %s", status, xlsx)
	}
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatalf("the spreadsheet does not open: %v", err)
	}
	sheets := strings.Join(f.GetSheetList(), "|")
	for _, want := range []string{"Göteborg", "Mölndal"} {
		if !strings.Contains(sheets, want) {
			t.Errorf("no sheet of %s in %s", want, sheets)
		}
	}
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil || len(rows) < 3 {
		t.Fatalf("the first sheet: %v, %d rows", err, len(rows))
	}
	var all strings.Builder
	for _, r := range rows {
		all.WriteString(strings.Join(r, " "))
	}
	if !strings.Contains(all.String(), "Undersköterska") {
		t.Errorf("the summary sheet names no role in Swedish: %.300s", all.String())
	}
	f.Close()
	csv, status := b.fetch("/ui/forecasts/" + id + "/forecast.csv")
	if status != 200 || !strings.HasPrefix(string(csv), "scenario,region,year,role,") {
		t.Errorf("CSV: %d %.80s", status, csv)
	}

	// English.
	b.do("english", chromedp.Click(chromedp.CSS(`a[hreflang="en"]`)), chromedp.WaitVisible(chromedp.CSS(`html[lang="en"]`)))
	if got := b.text("h1"); got != "Compare scenarios" {
		t.Errorf("h1 in English %q", got)
	}
	if !strings.Contains(b.text("#chart-cmp-shortage-box tbody"), "Assistant nurse") {
		t.Error("role names are not in English")
	}
	b.axe("compare in English")
	b.do("swedish", chromedp.Click(chromedp.CSS(`a[hreflang="sv"]`)), chromedp.WaitVisible(chromedp.CSS(`html[lang="sv"]`)))

	// A small goal seek (one municipality, three levers, no cost curve:
	// a second or so): the job's page turns into the plan, whose cost is
	// the API's.
	b.do("goal seek", chromedp.Click(chromedp.CSS(`a[href="/ui/goalseeks/new"]`)), chromedp.WaitVisible(chromedp.ID("gs-max-gap")))
	b.change("#gs-target-year", "2030")
	b.change("#gs-to-year", "2035")
	b.change("#gs-max-gap", "1")
	b.change("#gs-unit-pct", "1")
	for _, l := range []string{"retirement_age", "training_places", "matched_entrants", "task_shifting", "career_transition"} {
		b.change("#gs-lever-"+l, "")
	}
	b.change("#gs-r-1481", "1")
	b.axe("goal seek form")
	b.do("run goal seek", chromedp.Click(chromedp.CSS(`#goalseek button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS("#chart-marginal[data-drawn]")))
	gid := regexp.MustCompile(`gs_[0-9a-f]+`).FindString(b.location())
	var gsum struct {
		CostSEK float64 `json:"cost_sek"`
	}
	ts.apiGet(t, "planner", "/v1/goalseeks/"+gid+"/summary", &gsum)
	if m := regexp.MustCompile(`: ([0-9\x{202f},]+) mnkr`).FindStringSubmatch(b.text("#gs-cost")); m == nil || math.Abs(parseSV(t, m[1])-gsum.CostSEK/1e6) > 0.05 {
		t.Errorf("the plan's cost %q, the API's %v MSEK", b.text("#gs-cost"), gsum.CostSEK/1e6)
	}
	b.axe("goal seek")
	b.shot("goalseek", "#h-plan")
	b.consoleErrors("goal seek")

	// Sign out; an officer of Göteborg signs in.
	b.do("sign out", chromedp.Click(chromedp.CSS(`form[action="/ui/signout"] button`)), chromedp.WaitVisible(chromedp.ID("token")))
	b.do("officer", chromedp.SendKeys(chromedp.ID("token"), ts.tokens["officer"]), chromedp.Submit(chromedp.ID("token")),
		chromedp.WaitVisible(chromedp.ID("solver")))
	if eval[bool](b, `!!document.querySelector('a[href="/ui/scenarios/new"]')`) {
		t.Error("an officer is offered the scenario builder")
	}
	if eval[bool](b, `!!document.querySelector('a[href^="/ui/goalseeks"]')`) {
		t.Error("an officer is offered the goal seek")
	}
	b.do("match", chromedp.Click(chromedp.CSS(`form[action="/ui/matchings"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS("#chart-sex[data-drawn]")))
	cands := eval[[]string](b, `[...document.querySelectorAll('#h-pl ~ .table-wrap tbody th')].map(e => e.textContent.trim())`)
	if len(cands) == 0 {
		t.Fatal("no placements shown")
	}
	for _, c := range cands {
		if !strings.HasPrefix(c, "C1480-") {
			t.Errorf("the officer of 1480 sees candidate %s", c)
		}
	}
	b.axe("matching")
	b.shot("matching", "#h-eq")
	mid := regexp.MustCompile(`mt_[0-9a-f]+`).FindString(b.location())
	// One placement explained; its words are the API's for the person.
	b.do("candidate", chromedp.Click(chromedp.CSS(`#h-pl ~ .table-wrap tbody th a`)), chromedp.WaitVisible(chromedp.CSS(".words")))
	var e struct {
		Words map[string]string `json:"words"`
	}
	ts.apiGet(t, "officer", "/v1/matchings/"+mid+"/candidates/"+cands[0], &e)
	if got := b.text(".words"); got == "" || got != e.Words["sv"] {
		t.Errorf("explanation %q, the API's words in Swedish %q", got, e.Words["sv"])
	}
	b.axe("candidate")
	b.shot("candidate")
	b.consoleErrors("officer")
	// A candidate of Mölndal is not found, as a missing one (the browser
	// logs the 404).
	b.do("other municipality", chromedp.Navigate(ts.URL+"/ui/matchings/"+mid+"/candidate?id=C1481-0001"), chromedp.WaitVisible(chromedp.CSS(".alert")))
	if got := b.text(".alert"); !strings.Contains(got, "not found") {
		t.Errorf("a candidate of another municipality: %q", got)
	}
}

// TestBrowserTraining: a training administrator of Borlänge signs in,
// lands on the training follow-up, sees the progress table and chart and
// their own participants, filters the stalled ones and opens one
// journey. Every view is checked with axe-core.
func TestBrowserTraining(t *testing.T) {
	ts := newTrainingServer(t)
	_, by := trainingPeople(t)
	b := newBrowser(t)
	b.do("open", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.ID("token")))
	b.do("sign in", chromedp.SendKeys(chromedp.ID("token"), ts.tokens["adm_borlange"]),
		chromedp.Submit(chromedp.ID("token")), chromedp.WaitVisible(chromedp.CSS("#chart-progress[data-drawn]")))
	if got := b.text("#chart-progress-box caption"); !strings.Contains(got, "Framsteg per kurs") {
		t.Errorf("progress table caption %q", got)
	}
	if n := eval[int](b, `document.querySelectorAll('#chart-progress-box tbody tr').length`); n < 2 {
		t.Errorf("the progress table has %d rows", n)
	}
	ids := eval[[]string](b, `[...document.querySelectorAll('#tr-people tbody th')].map(e => e.textContent.trim())`)
	for _, id := range ids {
		if _, ok := slices.BinarySearch(by["2081"], id); !ok {
			t.Errorf("Borlänge's administrator sees participant %s", id)
		}
	}
	if len(ids) != len(by["2081"]) {
		t.Errorf("%d participants shown, %d in Borlänge", len(ids), len(by["2081"]))
	}
	b.axe("training")
	b.shot("training")
	b.consoleErrors("training")
	b.do("stalled", chromedp.Click(chromedp.ID("tr-stalled")), chromedp.Click(chromedp.CSS(`#participants form button`)))
	b.waitText("#tr-people caption", "står still")
	b.do("journey", chromedp.Click(chromedp.CSS(`#tr-people tbody th a`)), chromedp.WaitVisible(chromedp.CSS(".facts")))
	b.axe("journey")
	b.consoleErrors("journey")
}

// TestBrowserParticipant: a participant in progress signs in, opens their
// own journey and ticks off the first activity to do; the page confirms
// it and no longer offers it. Both views are checked with axe-core.
func TestBrowserParticipant(t *testing.T) {
	ts := newTrainingServer(t)
	b := newBrowser(t)
	b.do("open", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.ID("token")))
	b.do("sign in", chromedp.SendKeys(chromedp.ID("token"), ts.tokens["participant_active"]),
		chromedp.Submit(chromedp.ID("token")), chromedp.WaitVisible(chromedp.ID("tr-id")))
	b.do("own journey", chromedp.SendKeys(chromedp.ID("tr-id"), ts.active), chromedp.Submit(chromedp.ID("tr-id")),
		chromedp.WaitVisible(chromedp.CSS(".ticks button")))
	b.axe("participant")
	first := b.text(".ticks button")
	b.do("tick", chromedp.Click(chromedp.CSS(".ticks button")), chromedp.WaitVisible(chromedp.CSS(".notice")))
	if got := b.text(".notice"); !strings.HasPrefix(got, "Registrerat:") {
		t.Errorf("after the tick: %q", got)
	}
	if next := eval[[]string](b, `[...document.querySelectorAll('.ticks button')].map(e => e.textContent.trim())`); len(next) > 0 && next[0] == first {
		t.Errorf("%q is still offered after its tick", first)
	}
	b.axe("participant ticked")
	b.shot("participant", "#todo-h")
	b.consoleErrors("participant")
}
