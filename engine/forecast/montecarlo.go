package forecast

import (
	"math"

	"github.com/caregap/caregap/engine/internal/scratch"
	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/engine/supply"
)

// mcWorker holds what the draws of a region share and the buffers of one
// draw. It is reused from region to region, so that a draw-year does not
// allocate once the buffers have grown.
type mcWorker struct {
	// inputs[si][i] are the inputs of scenario si in year index i ≥ 1
	// with its levers applied: the same in every draw, which scales them.
	inputs [][]yearInputs
	in     drawInputs // the draw's inputs of one year
	in0    yearInputs // the base year's inputs
	users  []float64
	demand []float64
	fte    []supply.RoleFTE
	// The base year is observed: its state, demand and FTE are those of
	// every draw and scenario.
	state0          supply.State
	demand0         []float64
	fte0            []supply.RoleFTE
	cur, next       supply.State
	proj, tail      population.Projection
	fixed           bool // the projection is given for every year: not drawn
	d               draw
	gaps            []float64 // the region's gaps, gapIndex
	scens, years, n int       // the shape of gaps: scenarios, years, roles + 1
	draws           int
}

// gapIndex is the index in a gaps slice of scenario si, year index y,
// role r (n − 1: the sum over the roles) and draw 0; the draws follow.
func gapIndex(si, y, r, years, n, draws int) int {
	return ((si*years+y)*n + r) * draws
}

// prepareRegion computes what the draws of region r share: the base year
// and the levers' inputs of each year, and the population when it is
// given for the whole horizon.
func (m *mcWorker) prepareRegion(r *Region, scs []*scenario.Resolved, to, draws int) error {
	years, nr := to-r.BaseYear+1, len(r.Supply.Roles)
	m.scens, m.years, m.n, m.draws = len(scs), years, nr+1, draws
	m.gaps = scratch.Grow(m.gaps, len(scs)*years*(nr+1)*draws)

	m.inputs = scratch.Grow(m.inputs, len(scs))
	for si, sc := range scs {
		m.inputs[si] = scratch.Grow(m.inputs[si], years)
		for i := 1; i < years; i++ {
			y := &m.inputs[si][i]
			y.reset(r)
			for li := range sc.Levers {
				y.apply(&sc.Levers[li], r, r.BaseYear+i)
			}
		}
	}

	m.users = scratch.Grow(m.users, len(r.Demand.Services)) // Compute's scratch
	// The base year's inputs: no lever or draw changes them.
	m.in0.reset(r)
	s0, err := supply.NewState(&r.Supply, r.Workforce)
	if err != nil {
		return err
	}
	s0.SetSteadyTrainees(&r.Supply)
	m.state0.CopyFrom(s0)
	m.demand0 = r.Demand.Compute(m.demand0, m.users, &r.Population, &m.in0.adjust)
	m.fte0 = supply.Measure(&m.state0, &m.in0.params, m.fte0)

	n := to - r.BaseYear
	m.fixed = r.Rates == nil || len(r.Given) >= n
	m.proj.From = r.BaseYear
	m.proj.Pop = scratch.Grow(m.proj.Pop, n+1)
	m.proj.Pop[0] = r.Population
	copy(m.proj.Pop[1:], r.Given[:min(n, len(r.Given))])
	return nil
}

// runDraw runs draw k of region r under every scenario into m.gaps.
func (m *mcWorker) runDraw(r *Region, key uint32, scs []*scenario.Resolved, to int, u *Uncertainty, k int) {
	m.d.resetKey(u, k, r, key, to, !m.fixed)
	if !m.fixed {
		// The years a given projection covers are used as is; the rest
		// are projected from its last year with the draw's rates.
		g := len(r.Given)
		base, from := &r.Population, r.BaseYear
		if g > 0 {
			base, from = &r.Given[g-1], r.BaseYear+g
		}
		m.tail.Pop = m.proj.Pop[g:]
		population.ProjectInto(&m.tail, base, from, to, m.d.pop.Rates())
	}
	nr := m.n - 1
	for si := range scs {
		for role := range nr {
			m.gaps[gapIndex(si, 0, role, m.years, m.n, m.draws)+k] = m.demand0[role] - m.fte0[role].EffectiveFTE
		}
		m.sumRoles(si, 0, k)
		m.cur.CopyFrom(&m.state0)
		for i := 1; i < m.years; i++ {
			m.d.applyTo(&m.in, &m.inputs[si][i], i)
			m.demand = r.Demand.Compute(m.demand, m.users, &m.proj.Pop[i], &m.in.adjust)
			supply.Step(&m.next, &m.cur, &m.in.params, nil)
			m.cur, m.next = m.next, m.cur
			m.fte = supply.Measure(&m.cur, &m.in.params, m.fte)
			for role := range nr {
				m.gaps[gapIndex(si, i, role, m.years, m.n, m.draws)+k] = m.demand[role] - m.fte[role].EffectiveFTE
			}
			m.sumRoles(si, i, k)
		}
	}
}

// sumRoles sets the sum over the roles of scenario si, year index y and
// draw k, adding the roles in order.
func (m *mcWorker) sumRoles(si, y, k int) {
	var all float64
	for role := range m.n - 1 {
		all += m.gaps[gapIndex(si, y, role, m.years, m.n, m.draws)+k]
	}
	m.gaps[gapIndex(si, y, m.n-1, m.years, m.n, m.draws)+k] = all
}

// drawInputs are the inputs of a draw's year, with the buffers of the
// fields the draw scales.
type drawInputs struct {
	yearInputs
	exitRate                        [][population.NumAges]float64
	newStaffExit                    []float64
	recruits, employment, sickLeave []population.Pyramid
	useScale, fteScale              []float64
}

// applyTo sets dst to src, the inputs of year index i ≥ 1 with the levers
// applied, scaled by the draw: exit rates (established and new staff)
// capped at 1, recruits, employment and sick-leave rates (the last two
// capped at 1), use and FTE-per-user scales. The fields the draw does not scale
// share src's memory: dst is read only. It does not allocate once dst's
// buffers have grown.
func (d *draw) applyTo(dst *drawInputs, src *yearInputs, i int) {
	p, s := &dst.params, &src.params
	*p = *s
	ex, rc, em, sl := math.Exp(d.exits[i-1]), math.Exp(d.recruits[i-1]), math.Exp(d.employ[i-1]), math.Exp(d.sick[i-1])
	p.ExitRate = scratch.Grow(dst.exitRate, len(s.ExitRate))
	for r := range s.ExitRate {
		d := &p.ExitRate[r]
		for a, v := range &s.ExitRate[r] {
			if v *= ex; v > 1 {
				v = 1
			}
			d[a] = v
		}
	}
	p.NewStaffExitRate = scratch.Grow(dst.newStaffExit, len(s.NewStaffExitRate))
	for r := range s.NewStaffExitRate {
		p.NewStaffExitRate[r] = min(1, s.NewStaffExitRate[r]*ex)
	}
	p.Recruits = scaleInto(dst.recruits, s.Recruits, rc, math.Inf(1))
	p.EmploymentRate = scaleInto(dst.employment, s.EmploymentRate, em, 1)
	p.SickLeaveRate = scaleInto(dst.sickLeave, s.SickLeaveRate, sl, 1)
	dst.exitRate, dst.newStaffExit = p.ExitRate, p.NewStaffExitRate
	dst.recruits, dst.employment, dst.sickLeave = p.Recruits, p.EmploymentRate, p.SickLeaveRate

	fu, ff := math.Exp(d.useTrend[i-1]), math.Exp(d.ftePerUser[i-1])
	a, b := &dst.adjust, &src.adjust
	a.Shifts = b.Shifts
	a.UseScale = scratch.Grow(dst.useScale, len(b.UseScale))
	for k, v := range b.UseScale {
		a.UseScale[k] = v * fu
	}
	a.FTEScale = scratch.Grow(dst.fteScale, len(b.FTEScale))
	for k, v := range b.FTEScale {
		a.FTEScale[k] = v * ff
	}
	dst.useScale, dst.fteScale = a.UseScale, a.FTEScale
}

// scaleInto writes src × f, each value capped at hi, into dst's memory
// and returns it. The comparison gives min(hi, v) bit for bit: a NaN v
// stays NaN, and hi (1 or +Inf) is not a zero whose sign could matter.
func scaleInto(dst, src []population.Pyramid, f, hi float64) []population.Pyramid {
	dst = scratch.Grow(dst, len(src))
	for r := range src {
		d, s := &dst[r], &src[r]
		for x := range s {
			dd, ss := &d[x], &s[x]
			for a, v := range ss {
				v *= f
				if v > hi {
					v = hi
				}
				dd[a] = v
			}
		}
	}
	return dst
}
