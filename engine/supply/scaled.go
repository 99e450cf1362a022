package supply

import (
	"math"

	"github.com/caregap/caregap/engine/population"
)

// Scale holds factors on some rates and counts of a year's Params, for
// StepScaled and EffectiveFTE, which apply them on the fly as if Params
// held the scaled values: a draw of the Monte Carlo forecast changes
// these and shares everything else. Each factor must be positive and
// finite; 1 leaves a field as it is.
type Scale struct {
	Exit       float64 // on ExitRate and NewStaffExitRate, each value capped at 1
	Recruits   float64 // on Recruits
	Employment float64 // on EmploymentRate, each value capped at 1
	SickLeave  float64 // on SickLeaveRate, each value capped at 1
}

// StepScaled is Step without flows under p with the factors of sc: next
// is, bit for bit, what Step(next, cur, p', nil) writes, where p' is p
// with ExitRate[r][a] and NewStaffExitRate[r] multiplied by sc.Exit and
// capped at 1, and Recruits[r] multiplied by sc.Recruits. p must be valid
// (Validate): the equality relies on rates in [0, 1] and counts that are
// not negative. It neither builds p' nor counts the flows, which is what
// makes it faster than Step, and it allocates only when next is too
// small. It panics as Step does.
//
// live, when not nil, holds for each role the ages outside which cur
// holds nobody, as EffectiveFTE wrote them for cur: StepScaled then takes
// them instead of finding them, and trusts them. Nil: it finds them.
func StepScaled(next, cur *State, p *Params, sc *Scale, live []AgeRange) {
	p.checkShape()
	cur.checkShape(p)
	if next == cur || aliased(next, cur) {
		panic("supply: next and cur share memory")
	}
	next.size(p)
	nr := len(p.Roles)
	for r := range nr {
		next.Stock[r][New] = population.Pyramid{}
	}
	if live != nil && len(live) != nr {
		panic("supply: length mismatch")
	}
	for r := range nr {
		var lo, hi int
		if live != nil {
			lo, hi = live[r].Lo, live[r].Hi
		} else {
			lo, hi = liveAges(&cur.Stock[r])
		}
		surviveScaled(next, cur, p, sc.Exit, r, lo, hi)
	}
	for i := range p.Pipelines {
		pl := &p.Pipelines[i]
		x := next.Trainees[i]
		copy(x, cur.Trainees[i])
		var pf PipelineFlows
		if pl.Source == NoSource {
			next.InTraining[i] = population.Pyramid{}
			advance(x, pl, 12, &pf)
			if g := pf.Graduates; g != 0 {
				prof, f, total := p.recruitProfileScaled(pl.Output, sc.Recruits)
				addScaledBy(&next.Stock[pl.Output][New], prof, f, g/total)
			}
		} else {
			ageOne(&next.InTraining[i], &cur.InTraining[i])
			advanceSourced(x, pl, &next.InTraining[i],
				&next.Stock[pl.Source][Established], &next.Stock[pl.Output][New], &pf)
		}
	}
	for r := range nr {
		arriveScaled(&next.Stock[r][New], p, r, sc.Recruits)
	}
}

// surviveScaled is survive without flows, with the exit rates scaled by
// ex and capped at 1. It computes leave's survivors only, with leave's
// arithmetic: b = n (1-e)(1-ρ). Leave returns 0 when n = 0 without
// computing it; here n (1-e)(1-ρ) is +0 for n = +0 (the factors are in
// [0, 1]) and −0 for n = −0, which only an established count of the base
// year can be (new staff start at +0 and only grow). A −0 survivor adds
// nothing to the tenure's sum, whose other term is not −0, nor to a
// destination's new staff, so every stock is the same bit for bit. For
// the same reason the ages that hold nobody (liveAges) are written as
// zeros without computing them.
//
// cur holds nobody of role r outside the ages lo..hi.
func surviveScaled(next, cur *State, p *Params, ex float64, r, lo, hi int) {
	const top = population.MaxAge
	src := &cur.Stock[r]
	dst := &next.Stock[r][Established]
	// The ages 1..top−1 whose survivors come from ages that hold staff.
	a0, a1 := min(top, max(1, lo+1)), min(top-1, hi+1)
	exitRate, retRate := &zeroAges, &zeroAges
	if p.ExitRate != nil {
		exitRate = &p.ExitRate[r]
	}
	if p.RetirementRate != nil {
		retRate = &p.RetirementRate[r]
	}
	// keep returns 1 − e and 1 − ρ of the established at age a; a nil
	// rate is 0, which gives 1 as a multiplier.
	keep := func(a int) (keepOld, stay float64) {
		v := exitRate[a] * ex
		if v > 1 {
			v = 1
		}
		return 1 - v, 1 - retRate[a]
	}
	var eNew float64
	if p.NewStaffExitRate != nil {
		eNew = min(1, p.NewStaffExitRate[r]*ex)
	}
	keepNew := 1 - eNew
	var trans []float64
	if p.Transitions != nil {
		trans = p.Transitions[r]
	}
	var moveShare float64
	for to, t := range trans {
		if to != r {
			moveShare += t
		}
	}
	stayShare := max(0, 1-moveShare)

	// Both sexes in one pass over the ages, which takes each age's rates
	// once.
	d0, d1 := &dst[0], &dst[1]
	n0, n1, o0, o1 := &src[New][0], &src[New][1], &src[Established][0], &src[Established][1]
	clear(d0[:a0])
	clear(d1[:a0])
	for a := a0; a <= a1; a++ {
		ko, st := keep(a)
		d0[a] = n0[a-1]*keepNew*st + o0[a-1]*ko*st*stayShare
		d1[a] = n1[a-1]*keepNew*st + o1[a-1]*ko*st*stayShare
	}
	if a1 < top-1 {
		clear(d0[a1+1 : top])
		clear(d1[a1+1 : top])
	}
	ko, st := keep(top)
	d0[top] = (n0[top-1]+n0[top])*keepNew*st + (o0[top-1]+o0[top])*ko*st*stayShare
	d1[top] = (n1[top-1]+n1[top])*keepNew*st + (o1[top-1]+o1[top])*ko*st*stayShare
	if moveShare == 0 {
		return
	}
	// Career transitions: the same products again, for the established.
	for to, t := range trans {
		if to == r || t == 0 {
			continue
		}
		m0, m1 := &next.Stock[to][New][0], &next.Stock[to][New][1]
		for a := a0; a <= a1; a++ {
			ko, st := keep(a)
			m0[a] += o0[a-1] * ko * st * t
			m1[a] += o1[a-1] * ko * st * t
		}
		m0[top] += (o0[top-1] + o0[top]) * ko * st * t
		m1[top] += (o1[top-1] + o1[top]) * ko * st * t
	}
}

// zeroAges stands for a rate that is nil: 0 at every age.
var zeroAges [population.NumAges]float64

// AgeRange is the ages Lo..Hi outside which a role's staff are all +0;
// Lo > Hi when the role has nobody.
type AgeRange struct{ Lo, Hi int }

// liveAges returns the lowest and the highest age at which p holds
// anybody, of either tenure and sex (a −0 counts as somebody: computing
// it gives what skipping it would); lo > hi when it holds nobody.
func liveAges(p *[NumTenures]population.Pyramid) (lo, hi int) {
	n0, n1, e0, e1 := &p[New][0], &p[New][1], &p[Established][0], &p[Established][1]
	held := func(a int) bool {
		return math.Float64bits(n0[a])|math.Float64bits(n1[a])|math.Float64bits(e0[a])|math.Float64bits(e1[a]) != 0
	}
	for lo = 0; lo < population.NumAges && !held(lo); lo++ {
	}
	if lo == population.NumAges {
		return lo, -1
	}
	for hi = population.MaxAge; !held(hi); hi-- {
	}
	return lo, hi
}

// liveIn returns the lowest and the highest age at which any of w, x, y
// and z is not zero, its bits tested (−0 included); lo > hi when they are
// all zero.
func liveIn(w, x, y, z *[population.NumAges]float64) (lo, hi int) {
	held := func(a int) bool {
		return math.Float64bits(w[a])|math.Float64bits(x[a])|math.Float64bits(y[a])|math.Float64bits(z[a]) != 0
	}
	for lo = 0; lo < population.NumAges && !held(lo); lo++ {
	}
	if lo == population.NumAges {
		return lo, -1
	}
	for hi = population.MaxAge; !held(hi); hi-- {
	}
	return lo, hi
}

// arriveScaled is arrive without flows, with the recruits scaled by rc.
// It adds every scaled recruit where arrive adds them only when their
// total is positive: with counts that are not negative, a total that is
// not positive means zeros, and dst (which starts at +0 and only grows)
// is left as it is by adding zeros.
func arriveScaled(dst *population.Pyramid, p *Params, r int, rc float64) {
	if p.Recruits != nil {
		src := &p.Recruits[r]
		for s := range population.NumSexes {
			d, v := &dst[s], &src[s]
			for a := range population.NumAges {
				d[a] += v[a] * rc
			}
		}
	}
	if p.MatchedEntrants != nil {
		if matched := p.MatchedEntrants[r]; matched > 0 {
			prof, f, total := p.matchedProfileScaled(r, rc)
			addScaledBy(dst, prof, f, matched/total)
		}
	}
}

// addScaledBy adds c × (f × src) to dst, the product f × src rounded
// first as a stored scaled profile would be.
func addScaledBy(dst, src *population.Pyramid, f, c float64) {
	for s := range population.NumSexes {
		d, v := &dst[s], &src[s]
		for a := range population.NumAges {
			d[a] += c * float64(v[a]*f)
		}
	}
}

// scaledTotal returns the total of f × p, added in the order of Total.
func scaledTotal(p *population.Pyramid, f float64) float64 {
	var t float64
	for s := range population.NumSexes {
		v := &p[s]
		for a := range population.NumAges {
			t += float64(v[a] * f)
		}
	}
	return t
}

// recruitProfileScaled is recruitProfile with the recruits scaled by rc:
// the profile before scaling, the factor to scale it by and the scaled
// profile's total.
func (p *Params) recruitProfileScaled(r int, rc float64) (*population.Pyramid, float64, float64) {
	if p.Recruits != nil {
		if t := scaledTotal(&p.Recruits[r], rc); t > 0 {
			return &p.Recruits[r], rc, t
		}
	}
	return &defaultProfile, 1, 1
}

// matchedProfileScaled is matchedProfile with the recruits scaled by rc,
// returned as recruitProfileScaled returns it.
func (p *Params) matchedProfileScaled(r int, rc float64) (*population.Pyramid, float64, float64) {
	if t := p.MatchedProfile.Total(); t > 0 {
		return &p.MatchedProfile, 1, t
	}
	return p.recruitProfileScaled(r, rc)
}

// EffectiveFTE writes into dst the effective FTE of every role of s under
// p with the factors of sc, and returns it: bit for bit the EffectiveFTE
// of Measure under p with EmploymentRate multiplied by sc.Employment and
// SickLeaveRate by sc.SickLeave, each capped at 1, without the other
// measures. dst is resized to len(p.Roles) and allocated only when it is
// too small. It panics as Measure does.
//
// Measure skips the ages where a role has nobody; here they add
// +0 × E × (1 − S) = +0 to a sum that is not −0, which leaves it as it is.
// So the roles are summed two at a time over the ages where either has
// staff (liveAges), each in its own order, without a branch by age: the
// two sums' additions overlap instead of waiting for each other.
//
// live, when not nil, is given for each role the ages outside which s
// holds nobody (len(live) must be len(p.Roles)), for the StepScaled that
// starts from s.
func EffectiveFTE(dst []float64, s *State, p *Params, sc *Scale, live []AgeRange) []float64 {
	p.checkShape()
	if len(s.Stock) != len(p.Roles) {
		panic("supply: state shape does not match params")
	}
	nr := len(p.Roles)
	if cap(dst) < nr {
		dst = make([]float64, nr)
	}
	dst = dst[:nr]
	if live != nil && len(live) != nr {
		panic("supply: length mismatch")
	}
	if p.EmploymentRate == nil || p.SickLeaveRate == nil {
		for r := range nr {
			dst[r] = effectiveOne(s, p, sc, r)
			if live != nil {
				live[r].Lo, live[r].Hi = liveAges(&s.Stock[r])
			}
		}
	} else {
		for r := 0; r < nr; r += 2 {
			r1 := min(r+1, nr-1) // the last of an odd number twice
			var l0, l1 AgeRange
			dst[r], dst[r1], l0, l1 = effectivePair(&s.Stock[r], &s.Stock[r1],
				&p.EmploymentRate[r], &p.EmploymentRate[r1], &p.SickLeaveRate[r], &p.SickLeaveRate[r1], sc)
			if live != nil {
				live[r], live[r1] = l0, l1
			}
		}
	}
	if p.Supervision != nil {
		for r, v := range p.Supervision {
			if v > 0 {
				dst[r] -= min(v, dst[r])
			}
		}
	}
	return dst
}

// effectivePair returns the effective FTE, before supervision, of the
// roles whose staff are st0 and st1, with employment rates emp0 and emp1
// and sick-leave rates sick0 and sick1, scaled by sc, and the ages where
// each has staff. st1 may be st0.
func effectivePair(st0, st1 *[NumTenures]population.Pyramid, emp0, emp1, sick0, sick1 *population.Pyramid, sc *Scale) (sum0, sum1 float64, l0, l1 AgeRange) {
	l0.Lo, l0.Hi = liveAges(st0)
	l1 = l0
	if st1 != st0 {
		l1.Lo, l1.Hi = liveAges(st1)
	}
	lo, hi := min(l0.Lo, l1.Lo), max(l0.Hi, l1.Hi)
	if lo > hi {
		return 0, 0, l0, l1
	}
	em, sl := sc.Employment, sc.SickLeave
	for sex := range population.NumSexes {
		n0, e0 := st0[New][sex][lo:hi+1], st0[Established][sex][lo:hi+1]
		n1, e1 := st1[New][sex][lo:hi+1], st1[Established][sex][lo:hi+1]
		m0, m1 := emp0[sex][lo:hi+1], emp1[sex][lo:hi+1]
		k0s, k1s := sick0[sex][lo:hi+1], sick1[sex][lo:hi+1]
		e0, n1, e1, m0, m1, k0s, k1s = e0[:len(n0)], n1[:len(n0)], e1[:len(n0)], m0[:len(n0)], m1[:len(n0)], k0s[:len(n0)], k1s[:len(n0)]
		for a, h0 := range n0 {
			h0 += e0[a]
			h1 := n1[a] + e1[a]
			k0, k1 := k0s[a]*sl, k1s[a]*sl
			if k0 > 1 {
				k0 = 1
			}
			if k1 > 1 {
				k1 = 1
			}
			// Rates near full time cross the cap from draw to draw: min,
			// which gives the comparison's value for numbers, takes no
			// branch.
			sum0 += h0 * min(1, m0[a]*em) * (1 - k0)
			sum1 += h1 * min(1, m1[a]*em) * (1 - k1)
		}
	}
	return sum0, sum1, l0, l1
}

// effectiveOne is Measure's effective FTE of role r, before supervision,
// with the factors of sc.
func effectiveOne(s *State, p *Params, sc *Scale, r int) float64 {
	var emp, sick *population.Pyramid
	if p.EmploymentRate != nil {
		emp = &p.EmploymentRate[r]
	}
	if p.SickLeaveRate != nil {
		sick = &p.SickLeaveRate[r]
	}
	em, sl := sc.Employment, sc.SickLeave
	var sum float64
	st := &s.Stock[r]
	for sex := range population.NumSexes {
		nw, es := &st[New][sex], &st[Established][sex]
		for a := range population.NumAges {
			h := nw[a] + es[a]
			if h == 0 {
				continue
			}
			eff := h
			if emp != nil {
				eff *= min(1, emp[sex][a]*em)
			}
			if sick != nil {
				k := sick[sex][a] * sl
				if k > 1 {
					k = 1
				}
				eff *= 1 - k
			}
			sum += eff
		}
	}
	return sum
}
