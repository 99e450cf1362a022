package datasets

import (
	"strconv"

	"github.com/caregap/caregap/engine/match"
)

// MatchInputs converts a matching set into the engine's candidates,
// openings and workplaces, in row order; an opening's Workplace is the
// index of its workplace row, and dates become day numbers (days since
// 1970-01-01). It returns the first *RowError of a date or workplace_id
// that CheckMatch would reject.
func MatchInputs(m *MatchSet) ([]match.Candidate, []match.Opening, []match.Workplace, error) {
	wps := matchWorkplaces(m)
	index := make(map[string]int, len(m.Workplaces))
	for i, w := range m.Workplaces {
		index[w.WorkplaceID] = i
	}
	of := m.file(1, SchemaOf[Opening]())
	ops := make([]match.Opening, len(m.Openings))
	for i, o := range m.Openings {
		w, ok := index[o.WorkplaceID]
		if !ok {
			return nil, nil, nil, &RowError{File: of, Row: i + 1, Column: "workplace_id", Err: ruleErr(ErrUnknownRef, "%q is not in workplaces", o.WorkplaceID)}
		}
		start, err := parseDate(o.Start)
		if err != nil {
			return nil, nil, nil, &RowError{File: of, Row: i + 1, Column: "start", Err: err}
		}
		ops[i] = match.Opening{ID: o.OpeningID, Workplace: w, Role: o.Role, Positions: int(o.Positions),
			MinLanguage: int(o.MinLanguage), NeedsLicence: o.NeedsLicence, MinExperience: o.MinExperience,
			MinEducation: int(o.MinEducation), Hours: o.Hours, Start: start,
			OccupationID: o.OccupationID, SSYK: openingSSYK(&o)}
	}
	cf := m.file(0, SchemaOf[Candidate]())
	cands := make([]match.Candidate, len(m.Candidates))
	for i, c := range m.Candidates {
		from, err := parseDate(c.AvailableFrom)
		if err != nil {
			return nil, nil, nil, &RowError{File: cf, Row: i + 1, Column: "available_from", Err: err}
		}
		cands[i] = match.Candidate{ID: c.CandidateID, Region: c.Region, X: c.XKm, Y: c.YKm,
			Language: int(c.LanguageLevel), Licence: c.DrivingLicence, Education: int(c.EducationLevel),
			Experience: c.ExperienceYears, HoursWanted: c.HoursWanted, MaxCommuteKm: c.MaxCommuteKm,
			RolePrefs: SplitRoles(c.RolePreferences), AvailableFrom: from, Sex: c.Sex, BirthRegion: c.BirthRegion,
			CertifiedAssistantNurse: c.CertifiedAssistantNurse}
	}
	return cands, ops, wps, nil
}

// matchWorkplaces converts the workplaces of m, in row order.
func matchWorkplaces(m *MatchSet) []match.Workplace {
	wps := make([]match.Workplace, len(m.Workplaces))
	for i, w := range m.Workplaces {
		wps[i] = match.Workplace{ID: w.WorkplaceID, Employer: w.Employer, Region: w.Region,
			X: w.XKm, Y: w.YKm, SupervisorCapacity: int(w.SupervisorCapacity)}
	}
	return wps
}

// AssignmentRows returns one row per placed candidate of r, in candidate
// order, with the pair's cost in points (solver cost / bd.Scale) and its
// raw components from bd. p and bd must be what match.Build returned for
// the inputs of m.
func AssignmentRows(m *MatchSet, p *match.Problem, bd *match.Breakdown, r *match.Result) []Assignment {
	var rows []Assignment
	for c, o := range r.Assign {
		if o < 0 {
			continue
		}
		a := p.ArcOf(c, int(o))
		op := &m.Openings[o]
		wp := &m.Workplaces[p.Workplace[o]]
		row := Assignment{CandidateID: m.Candidates[c].CandidateID, OpeningID: op.OpeningID,
			WorkplaceID: wp.WorkplaceID, Region: wp.Region, Role: op.Role}
		if a >= 0 {
			row.Cost = float64(p.Cost[a]) / bd.Scale
			for k, v := range bd.Components(a) {
				if f := componentField(&row, bd.Names[k]); f != nil {
					// The shortest decimal of the float32, not its binary
					// expansion: 2.687006, not 2.6870057582855225.
					*f, _ = strconv.ParseFloat(strconv.FormatFloat(float64(v), 'g', -1, 32), 64)
				}
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// componentField returns the column of row that holds the named cost
// component, or nil for a name the schema lacks.
func componentField(row *Assignment, name string) *float64 {
	switch name {
	case "commute_km":
		return &row.CommuteKm
	case "preference_rank":
		return &row.PreferenceRank
	case "not_preferred":
		return &row.NotPreferred
	case "experience_gap":
		return &row.ExperienceGap
	case "education_gap":
		return &row.EducationGap
	case "hours_mismatch":
		return &row.HoursMismatch
	case "wait_days":
		return &row.WaitDays
	}
	return nil
}

// MatchReport is report.json of a matching run: placed and unplaced
// counts, the reason each unplaced candidate was not placed, utilisation
// of openings and supervisors, and placement rates by sex, birth region
// and municipality for the equality follow-up. Candidates appear by
// pseudonymous id only.
type MatchReport struct {
	Solver     string `json:"solver"`
	Candidates int    `json:"candidates"`
	Placed     int    `json:"placed"`
	Unplaced   int    `json:"unplaced"`
	// UnplacedByReason counts the unplaced by reason code (ReasonCode);
	// NoEligibleByRule counts those with no eligible opening by the rule
	// that excluded most of their openings.
	UnplacedByReason map[string]int `json:"unplaced_by_reason"`
	NoEligibleByRule map[string]int `json:"no_eligible_by_rule"`

	Openings              int     `json:"openings"`
	Positions             int64   `json:"positions"`
	PositionsFilled       int64   `json:"positions_filled"`
	OpeningUtilisation    float64 `json:"opening_utilisation"`
	Workplaces            int     `json:"workplaces"`
	SupervisorCapacity    int64   `json:"supervisor_capacity"`
	Supervised            int64   `json:"supervised"`
	SupervisorUtilisation float64 `json:"supervisor_utilisation"`
	// TotalCost is the sum of the placements' costs, in points.
	TotalCost float64 `json:"total_cost"`

	BySex         []GroupPlacement `json:"by_sex"`
	ByBirthRegion []GroupPlacement `json:"by_birth_region"`
	ByRegion      []GroupPlacement `json:"by_region"`

	WorkplaceUse       []WorkplaceUse      `json:"workplace_use"`
	UnplacedCandidates []UnplacedCandidate `json:"unplaced_candidates"`
}

// GroupPlacement is the placement rate of one group of candidates.
type GroupPlacement struct {
	Group      string  `json:"group"`
	Candidates int     `json:"candidates"`
	Placed     int     `json:"placed"`
	Rate       float64 `json:"rate"`
}

// WorkplaceUse is the supervision a workplace offered and used.
type WorkplaceUse struct {
	WorkplaceID        string  `json:"workplace_id"`
	Region             string  `json:"region"`
	SupervisorCapacity int     `json:"supervisor_capacity"`
	Supervised         int     `json:"supervised"`
	Utilisation        float64 `json:"utilisation"`
}

// UnplacedCandidate says why one candidate was not placed: Reason is a
// reason code (ReasonCode), Rule the rule that excluded most openings when
// the reason is no_eligible_opening.
type UnplacedCandidate struct {
	CandidateID string `json:"candidate_id"`
	Reason      string `json:"reason"`
	Rule        string `json:"rule,omitempty"`
}

var reasonCodes = map[match.Reason]string{
	match.ReasonNone:       "placed",
	match.NoEligible:       "no_eligible_opening",
	match.LostToPositions:  "openings_full",
	match.LostToSupervisor: "no_supervisor",
	match.LostToCost:       "room_left",
}

// ReasonCode returns the code of a reason in report.json:
// no_eligible_opening, openings_full, no_supervisor or room_left.
func ReasonCode(r match.Reason) string {
	if s, ok := reasonCodes[r]; ok {
		return s
	}
	return r.String()
}

// ParseReasonCode returns the reason whose code (ReasonCode) is code,
// match.ReasonNone for "placed", and false for a code that is none.
func ParseReasonCode(code string) (match.Reason, bool) {
	for r, s := range reasonCodes {
		if s == code {
			return r, true
		}
	}
	return match.ReasonNone, false
}

// NewMatchReport builds the report of placement r of the inputs of m,
// which were converted to cands and built into p and bd. solver names the
// solver in the report.
func NewMatchReport(m *MatchSet, cands []match.Candidate, p *match.Problem, bd *match.Breakdown, r *match.Result, solver string) *MatchReport {
	return MatchReportOf(match.NewFacts(p, bd, r, cands, matchWorkplaces(m)), nil, solver, bd.Scale)
}

// MatchReportOf is report.json of the placement f describes, over the
// municipalities in reports true (nil: all; match.Facts.Report says what
// a municipality's report counts). solver names the solver; costs are in
// points, the engine's integer costs divided by scale
// (match.Breakdown.Scale).
func MatchReportOf(f *match.Facts, in func(region string) bool, solver string, scale float64) *MatchReport {
	s := f.Report(in)
	rep := &MatchReport{
		Solver: solver, Candidates: s.Candidates, Placed: s.Placed, Unplaced: s.Candidates - s.Placed,
		UnplacedByReason: map[string]int{}, NoEligibleByRule: map[string]int{},
		Openings: s.Openings, Positions: s.Positions, PositionsFilled: s.PositionsFilled,
		OpeningUtilisation: s.OpeningUtilisation,
		Workplaces:         s.Workplaces, SupervisorCapacity: s.Supervision, Supervised: s.Supervised,
		SupervisorUtilisation: s.SupervisorUtilisation,
		TotalCost:             float64(s.Cost) / scale,
		BySex:                 groupPlacements(s.BySex),
		ByBirthRegion:         groupPlacements(s.ByBirthRegion),
		ByRegion:              groupPlacements(s.ByRegion),
		WorkplaceUse:          make([]WorkplaceUse, len(s.Use)),
		UnplacedCandidates:    make([]UnplacedCandidate, len(s.Unplaced)),
	}
	for reason, n := range s.ByReason {
		rep.UnplacedByReason[ReasonCode(reason)] = n
	}
	for rule, n := range s.ByRule {
		rep.NoEligibleByRule[rule.String()] = n
	}
	for i, u := range s.Unplaced {
		uc := UnplacedCandidate{CandidateID: f.Candidates[u.Candidate].ID, Reason: ReasonCode(u.Reason)}
		if u.Reason == match.NoEligible {
			uc.Rule = u.Rule.String()
		}
		rep.UnplacedCandidates[i] = uc
	}
	for i, u := range s.Use {
		wf := &f.Workplaces[u.Workplace]
		rep.WorkplaceUse[i] = WorkplaceUse{WorkplaceID: wf.ID, Region: wf.Region,
			SupervisorCapacity: u.Capacity, Supervised: u.Supervised, Utilisation: u.Utilisation}
	}
	return rep
}

func groupPlacements(rates []match.GroupRate) []GroupPlacement {
	out := make([]GroupPlacement, len(rates))
	for i, g := range rates {
		out[i] = GroupPlacement{Group: g.Group, Candidates: g.Candidates, Placed: g.Placed, Rate: g.Rate}
	}
	return out
}
