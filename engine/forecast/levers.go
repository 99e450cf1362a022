package forecast

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/caregap/caregap/engine/demand"
	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/engine/supply"
)

// ErrUnknownName is returned when a lever names a role, service or
// pipeline that no region has.
var ErrUnknownName = errors.New("unknown name")

// LeverError says which lever of which scenario names something unknown.
type LeverError struct {
	Scenario string
	Lever    int // 0-based
	Field    string
	Err      error
}

func (e *LeverError) Error() string {
	return fmt.Sprintf("scenario %q, lever %d, field %s: %v", e.Scenario, e.Lever+1, e.Field, e.Err)
}

func (e *LeverError) Unwrap() error { return e.Err }

// checkNames verifies that every role, service and pipeline a lever names
// exists in at least one region (a pipeline that only some regions run
// acts only there).
func checkNames(sc *scenario.Resolved, regions []*Region, known []string) error {
	roles, services, pipelines := map[string]bool{}, map[string]bool{}, map[string]bool{}
	codes := map[string]bool{}
	for _, c := range known {
		codes[c] = true
	}
	for _, r := range regions {
		codes[r.Code] = true
		for _, n := range r.Supply.Roles {
			roles[n] = true
		}
		for _, s := range r.Demand.Services {
			services[s.Name] = true
		}
		for _, p := range r.Supply.Pipelines {
			pipelines[p.Name] = true
		}
	}
	fail := func(i int, field, kind, name string) error {
		return &LeverError{Scenario: sc.Name, Lever: i, Field: field,
			Err: fmt.Errorf("%w: %s %q", ErrUnknownName, kind, name)}
	}
	for i := range sc.Levers {
		l := &sc.Levers[i]
		for _, n := range l.Roles {
			if !roles[n] {
				return fail(i, "roles", "role", n)
			}
		}
		for field, n := range map[string]string{"from": l.From, "to": l.To} {
			if n != "" && !roles[n] {
				return fail(i, field, "role", n)
			}
		}
		for _, n := range l.Services {
			if !services[n] {
				return fail(i, "services", "service", n)
			}
		}
		if l.Pipeline != "" && !pipelines[l.Pipeline] {
			return fail(i, "pipeline", "pipeline", l.Pipeline)
		}
		for _, n := range l.Regions {
			if !codes[n] {
				return fail(i, "regions", "region", n)
			}
		}
	}
	return nil
}

// yearInputs are one year's parameters with levers applied: scratch owned
// by a worker and refilled every year.
type yearInputs struct {
	params supply.Params
	adjust demand.Adjust
}

func (y *yearInputs) reset(r *Region) {
	p, b := &y.params, &r.Supply
	p.Roles = b.Roles
	p.ExitRate = append(p.ExitRate[:0], b.ExitRate...)
	p.RetirementRate = append(p.RetirementRate[:0], b.RetirementRate...)
	p.NewStaffExitRate = append(p.NewStaffExitRate[:0], b.NewStaffExitRate...)
	p.EmploymentRate = append(p.EmploymentRate[:0], b.EmploymentRate...)
	p.SickLeaveRate = append(p.SickLeaveRate[:0], b.SickLeaveRate...)
	p.Transitions = p.Transitions[:0]
	for i, row := range b.Transitions {
		if i < cap(p.Transitions) {
			p.Transitions = p.Transitions[:i+1]
			p.Transitions[i] = append(p.Transitions[i][:0], row...)
		} else {
			p.Transitions = append(p.Transitions, slices.Clone(row))
		}
	}
	p.Recruits = append(p.Recruits[:0], b.Recruits...)
	p.MatchedEntrants = append(p.MatchedEntrants[:0], b.MatchedEntrants...)
	if len(p.MatchedEntrants) < len(b.Roles) {
		p.MatchedEntrants = append(p.MatchedEntrants, make([]float64, len(b.Roles)-len(p.MatchedEntrants))...)
	}
	p.MatchedProfile = b.MatchedProfile
	p.Pipelines = append(p.Pipelines[:0], b.Pipelines...)

	a, n := &y.adjust, len(r.Demand.Services)
	a.UseScale = fill(a.UseScale, n, 1)
	a.FTEScale = fill(a.FTEScale, n, 1)
	a.Shifts = a.Shifts[:0]
}

func fill(s []float64, n int, v float64) []float64 {
	if cap(s) < n {
		s = make([]float64, n)
	}
	s = s[:n]
	for i := range s {
		s[i] = v
	}
	return s
}

func clamp01(v float64) float64 { return math.Max(0, math.Min(1, v)) }

// apply applies one lever to the year's inputs of region r.
func (y *yearInputs) apply(l *scenario.Lever, r *Region, year int) {
	if !l.AppliesTo(r.Code) {
		return
	}
	p := l.Phase(year)
	if p == 0 {
		return
	}
	ps := &y.params
	roles := func(fn func(ri int)) {
		for ri, name := range ps.Roles {
			if len(l.Roles) == 0 || slices.Contains(l.Roles, name) {
				fn(ri)
			}
		}
	}
	services := func(fn func(si int)) {
		for si := range r.Demand.Services {
			if len(l.Services) == 0 || slices.Contains(l.Services, r.Demand.Services[si].Name) {
				fn(si)
			}
		}
	}
	switch l.Kind {
	case scenario.EmploymentRate:
		roles(func(ri int) {
			er := &ps.EmploymentRate[ri]
			for s := range population.NumSexes {
				for a := range population.NumAges {
					v := er[s][a]
					if l.Level != nil {
						v += p * math.Max(0, *l.Level-v)
					} else {
						v = l.Apply(v, p)
					}
					er[s][a] = clamp01(v)
				}
			}
		})
	case scenario.SickLeave:
		roles(func(ri int) {
			sl := &ps.SickLeaveRate[ri]
			for s := range population.NumSexes {
				for a := range population.NumAges {
					v := sl[s][a]
					if l.Level != nil {
						v -= p * math.Max(0, v-*l.Level)
					} else {
						v = l.Apply(v, p)
					}
					sl[s][a] = clamp01(v)
				}
			}
		})
	case scenario.RetirementAge:
		shift := p * *l.Years
		roles(func(ri int) { ps.RetirementRate[ri] = shiftAges(&ps.RetirementRate[ri], shift) })
	case scenario.NewStaffExit:
		roles(func(ri int) { ps.NewStaffExitRate[ri] = clamp01(l.Apply(ps.NewStaffExitRate[ri], p)) })
	case scenario.ExitRate:
		roles(func(ri int) {
			for a := range ps.ExitRate[ri] {
				ps.ExitRate[ri][a] = clamp01(l.Apply(ps.ExitRate[ri][a], p))
			}
		})
	case scenario.CareerTransition:
		from, to := slices.Index(ps.Roles, l.From), slices.Index(ps.Roles, l.To)
		if from < 0 || to < 0 {
			return
		}
		row := ps.Transitions[from]
		others := 0.0
		for j, v := range row {
			if j != to {
				others += v
			}
		}
		row[to] = math.Max(0, math.Min(1-others, l.Apply(row[to], p)))
	case scenario.TrainingPlaces:
		for i := range ps.Pipelines {
			pl := &ps.Pipelines[i]
			if l.Pipeline == "" || l.Pipeline == pl.Name {
				pl.PlacesPerYear = math.Max(0, l.Apply(pl.PlacesPerYear, p))
			}
		}
	case scenario.TaskShifting:
		from, to := slices.Index(ps.Roles, l.From), slices.Index(ps.Roles, l.To)
		if from < 0 || to < 0 {
			return
		}
		ratio := 1.0
		if l.Ratio != nil {
			ratio = *l.Ratio
		}
		y.adjust.Shifts = append(y.adjust.Shifts, demand.Shift{From: from, To: to, Share: p * *l.Share, Ratio: ratio})
	case scenario.MatchedEntrants:
		roles(func(ri int) { ps.MatchedEntrants[ri] += p * *l.PerYear })
	case scenario.UseRate:
		services(func(si int) { y.adjust.UseScale[si] = l.Apply(y.adjust.UseScale[si], p) })
	case scenario.FTEPerUser:
		services(func(si int) { y.adjust.FTEScale[si] = l.Apply(y.adjust.FTEScale[si], p) })
	case scenario.Recruits:
		roles(func(ri int) {
			f := l.Apply(1, p)
			rc := &ps.Recruits[ri]
			for s := range population.NumSexes {
				for a := range population.NumAges {
					rc[s][a] *= f
				}
			}
		})
	default:
		panic("forecast: lever kind " + string(l.Kind) + " has no effect defined")
	}
}

// shiftAges returns the rates moved to older ages by shift years:
// out(a) = in(a − shift), linearly interpolated, held at the ends.
func shiftAges(in *[population.NumAges]float64, shift float64) [population.NumAges]float64 {
	var out [population.NumAges]float64
	for a := range out {
		x := float64(a) - shift
		switch {
		case x <= 0:
			out[a] = in[0]
		case x >= population.MaxAge:
			out[a] = in[population.MaxAge]
		default:
			i := int(x)
			w := x - float64(i)
			out[a] = (1-w)*in[i] + w*in[i+1]
		}
	}
	return out
}
