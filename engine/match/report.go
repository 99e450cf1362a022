package match

import (
	"fmt"
	"slices"
	"strings"
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

// WorkplaceUse is the supervision one workplace offered and used.
type WorkplaceUse struct {
	Workplace   int // index into Facts.Workplaces
	Capacity    int
	Supervised  int     // placements at the workplace's openings
	Utilisation float64 // Supervised / Capacity
}

// Report summarises a placement, over every candidate, opening and
// workplace or over those of some municipalities (Facts.Report). Group
// rates are computed from the candidates' reporting attributes after
// solving; they never enter costs. Every ratio is 0 when its denominator
// is.
type Report struct {
	Candidates, Placed int
	// Unplaced candidates by reason, and those with no eligible opening by
	// the rule that excluded most openings.
	ByReason map[Reason]int
	ByRule   map[Rule]int
	// Unplaced lists the unplaced candidates in candidate order.
	Unplaced []Unplaced
	// Openings and workplaces counted; positions and supervisor capacity
	// offered and used there.
	Openings, Workplaces       int
	Positions, PositionsFilled int64
	Supervision, Supervised    int64
	OpeningUtilisation         float64 // PositionsFilled / Positions
	SupervisorUtilisation      float64 // Supervised / Supervision
	// Use lists the workplaces counted, in workplace order.
	Use []WorkplaceUse
	// Placement rates by sex, by birth region and by the candidate's
	// municipality, each sorted by group.
	BySex, ByBirthRegion, ByRegion []GroupRate
	// Cost is the total cost of the placements of the candidates counted.
	Cost int64
}

// CandidateFacts are what a Report needs of one candidate: its id,
// municipality and reporting attributes, and what became of it.
type CandidateFacts struct {
	ID, Region, Sex, BirthRegion string
	// Opening is the index of the opening placed at, or -1.
	Opening int
	// Cost is the cost of the pair placed, 0 if unplaced.
	Cost int64
	// Reason is ReasonNone if placed; Rule is as in Unplaced.
	Reason Reason
	Rule   Rule
}

// OpeningFacts are an opening's workplace (an index into
// Facts.Workplaces) and positions.
type OpeningFacts struct {
	Workplace, Positions int
}

// WorkplaceFacts are a workplace's id, municipality and supervisor
// capacity.
type WorkplaceFacts struct {
	ID, Region string
	Capacity   int
}

// Facts are the plain facts a Report is computed from, in the order of
// the candidates, openings and workplaces of the Problem. NewFacts takes
// them from a solved problem; a stored run that keeps them can report on
// any municipalities without the problem.
type Facts struct {
	Candidates []CandidateFacts
	Openings   []OpeningFacts
	Workplaces []WorkplaceFacts
}

// NewFacts gathers the facts of placement r of p. cands and wps must be
// what p was built from (same order); bd may be nil (no rules for
// NoEligible, as in Reasons) and so may wps (workplaces without id or
// municipality). It panics if the lengths do not fit.
func NewFacts(p *Problem, bd *Breakdown, r *Result, cands []Candidate, wps []Workplace) *Facts {
	if len(cands) != p.NumCandidates() || len(r.Assign) != p.NumCandidates() ||
		(wps != nil && len(wps) != p.NumWorkplaces()) {
		panic("match: length mismatch")
	}
	f := &Facts{
		Candidates: make([]CandidateFacts, len(cands)),
		Openings:   make([]OpeningFacts, p.NumOpenings()),
		Workplaces: make([]WorkplaceFacts, p.NumWorkplaces()),
	}
	for c := range cands {
		cd := &cands[c]
		cf := CandidateFacts{ID: cd.ID, Region: cd.Region, Sex: cd.Sex, BirthRegion: cd.BirthRegion, Opening: int(r.Assign[c])}
		if o := r.Assign[c]; o >= 0 {
			if a := p.ArcOf(c, int(o)); a >= 0 {
				cf.Cost = p.Cost[a]
			}
		}
		f.Candidates[c] = cf
	}
	for _, u := range Reasons(p, bd, r) {
		f.Candidates[u.Candidate].Reason, f.Candidates[u.Candidate].Rule = u.Reason, u.Rule
	}
	for o := range f.Openings {
		f.Openings[o] = OpeningFacts{Workplace: int(p.Workplace[o]), Positions: int(p.Positions[o])}
	}
	for w := range f.Workplaces {
		f.Workplaces[w].Capacity = int(p.Capacity[w])
		if wps != nil {
			f.Workplaces[w].ID, f.Workplaces[w].Region = wps[w].ID, wps[w].Region
		}
	}
	return f
}

// Report computes the report over the candidates whose municipality in
// reports true, and over the openings and workplaces whose workplace's
// municipality in reports true: counts, reasons, group rates and cost are
// those candidates'; openings, positions, supervision and utilisation
// count every placement at those workplaces, whoever was placed. in ==
// nil counts everything. The counts and the cost of the reports over
// disjoint sets of municipalities sum to those of the report over their
// union. It panics if an opening or workplace index is out of range.
func (f *Facts) Report(in func(region string) bool) *Report {
	if in == nil {
		in = func(string) bool { return true }
	}
	rep := &Report{ByReason: map[Reason]int{}, ByRule: map[Rule]int{}}
	bySex, byBirth, byRegion := groupCounts{}, groupCounts{}, groupCounts{}
	filled := make([]int, len(f.Openings))
	for c := range f.Candidates {
		cf := &f.Candidates[c]
		if cf.Opening >= 0 {
			filled[cf.Opening]++
		}
		if !in(cf.Region) {
			continue
		}
		placed := cf.Opening >= 0
		rep.Candidates++
		bySex.add(cf.Sex, placed)
		byBirth.add(cf.BirthRegion, placed)
		byRegion.add(cf.Region, placed)
		if placed {
			rep.Placed++
			rep.Cost += cf.Cost
			continue
		}
		rep.ByReason[cf.Reason]++
		if cf.Reason == NoEligible {
			rep.ByRule[cf.Rule]++
		}
		rep.Unplaced = append(rep.Unplaced, Unplaced{Candidate: c, Reason: cf.Reason, Rule: cf.Rule})
	}
	supervised := make([]int, len(f.Workplaces))
	for o, of := range f.Openings {
		supervised[of.Workplace] += filled[o]
		if in(f.Workplaces[of.Workplace].Region) {
			rep.Openings++
			rep.Positions += int64(of.Positions)
			rep.PositionsFilled += int64(filled[o])
		}
	}
	rep.Use = []WorkplaceUse{}
	for w, wf := range f.Workplaces {
		if !in(wf.Region) {
			continue
		}
		rep.Workplaces++
		rep.Supervision += int64(wf.Capacity)
		rep.Supervised += int64(supervised[w])
		rep.Use = append(rep.Use, WorkplaceUse{Workplace: w, Capacity: wf.Capacity, Supervised: supervised[w],
			Utilisation: ratio(int64(supervised[w]), int64(wf.Capacity))})
	}
	rep.OpeningUtilisation = ratio(rep.PositionsFilled, rep.Positions)
	rep.SupervisorUtilisation = ratio(rep.Supervised, rep.Supervision)
	rep.BySex, rep.ByBirthRegion, rep.ByRegion = bySex.rates(), byBirth.rates(), byRegion.rates()
	return rep
}

// Summarize builds the Report of r over every candidate, opening and
// workplace. cands must be the candidates p was built from (same order);
// bd may be nil. It panics if the lengths do not fit.
func Summarize(p *Problem, bd *Breakdown, r *Result, cands []Candidate) *Report {
	return NewFacts(p, bd, r, cands, nil).Report(nil)
}

// ratio is a / b, or 0 if b is 0: the one ratio of every report.
func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// groupCounts counts the candidates and placements of each group.
type groupCounts map[string]*GroupRate

func (g groupCounts) add(group string, placed bool) {
	x := g[group]
	if x == nil {
		x = &GroupRate{Group: group}
		g[group] = x
	}
	x.Candidates++
	if placed {
		x.Placed++
	}
}

// rates returns the groups with their rates, sorted by group; never nil.
func (g groupCounts) rates() []GroupRate {
	out := make([]GroupRate, 0, len(g))
	for _, x := range g {
		x.Rate = ratio(int64(x.Placed), int64(x.Candidates))
		out = append(out, *x)
	}
	slices.SortFunc(out, func(a, b GroupRate) int { return strings.Compare(a.Group, b.Group) })
	return out
}
