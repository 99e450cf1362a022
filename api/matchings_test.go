package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/runs/matchrun"
)

// matchingBody is a matching of the embedded default set over regions.
func matchingBody(solver string, regions ...string) string {
	b, _ := json.Marshal(MatchingRequest{Solver: solver, Regions: regions})
	return string(b)
}

// candidateOf returns the id of the first candidate of region in the
// embedded default matching set (ids are C<region>-<number>).
func candidateOf(t *testing.T, region string) string {
	t.Helper()
	m, err := defaultdata.LoadMatch()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range m.Candidates {
		if c.Region == region {
			return c.CandidateID
		}
	}
	t.Fatalf("no candidate of %s", region)
	return ""
}

// TestAPIMatchingAccessMatrix runs every matching route as every role
// against jobs of the caller's municipality, of another and of both, and
// checks the per-candidate filtering: a job is visible when one of its
// municipalities is in scope, and below it only the candidates in scope
// exist; out of scope answers exactly as missing.
func TestAPIMatchingAccessMatrix(t *testing.T) {
	ta := newTestAPI(t, nil)
	in := ta.runJob("/v1/matchings", "admin", matchingBody("flow", inScope))
	out := ta.runJob("/v1/matchings", "admin", matchingBody("flow", outScope))
	both := ta.runJob("/v1/matchings", "admin", matchingBody("flow", inScope, outScope))
	for _, j := range []jobView{in, out, both} {
		if j.Status != "succeeded" {
			t.Fatalf("job %s: %s %s", j.ID, j.Status, j.Error)
		}
	}
	candIn, candOut := candidateOf(t, inScope), candidateOf(t, outScope)
	const missing = "mt_0000000000000000"
	paths := []string{"/v1/matchings/%s", "/v1/matchings/%s/assignments", "/v1/matchings/%s/report",
		"/v1/matchings/%s/candidates/" + candIn, "/v1/matchings/%s/candidates/" + candOut}
	callers := []struct {
		who     string
		visible map[string]bool // jobs it sees
		cands   map[string]bool // candidates it sees in the jobs that hold them
		denied  int
	}{
		{"officer", map[string]bool{in.ID: true, both.ID: true}, map[string]bool{candIn: true}, 0},
		{"officer2", map[string]bool{out.ID: true, both.ID: true}, map[string]bool{candOut: true}, 0},
		{"admin", map[string]bool{in.ID: true, out.ID: true, both.ID: true}, map[string]bool{candIn: true, candOut: true}, 0},
		{"planner", nil, nil, http.StatusForbidden},
		{"", nil, nil, http.StatusUnauthorized},
	}
	// holds says whether job id ran candidate cand's municipality.
	holds := func(id, path string) bool {
		switch {
		case strings.HasSuffix(path, candIn):
			return id != out.ID
		case strings.HasSuffix(path, candOut):
			return id != in.ID
		}
		return true
	}
	for _, c := range callers {
		for _, p := range paths {
			ref := ta.do("GET", strings.Replace(p, "%s", missing, 1), c.who, nil)
			for _, id := range []string{in.ID, out.ID, both.ID} {
				path := strings.Replace(p, "%s", id, 1)
				r := ta.do("GET", path, c.who, nil)
				cand := path[strings.LastIndex(path, "/")+1:]
				wantOK := c.visible[id] && holds(id, path) && (!strings.Contains(path, "/candidates/") || c.cands[cand])
				switch {
				case c.denied != 0:
					if r.code != c.denied {
						t.Errorf("%s GET %s: %d, want %d", c.who, path, r.code, c.denied)
					}
					r.problem(t)
				case wantOK:
					if r.code != http.StatusOK {
						t.Errorf("%s GET %s: %d, want 200: %s", c.who, path, r.code, r.body)
					}
				case c.visible[id]:
					// A candidate out of scope, or not in the run: the
					// answer of a candidate that does not exist.
					if r.code != http.StatusNotFound {
						t.Errorf("%s GET %s: %d, want 404", c.who, path, r.code)
						continue
					}
					nobody := ta.do("GET", path[:strings.LastIndex(path, "/")+1]+"C0000-0000", c.who, nil)
					a, b := r.problem(t), nobody.problem(t)
					a.Instance, b.Instance, a.RequestID, b.RequestID = "", "", "", ""
					a.Detail = strings.ReplaceAll(a.Detail, cand, "C0000-0000")
					if a != b {
						t.Errorf("%s GET %s: %+v differs from the missing candidate's %+v", c.who, path, a, b)
					}
				default:
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
		r := ta.do("GET", "/v1/matchings", c.who, nil)
		if c.denied != 0 {
			if r.code != c.denied {
				t.Errorf("%s GET /v1/matchings: %d, want %d", c.who, r.code, c.denied)
			}
			if r := ta.do("POST", "/v1/matchings", c.who, strings.NewReader(matchingBody("flow"))); r.code != c.denied {
				t.Errorf("%s POST /v1/matchings: %d, want %d", c.who, r.code, c.denied)
			}
			continue
		}
		var list struct{ Items []jobView }
		if err := json.Unmarshal(r.body, &list); err != nil {
			t.Fatal(err)
		}
		if len(list.Items) != len(c.visible) {
			t.Errorf("%s lists %d matchings, want %d", c.who, len(list.Items), len(c.visible))
		}
		for _, j := range list.Items {
			if !c.visible[j.ID] {
				t.Errorf("%s lists matching %s outside its scope", c.who, j.ID)
			}
		}
	}

	// The officer's view of the two-municipality run: only its candidates,
	// in every format.
	for _, accept := range []string{mediaJSON, mediaCSV, mediaParquet, mediaArrow} {
		r := ta.do("GET", "/v1/matchings/"+both.ID+"/assignments?limit=10000", "officer", nil, "Accept", accept)
		if r.code != http.StatusOK || r.hdr.Get("Content-Type") != accept && !strings.HasPrefix(r.hdr.Get("Content-Type"), accept) {
			t.Errorf("assignments as %s: %d %s", accept, r.code, r.hdr.Get("Content-Type"))
		}
		if accept != mediaArrow && bytes.Contains(r.body, []byte("C"+outScope+"-")) {
			t.Errorf("officer's assignments as %s hold a candidate of %s", accept, outScope)
		}
	}
	r := ta.do("GET", "/v1/matchings/"+both.ID+"/assignments?limit=10000", "officer", nil, "Accept", mediaParquet)
	rows, err := datasets.Read[datasets.Assignment](bytes.NewReader(r.body), int64(len(r.body)), "assignments.parquet")
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Scope  ReportScope
		Report datasets.MatchReport
	}
	rr := ta.do("GET", "/v1/matchings/"+both.ID+"/report", "officer", nil)
	if err := json.Unmarshal(rr.body, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Scope.Complete || len(rep.Scope.Regions) != 1 || rep.Scope.Regions[0] != inScope {
		t.Errorf("officer's report scope %+v, want incomplete over %s", rep.Scope, inScope)
	}
	if rep.Report.Placed != len(rows) || len(rep.Report.ByRegion) != 1 || rep.Report.ByRegion[0].Group != inScope ||
		rep.Report.Placed+rep.Report.Unplaced != rep.Report.Candidates || len(rep.Report.UnplacedCandidates) != rep.Report.Unplaced {
		t.Errorf("officer's report: placed %d, %d assignments; by region %+v", rep.Report.Placed, len(rows), rep.Report.ByRegion)
	}
	for _, w := range rep.Report.WorkplaceUse {
		if w.Region != inScope {
			t.Errorf("officer's report holds workplace %s of %s", w.WorkplaceID, w.Region)
		}
	}
	// Filters: one workplace's placements.
	if len(rows) > 0 {
		r := ta.do("GET", "/v1/matchings/"+both.ID+"/assignments?workplace="+rows[0].WorkplaceID, "officer", nil)
		var pg page
		_ = json.Unmarshal(r.body, &pg)
		if r.code != http.StatusOK || pg.Total == 0 || pg.Total > len(rows) {
			t.Errorf("workplace filter: %d, %d rows", r.code, pg.Total)
		}
	}
	// Starting a run on a municipality outside the scope answers as one the
	// dataset lacks; cancelling a finished run is a conflict, one covering
	// a municipality outside the scope forbidden.
	a := ta.do("POST", "/v1/matchings", "officer", strings.NewReader(matchingBody("flow", outScope)))
	b := ta.do("POST", "/v1/matchings", "officer", strings.NewReader(matchingBody("flow", "9999")))
	pa, pb := a.problem(t), b.problem(t)
	if a.code != http.StatusBadRequest || strings.ReplaceAll(pa.Detail, outScope, "9999") != pb.Detail {
		t.Errorf("out of scope %d %q, missing %d %q", a.code, pa.Detail, b.code, pb.Detail)
	}
	if r := ta.do("DELETE", "/v1/matchings/"+in.ID, "officer", nil); r.code != http.StatusConflict {
		t.Errorf("DELETE finished: %d, want 409", r.code)
	}
	if r := ta.do("DELETE", "/v1/matchings/"+both.ID, "officer", nil); r.code != http.StatusForbidden {
		t.Errorf("DELETE of a run beyond the scope: %d, want 403", r.code)
	}
	if r := ta.do("DELETE", "/v1/matchings/"+out.ID, "officer", nil); r.code != http.StatusNotFound {
		t.Errorf("DELETE out of scope: %d, want 404", r.code)
	}
	// The logs never name a candidate.
	if strings.Contains(ta.logs.String(), candIn) || strings.Contains(ta.logs.String(), "C"+inScope+"-") {
		t.Error("the log names a candidate")
	}
}

// TestAPIMatchingExplain checks one placement against the engine run
// directly: the same opening, cost and alternatives as the command's
// explanation, and a text for the person.
func TestAPIMatchingExplain(t *testing.T) {
	ta := newTestAPI(t, nil)
	for _, solver := range []string{"flow", "stable"} {
		j := ta.runJob("/v1/matchings", "officer", matchingBody(solver))
		if j.Status != "succeeded" {
			t.Fatalf("%s: %s %s", solver, j.Status, j.Error)
		}
		m, _ := defaultdata.LoadMatch()
		run, err := matchrun.Match(t.Context(), matchrun.Spec{Set: matchrun.Subset(m, []string{inScope}), Solver: solver}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []int{0, 1, 2} {
			want := run.Explain(c)
			r := ta.do("GET", "/v1/matchings/"+j.ID+"/candidates/"+want.CandidateID, "officer", nil)
			var got matchrun.Explanation
			if r.code != http.StatusOK || json.Unmarshal(r.body, &got) != nil {
				t.Fatalf("%s candidate %s: %d %s", solver, want.CandidateID, r.code, r.body)
			}
			if got.Status != want.Status || (want.Placement != nil) != (got.Placement != nil) || got.Text == "" || got.Eligible != want.Eligible {
				t.Errorf("%s candidate %s: %+v, want %+v", solver, want.CandidateID, got, want)
			}
			if want.Placement != nil && (got.Placement.OpeningID != want.Placement.OpeningID || got.Placement.Cost != want.Placement.Cost) {
				t.Errorf("%s candidate %s placed at %s (%g), want %s (%g)", solver, want.CandidateID,
					got.Placement.OpeningID, got.Placement.Cost, want.Placement.OpeningID, want.Placement.Cost)
			}
			n := min(len(want.Alternatives), maxAlternatives)
			if len(got.Alternatives) < n || (n > 0 && got.Alternatives[0].OpeningID != want.Alternatives[0].OpeningID) {
				t.Errorf("%s candidate %s: %d alternatives, want at least %d in the same order", solver, want.CandidateID, len(got.Alternatives), n)
			}
			if got.ReducedCosts != (solver == "flow") {
				t.Errorf("%s: reduced_costs %v", solver, got.ReducedCosts)
			}
		}
	}
	if r := ta.do("POST", "/v1/matchings", "officer", strings.NewReader(`{"solver":"greedy"}`)); r.code != http.StatusBadRequest {
		t.Errorf("unknown solver: %d, want 400", r.code)
	}
}

// TestAPIMatchingUpload uploads a matching set as three Parquet files,
// rejects a file under the wrong name and runs a matching on the upload.
func TestAPIMatchingUpload(t *testing.T) {
	ta := newTestAPI(t, nil)
	m, err := defaultdata.LoadMatch()
	if err != nil {
		t.Fatal(err)
	}
	m = matchrun.Subset(m, []string{outScope})
	enc := func(rows any) []byte {
		var buf bytes.Buffer
		switch rows := rows.(type) {
		case []datasets.Candidate:
			err = datasets.EncodeParquet(&buf, rows)
		case []datasets.Opening:
			err = datasets.EncodeParquet(&buf, rows)
		case []datasets.Workplace:
			err = datasets.EncodeParquet(&buf, rows)
		}
		if err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	files := map[string][]byte{"candidates": enc(m.Candidates), "openings": enc(m.Openings), "workplaces": enc(m.Workplaces)}
	if r := ta.do("PUT", "/v1/datasets/m1/files/candidates", "admin", bytes.NewReader(files["openings"])); r.code != http.StatusBadRequest {
		t.Errorf("openings uploaded as candidates: %d, want 400", r.code)
	}
	if r := ta.do("PUT", "/v1/datasets/m1/files/candidates", "officer", bytes.NewReader(files["candidates"])); r.code != http.StatusForbidden {
		t.Errorf("officer upload: %d, want 403", r.code)
	}
	// Before the openings and workplaces exist, a run is a validation error.
	if r := ta.do("PUT", "/v1/datasets/m1/files/candidates", "admin", bytes.NewReader(files["candidates"])); r.code != http.StatusCreated {
		t.Fatalf("upload candidates: %d %s", r.code, r.body)
	}
	if r := ta.do("POST", "/v1/matchings", "officer2", strings.NewReader(`{"dataset":"m1"}`)); r.code != http.StatusBadRequest {
		t.Errorf("incomplete set: %d, want 400: %s", r.code, r.body)
	}
	for _, name := range []string{"openings", "workplaces"} {
		if r := ta.do("PUT", "/v1/datasets/m1/files/"+name, "admin", bytes.NewReader(files[name])); r.code != http.StatusCreated {
			t.Fatalf("upload %s: %d %s", name, r.code, r.body)
		}
	}
	j := ta.runJob("/v1/matchings", "officer2", `{"dataset":"m1"}`)
	if j.Status != "succeeded" || len(j.Regions) != 1 || j.Regions[0] != outScope {
		t.Fatalf("matching on the upload: %+v", j)
	}
	// The officer of the other municipality finds no region of its own.
	if r := ta.do("POST", "/v1/matchings", "officer", strings.NewReader(`{"dataset":"m1"}`)); r.code != http.StatusBadRequest {
		t.Errorf("no region in scope: %d, want 400", r.code)
	}
}
