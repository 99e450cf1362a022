package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/caregap/caregap/api/store"
)

// TestAPICancelHeavyForecast: a forecast of a 1 000-lever scenario (the
// limit) answers DELETE with "cancelling" or "cancelled" and ends
// cancelled within a second of it; its run directory is gone.
func TestAPICancelHeavyForecast(t *testing.T) {
	if testing.Short() {
		t.Skip("heavy forecast")
	}
	ta := newTestAPI(t, nil)
	if r := ta.do("POST", "/v1/scenarios", "planner", strings.NewReader(leverYAML("heavy", 1000)), "Content-Type", "application/yaml"); r.code != http.StatusCreated {
		t.Fatalf("create: %d %s", r.code, r.body)
	}
	r := ta.do("POST", "/v1/forecasts", "planner", strings.NewReader(`{"scenarios":["base","heavy"],"to_year":2040,"draws":200}`), "Content-Type", "application/json")
	if r.code != http.StatusAccepted {
		t.Fatalf("forecast: %d %s", r.code, r.body)
	}
	var j jobView
	_ = json.Unmarshal(r.body, &j)
	for deadline := time.Now().Add(10 * time.Second); ; {
		got, err := ta.store.Job(context.Background(), j.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status == store.Running {
			break
		}
		if got.Status != store.Queued || time.Now().After(deadline) {
			t.Fatalf("job %s before DELETE, want running", got.Status)
		}
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // well inside the work
	start := time.Now()
	r = ta.do("DELETE", "/v1/forecasts/"+j.ID, "planner", nil)
	var v jobView
	_ = json.Unmarshal(r.body, &v)
	if r.code != http.StatusOK || (v.Status != store.Cancelling && v.Status != store.Cancelled) {
		t.Fatalf("DELETE: %d %s", r.code, r.body)
	}
	for {
		got, err := ta.store.Job(context.Background(), j.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Active() {
			if got.Status != store.Cancelled {
				t.Fatalf("ended %s %q, want cancelled", got.Status, got.Error)
			}
			break
		}
		if time.Since(start) > time.Second {
			t.Fatalf("still %s %v after DELETE", got.Status, time.Since(start))
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Logf("cancelled %v after DELETE", time.Since(start))
	if r := ta.do("GET", "/v1/forecasts/"+j.ID, "planner", nil); !strings.Contains(string(r.body), `"status":"cancelled"`) {
		t.Errorf("GET after: %s", r.body)
	}
}
