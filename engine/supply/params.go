package supply

import "github.com/caregap/caregap/engine/population"

// Tenure indexes the second dimension of State.Stock.
const (
	// New staff are in their first year in the role.
	New = 0
	// Established staff have been in the role for a year or more.
	Established = 1
	// NumTenures is the number of tenure groups.
	NumTenures = 2
)

// NoSource is the Pipeline.Source of a pipeline whose trainees come from
// outside the workforce.
const NoSource = -1

// Params holds the parameters of one year for one region. Every per-role
// slice is indexed by role, in the order of Roles, and must be either nil
// or of length len(Roles); a nil slice means the documented default.
type Params struct {
	// Roles names the roles; its length R sets the number of roles.
	Roles []string

	// ExitRate[r][a] is the yearly probability that established staff of
	// role r aged a at the end of the year leave the sector for any
	// reason but retirement. Nil: 0.
	ExitRate [][population.NumAges]float64

	// RetirementRate[r][a] is the yearly probability that staff of role r
	// aged a at the end of the year retire. Nil: 0.
	RetirementRate [][population.NumAges]float64

	// NewStaffExitRate[r] is the yearly exit probability of staff in
	// their first year in role r; it replaces ExitRate for them, while
	// RetirementRate still applies. Nil: 0.
	NewStaffExitRate []float64

	// EmploymentRate[r] is contracted FTE per head by sex and age
	// (1 = full time). Nil: 1 for everyone.
	EmploymentRate []population.Pyramid

	// SickLeaveRate[r] is the share of contracted time lost to sick
	// leave, by sex and age. Nil: 0.
	SickLeaveRate []population.Pyramid

	// Transitions[from][to] is the yearly share of established staff who
	// stay in the sector and move from role from to role to. The diagonal
	// is ignored; the rest of a row sums to at most 1. Nil, or a nil row:
	// no transitions.
	Transitions [][]float64

	// Recruits[r] holds the persons recruited into role r during the
	// year, by sex and age at the end of the year. Nil: none.
	Recruits []population.Pyramid

	// MatchedEntrants[r] is the number of persons placed in role r during
	// the year from outside the labour market. Nil: none.
	MatchedEntrants []float64

	// MatchedProfile is the sex-age distribution of matched entrants; it
	// is scaled to sum to 1. Zero value: the profile of the role's
	// Recruits, or DefaultProfile when the role has no recruits.
	MatchedProfile population.Pyramid

	// Supervision[r] is the FTE of role r's staff spent during the year
	// supervising placements (matched entrants of any role); Measure
	// takes it from the role's effective FTE. Nil: none.
	Supervision []float64

	// Pipelines are the training programmes of the region, applied in
	// order.
	Pipelines []Pipeline
}

// Pipeline is a stepwise training programme.
type Pipeline struct {
	Name string
	// Source is the role the trainees come from: they leave it when they
	// start, bounded by its established staff, and those who drop out or
	// fail return to it. NoSource (-1): from outside the workforce, an
	// inflow into the sector.
	Source int
	// Output is the role graduates join.
	Output int
	// PlacesPerYear is the intake into the first stage per year, spread
	// evenly over the months.
	PlacesPerYear float64
	// Stages are ordered: stage k is entered only after stage k-1 is
	// completed.
	Stages []Stage
}

// Stage is one stage of a Pipeline.
type Stage struct {
	Name string
	// DurationMonths is the mean time to reach the end of the stage, in
	// months; durations below one month behave as one month.
	DurationMonths float64
	// CompletionRate is the share of those who reach the end of the stage
	// who pass it and go on.
	CompletionRate float64
	// DropoutRate is the yearly rate at which participants leave the
	// stage before its end; the monthly dropout probability is
	// DropoutRate/12.
	DropoutRate float64
}

// DefaultProfile returns the sex-age profile used for matched entrants and
// for graduates from outside the workforce when no recruit profile is
// known: uniform over ages 20-54, 80 % women. It sums to 1.
func DefaultProfile() population.Pyramid { return defaultProfile }

var defaultProfile = makeDefaultProfile()

func makeDefaultProfile() population.Pyramid {
	const lo, hi = 20, 54
	const women = 0.8
	var p population.Pyramid
	n := float64(hi - lo + 1)
	for a := lo; a <= hi; a++ {
		p[population.Male][a] = (1 - women) / n
		p[population.Female][a] = women / n
	}
	return p
}

// NumRoles returns the number of roles, len(p.Roles).
func (p *Params) NumRoles() int { return len(p.Roles) }

// checkShape panics when a per-role slice of p has the wrong length.
func (p *Params) checkShape() {
	nr := len(p.Roles)
	bad := func(n int) bool { return n != 0 && n != nr }
	switch {
	case bad(len(p.ExitRate)),
		bad(len(p.RetirementRate)),
		bad(len(p.NewStaffExitRate)),
		bad(len(p.EmploymentRate)),
		bad(len(p.SickLeaveRate)),
		bad(len(p.Transitions)),
		bad(len(p.Recruits)),
		bad(len(p.MatchedEntrants)),
		bad(len(p.Supervision)):
		panic("supply: length mismatch")
	}
	for _, row := range p.Transitions {
		if bad(len(row)) {
			panic("supply: length mismatch")
		}
	}
}

// matchedProfile returns the sex-age profile of matched entrants into role
// r and its total (the profile is used divided by the total).
func (p *Params) matchedProfile(r int) (*population.Pyramid, float64) {
	if t := p.MatchedProfile.Total(); t > 0 {
		return &p.MatchedProfile, t
	}
	return p.recruitProfile(r)
}

// recruitProfile returns the sex-age profile of recruits into role r, or
// the default profile, and its total.
func (p *Params) recruitProfile(r int) (*population.Pyramid, float64) {
	if p.Recruits != nil {
		if t := p.Recruits[r].Total(); t > 0 {
			return &p.Recruits[r], t
		}
	}
	return &defaultProfile, 1
}
