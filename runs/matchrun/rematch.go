package matchrun

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/match"
)

// ErrPrevious: earlier assignments that cannot be read as a placement
// (a candidate placed twice).
var ErrPrevious = errkind.New(errkind.BadInput, "bad earlier assignments")

// Earlier is an earlier run's placement mapped onto a run's candidates.
type Earlier struct {
	// Opening per candidate of the run: the opening held before, −1 if
	// not placed before, new, or placed at an opening the run no longer
	// has (then listed in Closed).
	Opening []int32
	Closed  []int // candidates whose earlier opening is no longer offered
	Gone    int   // rows of candidates no longer in the run
	Rows    int
}

// EarlierOf maps rows of an earlier assignments file (file names it in
// errors) onto run r by candidate and opening id. A candidate placed
// twice is a *datasets.RowError wrapping ErrPrevious.
func EarlierOf(r *Run, rows []datasets.Assignment, file string) (*Earlier, error) {
	cand := map[string]int{}
	for c, x := range r.Set.Candidates {
		cand[x.CandidateID] = c
	}
	open := map[string]int{}
	for o, x := range r.Set.Openings {
		open[x.OpeningID] = o
	}
	e := &Earlier{Opening: make([]int32, len(r.Set.Candidates)), Rows: len(rows)}
	for c := range e.Opening {
		e.Opening[c] = -1
	}
	seen := map[string]int{}
	for i, row := range rows {
		if j, ok := seen[row.CandidateID]; ok {
			return nil, &datasets.RowError{File: file, Row: i + 1, Column: "candidate_id",
				Err: fmt.Errorf("%w: %s placed twice (also row %d)", ErrPrevious, row.CandidateID, j+1)}
		}
		seen[row.CandidateID] = i
		c, ok := cand[row.CandidateID]
		if !ok {
			e.Gone++
			continue
		}
		if o, ok := open[row.OpeningID]; ok {
			e.Opening[c] = int32(o)
		} else {
			e.Closed = append(e.Closed, c)
		}
	}
	return e, nil
}

// Move is one person whose placement changed: From the earlier opening
// (nil if it is no longer offered), To the new one (nil: unplaced now).
type Move struct {
	CandidateID string         `json:"candidate_id"`
	From        *RecordOpening `json:"from,omitempty"`
	To          *RecordOpening `json:"to,omitempty"`
}

// Rematched is a re-matching of a run against an earlier placement.
type Rematched struct {
	// MaxMoves is the budget (−1: none, MoveCost applies).
	MaxMoves int `json:"max_moves"`
	// KeepPlaced: nobody placed before whose place still exists was left
	// without one (match.KeepPlaced).
	KeepPlaced bool    `json:"keep_placed"`
	MoveCost   float64 `json:"move_cost,omitempty"`
	// Moved lists the people moved (placed before where they could have
	// stayed, now elsewhere or unplaced); Displaced those whose earlier
	// place is gone (closed, or no longer eligible), who are placed anew
	// and do not count against the budget.
	Moved     []Move  `json:"moved"`
	Displaced []Move  `json:"displaced"`
	Kept      int     `json:"kept"`
	New       int     `json:"newly_placed"` // placed now, not placed before
	Placed    int     `json:"placed"`
	Cost      float64 `json:"cost"`
	// Fresh is the optimum with no regard for the earlier placement:
	// what the budget costs in placements and points.
	FreshPlaced int     `json:"fresh_placed"`
	FreshCost   float64 `json:"fresh_cost"`
	FreshMoves  int     `json:"fresh_moves"`
	// Price is the move price (points per move) at which the answer is
	// optimal with moves priced; Exact: proved optimal for the budget
	// (always for a move cost). Otherwise GapPoints bounds how far from
	// the optimum within the budget it can be (match.RematchBudget).
	Price     float64 `json:"price_per_move"`
	Exact     bool    `json:"exact"`
	GapPoints float64 `json:"gap_points,omitempty"`
	GapPlaces bool    `json:"gap_may_hide_a_placement,omitempty"`
	Verified  string  `json:"verified"`

	status map[int]string // candidate → kept, moved, displaced, new
}

// Rematch re-places run r's candidates against the earlier placement e,
// moving at most maxMoves people (maxMoves ≥ 0) or, with maxMoves < 0,
// paying moveCost points per move, and replaces r.Result by the answer
// (with no dual certificate of its own: VerifyRematch checked it, and
// Verified says so). r must have been solved with the flow solver: its
// optimum is the fresh comparison. With match.KeepPlaced among opts,
// everyone placed before whose place still exists keeps a place; when the
// change leaves too little room for that, the error names them.
func (r *Run) Rematch(ctx context.Context, e *Earlier, maxMoves int, moveCost float64, opts ...match.RematchOption) (*Rematched, error) {
	if r.Result == nil || r.Result.Cert == nil {
		return nil, fmt.Errorf("re-matching needs a solved run with a certificate (solver flow): %w", ErrSolver)
	}
	if maxMoves < 0 && (math.IsNaN(moveCost) || moveCost < 0 || math.IsInf(moveCost, 0)) {
		return nil, fmt.Errorf("move cost %g: %w", moveCost, match.ErrBudget)
	}
	fresh := r.Result
	scale := r.Breakdown.Scale
	var rm *match.Rematch
	var err error
	if maxMoves >= 0 {
		rm, err = match.RematchBudget(ctx, r.Problem, e.Opening, maxMoves, opts...)
	} else {
		rm, err = match.RematchCost(ctx, r.Problem, e.Opening, int64(math.Round(moveCost*scale)), opts...)
	}
	if left := match.Unkept(err); len(left) > 0 {
		ids := make([]string, 0, 5)
		for _, c := range left[:min(5, len(left))] {
			ids = append(ids, r.Set.Candidates[c].CandidateID)
		}
		more := ""
		if len(left) > 5 {
			more = fmt.Sprintf(" and %d more", len(left)-5)
		}
		who := fmt.Sprintf("%d people", len(left))
		if len(left) == 1 {
			who = "1 person"
		}
		return nil, fmt.Errorf("%s placed before cannot keep a place (%s%s): the change leaves too little room for everyone placed before: %w",
			who, strings.Join(ids, ", "), more, match.ErrInfeasible)
	}
	if err != nil {
		return nil, err
	}
	if err := match.VerifyRematch(r.Problem, e.Opening, rm, maxMoves); err != nil {
		return nil, fmt.Errorf("verify re-matching: %w", err)
	}
	out := &Rematched{MaxMoves: maxMoves, KeepPlaced: rm.KeepPlaced, Placed: rm.Placed, Cost: float64(rm.Cost) / scale,
		FreshPlaced: fresh.Placed, FreshCost: float64(fresh.Cost) / scale,
		FreshMoves: len(match.CountMoves(r.Problem, e.Opening, fresh.Assign).Moved),
		Price:      float64(rm.PriceNum) / float64(rm.PriceDen) / scale, Exact: rm.Exact,
		status: map[int]string{}}
	if maxMoves < 0 {
		out.MoveCost = moveCost
	}
	if !rm.Exact {
		gap := rm.Objective - rm.Bound
		out.GapPlaces = gap >= rm.M
		out.GapPoints = float64(gap%rm.M) / scale
	}
	at := func(o int32) *RecordOpening {
		if o < 0 {
			return nil
		}
		x := r.opening(int(o))
		return &x
	}
	id := func(c int) string { return r.Set.Candidates[c].CandidateID }
	for _, c := range rm.Moves.Moved {
		out.Moved = append(out.Moved, Move{id(int(c)), at(e.Opening[c]), at(rm.Assign[c])})
		out.status[int(c)] = "moved"
	}
	for _, c := range rm.Moves.Displaced {
		out.Displaced = append(out.Displaced, Move{id(int(c)), at(e.Opening[c]), at(rm.Assign[c])})
		out.status[int(c)] = "displaced"
	}
	for _, c := range e.Closed {
		out.Displaced = append(out.Displaced, Move{id(c), nil, at(rm.Assign[c])})
		out.status[c] = "displaced"
	}
	out.Kept = len(rm.Moves.Movable) - len(rm.Moves.Moved)
	for c, o := range rm.Assign {
		if _, ok := out.status[c]; ok {
			continue
		}
		switch {
		case e.Opening[c] >= 0:
			out.status[c] = "kept"
		case o >= 0:
			out.status[c] = "new"
			out.New++
		}
	}
	kind := "exact within the budget"
	if maxMoves < 0 {
		kind = "exact with moves priced"
	} else if !rm.Exact {
		kind = "within the budget, optimality bounded by the Lagrangian gap"
	}
	out.Verified = fmt.Sprintf("re-matching verified: %s (certificate of the priced problem checked independently)", kind)
	r.Result = rm.Result
	r.Verified = out.Verified
	return out, nil
}

// Status is what happened to candidate c (an index into the run's
// candidates): "kept" (stays where placed before), "moved", "displaced"
// (the earlier place is gone), "new" (placed, not before) or "" (not
// placed, not before).
func (rm *Rematched) Status(c int) string { return rm.status[c] }
