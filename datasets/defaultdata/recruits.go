package defaultdata

// Recruits are sized by projecting each role's staff over the horizon of
// the default forecast, not from the base year's flows alone: the
// base-year stock of assistant nurses has a bulge at 50-64 that retires
// over the next ten years, and recruits are young, with the high exit
// rates of their own ages, so a recruitment that balances the base year's
// exits and retirements lets headcount fall for a decade. The projection
// follows the order of events of the supply model (engine/supply doc),
// with sexes together since no rate depends on sex:
//
//	the steady-state trainees of a pipeline with a source role out of
//	that role's base-year staff; then each year ageing; exits (new staff
//	at the role's newStaffExitRate, established staff at exitRate by age)
//	and retirements as competing risks; career moves out of established
//	survivors, arriving as new staff of the destination; graduates of the
//	pipelines in their steady state (places × yield), out of the source
//	role's established staff and into the output role, with the source's
//	ages a year on, or with the output role's recruit profile when the
//	pipeline has no source; recruits as new staff.
//
// Recruits of role r are R_r(a) = F_r(a) + x_r π_r(a), where π_r is the
// role's recruit profile and F_r the fixed inflow (assistant nurses: the
// upper-secondary graduates at 19). x_r is the number at which the
// headcount H(t) follows the intended trend on average over the horizon,
//
//	S(x) = Σ_{t=1..T} H(t) / (H(0) (1+g)^t) = T,   T = trendYears, g = supplyGrowth,
//
// and x_r = 0 where the fixed inflow already exceeds that. S grows with x;
// it is affine except where the graduates leaving a source role would
// empty it, so x is found by bisection. Example: a role of 1 000 staff
// whose projection without recruits averages 70 % of the target path, and
// 0.6 % more with each recruit a year, needs x = 30 / 0.6 = 50 recruits a
// year. Roles are solved in the order of the career path, so that each
// role's arrivals from its sources are known when it is solved.

// trendYears is the horizon the recruits are sized over: 2025-2040, the
// years of the default forecast (forecastrun.DefaultToYear is 2040) from
// base year 2024.
const trendYears = 16

// solveOrder lists the roles with every source of career moves and
// training before its destinations.
var solveOrder = [numRoles]int{serviceAssistant, careAide, assistantNurse, specialistAssistantNurse, supportWorker, personalAssistant, nurse}

// ageVec is a count by working age minWorkAge..maxWorkAge, sexes together.
type ageVec [numWork]float64

func (v *ageVec) sum() float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s
}

// roleInflow is what joins or leaves a role from other roles and the
// pipelines, each year of the projection.
type roleInflow struct {
	transIn   []ageVec // [t-1]: career moves into the role during year t
	transRate float64  // share of established survivors moving out a year
	gradIn    float64  // graduates a year of pipelines without a source
	gradProf  ageVec   // their age profile, summing to 1
	gradFrom  ageVec   // graduates a year of pipelines with a source, by age
	gradOut   float64  // graduates leaving the role a year for another
	training  float64  // staff of the role in training in the base year
}

// projectRole projects stock with yearly recruits rec over trendYears
// years. It returns the headcount of each year (base year first) and the
// career moves out of the role by year and age.
func projectRole(r int, stock *ageVec, in *roleInflow, rec *ageVec) (heads []float64, transOut []ageVec) {
	rp := &roleProfiles[r]
	est, fresh := *stock, ageVec{}
	if n := est.sum(); in.training > 0 && n > 0 {
		k := 1 - min(in.training, n)/n
		for i := range est {
			est[i] *= k
		}
	}
	heads = make([]float64, trendYears+1)
	transOut = make([]ageVec, trendYears)
	heads[0] = est.sum()
	for t := 1; t <= trendYears; t++ {
		var move ageVec
		for i := numWork - 1; i >= 0; i-- {
			var aNew, aEst float64
			if i > 0 {
				aNew, aEst = fresh[i-1], est[i-1]
			}
			a := minWorkAge + i
			rho := retirementRate(a)
			bNew := aNew * (1 - newStaffExitRate[r]) * (1 - rho)
			bEst := aEst * (1 - rp.exitRate(a)) * (1 - rho)
			move[i] = bEst * in.transRate
			est[i] = bNew + bEst - move[i]
			fresh[i] = 0
			if in.transIn != nil {
				fresh[i] = in.transIn[t-1][i]
			}
		}
		if n := est.sum(); in.gradOut > 0 && n > 0 {
			k := 1 - min(in.gradOut, n)/n
			for i := range est {
				est[i] *= k
			}
		}
		for i := range fresh {
			fresh[i] += in.gradIn*in.gradProf[i] + in.gradFrom[i] + rec[i]
		}
		transOut[t-1] = move
		heads[t] = est.sum() + fresh.sum()
	}
	return heads, transOut
}

// trendScore returns Σ_t H(t) / (H(0) (1+g)^t), which is trendYears on
// the intended path.
func trendScore(heads []float64) float64 {
	var s, target float64 = 0, heads[0]
	for t := 1; t < len(heads); t++ {
		target *= 1 + supplyGrowth
		s += heads[t] / target
	}
	return s
}

// solveRecruits returns the x ≥ 0 at which recruits fixed + x prof give
// the role the intended trend (trendScore = trendYears), to 1e-9 of x.
func solveRecruits(r int, stock *ageVec, in *roleInflow, fixed, prof *ageVec) float64 {
	score := func(x float64) float64 {
		rec := *fixed
		for i := range rec {
			rec[i] += x * prof[i]
		}
		h, _ := projectRole(r, stock, in, &rec)
		return trendScore(h)
	}
	if score(0) >= trendYears {
		return 0
	}
	lo, hi := 0.0, max(1, stock.sum()/10)
	for score(hi) < trendYears {
		lo, hi = hi, 2*hi
	}
	for hi-lo > 1e-9*hi {
		mid := (lo + hi) / 2
		if score(mid) < trendYears {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// regionRecruits returns the yearly recruits of each role by age (sexes
// together) for a region with base-year staff h and pipelines runs;
// upperSecondary assistant-nurse recruits join at upperSecondaryAge
// whatever the need.
func regionRecruits(h *staff, runs []pipelineRun, upperSecondary float64) [numRoles]ageVec {
	var in [numRoles]roleInflow
	for _, run := range runs {
		g := run.places * run.spec.yield()
		src := run.spec.source
		if src < 0 {
			in[run.spec.output].gradIn += g
			continue
		}
		in[src].gradOut += g
		in[src].training += run.spec.trainees(run.places)
		// Graduates leave with the ages of the source's staff, a year
		// older.
		var ages ageVec
		for s := range numSex {
			for i := range numWork - 1 {
				ages[i+1] += h[src][s][i]
			}
		}
		if n := ages.sum(); n > 0 {
			for i := range ages {
				in[run.spec.output].gradFrom[i] += g * ages[i] / n
			}
		}
	}
	for _, t := range careerTransitions {
		in[t.from].transRate += t.rate
	}
	var rec [numRoles]ageVec
	for _, r := range solveOrder {
		var stock ageVec
		for s := range numSex {
			for i, v := range h[r][s] {
				stock[i] += v
			}
		}
		if stock.sum() == 0 {
			continue
		}
		var fixed ageVec
		if r == assistantNurse {
			fixed[upperSecondaryAge-minWorkAge] = upperSecondary
		}
		prof := ageVec(roleProfiles[r].recruitProfile())
		// Graduates join with the output role's recruit profile (engine:
		// the profile of Recruits[out]), which depends on the recruits
		// being solved; a few rounds settle it.
		rec[r] = prof
		for range 4 {
			if n := rec[r].sum(); n > 0 {
				for i := range in[r].gradProf {
					in[r].gradProf[i] = rec[r][i] / n
				}
			}
			x := solveRecruits(r, &stock, &in[r], &fixed, &prof)
			for i := range rec[r] {
				rec[r][i] = fixed[i] + x*prof[i]
			}
		}
		_, out := projectRole(r, &stock, &in[r], &rec[r])
		for _, t := range careerTransitions {
			if t.from != r {
				continue
			}
			dst := &in[t.to]
			if dst.transIn == nil {
				dst.transIn = make([]ageVec, trendYears)
			}
			for y := range out {
				for i := range out[y] {
					dst.transIn[y][i] += out[y][i] * t.rate / in[r].transRate
				}
			}
		}
	}
	return rec
}
