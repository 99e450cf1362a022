package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
)

// small is a forecast quick enough for tests: one scenario, no
// decomposition, to 2030.
func small(regions string) string {
	return `{"scenarios":["base"],"regions":[` + regions + `],"to_year":2030,"decomposition":false}`
}

// TestAPIAccessMatrix runs every forecast and dataset route as every
// role against an object in and out of the caller's scope, and checks that
// out of scope answers exactly as a missing object does.
func TestAPIAccessMatrix(t *testing.T) {
	ta := newTestAPI(t, nil)
	in := ta.forecast("admin", small(`"`+inScope+`"`))
	out := ta.forecast("admin", small(`"`+outScope+`"`))
	both := ta.forecast("admin", small(`"`+inScope+`","`+outScope+`"`))
	for _, j := range []jobView{in, out, both} {
		if j.Status != "succeeded" {
			t.Fatalf("job %s: %s %s", j.ID, j.Status, j.Error)
		}
	}
	const missing = "fc_0000000000000000"
	paths := []string{"/v1/forecasts/%s", "/v1/forecasts/%s/results", "/v1/forecasts/%s/comparison"}
	callers := []struct {
		who     string
		visible map[string]bool
		denied  int // status for every forecast route, 0: by scope
	}{
		{"planner", map[string]bool{in.ID: true}, 0},
		{"planner2", map[string]bool{out.ID: true}, 0},
		{"admin", map[string]bool{in.ID: true, out.ID: true, both.ID: true}, 0},
		{"officer", nil, http.StatusForbidden},
		{"", nil, http.StatusUnauthorized},
	}
	for _, c := range callers {
		for _, p := range paths {
			ref := ta.do("GET", strings.Replace(p, "%s", missing, 1), c.who, nil)
			for _, id := range []string{in.ID, out.ID, both.ID} {
				path := strings.Replace(p, "%s", id, 1)
				r := ta.do("GET", path, c.who, nil)
				switch {
				case c.denied != 0:
					if r.code != c.denied {
						t.Errorf("%s GET %s: %d, want %d", c.who, path, r.code, c.denied)
					}
					r.problem(t)
				case c.visible[id]:
					if r.code != http.StatusOK {
						t.Errorf("%s GET %s: %d, want 200: %s", c.who, path, r.code, r.body)
					}
				default:
					// Out of scope: the same answer as the missing id.
					if r.code != http.StatusNotFound || ref.code != http.StatusNotFound {
						t.Errorf("%s GET %s: %d (missing: %d), want 404", c.who, path, r.code, ref.code)
						continue
					}
					a, b := r.problem(t), ref.problem(t)
					a.Instance, b.Instance, a.RequestID, b.RequestID = "", "", "", ""
					a.Detail = strings.ReplaceAll(a.Detail, id, missing)
					if a != b {
						t.Errorf("%s GET %s: %+v differs from the missing object's %+v", c.who, path, a, b)
					}
				}
			}
		}
		// The list shows only visible jobs.
		r := ta.do("GET", "/v1/forecasts", c.who, nil)
		if c.denied != 0 {
			if r.code != c.denied {
				t.Errorf("%s GET /v1/forecasts: %d, want %d", c.who, r.code, c.denied)
			}
			continue
		}
		var list struct{ Items []jobView }
		if err := json.Unmarshal(r.body, &list); err != nil {
			t.Fatal(err)
		}
		if len(list.Items) != len(c.visible) {
			t.Errorf("%s lists %d jobs, want %d", c.who, len(list.Items), len(c.visible))
		}
		for _, j := range list.Items {
			if !c.visible[j.ID] {
				t.Errorf("%s lists job %s outside its scope", c.who, j.ID)
			}
		}
	}

	// A planner's results hold only its region, even unfiltered.
	r := ta.do("GET", "/v1/forecasts/"+in.ID+"/results?limit=10000", "planner", nil)
	if bytes.Contains(r.body, []byte(`"region":"`+outScope+`"`)) {
		t.Errorf("planner results hold region %s", outScope)
	}
	// Starting a run on a region outside the scope answers as for a region
	// the dataset lacks.
	a := ta.do("POST", "/v1/forecasts", "planner", strings.NewReader(small(`"`+outScope+`"`)))
	b := ta.do("POST", "/v1/forecasts", "planner", strings.NewReader(small(`"9999"`)))
	pa, pb := a.problem(t), b.problem(t)
	if a.code != b.code || strings.ReplaceAll(pa.Detail, outScope, "9999") != pb.Detail {
		t.Errorf("out of scope %d %q, missing %d %q", a.code, pa.Detail, b.code, pb.Detail)
	}

	// Datasets: planners see their rows; officers nothing; uploads admin only.
	d := ta.do("GET", "/v1/datasets/default/files/regions", "planner", nil)
	if d.code != http.StatusOK {
		t.Fatalf("download: %d %s", d.code, d.body)
	}
	rows, err := datasets.Read[datasets.Region](bytes.NewReader(d.body), int64(len(d.body)), "regions.parquet")
	if err != nil || len(rows) != 1 || rows[0].Region != inScope {
		t.Errorf("planner download of regions: %v %v, want only %s", rows, err, inScope)
	}
	for _, who := range []string{"officer"} {
		for _, p := range []string{"/v1/datasets", "/v1/datasets/default", "/v1/scenarios"} {
			if r := ta.do("GET", p, who, nil); r.code != http.StatusForbidden {
				t.Errorf("%s GET %s: %d, want 403", who, p, r.code)
			}
		}
	}
	for _, who := range []string{"planner", "officer"} {
		r := ta.do("PUT", "/v1/datasets/x/files/regions", who, bytes.NewReader(d.body))
		if r.code != http.StatusForbidden {
			t.Errorf("%s upload: %d, want 403", who, r.code)
		}
	}
	// Cancelling: a finished job is a conflict, an invisible one not found.
	if r := ta.do("DELETE", "/v1/forecasts/"+in.ID, "planner", nil); r.code != http.StatusConflict {
		t.Errorf("DELETE finished: %d, want 409", r.code)
	}
	if r := ta.do("DELETE", "/v1/forecasts/"+out.ID, "planner", nil); r.code != http.StatusNotFound {
		t.Errorf("DELETE out of scope: %d, want 404", r.code)
	}
}
