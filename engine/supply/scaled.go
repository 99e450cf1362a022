package supply

import "github.com/caregap/caregap/engine/population"

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
func StepScaled(next, cur *State, p *Params, sc *Scale) {
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
	for r := range nr {
		surviveScaled(next, cur, p, sc.Exit, r)
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
// ex and capped at 1. It computes leave's survivors only: b = n (1-e)(1-ρ),
// 0 when n = 0.
func surviveScaled(next, cur *State, p *Params, ex float64, r int) {
	var exitRate, retRate *[population.NumAges]float64
	if p.ExitRate != nil {
		exitRate = &p.ExitRate[r]
	}
	if p.RetirementRate != nil {
		retRate = &p.RetirementRate[r]
	}
	var eNew float64
	if p.NewStaffExitRate != nil {
		eNew = min(1, p.NewStaffExitRate[r]*ex)
	}
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
	// The roles career transitions from r lead to, in order.
	var dests [8]int
	moves := dests[:0]
	if moveShare != 0 {
		for to, t := range trans {
			if to != r && t != 0 {
				moves = append(moves, to)
			}
		}
	}

	src := &cur.Stock[r]
	dst := &next.Stock[r][Established]
	keepNew := 1 - eNew
	for a := range population.NumAges {
		var eOld, rho float64
		if exitRate != nil {
			if eOld = exitRate[a] * ex; eOld > 1 {
				eOld = 1
			}
		}
		if retRate != nil {
			rho = retRate[a]
		}
		keepOld, stay := 1-eOld, 1-rho
		for s := range population.NumSexes {
			var nNew, nOld float64
			switch {
			case a == population.MaxAge:
				nNew = src[New][s][a-1] + src[New][s][a]
				nOld = src[Established][s][a-1] + src[Established][s][a]
			case a > 0:
				nNew = src[New][s][a-1]
				nOld = src[Established][s][a-1]
			}
			var bNew, bOld float64
			if nNew != 0 {
				bNew = nNew * keepNew * stay
			}
			if nOld != 0 {
				bOld = nOld * keepOld * stay
			}
			dst[s][a] = bNew + bOld*stayShare
			if bOld == 0 {
				continue
			}
			for _, to := range moves {
				next.Stock[to][New][s][a] += bOld * trans[to]
			}
		}
	}
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
func EffectiveFTE(dst []float64, s *State, p *Params, sc *Scale) []float64 {
	p.checkShape()
	if len(s.Stock) != len(p.Roles) {
		panic("supply: state shape does not match params")
	}
	nr := len(p.Roles)
	if cap(dst) < nr {
		dst = make([]float64, nr)
	}
	dst = dst[:nr]
	em, sl := sc.Employment, sc.SickLeave
	for r := range nr {
		var emp, sick *population.Pyramid
		if p.EmploymentRate != nil {
			emp = &p.EmploymentRate[r]
		}
		if p.SickLeaveRate != nil {
			sick = &p.SickLeaveRate[r]
		}
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
					e := emp[sex][a] * em
					if e > 1 {
						e = 1
					}
					eff *= e
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
		if p.Supervision != nil && p.Supervision[r] > 0 {
			sum -= min(p.Supervision[r], sum)
		}
		dst[r] = sum
	}
	return dst
}
