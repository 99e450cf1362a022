package matchrun

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Under the flow solver's certificate the chosen opening has reduced cost
// 0 and every other alternative a reduced cost ≥ 0 (beyond the placement
// bonus M when it is marked as costing a placement): the certificate's
// dual feasibility, read back through the explanation.
func TestExplainReducedCosts(t *testing.T) {
	r := defaultRun(t, "flow")
	rec := NewRecord(r, 0)
	for c := range rec.Candidates {
		e := rec.Explain(c)
		if !e.ReducedCosts {
			t.Fatalf("%s: no reduced costs under the flow solver", e.CandidateID)
		}
		if len(e.Alternatives) != e.Eligible {
			t.Fatalf("%s: %d alternatives, %d eligible", e.CandidateID, len(e.Alternatives), e.Eligible)
		}
		chosen := 0
		for _, a := range e.Alternatives {
			if a.ReducedCost == nil {
				t.Fatalf("%s: alternative %s without a reduced cost", e.CandidateID, a.OpeningID)
			}
			red := *a.ReducedCost
			switch {
			case a.Chosen:
				chosen++
				if red != 0 || a.CostsPlacement {
					t.Errorf("%s: chosen %s has reduced cost %v (costs a placement: %v), want 0", e.CandidateID, a.OpeningID, red, a.CostsPlacement)
				}
				if e.Placement == nil || a.Opening != e.Placement.Opening || a.Cost != e.Placement.Cost {
					t.Errorf("%s: chosen %+v, placement %+v", e.CandidateID, a, e.Placement)
				}
			case red < 0:
				t.Errorf("%s: alternative %s has reduced cost %v < 0", e.CandidateID, a.OpeningID, red)
			}
		}
		if placed := e.Status == "placed"; chosen != map[bool]int{true: 1, false: 0}[placed] || placed != (e.Placement != nil) {
			t.Errorf("%s: status %s, %d chosen, placement %v", e.CandidateID, e.Status, chosen, e.Placement)
		}
	}
}

// Without a certificate (solver stable) the alternatives carry no reduced
// cost and come cheapest first.
func TestExplainWithoutCertificate(t *testing.T) {
	r := defaultRun(t, "stable")
	rec := NewRecord(r, 0)
	for c := range rec.Candidates {
		e := rec.Explain(c)
		if e.ReducedCosts {
			t.Fatalf("%s: reduced costs without a certificate", e.CandidateID)
		}
		for i, a := range e.Alternatives {
			if a.ReducedCost != nil || a.CostsPlacement {
				t.Fatalf("%s: alternative %s has a reduced cost", e.CandidateID, a.OpeningID)
			}
			if i > 0 && a.Cost < e.Alternatives[i-1].Cost {
				t.Fatalf("%s: alternatives not by cost: %v after %v", e.CandidateID, a.Cost, e.Alternatives[i-1].Cost)
			}
		}
	}
}

// Run.Explain, on the solved run, says what the record of the run says,
// and adds exact margins, each at least the reduced cost (its lower
// bound) and 0 for the chosen opening.
func TestRunExplainMatchesRecord(t *testing.T) {
	for _, solver := range []string{"flow", "stable"} {
		t.Run(solver, func(t *testing.T) {
			r := defaultRun(t, solver)
			rec := NewRecord(r, 0)
			// The first candidate of each status.
			seen := map[string]bool{}
			for c := range rec.Candidates {
				if st := rec.Candidates[c].Status; !seen[st] {
					seen[st] = true
					got, want := r.Explain(c), rec.Explain(c)
					for i := range got.Alternatives {
						a := &got.Alternatives[i]
						if a.Margin != nil {
							if a.Chosen && *a.Margin != 0 || a.ReducedCost != nil && !a.Displaces && *a.Margin < *a.ReducedCost-1e-9 {
								t.Errorf("candidate %d, %s: margin %g, reduced %v", c, a.OpeningID, *a.Margin, *a.ReducedCost)
							}
						}
						a.Margin, a.Displaces = nil, false
					}
					got.Text, want.Text = "", ""
					if !reflect.DeepEqual(got, want) {
						t.Errorf("candidate %d (%s):\n Run.Explain    %+v\n Record.Explain %+v", c, st, got, want)
					}
				}
			}
			if len(seen) < 3 {
				t.Errorf("statuses %v: the default set should have placed and two kinds of unplaced candidates", seen)
			}
		})
	}
}

// An unplaced candidate's explanation has no placement and says why, in
// words that follow from the reason (and the rule, for no eligible
// opening).
func TestExplainUnplaced(t *testing.T) {
	r := solved(t, smallSet(), "flow")
	for _, tc := range []struct {
		id, status, rule string
		eligible         int
		text             string
	}{
		{"C4", "no_eligible_opening", "language", 0,
			"No opening this round meets all the requirements for you. Most openings were ruled out because they ask for a higher level of Swedish."},
		{"C5", "no_supervisor", "", 3,
			"You qualified for 3 openings, but their workplaces had no supervisor free to take on another person this round."},
	} {
		t.Run(tc.id, func(t *testing.T) {
			e := r.Explain(index(t, r.Set, tc.id))
			if e.Status != tc.status || e.Rule != tc.rule || e.Eligible != tc.eligible || e.Placement != nil {
				t.Errorf("status %q rule %q eligible %d placement %v; want %q %q %d nil", e.Status, e.Rule, e.Eligible, e.Placement, tc.status, tc.rule, tc.eligible)
			}
			if e.Text != tc.text {
				t.Errorf("text\n got %q\nwant %q", e.Text, tc.text)
			}
		})
	}
	// Every unplaced candidate of the default set gets a reason, never
	// the fallback sentence.
	rec := NewRecord(defaultRun(t, "flow"), 1)
	known := []string{"no_eligible_opening", "openings_full", "no_supervisor", "room_left"}
	for c := range rec.Candidates {
		e := rec.Explain(c)
		if e.Status == "placed" {
			continue
		}
		if !slices.Contains(known, e.Status) || e.Text == "You were not placed this round." {
			t.Fatalf("%s: status %q, text %q", e.CandidateID, e.Status, e.Text)
		}
		if (e.Status == "no_eligible_opening") != (e.Rule != "") {
			t.Fatalf("%s: status %q with rule %q", e.CandidateID, e.Status, e.Rule)
		}
	}
}

// The text a placed candidate is given names the role, the workplace
// with its employer and municipality, and the distance. The API serves
// it to people, so its wording is pinned here for the small set.
func TestExplainPlacedText(t *testing.T) {
	for _, solver := range []string{"flow", "stable"} {
		r := solved(t, smallSet(), solver)
		for _, tc := range []struct{ id, text string }{
			// C1 lives 5 km from W1 (3-4-5), lists care_aide first, is
			// available on 1 February and O2 starts on 3 March.
			{"C1", "You are offered a place as care aide at W1 (Göteborg kommun, municipality 1480). It is 5.0 km from your home. " +
				"It starts 30 days after you are available. " +
				"You qualified for 3 openings; this one fits you best once everyone's placements are taken into account."},
			// C3 qualifies for O3 only (the others ask for Swedish level 3
			// or start before C3 is available), so no comparison follows.
			{"C3", "You are offered a place as service assistant at W2 (Private provider A, municipality 1481). " +
				"It is 1.4 km from your home. It starts 17 days after you are available."},
		} {
			t.Run(solver+"/"+tc.id, func(t *testing.T) {
				e := r.Explain(index(t, r.Set, tc.id))
				if e.Text != tc.text {
					t.Errorf("text\n got %q\nwant %q", e.Text, tc.text)
				}
			})
		}
	}
	// Over the default set: role, workplace and distance in every
	// placed candidate's text.
	rec := NewRecord(defaultRun(t, "flow"), 1)
	for c := range rec.Candidates {
		e := rec.Explain(c)
		p := e.Placement
		if p == nil {
			continue
		}
		for _, want := range []string{strings.ReplaceAll(p.Role, "_", " "), p.WorkplaceID, p.Employer, " km from your home"} {
			if !strings.Contains(e.Text, want) {
				t.Fatalf("%s: text %q lacks %q", e.CandidateID, e.Text, want)
			}
		}
	}
}
