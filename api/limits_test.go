package api

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/caregap/caregap/api/store"
	"github.com/caregap/caregap/datasets"
)

// leverYAML returns a scenario of n employment-rate levers, each a small
// change in a year of its own phase: the shape of the scenario that held
// the job worker for 25 CPU-minutes at 10 000 levers (issue 10).
func leverYAML(name string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "name: %s\nlevers:\n", name)
	for i := range n {
		fmt.Fprintf(&b, "  - {lever: employment_rate, start_year: 2026, target_year: %d, change: 0.0001}\n", 2027+i%10)
	}
	return b.String()
}

// TestAPILimitsLevers: a 10 000-lever scenario is refused at creation
// with a 400 that names the limit, and so is a forecast that names one
// stored before the limit was lowered.
func TestAPILimitsLevers(t *testing.T) {
	ta := newTestAPI(t, nil)
	body := leverYAML("many", 10_000)
	start := time.Now()
	r := ta.do("POST", "/v1/scenarios", "planner", strings.NewReader(body), "Content-Type", "application/yaml")
	if r.code != http.StatusBadRequest || !strings.Contains(r.problem(t).Detail, "limit is 1000") {
		t.Fatalf("create: %d %s", r.code, r.body)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("refusing took %v", d)
	}
	// Stored directly, as by a server that had a higher limit.
	if err := ta.store.CreateScenario(context.Background(), store.Scenario{Owner: inScope, Name: "many", Body: body}); err != nil {
		t.Fatal(err)
	}
	r = ta.do("POST", "/v1/forecasts", "planner", strings.NewReader(`{"scenarios":["many"],"to_year":2030}`), "Content-Type", "application/json")
	if r.code != http.StatusBadRequest || !strings.Contains(r.problem(t).Detail, "--max-levers") {
		t.Fatalf("forecast: %d %s", r.code, r.body)
	}
	r = ta.do("POST", "/v1/scenarios", "planner", strings.NewReader(leverYAML("few", 10)), "Content-Type", "application/yaml")
	if r.code != http.StatusCreated {
		t.Fatalf("10 levers: %d %s", r.code, r.body)
	}
}

// TestAPILimitsCounts: regions, years, scenarios and draws over their
// limits answer 400 naming the flag.
func TestAPILimitsCounts(t *testing.T) {
	ta := newTestAPI(t, func(d *Deps) { d.Limits = Limits{Regions: 1, Years: 5, Scenarios: 1, Draws: 10} })
	for _, c := range []struct{ path, body, flag string }{
		{"/v1/forecasts", `{"regions":["1480","1481"]}`, "max-regions"},
		{"/v1/forecasts", `{"scenarios":["base"],"to_year":2040}`, "max-years"},
		{"/v1/forecasts", `{"scenarios":["base","full-time"]}`, "max-scenarios"},
		{"/v1/forecasts", `{"scenarios":["base"],"draws":11}`, "max-draws"},
		{"/v1/populations", `{"regions":["1480","1481"]}`, "max-regions"},
		{"/v1/populations", `{"to":2060}`, "max-years"},
	} {
		who := "planner"
		if strings.Contains(c.body, "1481") {
			who = "admin"
		}
		r := ta.do("POST", c.path, who, strings.NewReader(c.body), "Content-Type", "application/json")
		if r.code != http.StatusBadRequest || !strings.Contains(r.problem(t).Detail, c.flag) {
			t.Errorf("%s %s: %d %s", c.path, c.body, r.code, r.body)
		}
	}
}

// TestAPILimitsUploadRows: an upload of more rows than the limit is
// refused before it is decoded, with 413.
func TestAPILimitsUploadRows(t *testing.T) {
	ta := newTestAPI(t, func(d *Deps) { d.Limits.UploadRows = 10 })
	data := defaultFile(t, "population")
	r := ta.do("PUT", "/v1/datasets/big/files/population", "admin", bytes.NewReader(data), "Content-Type", mediaParquet)
	if r.code != http.StatusRequestEntityTooLarge || !strings.Contains(r.problem(t).Detail, "--max-upload-rows") {
		t.Fatalf("%d %s", r.code, r.body)
	}
	if _, err := datasets.ReadWith[datasets.Population](bytes.NewReader(data), int64(len(data)), "population.parquet", datasets.ReadOptions{MaxRows: 10}); err == nil {
		t.Fatal("ReadWith over MaxRows: no error")
	}
}

// TestAPILimitsJobTime: a job that runs past its budget fails and says
// why.
func TestAPILimitsJobTime(t *testing.T) {
	ta := newTestAPI(t, func(d *Deps) { d.Limits.JobTime = time.Nanosecond })
	j := ta.forecast("planner", `{"scenarios":["base"],"to_year":2030}`)
	if j.Status != store.Failed || !strings.Contains(j.Error, "time budget") {
		t.Fatalf("%s %q", j.Status, j.Error)
	}
}

// TestAPIInFlightPerToken: a token with Limits.InFlight requests being
// served gets 429 with Retry-After; another token and, once one ends,
// the same token are served.
func TestAPIInFlightPerToken(t *testing.T) {
	ta := newTestAPI(t, func(d *Deps) { d.Limits.InFlight = 1 })
	pr, pw := io.Pipe()
	done := make(chan resp, 1)
	go func() { // an upload whose body is slow to come holds the one slot
		done <- ta.do("PUT", "/v1/datasets/slow/files/regions", "admin", pr, "Content-Type", mediaParquet)
	}()
	go func() { _, _ = pw.Write([]byte("PAR1")) }() // the body has begun, the rest is slow
	var r resp
	for range 2000 { // up to 10 s for the upload to take the slot on a busy machine
		select {
		case up := <-done:
			t.Fatalf("the slow upload ended before its body: %d %s", up.code, up.body)
		default:
		}
		if r = ta.do("GET", "/v1/whoami", "admin", nil); r.code == http.StatusTooManyRequests {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if r.code != http.StatusTooManyRequests || r.hdr.Get("Retry-After") == "" || !strings.Contains(r.problem(t).Detail, "--max-in-flight") {
		t.Fatalf("second request of the token: %d %s", r.code, r.body)
	}
	if r := ta.do("GET", "/v1/whoami", "planner", nil); r.code != http.StatusOK {
		t.Errorf("another token: %d", r.code)
	}
	pw.Close()
	<-done
	if r := ta.do("GET", "/v1/whoami", "admin", nil); r.code != http.StatusOK {
		t.Errorf("after the first ended: %d", r.code)
	}
}
