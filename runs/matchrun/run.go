package matchrun

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/match"
)

// Solvers are the solver names Solve accepts.
var Solvers = []string{"flow", "dense", "stable"}

// ErrSolver: a solver name that is not one of Solvers.
var ErrSolver = errkind.New(errkind.BadInput, "unknown solver")

// Run is one matching run: its inputs, the problem built from them and,
// after Solve, the placement.
type Run struct {
	Set       *datasets.MatchSet
	Cands     []match.Candidate
	Ops       []match.Opening
	Wps       []match.Workplace
	Problem   *match.Problem
	Breakdown *match.Breakdown
	// Solver names the solver of Result; empty before Solve.
	Solver string
	Result *match.Result
	// Prefs are the ranked lists of the stable solver; nil otherwise.
	Prefs *match.Preferences
	// Verified is Verify's message once Match verified the placement.
	Verified string
	// SolveTime is the wall time of the solver alone in the last
	// SolveContext: no reading, building, verifying or writing.
	SolveTime time.Duration
}

// Build converts m into the engine's inputs (datasets.MatchInputs) and
// builds the problem with rules and weights (zero values: the engine's
// documented defaults). Errors are the *datasets.RowError of a bad date
// or reference, or a *match.ValidationError.
func Build(m *datasets.MatchSet, rules match.Rules, weights match.CostWeights) (*Run, error) {
	r := &Run{Set: m}
	var err error
	r.Cands, r.Ops, r.Wps, err = datasets.MatchInputs(m)
	if err != nil {
		return nil, err
	}
	r.Problem, r.Breakdown, err = match.Build(r.Cands, r.Ops, r.Wps, rules, weights)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Solve places the candidates with solver: "flow" (min-cost flow, most
// placed then least cost, with a dual certificate), "dense" (dense
// assignment; match.ErrBindingSupervisors when supervisor capacity binds)
// or "stable" (candidate-proposing deferred acceptance over the lists of
// StablePreferences). An unknown name gives ErrSolver.
func (r *Run) Solve(solver string) error { return r.SolveContext(context.Background(), solver) }

// Components that each side of a stable matching ranks by: candidates by
// what concerns them, openings by fit to the job.
var (
	candidateSide = []string{"commute_km", "preference_rank", "not_preferred", "wait_days"}
	openingSide   = []string{"experience_gap", "education_gap", "hours_mismatch"}
)

// StablePreferences derives ranked lists from the cost breakdown: a
// candidate ranks its eligible openings by the weighted candidate-side
// components, an opening its eligible candidates by the weighted
// opening-side components; ties by total cost, then index.
func StablePreferences(p *match.Problem, bd *match.Breakdown) *match.Preferences {
	score := func(a int, names []string) float64 {
		var s float64
		for k, v := range bd.Components(a) {
			if slices.Contains(names, bd.Names[k]) {
				s += bd.Weights[k] * float64(v)
			}
		}
		return s
	}
	type entry struct {
		idx   int32
		score float64
		cost  int64
	}
	less := func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.score, b.score), cmp.Compare(a.cost, b.cost), cmp.Compare(a.idx, b.idx))
	}
	n, m := p.NumCandidates(), p.NumOpenings()
	pr := &match.Preferences{Candidate: make([][]int32, n), Opening: make([][]int32, m)}
	byOpening := make([][]entry, m)
	var list []entry
	for c := range n {
		list = list[:0]
		for a := int(p.Start[c]); a < int(p.Start[c+1]); a++ {
			o := p.Opening[a]
			list = append(list, entry{o, score(a, candidateSide), p.Cost[a]})
			byOpening[o] = append(byOpening[o], entry{int32(c), score(a, openingSide), p.Cost[a]})
		}
		slices.SortFunc(list, less)
		pr.Candidate[c] = make([]int32, len(list))
		for i, e := range list {
			pr.Candidate[c][i] = e.idx
		}
	}
	for o, l := range byOpening {
		slices.SortFunc(l, less)
		pr.Opening[o] = make([]int32, len(l))
		for i, e := range l {
			pr.Opening[o][i] = e.idx
		}
	}
	return pr
}

// Verify checks the placement without trusting the solver and says what
// was shown: the optimality certificate (flow, dense) or the absence of
// blocking pairs (stable). It panics before Solve.
func (r *Run) Verify() (string, error) {
	if r.Result == nil {
		panic("matchrun: Verify before Solve")
	}
	if r.Prefs != nil {
		if err := match.Verify(r.Problem, r.Result, nil); err != nil {
			return "", err
		}
		bp, err := match.BlockingPairs(r.Problem, r.Prefs, r.Result.Assign)
		if err != nil {
			return "", err
		}
		if len(bp) > 0 {
			c, o := bp[0].Candidate, bp[0].Opening
			return "", fmt.Errorf("%d blocking pairs, first candidate %s and opening %s", len(bp), r.Cands[c].ID, r.Ops[o].ID)
		}
		return "stable: no blocking pairs (placement feasible, checked independently)", nil
	}
	if r.Result.Cert == nil {
		return "", errors.New("the solver gave no certificate")
	}
	if err := match.Verify(r.Problem, r.Result, r.Result.Cert); err != nil {
		return "", err
	}
	return "optimality verified: most placed, then least cost (dual certificate checked independently)", nil
}

// Assignments returns the placements as rows (datasets.AssignmentRows).
func (r *Run) Assignments() []datasets.Assignment {
	return datasets.AssignmentRows(r.Set, r.Problem, r.Breakdown, r.Result)
}

// Report returns the run's report (datasets.NewMatchReport).
func (r *Run) Report() *datasets.MatchReport {
	return datasets.NewMatchReport(r.Set, r.Cands, r.Problem, r.Breakdown, r.Result, r.Solver)
}

// Subset returns the part of m in regions: the candidates whose
// municipality is listed, the workplaces in a listed municipality and
// their openings. The rows keep their order. Empty regions return m.
func Subset(m *datasets.MatchSet, regions []string) *datasets.MatchSet {
	if len(regions) == 0 {
		return m
	}
	out := &datasets.MatchSet{}
	wps := map[string]bool{}
	for _, w := range m.Workplaces {
		if slices.Contains(regions, w.Region) {
			out.Workplaces = append(out.Workplaces, w)
			wps[w.WorkplaceID] = true
		}
	}
	for _, o := range m.Openings {
		if wps[o.WorkplaceID] {
			out.Openings = append(out.Openings, o)
		}
	}
	for _, c := range m.Candidates {
		if slices.Contains(regions, c.Region) {
			out.Candidates = append(out.Candidates, c)
		}
	}
	return out
}
