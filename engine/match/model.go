package match

import (
	"fmt"
	"math"
	"slices"
)

// Candidate is a person outside the labour market looking for an entry
// role. Sex and BirthRegion are kept for the equality report only: Build
// never reads them.
type Candidate struct {
	ID            string  // pseudonymous
	Region        string  // municipality code
	X, Y          float64 // location on a local grid, km
	Language      int     // Swedish level, 0 (none) upwards
	Licence       bool    // holds a driving licence
	Education     int     // highest level, 0 upwards
	Experience    float64 // years of work in care
	HoursWanted   float64 // per week; 0 means any
	MaxCommuteKm  float64 // 0 means Rules.CommuteKm
	RolePrefs     []string
	AvailableFrom int // day number (days since an epoch the caller fixes)
	Sex           string
	BirthRegion   string
	// CertifiedAssistantNurse: holds Socialstyrelsen's certificate of the
	// protected title undersköterska (required since 1 July 2023).
	CertifiedAssistantNurse bool
}

// Opening is an entry role or work placement at a workplace.
type Opening struct {
	ID            string
	Workplace     int // index into the workplaces slice
	Role          string
	Positions     int
	MinLanguage   int
	NeedsLicence  bool
	MinExperience float64 // years; a shortfall costs, it does not exclude
	MinEducation  int     // level; a shortfall costs, it does not exclude
	Hours         float64 // per week; 0 means any
	Start         int     // day number
	// OccupationID is the JobTech taxonomy's occupation-name concept id
	// (e.g. Y3QA_5pk_uXd, undersköterska hemtjänst/äldreboende); empty
	// when unknown. Build does not read it.
	OccupationID string
	// SSYK is the SSYK 2012 unit group, four digits (e.g. 5321); empty
	// when unknown. SSYKAssistantNurse needs the protected title.
	SSYK string
}

// SSYKAssistantNurse is the SSYK 2012 unit group of assistant nurses in
// home care, home health care, residential care and habilitation
// (undersköterskor, hemtjänst, hemsjukvård, äldreboende och habilitering).
// Since 1 July 2023 undersköterska is a protected title: a role of this
// group needs a candidate with the certificate (RuleProtectedTitle).
const SSYKAssistantNurse = "5321"

// Workplace is a care unit with supervisors.
type Workplace struct {
	ID                 string
	Employer           string
	Region             string
	X, Y               float64 // km, same grid as the candidates
	SupervisorCapacity int
}

// Rules are the hard eligibility rules. The zero value gives the defaults.
type Rules struct {
	// CommuteKm is the commute limit for candidates with no MaxCommuteKm
	// of their own [30]; finite and positive.
	CommuteKm float64
	// HoursTolerance is how far, in hours a week, the opening's hours may
	// differ from the hours wanted [10]. Negative means no limit; NaN is
	// an error.
	HoursTolerance float64
	// StartGraceDays is how many days after the opening's start the
	// candidate may become available [0].
	StartGraceDays int
	// PreferredRolesOnly excludes roles the candidate has not listed,
	// unless the list is empty [false].
	PreferredRolesOnly bool
	// IgnoreProtectedTitle switches RuleProtectedTitle off, so that
	// openings of SSYK 5321 take candidates without the certificate
	// [false: the rule applies].
	IgnoreProtectedTitle bool
}

func (r Rules) withDefaults() Rules {
	if r.CommuteKm == 0 {
		r.CommuteKm = 30
	}
	if r.HoursTolerance == 0 {
		r.HoursTolerance = 10
	}
	return r
}

// validate checks rules after defaults.
func (r Rules) validate() error {
	if !(r.CommuteKm > 0) || math.IsInf(r.CommuteKm, 0) {
		return &ValidationError{"Rules.CommuteKm", -1, ErrValueRange}
	}
	if math.IsNaN(r.HoursTolerance) {
		return &ValidationError{"Rules.HoursTolerance", -1, ErrValueRange}
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Rule names an eligibility rule, for the reasons reported on unplaced
// candidates.
type Rule int

// The rules in the order they are checked.
const (
	RuleNone     Rule = iota // not excluded
	RuleCommute              // farther than the commute limit
	RuleLanguage             // language level below the opening's minimum
	RuleLicence              // the role drives and the candidate has no licence
	RuleStart                // not available by the opening's start
	RuleHours                // hours differ by more than the tolerance
	RuleRole                 // role not among the preferences
	// RuleProtectedTitle: the opening's SSYK is SSYKAssistantNurse and the
	// candidate does not hold the certificate of the protected title
	// undersköterska.
	RuleProtectedTitle
	numRules
)

var ruleNames = [...]string{"none", "commute", "language", "licence", "start", "hours", "role", "protected_title"}

func (r Rule) String() string {
	if r < 0 || r >= numRules {
		return fmt.Sprintf("Rule(%d)", int(r))
	}
	return ruleNames[r]
}

// ParseRule returns the rule whose String is name, and false if there is
// none.
func ParseRule(name string) (Rule, bool) {
	i := slices.Index(ruleNames[:], name)
	return Rule(max(i, 0)), i >= 0
}

// CostWeights weigh the named cost components of a pair; the cost is
// round(Scale · Σ weight·component). If every weight is zero, the weights
// take the defaults in brackets (whatever Scale is); otherwise they are
// used as given. Scale 0 means its default.
type CostWeights struct {
	CommuteKm      float64 // per km [1]
	PreferenceRank float64 // per place down the role list, 0 = first [5]
	NotPreferred   float64 // role not in a non-empty list [20]
	ExperienceGap  float64 // per year short of MinExperience [3]
	EducationGap   float64 // per level short of MinEducation [10]
	HoursMismatch  float64 // per hour a week of difference [0.5]
	WaitDays       float64 // per day between availability and start [0.05]
	// Scale turns the weighted sum into integers [10]. Costs are exact
	// integers after scaling; ties within 1/Scale are ties.
	Scale float64
}

// Component names, the columns of Breakdown.Values.
var componentNames = []string{"commute_km", "preference_rank", "not_preferred", "experience_gap", "education_gap", "hours_mismatch", "wait_days"}

const numComponents = 7

func (w CostWeights) withDefaults() CostWeights {
	scale := w.Scale
	if w.Scale = 0; w == (CostWeights{}) {
		w = CostWeights{CommuteKm: 1, PreferenceRank: 5, NotPreferred: 20, ExperienceGap: 3, EducationGap: 10, HoursMismatch: 0.5, WaitDays: 0.05}
	}
	w.Scale = scale
	if w.Scale == 0 {
		w.Scale = 10
	}
	return w
}

func (w CostWeights) vector() [numComponents]float64 {
	return [numComponents]float64{w.CommuteKm, w.PreferenceRank, w.NotPreferred, w.ExperienceGap, w.EducationGap, w.HoursMismatch, w.WaitDays}
}

// Breakdown keeps, for every arc of the Problem built with it, the raw
// named components (unweighted) and the weights, so that an officer can
// explain a cost: cost = round(Scale · Σ Weights[k]·float64(Values[a·K+k])),
// summed in float64 in component order.
type Breakdown struct {
	Names   []string  // component names, K = len(Names)
	Weights []float64 // per component
	Scale   float64
	Values  []float32 // per arc, K values
	// Excluded[c] is the rule that excluded most openings for a candidate
	// with no eligible opening at all, RuleNone otherwise.
	Excluded []Rule
}

// Components returns the raw components of arc a, sharing memory.
func (b *Breakdown) Components(a int) []float32 {
	k := len(b.Names)
	return b.Values[a*k : a*k+k : a*k+k]
}

// Build prunes ineligible pairs by rules and prices the rest with
// weights. It returns the Problem, the per-arc breakdown, or a
// *ValidationError for an opening naming a workplace out of range, a
// negative capacity, a commute limit (Rules.CommuteKm, a candidate's
// MaxCommuteKm) or coordinate that is not finite or has the wrong sign
// (ErrValueRange), or a cost beyond ±2^52 after scaling (ErrCostRange).
// Openings within reach of a candidate are found with a uniform grid over
// the workplaces (cell = the default commute limit, or larger for data
// spread very widely), so the work is proportional to the pairs within
// commuting distance, not to all pairs.
func Build(cands []Candidate, ops []Opening, wps []Workplace, rules Rules, weights CostWeights) (*Problem, *Breakdown, error) {
	rules = rules.withDefaults()
	weights = weights.withDefaults()
	if err := rules.validate(); err != nil {
		return nil, nil, err
	}
	for c := range cands {
		cd := &cands[c]
		if !finite(cd.X) || !finite(cd.Y) {
			return nil, nil, &ValidationError{"Candidate.Location", c, ErrValueRange}
		}
		if !finite(cd.MaxCommuteKm) || cd.MaxCommuteKm < 0 {
			return nil, nil, &ValidationError{"Candidate.MaxCommuteKm", c, ErrValueRange}
		}
	}
	for w := range wps {
		if !finite(wps[w].X) || !finite(wps[w].Y) {
			return nil, nil, &ValidationError{"Workplace.Location", w, ErrValueRange}
		}
	}
	p := &Problem{
		Start:     make([]int32, 1, len(cands)+1),
		Positions: make([]int32, len(ops)),
		Workplace: make([]int32, len(ops)),
		Capacity:  make([]int32, len(wps)),
	}
	for o, op := range ops {
		if op.Workplace < 0 || op.Workplace >= len(wps) {
			return nil, nil, &ValidationError{"Workplace", o, ErrIndexRange}
		}
		if op.Positions < 0 || op.Positions > math.MaxInt32 {
			return nil, nil, &ValidationError{"Positions", o, ErrNegativeCapacity}
		}
		p.Positions[o] = int32(op.Positions)
		p.Workplace[o] = int32(op.Workplace)
	}
	for w, wp := range wps {
		if wp.SupervisorCapacity < 0 || wp.SupervisorCapacity > math.MaxInt32 {
			return nil, nil, &ValidationError{"Capacity", w, ErrNegativeCapacity}
		}
		p.Capacity[w] = int32(wp.SupervisorCapacity)
	}
	wv := weights.vector()
	bd := &Breakdown{
		Names:    componentNames,
		Weights:  slices.Clone(wv[:]),
		Scale:    weights.Scale,
		Excluded: make([]Rule, len(cands)),
	}
	g := newGrid(wps, rules.CommuteKm)
	var byWp offsets // openings of workplace w: byWp.of(wpOps, w)
	wpOps := byWp.group(nil, p.Workplace, len(wps))
	var near []int32
	var comp [numComponents]float32
	n := len(cands)
	for c := range cands {
		if c == reserveAfter {
			reserve(p, bd, c, n)
		}
		cd := &cands[c]
		limit := cd.MaxCommuteKm
		if limit == 0 {
			limit = rules.CommuteKm
		}
		var excluded [numRules]int
		near = g.within(near[:0], cd.X, cd.Y, limit)
		for _, w := range near {
			dx, dy := cd.X-wps[w].X, cd.Y-wps[w].Y
			if d2 := dx*dx + dy*dy; d2 > limit*limit {
				excluded[RuleCommute] += int(byWp.size(int(w)))
				continue
			}
			dist := math.Sqrt(dx*dx + dy*dy)
			if math.IsInf(dist, 0) {
				dist = math.Hypot(dx, dy) // dx² + dy² overflowed
			}
			for _, o := range byWp.of(wpOps, int(w)) {
				op := &ops[o]
				r := eligible(cd, op, dist, limit, rules)
				if r != RuleNone {
					excluded[r]++
					continue
				}
				components(&comp, cd, op, dist)
				var sum float64
				for k, x := range comp {
					sum += wv[k] * float64(x)
				}
				cost := math.Round(sum * weights.Scale)
				if !(math.Abs(cost) <= maxCostMagnitude) { // also NaN
					return nil, nil, &ValidationError{"Cost", len(p.Opening), ErrCostRange}
				}
				p.Opening = append(p.Opening, o)
				p.Cost = append(p.Cost, int64(cost))
				bd.Values = append(bd.Values, comp[:]...)
			}
		}
		if int(p.Start[len(p.Start)-1]) == len(p.Opening) {
			// Nothing eligible: blame the rule that excluded the most.
			best := RuleCommute
			for r := RuleLanguage; r < numRules; r++ {
				if excluded[r] > excluded[best] {
					best = r
				}
			}
			bd.Excluded[c] = best
		}
		p.Start = append(p.Start, int32(len(p.Opening)))
	}
	return p, bd, nil
}

// reserveAfter is how many candidates Build prices before it extrapolates
// the total number of arcs from them and grows the arc slices once
// (reserve): about a thousand candidates give a steady estimate of the
// arcs per candidate while the slices are still small to copy.
const reserveAfter = 1023

// reserve grows the arc slices once to the size extrapolated from the
// first done candidates plus a fifth, so that appending rarely copies them.
func reserve(p *Problem, bd *Breakdown, done, n int) {
	est := len(p.Opening)*n/done*6/5 + 1024
	if cap(p.Opening) < est {
		p.Opening = slices.Grow(p.Opening, est-len(p.Opening))
	}
	if cap(p.Cost) < est {
		p.Cost = slices.Grow(p.Cost, est-len(p.Cost))
	}
	if cap(bd.Values) < est*numComponents {
		bd.Values = slices.Grow(bd.Values, est*numComponents-len(bd.Values))
	}
}

// eligible returns the first rule that excludes the pair, or RuleNone.
func eligible(cd *Candidate, op *Opening, dist, limit float64, rules Rules) Rule {
	switch {
	case dist > limit:
		return RuleCommute
	case cd.Language < op.MinLanguage:
		return RuleLanguage
	case op.NeedsLicence && !cd.Licence:
		return RuleLicence
	case cd.AvailableFrom > op.Start+rules.StartGraceDays:
		return RuleStart
	case rules.HoursTolerance >= 0 && cd.HoursWanted > 0 && op.Hours > 0 &&
		math.Abs(cd.HoursWanted-op.Hours) > rules.HoursTolerance:
		return RuleHours
	case rules.PreferredRolesOnly && len(cd.RolePrefs) > 0 && !slices.Contains(cd.RolePrefs, op.Role):
		return RuleRole
	case !rules.IgnoreProtectedTitle && op.SSYK == SSYKAssistantNurse && !cd.CertifiedAssistantNurse:
		return RuleProtectedTitle
	}
	return RuleNone
}

// components fills the raw cost components of an eligible pair.
// They are stored as float32, and the cost is computed from the stored
// values, so a breakdown always reproduces its cost exactly.
func components(comp *[numComponents]float32, cd *Candidate, op *Opening, dist float64) {
	*comp = [numComponents]float32{}
	comp[0] = float32(dist)
	if k := slices.Index(cd.RolePrefs, op.Role); k >= 0 {
		comp[1] = float32(k)
	} else if len(cd.RolePrefs) > 0 {
		comp[1] = float32(len(cd.RolePrefs))
		comp[2] = 1
	}
	comp[3] = float32(max(0, op.MinExperience-cd.Experience))
	comp[4] = float32(max(0, op.MinEducation-cd.Education))
	if cd.HoursWanted > 0 && op.Hours > 0 {
		comp[5] = float32(math.Abs(cd.HoursWanted - op.Hours))
	}
	comp[6] = float32(max(0, op.Start-cd.AvailableFrom))
}

// gridSide bounds the number of grid cells along each axis of the
// workplaces' extent (2^20), so that cell keys stay small and exact
// whatever the coordinates and radii.
const gridSide = 1 << 20

// grid buckets workplaces by square cells for radius queries. Keys count
// cells from the lower-left corner (x0, y0) of the workplaces' bounding
// box; queries are clipped to the box.
type grid struct {
	cell           float64
	x0, y0, x1, y1 float64
	cells          map[[2]int64][]int32
	wps            []Workplace
}

// newGrid buckets wps, whose coordinates must be finite, in cells of side
// cell, enlarged if needed to at most gridSide cells per axis.
func newGrid(wps []Workplace, cell float64) *grid {
	g := &grid{cell: cell, cells: make(map[[2]int64][]int32), wps: wps}
	if len(wps) == 0 {
		return g
	}
	g.x0, g.y0, g.x1, g.y1 = wps[0].X, wps[0].Y, wps[0].X, wps[0].Y
	for w := range wps {
		g.x0, g.x1 = min(g.x0, wps[w].X), max(g.x1, wps[w].X)
		g.y0, g.y1 = min(g.y0, wps[w].Y), max(g.y1, wps[w].Y)
	}
	// Half extents cannot overflow; cells of at least 2·half/gridSide.
	half := max(g.x1/2-g.x0/2, g.y1/2-g.y0/2)
	g.cell = max(g.cell, half/(gridSide/2))
	for w := range wps {
		k := g.key(wps[w].X, wps[w].Y)
		g.cells[k] = append(g.cells[k], int32(w))
	}
	return g
}

// key returns the cell of a point inside the bounding box, each index in
// [0, gridSide]. The halving is exact and keeps x − x0 finite.
func (g *grid) key(x, y float64) [2]int64 {
	h := g.cell / 2
	return [2]int64{int64(math.Floor((x/2 - g.x0/2) / h)), int64(math.Floor((y/2 - g.y0/2) / h))}
}

// within appends to dst the workplaces in cells that intersect the disc
// of radius r around (x, y), in increasing index order; the caller checks
// the exact distance. x, y and r must be finite.
func (g *grid) within(dst []int32, x, y, r float64) []int32 {
	if len(g.wps) == 0 || x+r < g.x0 || x-r > g.x1 || y+r < g.y0 || y-r > g.y1 {
		return dst
	}
	clip := func(v, lo, hi float64) float64 { return min(max(v, lo), hi) }
	lo := g.key(clip(x-r, g.x0, g.x1), clip(y-r, g.y0, g.y1))
	hi := g.key(clip(x+r, g.x0, g.x1), clip(y+r, g.y0, g.y1))
	if float64(hi[0]-lo[0]+1)*float64(hi[1]-lo[1]+1) > float64(len(g.cells)) {
		// Large radius: scanning the occupied cells is cheaper.
		for k, ws := range g.cells {
			if k[0] >= lo[0] && k[0] <= hi[0] && k[1] >= lo[1] && k[1] <= hi[1] {
				dst = append(dst, ws...)
			}
		}
	} else {
		for i := lo[0]; i <= hi[0]; i++ {
			for j := lo[1]; j <= hi[1]; j++ {
				dst = append(dst, g.cells[[2]int64{i, j}]...)
			}
		}
	}
	slices.Sort(dst)
	return dst
}

// Haversine returns the great-circle distance in km between two points
// given in degrees, for projecting lat/lon data onto the km grid or
// checking it.
func Haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const earthKm = 6371.0088
	rad := math.Pi / 180
	dlat := (lat2 - lat1) * rad
	dlon := (lon2 - lon1) * rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) +
		math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * earthKm * math.Asin(math.Min(1, math.Sqrt(a)))
}
