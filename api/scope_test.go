package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
)

// TestDatasetOutOfScopeIsMissing: a dataset with none of a planner's
// municipalities answers every route exactly as a missing one does, and
// is not listed; its own planner sees it.
func TestDatasetOutOfScopeIsMissing(t *testing.T) {
	ta := newTestAPI(t, nil)
	var buf bytes.Buffer
	if err := datasets.EncodeParquet(&buf, []datasets.Region{{Region: outScope, Name: "Elsewhere", Group: "test"}}); err != nil {
		t.Fatal(err)
	}
	if r := ta.do("PUT", "/v1/datasets/other/files/regions", "admin", bytes.NewReader(buf.Bytes()), "Content-Type", mediaParquet); r.code != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.code, r.body)
	}
	same := func(what, a, b string) {
		t.Helper()
		ra, rb := ta.do("GET", a, "planner", nil), ta.do("GET", b, "planner", nil)
		var pa, pb map[string]any
		json.Unmarshal(ra.body, &pa)
		json.Unmarshal(rb.body, &pb)
		if ra.code != http.StatusNotFound || rb.code != ra.code || pa["type"] != pb["type"] || pa["title"] != pb["title"] {
			t.Errorf("%s: out of scope %d %s, missing %d %s", what, ra.code, ra.body, rb.code, rb.body)
		}
	}
	same("describe", "/v1/datasets/other", "/v1/datasets/nosuch")
	same("download", "/v1/datasets/other/files/regions", "/v1/datasets/nosuch/files/regions")
	if r := ta.do("GET", "/v1/datasets", "planner", nil); strings.Contains(string(r.body), `"other"`) {
		t.Errorf("listed to a planner out of its scope: %s", r.body)
	}
	post := func(dataset string) string {
		r := ta.do("POST", "/v1/forecasts", "planner", strings.NewReader(`{"dataset":"`+dataset+`","scenarios":["base"],"to_year":2030}`))
		var pr map[string]any
		json.Unmarshal(r.body, &pr)
		return strconv.Itoa(r.code) + " " + strings.ReplaceAll(fmt.Sprint(pr["type"], pr["detail"]), dataset, "X")
	}
	if a, b := post("other"), post("nosuch"); a != b {
		t.Errorf("forecast on an out-of-scope dataset: %s; on a missing one: %s", a, b)
	}
	if r := ta.do("GET", "/v1/datasets/other", "planner2", nil); r.code != http.StatusOK {
		t.Errorf("its own planner: %d %s", r.code, r.body)
	}
}

// TestMetricsMethodLabel: a made-up method does not become a series.
func TestMetricsMethodLabel(t *testing.T) {
	ta := newTestAPI(t, nil)
	ta.do("FROBNICATE", "/healthz", "", nil)
	r := ta.do("GET", "/metrics", "", nil)
	if strings.Contains(string(r.body), "FROBNICATE") {
		t.Fatal("a client's method name is a metrics label")
	}
}
