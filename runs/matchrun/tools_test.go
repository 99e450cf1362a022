package matchrun

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/match"
	"github.com/caregap/caregap/runs/labels"
)

// toolSolverWords are solverWords (words_test.go) and a few more.
var toolSolverWords = append(append([]string(nil), solverWords...), "solver", "lagrange", "budget")

func checkPlain(t *testing.T, what, s string) {
	t.Helper()
	if strings.TrimSpace(s) == "" {
		t.Errorf("%s: no words", what)
	}
	low := strings.ToLower(s)
	for _, w := range toolSolverWords {
		if strings.Contains(low, w) {
			t.Errorf("%s: says %q: %s", what, w, s)
		}
	}
}

// TestRematchRun: an earlier run's assignments, a changed set (an
// opening closed, new candidates), a budget. The moves are counted anew
// from the placements (a move: placed before where the pair still
// exists, now elsewhere or unplaced), stay within the budget, and each
// person's status and words fit what happened to them.
func TestRematchRun(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 6; seed++ {
		set := randomSet(seed, 40)
		before := solved(t, set, "flow")
		rows := before.Assignments()
		// The change: the fullest opening closes, ten people arrive.
		changed := randomSet(seed, 50)
		changed.Openings = changed.Openings[1:]
		r := solved(t, changed, "flow")
		e, err := EarlierOf(r, rows, "assignments.parquet")
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range []int{0, 2, -1} {
			rr := solved(t, changed, "flow")
			rm, err := rr.Rematch(ctx, e, k, 3)
			if err != nil {
				t.Fatalf("seed %d budget %d: %v", seed, k, err)
			}
			if err := match.Verify(rr.Problem, rr.Result, nil); err != nil {
				t.Fatalf("seed %d budget %d: %v", seed, k, err)
			}
			earlierAt := map[string]string{}
			for _, row := range rows {
				earlierAt[row.CandidateID] = row.OpeningID
			}
			moved := 0
			for c, x := range rr.Set.Candidates {
				was, placedBefore := earlierAt[x.CandidateID]
				now := ""
				if o := rr.Result.Assign[c]; o >= 0 {
					now = rr.Set.Openings[o].OpeningID
				}
				st := rm.Status(c)
				pairExists := false
				if o := e.Opening[c]; o >= 0 {
					pairExists = rr.Problem.ArcOf(c, int(o)) >= 0 && rr.Problem.Positions[o] > 0 &&
						rr.Problem.Capacity[rr.Problem.Workplace[o]] > 0
				}
				want := ""
				switch {
				case placedBefore && pairExists && was == now:
					want = "kept"
				case placedBefore && pairExists:
					want, moved = "moved", moved+1
				case placedBefore:
					want = "displaced"
				case now != "":
					want = "new"
				}
				if st != want {
					t.Fatalf("seed %d budget %d: %s was at %q, now %q: status %q, want %q", seed, k, x.CandidateID, was, now, st, want)
				}
				for _, l := range []labels.Lang{labels.SV, labels.EN} {
					checkPlain(t, fmt.Sprintf("seed %d %s %s", seed, x.CandidateID, st), rm.Words(l, rr, c, nil))
				}
			}
			if moved != len(rm.Moved) || k >= 0 && moved > k {
				t.Fatalf("seed %d budget %d: %d moved, listed %d", seed, k, moved, len(rm.Moved))
			}
			if k >= 0 && rm.Exact && (rm.Placed > rm.FreshPlaced || rm.Placed == rm.FreshPlaced && rm.Cost < rm.FreshCost-1e-9) {
				t.Fatalf("seed %d budget %d: re-matching beats the fresh optimum: %d at %g, %d at %g", seed, k, rm.Placed, rm.Cost, rm.FreshPlaced, rm.FreshCost)
			}
		}
	}
}

func TestEarlierOfTwice(t *testing.T) {
	r := solved(t, smallSet(), "flow")
	rows := []datasets.Assignment{{CandidateID: "C1", OpeningID: "O1"}, {CandidateID: "C1", OpeningID: "O2"}}
	_, err := EarlierOf(r, rows, "prev.parquet")
	var re *datasets.RowError
	if !errors.As(err, &re) || re.Row != 2 || !errors.Is(err, ErrPrevious) {
		t.Errorf("got %v", err)
	}
}

// TestTopKRun: the k best places of each candidate start with the place
// given, the others' force costs agree with the exact margins of
// Explain, and the words name each place.
func TestTopKRun(t *testing.T) {
	r := solved(t, randomSet(7, 40), "flow")
	for c := range r.Set.Candidates {
		op, err := r.TopK(c, 3)
		if err != nil {
			t.Fatal(err)
		}
		e := r.Explain(c)
		if len(op.Options) > 3 || len(op.Options) > e.Eligible {
			t.Fatalf("%s: %d options of %d eligible", op.CandidateID, len(op.Options), e.Eligible)
		}
		if op.Placed != (len(op.Options) > 0 && op.Options[0].Chosen) {
			t.Fatalf("%s: placed %v, options %+v", op.CandidateID, op.Placed, op.Options)
		}
		margin := map[string]float64{}
		for _, a := range e.Alternatives {
			if a.Margin != nil {
				margin[a.OpeningID] = *a.Margin
			}
		}
		for _, o := range op.Options {
			if m, ok := margin[o.OpeningID]; ok && math.Abs(m-o.ForceCost) > 1e-9 {
				t.Errorf("%s at %s: force cost %g, margin %g", op.CandidateID, o.OpeningID, o.ForceCost, m)
			}
		}
		for _, l := range []labels.Lang{labels.SV, labels.EN} {
			s := op.Words(l, nil)
			checkPlain(t, op.CandidateID, s)
			for _, o := range op.Options {
				if !strings.Contains(s, o.WorkplaceID) {
					t.Errorf("%s: words do not name %s: %s", op.CandidateID, o.WorkplaceID, s)
				}
			}
		}
	}
	if _, err := solved(t, smallSet(), "stable").TopK(0, 3); !errors.Is(err, ErrSolver) {
		t.Errorf("stable run: %v", err)
	}
}

func TestParseBalance(t *testing.T) {
	b, err := ParseBalance("sex:0.3-0.7; sex=F@1480:40%-")
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 2 || b[0] != (Bound{Attribute: "sex", MinRate: 0.3, MaxRate: 0.7}) ||
		b[1] != (Bound{Attribute: "sex", Group: "F", Region: "1480", MinRate: 0.4, MaxRate: 1}) {
		t.Errorf("got %+v", b)
	}
	for _, bad := range []string{"", "age:0-1", "sex:0.8-0.2", "sex:0.1-2", "sex 0.1-0.2", "sex:0.1-0.5;birth_region:0-1", "sex:x-"} {
		if _, err := ParseBalance(bad); !errors.Is(err, ErrBalance) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// TestBalanceRun: bounds by sex in each municipality hold when counted
// from the placement, the price of fairness is the difference to the
// run's own optimum, and bounds that cannot be met name the group.
func TestBalanceRun(t *testing.T) {
	ctx := context.Background()
	met := 0
	for seed := uint64(1); seed <= 8; seed++ {
		set := randomSet(seed, 60)
		free := solved(t, set, "flow")
		r := solved(t, set, "flow")
		bounds, _ := ParseBalance("sex:0.1-0.3")
		bl, err := r.Balance(ctx, bounds)
		if err != nil {
			var be *match.BoundsError
			if errors.As(err, &be) && strings.Contains(err.Error(), "municipality") {
				continue // cannot be met here; the message names the group
			}
			t.Fatalf("seed %d: %v", seed, err)
		}
		type key struct{ region, sex string }
		size, placed := map[key]int{}, map[key]int{}
		for c, x := range set.Candidates {
			k := key{x.Region, x.Sex}
			size[k]++
			if r.Result.Assign[c] >= 0 {
				placed[k]++
			}
		}
		for k, n := range size {
			lo, hi := int(math.Ceil(0.1*float64(n)-1e-9)), int(math.Floor(0.3*float64(n)+1e-9))
			if placed[k] < lo || placed[k] > hi {
				t.Errorf("seed %d: %v: %d of %d placed, bounds [%d, %d]", seed, k, placed[k], n, lo, hi)
			}
		}
		if bl.LostPlacements != free.Result.Placed-r.Result.Placed || bl.FreshPlaced != free.Result.Placed {
			t.Errorf("seed %d: price %d placements; free %d, balanced %d", seed, bl.LostPlacements, free.Result.Placed, r.Result.Placed)
		}
		for _, l := range []labels.Lang{labels.SV, labels.EN} {
			checkPlain(t, fmt.Sprintf("seed %d balance", seed), bl.Words(l, nil))
		}
		met++
		if bl.LostPlacements > 0 {
			t.Logf("seed %d: the bounds cost %d placements", seed, bl.LostPlacements)
		}
	}
	if met == 0 {
		t.Error("the bounds could be met in no instance")
	}
	r := solved(t, smallSet(), "flow")
	bounds, _ := ParseBalance("sex:1-1")
	if _, err := r.Balance(ctx, bounds); !errors.Is(err, match.ErrInfeasible) || !strings.Contains(err.Error(), "municipality") {
		t.Errorf("everyone placed: %v", err)
	}
}
