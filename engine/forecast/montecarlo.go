package forecast

import (
	"math"

	"github.com/caregap/caregap/engine/demand"
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
	in     drawAdjust  // the draw's demand adjustment of one year
	scales []drawScale // the draw's factors by year index
	eff    []float64   // the effective FTE of a draw's year
	live   []supply.AgeRange
	in0    yearInputs // the base year's inputs
	users  []float64
	demand []float64
	// The base year is observed: its state, demand and FTE are those of
	// every draw and scenario.
	state0          supply.State
	demand0         []float64
	fte0            []supply.RoleFTE
	cur, next       supply.State
	proj            population.Projection
	fixed           bool // the projection is given for every year: not drawn
	prepared        bool // m.d is prepared for the region (draw.prepare)
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
	m.live = scratch.Grow(m.live, nr)
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
	m.prepared = false // the first draw prepares m.d for the region
	m.proj.From = r.BaseYear
	m.proj.Pop = scratch.Grow(m.proj.Pop, n+1)
	m.proj.Pop[0] = r.Population
	copy(m.proj.Pop[1:], r.Given[:min(n, len(r.Given))])
	return nil
}

// runDraw runs draw k of region r under every scenario into m.gaps at
// draw slot j (< the draws prepareRegion was given). The draws of a
// region after prepareRegion take the same r, key, scs, to and u: the
// first prepares m.d for them.
func (m *mcWorker) runDraw(r *Region, key uint32, scs []*scenario.Resolved, to int, u *Uncertainty, k, j int) {
	if !m.prepared {
		m.d.prepare(u, r, key, to, !m.fixed)
		m.prepared = true
	}
	m.d.redraw(u, k)
	if !m.fixed {
		// The years a given projection covers are used as is; the rest
		// are projected from its last year (the draw's From, prepare)
		// with the draw's rates.
		g := len(r.Given)
		base := &r.Population
		if g > 0 {
			base = &r.Given[g-1]
		}
		m.d.pop.ProjectPops(m.proj.Pop[g:], base, to)
	}
	m.scales = m.d.scales(m.scales, m.years)
	nr := m.n - 1
	for si := range scs {
		for role := range nr {
			m.gaps[gapIndex(si, 0, role, m.years, m.n, m.draws)+j] = m.demand0[role] - m.fte0[role].EffectiveFTE
		}
		m.sumRoles(si, 0, j)
		m.cur.CopyFrom(&m.state0)
		var live []supply.AgeRange // the ages where m.cur has staff, once known
		for i := 1; i < m.years; i++ {
			in, sc := &m.inputs[si][i], &m.scales[i]
			m.in.scaleAdjust(&in.adjust, sc)
			m.demand = r.Demand.Compute(m.demand, m.users, &m.proj.Pop[i], &m.in.adjust)
			supply.StepScaled(&m.next, &m.cur, &in.params, &sc.Scale, live)
			m.cur, m.next = m.next, m.cur
			m.eff = supply.EffectiveFTE(m.eff, &m.cur, &in.params, &sc.Scale, m.live)
			live = m.live
			for role := range nr {
				m.gaps[gapIndex(si, i, role, m.years, m.n, m.draws)+j] = m.demand[role] - m.eff[role]
			}
			m.sumRoles(si, i, j)
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

// drawScale holds the factors of a draw's year: those of the supply
// inputs, which supply.StepScaled and supply.EffectiveFTE apply on the
// fly, and those of the use rates' and FTE per user's trends.
type drawScale struct {
	supply.Scale
	use, ftePerUser float64
}

// scales writes into dst (grown when short) the factors of year index
// i = 1..years−1 of the draw at dst[i], and returns it: exit rates
// (established and new staff, capped at 1), recruits, employment and
// sick-leave rates (both capped at 1), use and FTE-per-user scales.
func (d *draw) scales(dst []drawScale, years int) []drawScale {
	dst = scratch.Grow(dst, years)
	for i := 1; i < years; i++ {
		dst[i] = drawScale{
			Scale: supply.Scale{Exit: math.Exp(d.exits[i-1]), Recruits: math.Exp(d.recruits[i-1]),
				Employment: math.Exp(d.employ[i-1]), SickLeave: math.Exp(d.sick[i-1])},
			use: math.Exp(d.useTrend[i-1]), ftePerUser: math.Exp(d.ftePerUser[i-1]),
		}
	}
	return dst
}

// drawAdjust is the demand adjustment of a draw's year, with the buffers
// of the scales the draw changes.
type drawAdjust struct {
	adjust             demand.Adjust
	useScale, fteScale []float64
}

// scaleAdjust sets a to src with its use and FTE-per-user scales
// multiplied by the draw's factors; the shifts share src's memory, so a
// is read only. It does not allocate once a's buffers have grown.
func (a *drawAdjust) scaleAdjust(src *demand.Adjust, sc *drawScale) {
	a.adjust.Shifts = src.Shifts
	a.useScale = scratch.Grow(a.useScale, len(src.UseScale))
	for k, v := range src.UseScale {
		a.useScale[k] = v * sc.use
	}
	a.fteScale = scratch.Grow(a.fteScale, len(src.FTEScale))
	for k, v := range src.FTEScale {
		a.fteScale[k] = v * sc.ftePerUser
	}
	a.adjust.UseScale, a.adjust.FTEScale = a.useScale, a.fteScale
}
