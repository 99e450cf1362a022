package forecast

import (
	"fmt"
	"math"
	"slices"

	"github.com/caregap/caregap/engine/demand"
	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/internal/scratch"
	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/engine/supply"
)

// ErrHorizon is returned when the forecast cannot cover the years asked:
// a base year not before the last year, or a population that neither a
// given projection nor rates carry to it.
var ErrHorizon = errkind.New(errkind.BadInput, "forecast horizon")

// ErrUnknownName is returned when a lever names a role, service or
// pipeline that no region has.
var ErrUnknownName = errkind.New(errkind.BadInput, "unknown name")

// ErrNoSupervisors is returned when a matched_entrants total is to be
// shared by supervisor places and no region it acts in has any.
var ErrNoSupervisors = errkind.New(errkind.BadInput, "no supervisor places")

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

// Kind is errkind.BadInput: a lever names what the data lacks.
func (e *LeverError) Kind() errkind.Kind { return errkind.BadInput }

// checkNames verifies that every role, service and pipeline a lever names
// exists in at least one region (a pipeline that only some regions run
// acts only there). It also records on each matched_entrants lever
// whose per_year is a total the regions' shares of it
// (Lever.RegionShare), from the regions run: by base-year population or
// by supervisor places.
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
		for _, f := range []struct{ field, name string }{{"from", l.From}, {"to", l.To}} {
			if f.name != "" && !roles[f.name] {
				return fail(i, f.field, "role", f.name)
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
		if l.SupervisorRole != "" && !roles[l.SupervisorRole] {
			return fail(i, "supervisor_role", "role", l.SupervisorRole)
		}
		for _, n := range l.Regions {
			if !codes[n] {
				return fail(i, "regions", "region", n)
			}
		}
		if l.Kind == scenario.MatchedEntrants && l.Distribute.Shared() {
			weight := func(r *Region) float64 { return r.Population.Total() }
			if l.Distribute == scenario.BySupervisors {
				weight = func(r *Region) float64 { return r.SupervisorPlaces }
			}
			var ok bool
			if l.RegionShare, ok = regionShares(l, regions, weight); !ok && l.Distribute == scenario.BySupervisors {
				return &LeverError{Scenario: sc.Name, Lever: i, Field: "distribute",
					Err: fmt.Errorf("%w: distribute %s: no region the lever acts in has supervisor places (the matching's workplaces give them)", ErrNoSupervisors, l.Distribute)}
			}
		}
	}
	return nil
}

// regionShares returns each region's share of the weight of the regions
// run that lever l acts in: how a per_year total is shared. With no
// weight at all the regions share equally and ok is false.
func regionShares(l *scenario.Lever, regions []*Region, weight func(*Region) float64) (shares map[string]float64, ok bool) {
	shares = map[string]float64{}
	var total float64
	for _, r := range regions {
		if l.AppliesTo(r.Code) {
			n := weight(r)
			shares[r.Code] = n
			total += n
		}
	}
	for c := range shares {
		if total > 0 {
			shares[c] /= total
		} else {
			shares[c] = 1 / float64(len(shares))
		}
	}
	return shares, total > 0
}

// yearInputs are one year's parameters with levers applied: scratch owned
// by a worker and refilled every year.
type yearInputs struct {
	params supply.Params
	adjust demand.Adjust
}

// reset copies the region's base-year parameters into the scratch, filling
// what supply.Params leaves nil with the documented defaults (no exits,
// retirements, recruits or transitions; full time; no sick leave), so
// that levers always have a value to change.
func (y *yearInputs) reset(r *Region) {
	p, b, n := &y.params, &r.Supply, len(r.Supply.Roles)
	p.Roles = b.Roles
	p.ExitRate = copyOr(p.ExitRate, b.ExitRate, n, [population.NumAges]float64{})
	p.RetirementRate = copyOr(p.RetirementRate, b.RetirementRate, n, [population.NumAges]float64{})
	p.NewStaffExitRate = copyOr(p.NewStaffExitRate, b.NewStaffExitRate, n, 0)
	p.EmploymentRate = copyOr(p.EmploymentRate, b.EmploymentRate, n, fullTime)
	p.SickLeaveRate = copyOr(p.SickLeaveRate, b.SickLeaveRate, n, population.Pyramid{})
	p.Recruits = copyOr(p.Recruits, b.Recruits, n, population.Pyramid{})
	p.MatchedEntrants = copyOr(p.MatchedEntrants, b.MatchedEntrants, n, 0)
	p.Supervision = copyOr(p.Supervision, b.Supervision, n, 0)
	p.Transitions = scratch.Grow(p.Transitions, n)
	for i := range n {
		var row []float64
		if i < len(b.Transitions) {
			row = b.Transitions[i]
		}
		p.Transitions[i] = copyOr(p.Transitions[i], row, n, 0)
	}
	p.MatchedProfile = b.MatchedProfile
	p.Pipelines = append(p.Pipelines[:0], b.Pipelines...)

	a, ns := &y.adjust, len(r.Demand.Services)
	a.UseScale = fill(a.UseScale, ns, 1)
	a.FTEScale = fill(a.FTEScale, ns, 1)
	a.Shifts = a.Shifts[:0]
}

// fullTime is an employment rate of 1 at every age and sex.
var fullTime = func() (p population.Pyramid) {
	for s := range population.NumSexes {
		for a := range population.NumAges {
			p[s][a] = 1
		}
	}
	return p
}()

// copyOr copies src into dst's memory, or n copies of def when src is nil.
func copyOr[T any](dst, src []T, n int, def T) []T {
	if src != nil {
		return append(dst[:0], src...)
	}
	dst = scratch.Grow(dst, n)
	for i := range dst {
		dst[i] = def
	}
	return dst
}

func fill(s []float64, n int, v float64) []float64 {
	s = scratch.Grow(s, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// clamp01 clips v to [0, 1]. Plain comparisons: math.Max and math.Min
// handle NaN and signed zeros at a cost this hot loop does not need
// (rates are validated finite).
func clamp01(v float64) float64 {
	if v < 0 {
		return 0
	}
	if v > 1 {
		return 1
	}
	return v
}

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
						if d := *l.Level - v; d > 0 {
							v += p * d
						}
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
						if d := v - *l.Level; d > 0 {
							v -= p * d
						}
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
		var mask []bool
		if len(l.Services) > 0 {
			mask = make([]bool, len(r.Demand.Services))
			services(func(si int) { mask[si] = true })
		}
		y.adjust.Shifts = append(y.adjust.Shifts, demand.Shift{From: from, To: to, Share: p * *l.Share, Ratio: ratio, Services: mask})
	case scenario.MatchedEntrants:
		placed := p * *l.PerYear
		if l.Distribute.Shared() {
			placed *= l.RegionShare[r.Code]
		}
		if placed == 0 {
			return
		}
		supRole, load := l.Supervision()
		sup := slices.Index(ps.Roles, supRole)
		roles(func(ri int) {
			ps.MatchedEntrants[ri] += placed * retained(l, &r.Supply, ri)
			if sup >= 0 {
				ps.Supervision[sup] += placed * load
			}
		})
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

// retained returns the share of a year's placements into role ri that the
// stock takes in: min(r1, r3 / s2), with r1 and r3 the lever's retention
// after 1 and 3 years and s2 the role's own survival of a newcomer over
// the two years after the placement year, (1 − new-staff exit rate) ×
// (1 − mean exit rate of established staff aged 20-54), at the region's
// base rates so that the lever's effect does not depend on the levers
// before it. Entrants join the
// stock on 31 December of the placement year (so r1 of them) and then face
// the role's exit rates; when the role's rates alone would keep more than
// r3 after three years, the entrants are cut so that r3 remain, as if the
// extra leavers had left in the first year.
func retained(l *scenario.Lever, ps *supply.Params, ri int) float64 {
	r1, r3 := l.Retention()
	var e, eNew float64
	if ps.ExitRate != nil {
		for a := 20; a <= 54; a++ {
			e += ps.ExitRate[ri][a]
		}
		e /= 35
	}
	if ps.NewStaffExitRate != nil {
		eNew = ps.NewStaffExitRate[ri]
	}
	s2 := (1 - eNew) * (1 - e)
	if s2 <= 0 {
		return r1
	}
	return min(r1, r3/s2)
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
