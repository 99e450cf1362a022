package demand

import (
	"math"
	"slices"

	"github.com/caregap/caregap/engine/population"
)

// How Users sums. Each service's users are Σ pop[s][a] × rate[s][a], sex
// by sex and age by age, one addition after the other. Two things make it
// faster without changing a bit of any sum:
//
//   - Up to four services are summed in one pass over the ages, each into
//     its own accumulator that adds its cells in the usual order. The
//     chains of additions are independent, so the processor overlaps them.
//
//   - A group of services is summed only over the ages where one of them
//     has a nonzero use rate (ages outside are skipped), provided the
//     population is finite at the skipped ages. There a term is
//     pop × (±0) = ±0, and adding ±0 leaves a sum unchanged unless the sum
//     is −0 (−0 + +0 = +0). A sum that starts at +0 is never −0: in
//     round-to-nearest an exact zero sum is +0 unless both addends are −0.
//     A NaN or ±Inf population at a skipped age makes the term NaN, so
//     then every age is summed, as before.

// maxGroup is the most services summed in one pass.
const maxGroup = 4

// span is the ages lo..hi−1 of one sex.
type span struct{ lo, hi int }

func (s span) empty() bool { return s.lo >= s.hi }

// union returns the smallest span holding s and t.
func (s span) union(t span) span {
	switch {
	case s.empty():
		return t
	case t.empty():
		return s
	}
	return span{min(s.lo, t.lo), max(s.hi, t.hi)}
}

// group is up to maxGroup services summed in one pass over ages.
type group struct {
	svc  [maxGroup]int
	n    int
	ages [population.NumSexes]span
}

// plan is how Users sums the services of a model: its groups, and the
// ages outside every group's span, where the population must be finite
// for the spans to be used.
type plan struct {
	first *Service // &Services[0] when made, to tell a reassigned slice
	n     int
	// groups summed over their spans, and the same groups over all ages.
	groups, full []group
	// inner[s] is the ages inside every group's span; the population is
	// checked outside it.
	inner [population.NumSexes]span
}

// nonzeroAges returns the ages from the first to the last where rate is
// not zero (NaN counts as not zero), by sex; empty when all are zero.
func nonzeroAges(rate *population.Pyramid) [population.NumSexes]span {
	var sp [population.NumSexes]span
	for s := range population.NumSexes {
		r := &rate[s]
		lo, hi := 0, population.NumAges
		for lo < hi && r[lo] == 0 {
			lo++
		}
		for hi > lo && r[hi-1] == 0 {
			hi--
		}
		if lo < hi {
			sp[s] = span{lo, hi}
		}
	}
	return sp
}

func spanCost(sp [population.NumSexes]span) int {
	c := 0
	for _, s := range sp {
		if !s.empty() {
			c += s.hi - s.lo
		}
	}
	return c
}

// groupOverhead is the cost of a pass, in ages, beyond its ages: loop
// set-up and the final stores.
const groupOverhead = 8

// makePlan groups the services of m: sorted by their nonzero ages, then
// cut into runs of at most maxGroup services that minimise the ages
// summed plus groupOverhead per group (dynamic programming over the cut
// points).
func makePlan(m *Model) *plan {
	n := len(m.Services)
	p := &plan{n: n}
	if n == 0 {
		return p
	}
	p.first = &m.Services[0]
	ages := make([][population.NumSexes]span, n)
	order := make([]int, n)
	for i := range m.Services {
		ages[i] = nonzeroAges(&m.Services[i].UseRate)
		order[i] = i
	}
	key := func(i int) int {
		k := 0
		for _, s := range ages[i] {
			if !s.empty() {
				k += s.lo
			}
		}
		return k
	}
	slices.SortStableFunc(order, func(a, b int) int { return key(a) - key(b) })

	// best[j] is the least cost of the first j services in order; cut[j]
	// the start of the last group.
	best, cut := make([]int, n+1), make([]int, n+1)
	for j := 1; j <= n; j++ {
		best[j] = -1
		var u [population.NumSexes]span
		for i := j - 1; i >= max(0, j-maxGroup); i-- {
			for s := range u {
				u[s] = u[s].union(ages[order[i]][s])
			}
			if c := best[i] + spanCost(u) + groupOverhead; best[j] < 0 || c < best[j] {
				best[j], cut[j] = c, i
			}
		}
	}
	for j := n; j > 0; j = cut[j] {
		g := group{n: j - cut[j]}
		for k, i := range order[cut[j]:j] {
			g.svc[k] = i
			for s := range g.ages {
				g.ages[s] = g.ages[s].union(ages[i][s])
			}
		}
		p.groups = append(p.groups, g)
	}
	slices.Reverse(p.groups)

	p.full = slices.Clone(p.groups)
	for i := range p.full {
		for s := range p.full[i].ages {
			p.full[i].ages[s] = span{0, population.NumAges}
		}
	}
	for s := range p.inner {
		in := span{0, population.NumAges}
		for _, g := range p.groups {
			if g.ages[s].empty() {
				in = span{}
				break
			}
			in = span{max(in.lo, g.ages[s].lo), min(in.hi, g.ages[s].hi)}
		}
		if in.empty() {
			in = span{population.NumAges, population.NumAges}
		}
		p.inner[s] = in
	}
	return p
}

// plan returns m's plan, made at the first call and remade when Services
// has been reassigned or resized since.
func (m *Model) plan() *plan {
	p, _ := m.cache.Load().(*plan)
	n := len(m.Services)
	if p != nil && p.n == n && (n == 0 || p.first == &m.Services[0]) {
		return p
	}
	p = makePlan(m)
	m.cache.Store(p)
	return p
}

// finiteOutside reports whether pop is finite at every age outside
// inner. A float64 is NaN or ±Inf when its 11 exponent bits are all
// ones; adding one to the exponent field then carries into the sign bit,
// and into it only then.
func finiteOutside(pop *population.Pyramid, inner *[population.NumSexes]span) bool {
	const exp, one = 0x7ff << 52, 1 << 52
	var c0, c1 uint64
	for s := range population.NumSexes {
		p := &pop[s]
		for _, q := range [2][]float64{p[:inner[s].lo], p[inner[s].hi:]} {
			i := 0
			for ; i+1 < len(q); i += 2 {
				c0 |= math.Float64bits(q[i])&exp + one
				c1 |= math.Float64bits(q[i+1])&exp + one
			}
			if i < len(q) {
				c0 |= math.Float64bits(q[i])&exp + one
			}
		}
	}
	return (c0|c1)>>63 == 0
}

// sumGroups sets dst[i] to the users of each service i of the groups.
func sumGroups(dst []float64, svcs []Service, pop *population.Pyramid, groups []group) {
	for gi := range groups {
		g := &groups[gi]
		switch g.n {
		case 4:
			sum4(dst, svcs, pop, g)
		case 3:
			sum3(dst, svcs, pop, g)
		case 2:
			sum2(dst, svcs, pop, g)
		default:
			sum1(dst, svcs, pop, g)
		}
	}
}

func sum1(dst []float64, svcs []Service, pop *population.Pyramid, g *group) {
	r0 := &svcs[g.svc[0]].UseRate
	var u0 float64
	for s := range population.NumSexes {
		sp := g.ages[s]
		if sp.empty() {
			continue
		}
		p := pop[s][sp.lo:sp.hi]
		q0 := r0[s][sp.lo:sp.hi]
		q0 = q0[:len(p)]
		for a, x := range p {
			u0 += x * q0[a]
		}
	}
	dst[g.svc[0]] = u0
}

func sum2(dst []float64, svcs []Service, pop *population.Pyramid, g *group) {
	r0, r1 := &svcs[g.svc[0]].UseRate, &svcs[g.svc[1]].UseRate
	var u0, u1 float64
	for s := range population.NumSexes {
		sp := g.ages[s]
		if sp.empty() {
			continue
		}
		p := pop[s][sp.lo:sp.hi]
		q0, q1 := r0[s][sp.lo:sp.hi], r1[s][sp.lo:sp.hi]
		q0, q1 = q0[:len(p)], q1[:len(p)]
		for a, x := range p {
			u0 += x * q0[a]
			u1 += x * q1[a]
		}
	}
	dst[g.svc[0]], dst[g.svc[1]] = u0, u1
}

func sum3(dst []float64, svcs []Service, pop *population.Pyramid, g *group) {
	r0, r1, r2 := &svcs[g.svc[0]].UseRate, &svcs[g.svc[1]].UseRate, &svcs[g.svc[2]].UseRate
	var u0, u1, u2 float64
	for s := range population.NumSexes {
		sp := g.ages[s]
		if sp.empty() {
			continue
		}
		p := pop[s][sp.lo:sp.hi]
		q0, q1, q2 := r0[s][sp.lo:sp.hi], r1[s][sp.lo:sp.hi], r2[s][sp.lo:sp.hi]
		q0, q1, q2 = q0[:len(p)], q1[:len(p)], q2[:len(p)]
		for a, x := range p {
			u0 += x * q0[a]
			u1 += x * q1[a]
			u2 += x * q2[a]
		}
	}
	dst[g.svc[0]], dst[g.svc[1]], dst[g.svc[2]] = u0, u1, u2
}

func sum4(dst []float64, svcs []Service, pop *population.Pyramid, g *group) {
	r0, r1 := &svcs[g.svc[0]].UseRate, &svcs[g.svc[1]].UseRate
	r2, r3 := &svcs[g.svc[2]].UseRate, &svcs[g.svc[3]].UseRate
	var u0, u1, u2, u3 float64
	for s := range population.NumSexes {
		sp := g.ages[s]
		if sp.empty() {
			continue
		}
		p := pop[s][sp.lo:sp.hi]
		q0, q1 := r0[s][sp.lo:sp.hi], r1[s][sp.lo:sp.hi]
		q2, q3 := r2[s][sp.lo:sp.hi], r3[s][sp.lo:sp.hi]
		q0, q1, q2, q3 = q0[:len(p)], q1[:len(p)], q2[:len(p)], q3[:len(p)]
		for a, x := range p {
			u0 += x * q0[a]
			u1 += x * q1[a]
			u2 += x * q2[a]
			u3 += x * q3[a]
		}
	}
	dst[g.svc[0]], dst[g.svc[1]], dst[g.svc[2]], dst[g.svc[3]] = u0, u1, u2, u3
}
