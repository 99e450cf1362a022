package matchrun

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/caregap/caregap/engine/match"
)

// TestRematchKeepPlaced: with match.KeepPlaced nobody placed before whose
// place still exists is left without one, whatever the budget; when the
// supervisors' room shrinks below what the earlier placement used, the
// error names the people who cannot keep a place.
func TestRematchKeepPlaced(t *testing.T) {
	ctx := context.Background()
	refused := 0
	for seed := uint64(1); seed <= 6; seed++ {
		set := randomSet(seed, 40)
		rows := solved(t, set, "flow").Assignments()
		changed := randomSet(seed, 50) // ten people arrive
		r := solved(t, changed, "flow")
		e, err := EarlierOf(r, rows, "assignments.parquet")
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range []int{0, 2, -1} {
			rr := solved(t, changed, "flow")
			rm, err := rr.Rematch(ctx, e, k, 3, match.KeepPlaced())
			if err != nil {
				t.Fatalf("seed %d budget %d: %v", seed, k, err)
			}
			if !rm.KeepPlaced {
				t.Errorf("seed %d budget %d: the answer does not say it kept the places", seed, k)
			}
			for _, mv := range rm.Moved {
				if mv.To == nil {
					t.Errorf("seed %d budget %d: %s, placed before, is left without a place", seed, k, mv.CandidateID)
				}
			}
		}

		// Every workplace down to one supervisor: too little room where
		// the earlier placement put two or more.
		less := randomSet(seed, 50)
		for w := range less.Workplaces {
			less.Workplaces[w].SupervisorCapacity = 1
		}
		r = solved(t, less, "flow")
		if e, err = EarlierOf(r, rows, "assignments.parquet"); err != nil {
			t.Fatal(err)
		}
		_, err = r.Rematch(ctx, e, -1, 3, match.KeepPlaced())
		if err == nil {
			continue // the earlier placement had at most one there
		}
		refused++
		if !errors.Is(err, match.ErrInfeasible) || !strings.Contains(err.Error(), "cannot keep a place") || !strings.Contains(err.Error(), "C") {
			t.Errorf("seed %d: too little room: %v", seed, err)
		}
	}
	if refused == 0 {
		t.Error("no seed left too little room: the refusal is untested")
	}
}
