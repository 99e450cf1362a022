package matchrun

import (
	"fmt"

	"github.com/caregap/caregap/engine/match"
)

// Option is one place a candidate could be given (see Run.TopK).
type Option struct {
	Opening
	// Cost of the pair to the person, in points.
	Cost   float64 `json:"cost"`
	Chosen bool    `json:"chosen"`
	// ForceCost is how much worse, in points, everyone's placements
	// together get if the person is given this place and everyone else is
	// placed anew at best: 0 for the place given and for equal choices.
	// With Displaces, someone else is left unplaced, and ForceCost is the
	// change in points beyond that (it may be negative).
	ForceCost float64 `json:"force_cost"`
	Displaces bool    `json:"displaces,omitempty"`
}

// Options are a candidate's best places, for the conversation with the
// officer.
type Options struct {
	CandidateID string `json:"candidate_id"`
	Region      string `json:"region"`
	RegionName  string `json:"region_name,omitempty"`
	// Placed: the first option is the place given.
	Placed  bool     `json:"placed"`
	Options []Option `json:"options"`
}

// TopK returns the k best places for candidate c (an index into the
// run's candidates; k ≤ 0: all), best first, with what forcing each
// costs the whole placement (match.TopK: exact, from one search over the
// optimum's residual network). It needs a run solved with a certificate
// (flow or dense); otherwise ErrSolver.
func (r *Run) TopK(c, k int) (*Options, error) {
	if r.Result == nil || r.Result.Cert == nil {
		return nil, fmt.Errorf("the k best places need a solved run with a certificate (solver flow or dense): %w", ErrSolver)
	}
	if c < 0 || c >= len(r.Set.Candidates) {
		return nil, fmt.Errorf("candidate %d of %d: %w", c, len(r.Set.Candidates), match.ErrIndexRange)
	}
	top, err := match.TopK(r.Problem, r.Result, r.Result.Cert, c, k)
	if err != nil {
		return nil, err
	}
	scale := r.Breakdown.Scale
	out := &Options{CandidateID: r.Set.Candidates[c].CandidateID, Region: r.Set.Candidates[c].Region,
		Placed: r.Result.Assign[c] >= 0, Options: []Option{}}
	for _, t := range top {
		ro := r.opening(t.Opening)
		out.Options = append(out.Options, Option{
			Opening:   Opening{OpeningID: ro.OpeningID, Role: ro.Role, WorkplaceID: ro.WorkplaceID, Employer: ro.Employer, Region: ro.Region},
			Cost:      float64(t.Cost) / scale,
			Chosen:    t.Chosen,
			ForceCost: float64(t.DeltaCost) / scale,
			Displaces: t.Displaces,
		})
	}
	return out, nil
}
