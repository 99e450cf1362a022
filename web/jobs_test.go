package web

import (
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// A forecast started from the page runs as the API's job: its page shows
// the status with a progress bar until the job ends, then the status
// fragment sends the browser to the results; a job can be cancelled.
func TestForecastJobPages(t *testing.T) {
	ts := newTestServer(t)
	c := ts.client(t)
	c.signIn("planner")
	code, hdr, body := c.do("POST", "/ui/forecasts", url.Values{"csrf": {c.csrf}, "scenario": {"base", "full-time"},
		"region": {"1481"}, "to_year": {"2030"}, "draws": {"0"}}, nil)
	if code != http.StatusSeeOther {
		t.Fatalf("start: %d %s", code, body)
	}
	page := hdr.Get("Location")
	id := regexp.MustCompile(`fc_[0-9a-f]+`).FindString(page)
	if id == "" {
		t.Fatalf("redirected to %q", page)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		code, hdr, body = c.do("GET", page+"/status", nil, map[string]string{"HX-Request": "true"})
		if code != 200 || !strings.Contains(body, `role="status"`) {
			t.Fatalf("status fragment: %d %s", code, body)
		}
		if hdr.Get("HX-Redirect") == page {
			break
		}
		if !strings.Contains(body, "<progress") {
			t.Fatalf("a running job's fragment has no progress bar: %s", body)
		}
		if time.Now().After(deadline) {
			t.Fatal("the job did not end in 30 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	_, _, body = c.do("GET", page, nil, nil)
	if !strings.Contains(body, `id="results"`) || !strings.Contains(body, "Mölndal") && !strings.Contains(body, "1 kommuner") {
		t.Errorf("the finished job's page has no results: %.500s", body)
	}
	// Without script the results form is a plain GET form.
	code, _, body = c.do("GET", page+"?scenario=full-time&unit=pct&role=nurse", nil, nil)
	if code != 200 || !strings.Contains(body, `<option value="nurse" selected>`) || !strings.Contains(body, "andel av efterfrågan") {
		t.Errorf("results by query: %d", code)
	}
	// A finished job cannot be cancelled: the API's 409 and its words.
	code, _, body = c.do("POST", page+"/cancel", url.Values{"csrf": {c.csrf}}, nil)
	if code != http.StatusConflict || !strings.Contains(body, "cannot be cancelled") {
		t.Errorf("cancel a finished job: %d %.300s", code, body)
	}
	// Another planner's scope does not see it.
	var none struct{}
	_ = none
	other := ts.client(t)
	other.signIn("admin")
	if code, _, _ := other.do("GET", page, nil, nil); code != 200 {
		t.Errorf("the admin does not see the job: %d", code)
	}
}

// A group of municipalities is a place of the results: its shortage is
// the sum of its municipalities' shortages, as the API's comparison gives
// them one by one.
func TestResultsOfAGroup(t *testing.T) {
	ts := newTestServer(t)
	c := ts.client(t)
	c.signIn("admin")
	code, hdr, body := c.do("POST", "/ui/forecasts", url.Values{"csrf": {c.csrf}, "scenario": {"base"},
		"region": {"1480", "1481", "2080"}, "to_year": {"2030"}, "draws": {"0"}}, nil)
	if code != http.StatusSeeOther {
		t.Fatalf("start: %d %s", code, body)
	}
	page := hdr.Get("Location")
	id := regexp.MustCompile(`fc_[0-9a-f]+`).FindString(page)
	for deadline := time.Now().Add(30 * time.Second); ; {
		if _, h, _ := c.do("GET", page+"/status", nil, map[string]string{"HX-Request": "true"}); h.Get("HX-Redirect") != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the job did not end")
		}
		time.Sleep(50 * time.Millisecond)
	}
	_, _, body = c.do("GET", page+"?region="+url.QueryEscape("group:Gothenburg region")+"&year=2030", nil, nil)
	if !strings.Contains(body, "Göteborgsregionen (2 kommuner)") {
		t.Fatalf("no group in the place control: %.300s", body)
	}
	m := regexp.MustCompile(`Alla yrken</th><td[^>]*>[^<]*</td><td[^>]*>[^<]*</td><td class="num short">([^<]+)</td>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no all-roles row in the roles table")
	}
	var want float64
	for _, r := range []string{"1480", "1481"} {
		var comp struct {
			Items []compRow `json:"items"`
		}
		ts.apiGet(t, "admin", "/v1/forecasts/"+id+"/comparison?year=2030&region="+r, &comp)
		for _, it := range comp.Items {
			want += it.Shortage
		}
	}
	if got := parseSV(t, m[1]); math.Abs(got-want) > 0.5 {
		t.Errorf("the group's shortage %v, its municipalities' %v", got, want)
	}
}
