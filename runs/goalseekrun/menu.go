package goalseekrun

import (
	"math"
	"slices"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/engine/scenario"
)

// option is one lever the goal seek may use in a region: a decision
// variable, its intensity x in the lever's own terms (see Units).
type option struct {
	kind     scenario.Kind
	role     string // the role it acts on (employment, sick leave, retirement, recruits, placements)
	pipeline string
	from, to string
	services []string
	upper    float64 // the limit of x, ramp included
}

// Units of the intensities, by lever: what goalseek_levers' intensity
// and the scenario file's value mean.
var Units = map[scenario.Kind]string{
	scenario.EmploymentRate:   "employment rate change (0.01 = 1 point)",
	scenario.SickLeave:        "relative reduction of sick leave (scale 1 − x)",
	scenario.RetirementAge:    "years later",
	scenario.Recruits:         "relative increase of recruits (scale 1 + x)",
	scenario.TrainingPlaces:   "extra places a year",
	scenario.MatchedEntrants:  "placements a year",
	scenario.TaskShifting:     "share of the from role's demand",
	scenario.CareerTransition: "added yearly rate",
}

// DefaultLevers are the levers a goal seek may use, in this order.
var DefaultLevers = []scenario.Kind{scenario.EmploymentRate, scenario.SickLeave, scenario.RetirementAge, scenario.Recruits,
	scenario.TrainingPlaces, scenario.MatchedEntrants, scenario.TaskShifting, scenario.CareerTransition}

// appliesTo names what the option acts on: a role, a pipeline or from>to.
func (o *option) appliesTo() string {
	switch {
	case o.pipeline != "":
		return o.pipeline
	case o.from != "":
		return o.from + ">" + o.to
	}
	return o.role
}

// priceRole is the role whose row of lever_costs prices the option.
func (o *option) priceRole() string {
	if o.to != "" {
		return o.to
	}
	return o.role
}

// lever is the scenario lever of intensity x in region code, phased in
// linearly from start to target.
func (o *option) lever(code string, x float64, start, target int) scenario.Lever {
	l := scenario.Lever{Kind: o.kind, Regions: []string{code}, StartYear: start, TargetYear: target, Profile: scenario.Linear}
	v := x
	switch o.kind {
	case scenario.EmploymentRate:
		l.Roles, l.Change = []string{o.role}, &v
	case scenario.SickLeave:
		s := 1 - x
		l.Roles, l.Scale = []string{o.role}, &s
	case scenario.RetirementAge:
		l.Roles, l.Years = []string{o.role}, &v
	case scenario.Recruits:
		s := 1 + x
		l.Roles, l.Scale = []string{o.role}, &s
	case scenario.TrainingPlaces:
		l.Pipeline, l.Change = o.pipeline, &v
	case scenario.MatchedEntrants:
		l.Roles, l.PerYear, l.Distribute = []string{o.role}, &v, scenario.PerRegion
	case scenario.TaskShifting:
		one := 1.0
		l.From, l.To, l.Share, l.Ratio, l.Services = o.from, o.to, &v, &one, o.services
	case scenario.CareerTransition:
		l.From, l.To, l.Change = o.from, o.to, &v
	}
	return l
}

// limitOf returns the limit row of lever in region: the region's own, or
// the one for every region.
func limitOf(rows []datasets.LeverLimit, lever, region string) (datasets.LeverLimit, bool) {
	var all *datasets.LeverLimit
	for i := range rows {
		r := &rows[i]
		if r.Lever != lever {
			continue
		}
		if r.Region == region {
			return *r, true
		}
		if r.Region == "" {
			all = r
		}
	}
	if all == nil {
		return datasets.LeverLimit{}, false
	}
	return *all, true
}

// menu builds the options of region r and their limits. years is the
// length of the phase-in (target − start); entry names the entry roles;
// supervisors is the region's supervisor places (< 0: unknown).
func menu(r *forecast.Region, kinds []scenario.Kind, limits []datasets.LeverLimit, years int, entry map[string]bool,
	supervisors float64, shifts []Shift) ([]option, error) {
	var opts []option
	sp := &r.Supply
	cap := func(kind scenario.Kind) (limit, ramp float64, err error) {
		l, ok := limitOf(limits, string(kind), r.Code)
		if !ok {
			return 0, 0, specErr("lever_limits has no limit for %s (for every region or for %s)", kind, r.Code)
		}
		ramp = math.Inf(1)
		if l.Ramp > 0 {
			ramp = l.Ramp * float64(years)
		}
		return l.Limit, ramp, nil
	}
	for _, kind := range kinds {
		limit, ramp, err := cap(kind)
		if err != nil {
			return nil, err
		}
		switch kind {
		case scenario.EmploymentRate, scenario.SickLeave, scenario.RetirementAge, scenario.Recruits:
			for ri, role := range sp.Roles {
				o := option{kind: kind, role: role}
				switch kind {
				case scenario.EmploymentRate:
					hi := maxRate(sp.EmploymentRate, r.Workforce, ri)
					o.upper = math.Min(limit-hi, ramp)
				case scenario.SickLeave:
					m := meanRate(sp.SickLeaveRate, r.Workforce, ri)
					if m > 0 {
						o.upper = math.Min(1-limit/m, ramp/m)
					}
				case scenario.RetirementAge:
					o.upper = math.Min(limit, ramp)
				case scenario.Recruits:
					if sp.Recruits != nil && sp.Recruits[ri].Total() > 0 {
						o.upper = math.Min(limit, ramp)
					}
				}
				opts = append(opts, o)
			}
		case scenario.TrainingPlaces:
			for _, pl := range sp.Pipelines {
				opts = append(opts, option{kind: kind, pipeline: pl.Name, upper: math.Min(limit, ramp) * pl.PlacesPerYear})
			}
		case scenario.MatchedEntrants:
			for _, role := range sp.Roles {
				if !entry[role] {
					continue
				}
				u := math.Min(limit, ramp)
				if supervisors >= 0 {
					u = math.Min(u, supervisors)
				}
				opts = append(opts, option{kind: kind, role: role, upper: u})
			}
		case scenario.TaskShifting:
			for _, s := range shifts {
				if slices.Contains(sp.Roles, s.From) && slices.Contains(sp.Roles, s.To) {
					opts = append(opts, option{kind: kind, from: s.From, to: s.To, services: s.Services, upper: math.Min(limit, ramp)})
				}
			}
		case scenario.CareerTransition:
			for fi, from := range sp.Roles {
				if fi >= len(sp.Transitions) {
					continue
				}
				var others float64
				for _, v := range sp.Transitions[fi] {
					others += v
				}
				for ti, to := range sp.Roles {
					if ti != fi && sp.Transitions[fi][ti] > 0 {
						opts = append(opts, option{kind: kind, from: from, to: to, upper: math.Min(math.Min(limit, ramp), 1-others)})
					}
				}
			}
		}
	}
	for i := range opts {
		opts[i].upper = math.Max(0, opts[i].upper)
	}
	return opts, nil
}

// maxRate is the highest employment rate of role ri among the ages and
// sexes that have staff: the rate a change must not push past the limit.
func maxRate(rates []population.Pyramid, wf []population.Pyramid, ri int) float64 {
	if rates == nil {
		return 1
	}
	var hi float64
	for s := range population.NumSexes {
		for a := range population.NumAges {
			if wf[ri][s][a] > 0 {
				hi = math.Max(hi, rates[ri][s][a])
			}
		}
	}
	return hi
}

// meanRate is the sick-leave rate of role ri averaged over its staff.
func meanRate(rates []population.Pyramid, wf []population.Pyramid, ri int) float64 {
	if rates == nil {
		return 0
	}
	var sum, n float64
	for s := range population.NumSexes {
		for a := range population.NumAges {
			sum += wf[ri][s][a] * rates[ri][s][a]
			n += wf[ri][s][a]
		}
	}
	if n == 0 {
		return 0
	}
	return sum / n
}
