package goalseekrun

import (
	"math"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/engine/scenario"
)

// prices looks up lever_costs: the row of an item for a region, role,
// pipeline and year is the most specific one (a region's own row before
// one for every region, then a role's or pipeline's own before one for
// every role or pipeline) of the latest year not after the year.
type prices struct {
	rows     []datasets.LeverCost
	base, to int
	file     string
}

func newPrices(rows []datasets.LeverCost, regions []*forecast.Region, base, to int) (*prices, error) {
	p := &prices{rows: rows, base: base, to: to, file: datasets.SchemaOf[datasets.LeverCost]().File}
	for _, r := range regions {
		for _, role := range r.Supply.Roles {
			if _, ok := p.find("wage", r.Code, role, "", base+1); !ok {
				return nil, specErr("%s has no wage of role %s for %d (for every region or for %s): the goal seek prices extra staff by it",
					p.file, role, base+1, r.Code)
			}
		}
	}
	return p, nil
}

// find returns the row of item in force in year.
func (p *prices) find(item, region, role, pipeline string, year int) (datasets.LeverCost, bool) {
	best, score := -1, -1
	for i := range p.rows {
		r := &p.rows[i]
		if r.Lever != item || int(r.Year) > year ||
			(r.Region != "" && r.Region != region) || (r.Role != "" && r.Role != role) || (r.Pipeline != "" && r.Pipeline != pipeline) {
			continue
		}
		s := int(r.Year)
		if r.Region != "" {
			s += 4 << 20
		}
		if r.Role != "" {
			s += 2 << 20
		}
		if r.Pipeline != "" {
			s += 1 << 20
		}
		if s > score {
			best, score = i, s
		}
	}
	if best < 0 {
		return datasets.LeverCost{}, false
	}
	return p.rows[best], true
}

// check reports an option without a price in the first year.
func (p *prices) check(o *option, region string) error {
	if _, ok := p.find(string(o.kind), region, o.priceRole(), o.pipeline, p.base+1); !ok {
		return specErr("%s has no price of %s for %s in %d (region %s): add a row, or leave the lever out", p.file, o.kind, o.appliesTo(), p.base+1, region)
	}
	return nil
}

// flow reports the levers whose units are yearly flows (each unit new
// every year: one-off and running cost paid on every unit), as against
// lasting changes (one-off cost on the units added, running cost on the
// units in use).
func flow(k scenario.Kind) bool {
	return k == scenario.Recruits || k == scenario.MatchedEntrants || k == scenario.CareerTransition
}

// account is the cost of region b at intensities x, from the forecast
// rows at x and without the plan (ref), both [year][role] from the base
// year: total, and by option (quantity summed over the years, discounted
// cost) and by role (the wages of the change in contracted FTE).
type account struct {
	total      float64
	optQty     []float64
	optCost    []float64
	wageFTE    []float64 // the change in contracted FTE in the last year, by role
	wageCost   []float64 // discounted, by role
	wageFTEYrs []float64 // FTE-years, by role
}

// cost computes the account of region b; rows and ref are the region's
// rows (year-major, roles in the region's order) with and without the
// plan.
func (p *Plan) cost(b int, x []float64, rows, ref []forecast.Row, detail bool) *account {
	r := p.regions[b]
	nr := len(r.Supply.Roles)
	opts := p.opts[b]
	a := &account{}
	if detail {
		a.optQty, a.optCost = make([]float64, len(opts)), make([]float64, len(opts))
		a.wageFTE, a.wageCost, a.wageFTEYrs = make([]float64, nr), make([]float64, nr), make([]float64, nr)
	}
	prev := make([]float64, len(opts)) // last year's quantity of lasting levers
	years := len(rows) / nr
	for yi := 1; yi < years; yi++ {
		year := p.base + yi
		df := math.Pow(1+p.Discount, -float64(yi))
		row := func(ri int) *forecast.Row { return &rows[yi*nr+ri] }
		refRow := func(ri int) *forecast.Row { return &ref[yi*nr+ri] }
		for ri, role := range r.Supply.Roles {
			w, _ := p.prices.find("wage", r.Code, role, "", year)
			d := row(ri).ContractedFTE - refRow(ri).ContractedFTE
			c := df * w.RunSEK * d
			a.total += c
			if detail {
				a.wageCost[ri] += c
				a.wageFTEYrs[ri] += d
				a.wageFTE[ri] = d
			}
		}
		for j := range opts {
			o := &opts[j]
			if x[j] == 0 {
				continue
			}
			l := o.lever(r.Code, x[j], p.start, p.TargetYear)
			ph := l.Phase(year)
			q := p.quantity(o, x[j], ph, r, rows, ref, yi)
			pr, _ := p.prices.find(string(o.kind), r.Code, o.priceRole(), o.pipeline, year)
			var c float64
			if flow(o.kind) {
				c = (pr.OneOffSEK + pr.RunSEK) * q
			} else {
				c = pr.RunSEK*q + pr.OneOffSEK*math.Max(0, q-prev[j])
				prev[j] = q
			}
			a.total += df * c
			if detail {
				a.optQty[j] += q
				a.optCost[j] += df * c
			}
		}
	}
	return a
}

// quantity is the number of priced units option o uses in year index yi
// at intensity x and phase ph (see the package documentation).
func (p *Plan) quantity(o *option, x, ph float64, r *forecast.Region, rows, ref []forecast.Row, yi int) float64 {
	if ph == 0 {
		return 0
	}
	nr := len(r.Supply.Roles)
	idx := func(role string) int {
		for i, n := range r.Supply.Roles {
			if n == role {
				return i
			}
		}
		return -1
	}
	at := func(role string) *forecast.Row { return &rows[yi*nr+idx(role)] }
	switch o.kind {
	case scenario.EmploymentRate: // FTE of extra hours: the change times the headcount
		return ph * x * at(o.role).Headcount
	case scenario.SickLeave: // FTE of sick leave avoided: after = before·(1 − ph·x)
		rw := at(o.role)
		lost := rw.ContractedFTE - rw.EffectiveFTE - rw.SupervisionFTE
		return lost * ph * x / (1 - ph*x)
	case scenario.RetirementAge: // person-years worked past the usual age: each retirement postponed ph·x years
		return ph * x * at(o.role).Retirements
	case scenario.Recruits: // extra recruits: recruits = base·(1 + ph·x)
		rc := at(o.role).Recruits
		return rc * ph * x / (1 + ph*x)
	case scenario.TrainingPlaces, scenario.MatchedEntrants: // places or placements
		return ph * x
	case scenario.TaskShifting: // FTE of work moved: the from role's demand lost
		i := yi*nr + idx(o.from)
		return ref[i].DemandFTE - rows[i].DemandFTE
	case scenario.CareerTransition: // persons moved: the added rate on last year's staff
		return ph * x * rows[(yi-1)*nr+idx(o.from)].Headcount
	}
	return 0
}
