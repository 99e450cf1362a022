package web

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/runs/labels"
	"github.com/caregap/caregap/web/i18n"
)

func testHandler(t *testing.T) *Handler {
	h, err := New(Options{API: nopAPI{}, Default: defaultdata.Load})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

type nopAPI struct{}

func (nopAPI) ServeHTTP(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNotFound) }

// form fills the builder form from values.
func (h *Handler) formOf(vals url.Values) *builderForm {
	r := httptestRequest(vals)
	return h.readBuilderForm(r)
}

func TestBuilderChecksAsTheCommand(t *testing.T) {
	h := testHandler(t)
	v := &view{Lang: labels.SV}
	base := h.baseYear()
	if base < 2020 {
		t.Fatalf("base year %d", base)
	}
	// A share out of range: the message is DecodeScenario's on the same
	// lever written by hand.
	f := h.formOf(url.Values{"name": {"t"}, "extends": {"base"},
		"task_shifting.on": {"1"}, "task_shifting.value": {"1,5"}, "task_shifting.from": {"assistant_nurse"},
		"task_shifting.to": {"service_assistant"}, "task_shifting.start": {"2027"}, "task_shifting.target": {"2030"}})
	if h.check(v, f) != nil {
		t.Fatal("a share of 1.5 passes")
	}
	_, err := datasets.DecodeScenario(strings.NewReader("name: t\nlevers:\n- lever: task_shifting\n  from: assistant_nurse\n  to: service_assistant\n  share: 1.5\n  start_year: 2027\n  target_year: 2030\n"), "mine.yaml")
	want := err.Error()[strings.Index(err.Error(), "scenario \"t\""):]
	l := f.lever("task_shifting")
	if !strings.HasSuffix(l.Error, want) || l.Bad != "share" {
		t.Errorf("message %q on field %q; want one ending %q on share", l.Error, l.Bad, want)
	}

	// A lever in the base year: forecastrun.Prepare's message.
	f = h.formOf(url.Values{"name": {"t"}, "employment_rate.on": {"1"}, "employment_rate.value": {"0.9"},
		"employment_rate.start": {itoa(base)}, "employment_rate.target": {itoa(base + 3)}})
	if h.check(v, f) != nil {
		t.Fatal("a lever starting in the base year passes")
	}
	if e := f.lever("employment_rate").Error; !strings.Contains(e, "is not after the base year") {
		t.Errorf("base-year message %q", e)
	}

	// No lever, and a value that is no number.
	f = h.formOf(url.Values{"name": {"t"}})
	if h.check(v, f) != nil || f.Error != i18n.T(labels.SV, "builder.nolever") {
		t.Errorf("no lever: %q", f.Error)
	}
	f = h.formOf(url.Values{"name": {"t"}, "recruits.on": {"1"}, "recruits.value": {"mycket"}})
	if h.check(v, f) != nil || !strings.Contains(f.lever("recruits").Error, "mycket") {
		t.Errorf("not a number: %q", f.lever("recruits").Error)
	}

	// Two valid levers make a file the command reads back as they were
	// entered.
	f = h.formOf(url.Values{"name": {"t"}, "extends": {"base"},
		"employment_rate.on": {"1"}, "employment_rate.field": {"level"}, "employment_rate.value": {"0,95"},
		"employment_rate.roles": {"assistant_nurse", "care_aide"}, "employment_rate.start": {itoa(base + 1)}, "employment_rate.target": {itoa(base + 5)},
		"employment_rate.profile": {"front-loaded"},
		"matched_entrants.on":     {"1"}, "matched_entrants.value": {"120"}, "matched_entrants.roles": {"service_assistant"},
		"matched_entrants.distribute": {"per_region"}, "matched_entrants.retention_1y": {"0,7"},
		"matched_entrants.start": {itoa(base + 2)}, "matched_entrants.target": {itoa(base + 2)}, "matched_entrants.regions": {"1480"}})
	body := h.check(v, f)
	if body == nil {
		for _, l := range f.Levers {
			if l.Error != "" {
				t.Errorf("%s: %s", l.Kind, l.Error)
			}
		}
		t.Fatalf("a valid form fails: %s", f.Error)
	}
	sc, err := datasets.DecodeScenario(bytes.NewReader(body), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Levers) != 2 || sc.Extends[0] != "base" {
		t.Fatalf("read back %+v", sc)
	}
	e, m := sc.Levers[0], sc.Levers[1]
	if e.Kind != "employment_rate" || *e.Level != 0.95 || len(e.Roles) != 2 || e.Profile != "front-loaded" || e.StartYear != base+1 {
		t.Errorf("employment rate read back %+v", e)
	}
	if m.Kind != "matched_entrants" || *m.PerYear != 120 || m.Distribute != "per_region" || *m.Retention1 != 0.7 || m.Regions[0] != "1480" {
		t.Errorf("matched entrants read back %+v", m)
	}
	// Reopened, the form holds the same levers.
	g := h.newBuilderForm()
	g.fill(sc.Levers)
	if l := g.lever("employment_rate"); !l.On || l.Value != "0.95" || l.Profile != "front-loaded" {
		t.Errorf("reopened %+v", l)
	}
	if nextName("plan") != "plan-2" || nextName("plan-2") != "plan-3" {
		t.Error("nextName")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func httptestRequest(vals url.Values) *http.Request {
	r := httptest.NewRequest("POST", "/ui/scenarios/validate", strings.NewReader(vals.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	_ = r.ParseForm()
	return r
}

// The builder has a control for every lever of the lever table, and
// takes the fields the engine's rules allow.
func TestBuilderHasEveryLever(t *testing.T) {
	for _, k := range scenario.Kinds {
		sp, ok := leverSpecs[k]
		if !ok || len(sp.Values) == 0 {
			t.Errorf("lever %s has no control in the builder", k)
		}
		if labels.Lever(labels.SV, string(k)) == "" || !i18n.Has("lever.desc."+string(k)) {
			t.Errorf("lever %s has no name or description", k)
		}
	}
}
