package match

import (
	"fmt"
	"sort"
)

// Reason says why a candidate was not placed.
type Reason int

// Reasons.
const (
	ReasonNone       Reason = iota // placed, not unplaced
	NoEligible                     // no eligible opening at all
	LostToPositions                // every eligible opening is full
	LostToSupervisor               // an eligible opening had room but its workplace had no supervisor
	LostToCost                     // room remained but placing the candidate would cost more (not at a lexicographic optimum)
)

var reasonNames = [...]string{"placed", "no eligible opening", "eligible openings full", "no supervisor", "room left"}

func (r Reason) String() string {
	if r < 0 || int(r) >= len(reasonNames) {
		return fmt.Sprintf("Reason(%d)", int(r))
	}
	return reasonNames[r]
}

// Unplaced is the reason one candidate was not placed.
type Unplaced struct {
	Candidate int
	Reason    Reason
	// Rule is, for NoEligible, the rule that excluded the most openings
	// (from the Breakdown; RuleNone if none was given).
	Rule Rule
}

// Reasons lists every unplaced candidate of r with its reason. bd may be
// nil. At a maximum placement, an unplaced candidate with eligible
// openings always finds them full (positions) or their workplaces full
// (supervisors); LostToCost appears only for non-maximum placements such
// as a stable matching.
func Reasons(p *Problem, bd *Breakdown, r *Result) []Unplaced {
	load, loadW := loads(p, r)
	var out []Unplaced
	for c, o := range r.Assign {
		if o >= 0 {
			continue
		}
		u := Unplaced{Candidate: c, Reason: NoEligible}
		ops, _ := p.Arcs(c)
		if len(ops) == 0 {
			if bd != nil {
				u.Rule = bd.Excluded[c]
			}
			out = append(out, u)
			continue
		}
		u.Reason = LostToPositions
		for _, e := range ops {
			if load[e] >= p.Positions[e] {
				continue
			}
			if loadW[p.Workplace[e]] >= p.Capacity[p.Workplace[e]] {
				u.Reason = LostToSupervisor
			} else {
				u.Reason = LostToCost
				break
			}
		}
		out = append(out, u)
	}
	return out
}

func loads(p *Problem, r *Result) (load, loadW []int32) {
	load = make([]int32, p.NumOpenings())
	loadW = make([]int32, p.NumWorkplaces())
	for _, o := range r.Assign {
		if o >= 0 {
			load[o]++
			loadW[p.Workplace[o]]++
		}
	}
	return load, loadW
}

// GroupRate is the placement rate of one group of candidates.
type GroupRate struct {
	Group      string
	Candidates int
	Placed     int
	Rate       float64 // Placed / Candidates
}

// Report summarises a placement. Group rates are computed from the
// candidates' reporting attributes after solving; they never enter costs.
type Report struct {
	Candidates, Placed int
	// Unplaced candidates by reason, and those with no eligible opening by
	// the rule that excluded most openings.
	ByReason map[Reason]int
	ByRule   map[Rule]int
	// Positions and supervisor capacity offered and used.
	Positions, PositionsFilled int64
	Supervision, Supervised    int64
	OpeningUtilisation         float64 // PositionsFilled / Positions
	SupervisorUtilisation      float64 // Supervised / Supervision
	// Per workplace: placements supervised / capacity (0 if capacity 0).
	WorkplaceUtilisation []float64
	// Placement rates by sex and by birth region, sorted by group.
	BySex, ByBirthRegion []GroupRate
	Cost                 int64
}

// Summarize builds the Report of r. cands must be the candidates p was
// built from (same order); bd may be nil.
func Summarize(p *Problem, bd *Breakdown, r *Result, cands []Candidate) *Report {
	if len(cands) != p.NumCandidates() || len(r.Assign) != p.NumCandidates() {
		panic("match: length mismatch")
	}
	rep := &Report{
		Candidates: len(cands),
		Placed:     r.Placed,
		Cost:       r.Cost,
		ByReason:   map[Reason]int{},
		ByRule:     map[Rule]int{},
	}
	for _, u := range Reasons(p, bd, r) {
		rep.ByReason[u.Reason]++
		if u.Reason == NoEligible {
			rep.ByRule[u.Rule]++
		}
	}
	load, loadW := loads(p, r)
	for o, k := range p.Positions {
		rep.Positions += int64(k)
		rep.PositionsFilled += int64(load[o])
	}
	rep.WorkplaceUtilisation = make([]float64, len(p.Capacity))
	for w, k := range p.Capacity {
		rep.Supervision += int64(k)
		rep.Supervised += int64(loadW[w])
		rep.WorkplaceUtilisation[w] = ratio(int64(loadW[w]), int64(k))
	}
	rep.OpeningUtilisation = ratio(rep.PositionsFilled, rep.Positions)
	rep.SupervisorUtilisation = ratio(rep.Supervised, rep.Supervision)
	rep.BySex = groupRates(r, cands, func(c *Candidate) string { return c.Sex })
	rep.ByBirthRegion = groupRates(r, cands, func(c *Candidate) string { return c.BirthRegion })
	return rep
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func groupRates(r *Result, cands []Candidate, key func(*Candidate) string) []GroupRate {
	idx := map[string]int{}
	var out []GroupRate
	for c := range cands {
		g := key(&cands[c])
		k, ok := idx[g]
		if !ok {
			k = len(out)
			idx[g] = k
			out = append(out, GroupRate{Group: g})
		}
		out[k].Candidates++
		if r.Assign[c] >= 0 {
			out[k].Placed++
		}
	}
	for k := range out {
		out[k].Rate = ratio(int64(out[k].Placed), int64(out[k].Candidates))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Group < out[j].Group })
	return out
}
