package population

import "math"

// DefaultBoyShare is the share of boys among live births used when
// Rates.BoyShare is zero (the Swedish long-run sex ratio at birth, about
// 105 boys per 100 girls).
const DefaultBoyShare = 0.512

// Rates holds the rates of one projection year.
type Rates struct {
	// Death[sex][a] is q(t,a): the probability of dying during year t for
	// the cohort that reaches age a at the end of t. Its exposure is
	// P(t−1,a−1) (for a = MaxAge, P(t−1,MaxAge−1) + P(t−1,MaxAge)) and,
	// for a = 0, the births of the year. Values must lie in [0, 1].
	Death [NumSexes][NumAges]float64
	// Fertility[a] is live births per woman and year by the mother's age a
	// at the end of the year; its exposure is the mean of the women aged a
	// on 31 December of t−1 and of t. Fertility[0] is ignored.
	Fertility [NumAges]float64
	// BoyShare is the share of boys among births; 0 means DefaultBoyShare.
	BoyShare float64
	// NetMigration[sex][a] is in-migrants minus out-migrants during the
	// year, in persons, by age at the end of the year; it may be negative.
	// It is the part of net migration held as a count.
	NetMigration [NumSexes][NumAges]float64
	// NetMigrationRate[sex][a] is the part of net migration held as a
	// rate: net migrants per person at risk, the exposure of Death (the
	// cohort at the start of the year; for a = 0 the births of the sex).
	// It may be negative. Net migration of the year is
	// NetMigration + NetMigrationRate · exposure; zero rates give the
	// counts alone.
	NetMigrationRate [NumSexes][NumAges]float64
	// Replacement adds the net migration of the working ages that
	// answers their turnover; the zero value adds none.
	Replacement Replacement
}

// Flows holds the events of one projection year.
type Flows struct {
	// Births of each sex.
	Births [NumSexes]float64
	// Deaths by sex and age at the end of the year.
	Deaths Pyramid
	// Migration is the net migration actually applied: Rates.NetMigration
	// plus Rates.NetMigrationRate times the exposure, clamped so that no
	// cohort goes below zero.
	Migration Pyramid
}

// Step projects one year: next becomes the population on 31 December of
// year t given cur on 31 December of t−1 and the rates r of year t. When f
// is not nil it receives the year's flows. Step does not allocate. It
// panics if next and cur are the same pyramid.
func Step(next, cur *Pyramid, r *Rates, f *Flows) {
	if next == cur {
		panic("population: Step with next == cur")
	}
	// The replacement migration needs the year's deaths and survivors.
	rep := r.Replacement.Share != 0
	var deaths, survivors Pyramid
	for s := range NumSexes {
		q := &r.Death[s]
		m := &r.NetMigration[s]
		rho := &r.NetMigrationRate[s]
		c := &cur[s]
		n := &next[s]
		for a := 1; a < NumAges; a++ {
			e := c[a-1]
			if a == MaxAge {
				e += c[MaxAge]
			}
			d := q[a] * e
			surv := e - d
			mig := m[a] + rho[a]*e
			if surv+mig < 0 {
				mig = -surv
			}
			n[a] = surv + mig
			if rep {
				deaths[s][a], survivors[s][a] = d, surv
			}
			if f != nil {
				f.Deaths[s][a] = d
				f.Migration[s][a] = mig
			}
		}
	}
	if rep {
		r.Replacement.apply(next, &survivors, &deaths, cur, f)
	}

	var b float64
	for a := 1; a < NumAges; a++ {
		if fa := r.Fertility[a]; fa != 0 {
			b += fa * 0.5 * (cur[Female][a] + next[Female][a])
		}
	}
	share := r.BoyShare
	if share == 0 {
		share = DefaultBoyShare
	}
	births := [NumSexes]float64{Male: b * share, Female: b * (1 - share)}

	for s := range NumSexes {
		e := births[s]
		d := r.Death[s][0] * e
		surv := e - d
		mig := r.NetMigration[s][0] + r.NetMigrationRate[s][0]*e
		if surv+mig < 0 {
			mig = -surv
		}
		next[s][0] = surv + mig
		if f != nil {
			f.Births[s] = e
			f.Deaths[s][0] = d
			f.Migration[s][0] = mig
		}
	}
}

// CheckAccounts returns the largest absolute violation, over sexes and
// ages, of the demographic accounts
//
//	next(a) = prev(a−1) − deaths(a) + migration(a)   (open group: + prev(100))
//	next(0) = births − deaths(0) + migration(0)
//
// for the flows f of the year from prev to next. It is zero, up to
// rounding, for every Step.
func CheckAccounts(prev, next *Pyramid, f *Flows) float64 {
	var worst float64
	for s := range NumSexes {
		for a := range NumAges {
			var in float64
			switch {
			case a == 0:
				in = f.Births[s]
			case a == MaxAge:
				in = prev[s][a-1] + prev[s][MaxAge]
			default:
				in = prev[s][a-1]
			}
			v := math.Abs(next[s][a] - (in - f.Deaths[s][a] + f.Migration[s][a]))
			if v > worst || math.IsNaN(v) {
				worst = v
			}
		}
	}
	return worst
}
