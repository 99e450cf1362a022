package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/runs/matchrun"
)

// TestAPIMatchOptions: a candidate's best places answer as the run
// computes them, only for a candidate in scope, with k bounded, and not
// for a stable matching.
func TestAPIMatchOptions(t *testing.T) {
	ta := newTestAPI(t, nil)
	j := ta.runJob("/v1/matchings", "admin", matchingBody("flow", inScope, outScope))
	if j.Status != "succeeded" {
		t.Fatalf("%s %s", j.Status, j.Error)
	}
	m, _ := defaultdata.LoadMatch()
	run, err := matchrun.Match(t.Context(), matchrun.Spec{Set: matchrun.Subset(m, []string{inScope, outScope}), Solver: "flow"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for c := range 3 {
		want, err := run.TopK(c, 3)
		if err != nil {
			t.Fatal(err)
		}
		r := ta.do("GET", "/v1/matchings/"+j.ID+"/candidates/"+want.CandidateID+"/options?k=3", "officer", nil)
		var got struct {
			Options struct {
				matchrun.Options
				Words map[string]string `json:"words"`
			} `json:"options"`
		}
		if r.code != http.StatusOK || json.Unmarshal(r.body, &got) != nil {
			t.Fatalf("candidate %s: %d %s", want.CandidateID, r.code, r.body)
		}
		if len(got.Options.Options.Options) != len(want.Options) || got.Options.Words["sv"] == "" || got.Options.Words["en"] == "" {
			t.Fatalf("candidate %s: %+v, want %+v", want.CandidateID, got.Options, want)
		}
		for i, o := range want.Options {
			g := got.Options.Options.Options[i]
			if g.OpeningID != o.OpeningID || g.ForceCost != o.ForceCost || g.Chosen != o.Chosen {
				t.Errorf("candidate %s option %d: %+v, want %+v", want.CandidateID, i, g, o)
			}
		}
	}
	out := candidateOf(t, outScope)
	if r := ta.do("GET", "/v1/matchings/"+j.ID+"/candidates/"+out+"/options", "officer", nil); r.code != http.StatusNotFound {
		t.Errorf("candidate out of scope: %d", r.code)
	}
	in := candidateOf(t, inScope)
	for _, k := range []string{"0", "51", "x"} {
		if r := ta.do("GET", "/v1/matchings/"+j.ID+"/candidates/"+in+"/options?k="+k, "officer", nil); r.code != http.StatusBadRequest {
			t.Errorf("k=%s: %d", k, r.code)
		}
	}
	st := ta.runJob("/v1/matchings", "officer", matchingBody("stable", inScope))
	if r := ta.do("GET", "/v1/matchings/"+st.ID+"/candidates/"+in+"/options", "officer", nil); r.code != http.StatusConflict {
		t.Errorf("stable matching: %d %s", r.code, r.body)
	}
}

// TestAPIRematchAndBalance: both start from a matching whose
// municipalities are all in the caller's scope, run as matching jobs,
// and answer per candidate or group in scope; the re-matching keeps
// everyone with a budget of 0 on an unchanged dataset.
func TestAPIRematchAndBalance(t *testing.T) {
	ta := newTestAPI(t, nil)
	both := ta.runJob("/v1/matchings", "admin", matchingBody("flow", inScope, outScope))
	mine := ta.runJob("/v1/matchings", "officer", matchingBody("flow", inScope))
	if r := ta.do("POST", "/v1/matchings/"+both.ID+"/rematch", "officer", strings.NewReader(`{"max_moves":0}`), "Content-Type", "application/json"); r.code != http.StatusForbidden {
		t.Errorf("rematch of a matching partly out of scope: %d %s", r.code, r.body)
	}
	for _, body := range []string{`{}`, `{"max_moves":1,"move_cost":2}`, `{"max_moves":-1}`, `{"move_cost":-3}`} {
		if r := ta.do("POST", "/v1/matchings/"+mine.ID+"/rematch", "officer", strings.NewReader(body), "Content-Type", "application/json"); r.code != http.StatusBadRequest {
			t.Errorf("rematch %s: %d %s", body, r.code, r.body)
		}
	}
	rm := ta.runJob("/v1/matchings/"+mine.ID+"/rematch", "officer", `{"max_moves":0}`)
	if rm.Status != "succeeded" {
		t.Fatalf("rematch: %s %s", rm.Status, rm.Error)
	}
	r := ta.do("GET", "/v1/matchings/"+rm.ID+"/rematch", "officer", nil)
	var got struct {
		Moved  []matchrun.Move `json:"moved"`
		Totals struct {
			Kept int `json:"kept"`
		} `json:"totals"`
		Verified string `json:"verified"`
	}
	if r.code != http.StatusOK || json.Unmarshal(r.body, &got) != nil {
		t.Fatalf("GET rematch: %d %s", r.code, r.body)
	}
	before := ta.do("GET", "/v1/matchings/"+mine.ID+"/assignments", "officer", nil, "Accept", "application/json")
	after := ta.do("GET", "/v1/matchings/"+rm.ID+"/assignments", "officer", nil, "Accept", "application/json")
	var rb, ra struct {
		Rows []datasets.Assignment `json:"items"`
	}
	_ = json.Unmarshal(before.body, &rb)
	_ = json.Unmarshal(after.body, &ra)
	at := map[string]string{}
	for _, x := range ra.Rows {
		at[x.CandidateID] = x.OpeningID
	}
	for _, x := range rb.Rows {
		if at[x.CandidateID] != x.OpeningID {
			t.Errorf("budget 0: %s moved from %s to %q", x.CandidateID, x.OpeningID, at[x.CandidateID])
		}
	}
	if len(got.Moved) != 0 || got.Totals.Kept != len(rb.Rows) || len(rb.Rows) == 0 || !strings.Contains(got.Verified, "verified") {
		t.Errorf("rematch answer %s (earlier %d placements)", r.body, len(rb.Rows))
	}
	if r := ta.do("GET", "/v1/matchings/"+mine.ID+"/rematch", "officer", nil); r.code != http.StatusNotFound {
		t.Errorf("rematch of a plain matching: %d", r.code)
	}
	// Moves priced at nothing, the places kept: moved perhaps, never unplaced.
	kp := ta.runJob("/v1/matchings/"+mine.ID+"/rematch", "officer", `{"move_cost":0,"keep_placed":true}`)
	if kp.Status != "succeeded" {
		t.Fatalf("rematch keeping places: %s %s", kp.Status, kp.Error)
	}
	var kept struct {
		KeepPlaced bool            `json:"keep_placed"`
		Moved      []matchrun.Move `json:"moved"`
	}
	if r := ta.do("GET", "/v1/matchings/"+kp.ID+"/rematch", "officer", nil); r.code != http.StatusOK || json.Unmarshal(r.body, &kept) != nil || !kept.KeepPlaced {
		t.Fatalf("GET rematch keeping places: %d %s", r.code, r.body)
	}
	for _, m := range kept.Moved {
		if m.To == nil {
			t.Errorf("keep_placed: %s left without a place", m.CandidateID)
		}
	}

	if r := ta.do("POST", "/v1/matchings/"+mine.ID+"/balance", "officer", strings.NewReader(`{"bounds":"age:0-1"}`), "Content-Type", "application/json"); r.code != http.StatusBadRequest {
		t.Errorf("bad bounds: %d %s", r.code, r.body)
	}
	bl := ta.runJob("/v1/matchings/"+both.ID+"/balance", "admin", `{"bounds":"sex:1%-"}`)
	if bl.Status != "succeeded" {
		t.Fatalf("balance: %s %s", bl.Status, bl.Error)
	}
	var gb struct {
		Groups []matchrun.GroupRow `json:"groups"`
		Price  *struct {
			Lost int `json:"placements_lost"`
		} `json:"price_of_fairness"`
	}
	r = ta.do("GET", "/v1/matchings/"+bl.ID+"/balance", "officer", nil)
	if r.code != http.StatusOK || json.Unmarshal(r.body, &gb) != nil {
		t.Fatalf("GET balance: %d %s", r.code, r.body)
	}
	if len(gb.Groups) != 2 || gb.Price != nil {
		t.Errorf("officer of %s sees %+v, price %v", inScope, gb.Groups, gb.Price)
	}
	for _, g := range gb.Groups {
		if g.Region != inScope || g.Placed < g.Min || g.Placed > g.Max {
			t.Errorf("group %+v", g)
		}
	}
	r = ta.do("GET", "/v1/matchings/"+bl.ID+"/balance", "admin", nil)
	if json.Unmarshal(r.body, &gb) != nil || len(gb.Groups) != 4 || gb.Price == nil {
		t.Errorf("admin: %s", r.body)
	}
	failed := ta.runJob("/v1/matchings/"+mine.ID+"/balance", "officer", `{"bounds":"sex:100%-"}`)
	if failed.Status != "failed" || !strings.Contains(failed.Error, "municipality "+inScope) {
		t.Errorf("bounds that cannot be met: %s %s", failed.Status, failed.Error)
	}
}
