package matchrun

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/match"
)

// Record is what a stored run keeps to answer questions about one
// candidate, or about the candidates of some municipalities, without the
// problem: the openings, and per candidate its outcome, the cost
// breakdown of its placement and its cheapest alternatives. NewRecord
// fills it; it round-trips through JSON (Encode, DecodeRecord).
type Record struct {
	Solver string `json:"solver"`
	// Scale is the cost scale of the run (match.Breakdown.Scale): costs
	// are whole multiples of 1/Scale, summed exactly as integers.
	Scale float64 `json:"scale"`
	// Certified: the alternatives carry reduced costs (lower bounds on
	// the exact margins, see RecordAlt).
	Certified  bool              `json:"certified"`
	Openings   []RecordOpening   `json:"openings"`
	Candidates []RecordCandidate `json:"candidates"`
}

// RecordOpening is one opening of a run and its workplace.
type RecordOpening struct {
	OpeningID   string `json:"opening_id"`
	Role        string `json:"role"`
	WorkplaceID string `json:"workplace_id"`
	Employer    string `json:"employer"`
	Region      string `json:"region"` // the workplace's municipality
	Positions   int    `json:"positions"`
}

// RecordCandidate is one candidate's outcome. Sex and BirthRegion are
// kept for the group rates of Report only; Explain never shows them.
type RecordCandidate struct {
	CandidateID string `json:"candidate_id"`
	Region      string `json:"region"`
	Sex         string `json:"sex"`
	BirthRegion string `json:"birth_region"`
	// Status is "placed" or the reason code of an unplaced candidate
	// (datasets.ReasonCode); Rule the rule that excluded most openings
	// when the reason is no_eligible_opening.
	Status string `json:"status"`
	Rule   string `json:"rule,omitempty"`
	// Opening is the index of the opening placed at, or -1.
	Opening    int         `json:"opening"`
	Cost       float64     `json:"cost"`
	Components []Component `json:"components,omitempty"`
	// Eligible is the number of eligible openings; Alternatives the
	// cheapest of them (see NewRecord).
	Eligible     int         `json:"eligible"`
	Alternatives []RecordAlt `json:"alternatives"`
}

// Component is one named cost component of a pair: its raw value, its
// weight and the points it adds (Value × Weight, to 4 decimals).
type Component struct {
	Name   string  `json:"name"`
	Value  float32 `json:"value"`
	Weight float64 `json:"weight"`
	Points float64 `json:"points"`
}

// RecordAlt is one eligible opening of a candidate. Reduced is the
// reduced cost in points, a lower bound on how much cheaper the pair would
// have to be before the optimum placed the candidate there (0 does not
// prove a tie). CostsPlacement is set when the reduced cost is at least
// the bonus M: taking the opening would then certainly cost a placement
// elsewhere, and Reduced is the part beyond M. Unset, it does not prove
// that no placement would be lost.
type RecordAlt struct {
	Opening        int     `json:"opening"`
	Cost           float64 `json:"cost"`
	Reduced        float64 `json:"reduced"`
	CostsPlacement bool    `json:"costs_placement,omitempty"`
	Chosen         bool    `json:"chosen,omitempty"`
}

// NewRecord records solved run r, keeping at most maxAlt alternatives
// per candidate (0: all); the chosen opening is always kept. It panics
// before Solve.
func NewRecord(r *Run, maxAlt int) *Record {
	if r.Result == nil {
		panic("matchrun: NewRecord before Solve")
	}
	rec := &Record{Solver: r.Solver, Scale: r.Breakdown.Scale, Certified: r.Result.Cert != nil}
	for o := range r.Set.Openings {
		rec.Openings = append(rec.Openings, r.opening(o))
	}
	reasons := map[int]match.Unplaced{}
	for _, u := range match.Reasons(r.Problem, r.Breakdown, r.Result) {
		reasons[u.Candidate] = u
	}
	rec.Candidates = make([]RecordCandidate, len(r.Set.Candidates))
	for c := range r.Set.Candidates {
		rec.Candidates[c] = r.candidate(c, reasons, maxAlt)
	}
	return rec
}

func (r *Run) opening(o int) RecordOpening {
	op := &r.Set.Openings[o]
	wp := &r.Set.Workplaces[r.Problem.Workplace[o]]
	return RecordOpening{OpeningID: op.OpeningID, Role: op.Role, WorkplaceID: wp.WorkplaceID, Employer: wp.Employer,
		Region: wp.Region, Positions: int(op.Positions)}
}

func (r *Run) candidate(c int, reasons map[int]match.Unplaced, maxAlt int) RecordCandidate {
	p, bd, res := r.Problem, r.Breakdown, r.Result
	cd := &r.Set.Candidates[c]
	rc := RecordCandidate{CandidateID: cd.CandidateID, Region: cd.Region, Sex: cd.Sex, BirthRegion: cd.BirthRegion,
		Status: "placed", Opening: int(res.Assign[c]), Alternatives: []RecordAlt{}}
	ops, costs := p.Arcs(c)
	rc.Eligible = len(ops)
	if o := res.Assign[c]; o >= 0 {
		a := p.ArcOf(c, int(o))
		rc.Cost = float64(p.Cost[a]) / bd.Scale
		for k, v := range bd.Components(a) {
			rc.Components = append(rc.Components, Component{Name: bd.Names[k], Value: v, Weight: bd.Weights[k], Points: math.Round(float64(v)*bd.Weights[k]*1e4) / 1e4})
		}
	} else if u, ok := reasons[c]; ok {
		rc.Status = datasets.ReasonCode(u.Reason)
		if u.Reason == match.NoEligible {
			rc.Rule = u.Rule.String()
		}
	}
	if res.Cert == nil {
		// No duals: the eligible openings by cost, ties in list order.
		alts := make([]int, len(ops))
		for k := range ops {
			alts[k] = k
		}
		sort.SliceStable(alts, func(i, j int) bool { return costs[alts[i]] < costs[alts[j]] })
		for _, k := range alts {
			rc.Alternatives = append(rc.Alternatives, RecordAlt{Opening: int(ops[k]), Cost: float64(costs[k]) / bd.Scale, Chosen: res.Assign[c] == ops[k]})
		}
	} else {
		for _, alt := range match.Explain(p, res, res.Cert, c) {
			ra := RecordAlt{Opening: alt.Opening, Cost: float64(alt.Cost) / bd.Scale, Reduced: float64(alt.Reduced) / bd.Scale, Chosen: alt.Chosen}
			if alt.Reduced >= res.Cert.M {
				ra.CostsPlacement, ra.Reduced = true, float64(alt.Reduced-res.Cert.M)/bd.Scale
			}
			rc.Alternatives = append(rc.Alternatives, ra)
		}
	}
	if maxAlt > 0 && len(rc.Alternatives) > maxAlt {
		keep := rc.Alternatives[:maxAlt:maxAlt]
		if i := slices.IndexFunc(rc.Alternatives, func(a RecordAlt) bool { return a.Chosen }); i >= maxAlt {
			keep = append(keep, rc.Alternatives[i])
		}
		rc.Alternatives = keep
	}
	return rc
}

// Encode writes rec as JSON.
func (rec *Record) Encode(w io.Writer) error {
	if err := json.NewEncoder(w).Encode(rec); err != nil {
		return fmt.Errorf("encode record: %w", err)
	}
	return nil
}

// DecodeRecord reads a record written by Encode.
func DecodeRecord(r io.Reader) (*Record, error) {
	var rec Record
	if err := json.NewDecoder(r).Decode(&rec); err != nil {
		return nil, fmt.Errorf("decode record: %w", err)
	}
	return &rec, nil
}

// Report recomputes full, the report of the run rec records, over the
// candidates whose municipality in reports true and the workplaces in a
// municipality in reports true: counts, reasons, group rates and total
// cost over those candidates; openings, positions, supervision and
// utilisation over those workplaces, counting every placement there
// (whoever was placed). in == nil returns full. The report is the
// engine's (match.Facts.Report) over the facts rec keeps, with the
// workplaces' capacities taken from full.
func (rec *Record) Report(full *datasets.MatchReport, in func(region string) bool) *datasets.MatchReport {
	if in == nil {
		return full
	}
	scale := rec.Scale
	if scale <= 0 {
		scale = 1
	}
	return datasets.MatchReportOf(rec.facts(full, scale), in, full.Solver, scale)
}

// facts returns the facts of the run rec records: the candidates and
// openings from rec, the workplaces from full's WorkplaceUse (every
// workplace of the run, in order), the costs back in units of 1/scale. A
// status or rule that is no code is taken as ReasonNone or RuleNone. It
// panics if an opening's workplace is not in full.
func (rec *Record) facts(full *datasets.MatchReport, scale float64) *match.Facts {
	f := &match.Facts{
		Candidates: make([]match.CandidateFacts, len(rec.Candidates)),
		Openings:   make([]match.OpeningFacts, len(rec.Openings)),
		Workplaces: make([]match.WorkplaceFacts, len(full.WorkplaceUse)),
	}
	index := make(map[string]int, len(full.WorkplaceUse))
	for w, u := range full.WorkplaceUse {
		index[u.WorkplaceID] = w
		f.Workplaces[w] = match.WorkplaceFacts{ID: u.WorkplaceID, Region: u.Region, Capacity: u.SupervisorCapacity}
	}
	for o, op := range rec.Openings {
		w, ok := index[op.WorkplaceID]
		if !ok {
			panic(fmt.Sprintf("matchrun: workplace %q of opening %q is not in the report", op.WorkplaceID, op.OpeningID))
		}
		f.Openings[o] = match.OpeningFacts{Workplace: w, Positions: op.Positions}
	}
	for i := range rec.Candidates {
		c := &rec.Candidates[i]
		cf := match.CandidateFacts{ID: c.CandidateID, Region: c.Region, Sex: c.Sex, BirthRegion: c.BirthRegion, Opening: c.Opening}
		if c.Opening >= 0 {
			cf.Cost = int64(math.Round(c.Cost * scale))
		} else {
			cf.Reason, _ = datasets.ParseReasonCode(c.Status)
			cf.Rule, _ = match.ParseRule(c.Rule)
		}
		f.Candidates[i] = cf
	}
	return f
}
