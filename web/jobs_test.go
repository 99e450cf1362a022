package web

import (
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
