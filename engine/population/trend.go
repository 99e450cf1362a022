package population

import (
	"fmt"
	"math"
)

// Trend is a log-linear mortality trend: the death rates of year y are
// the pooled rates times exp(Drift[sex]·(y − Centre)). Drift is negative
// when mortality falls. The zero Trend leaves rates unchanged.
type Trend struct {
	// Centre is the year at which the pooled rates apply: the
	// death-weighted mean of the estimation years.
	Centre float64
	// Drift is the yearly change of log mortality, by sex.
	Drift [NumSexes]float64
}

// EstimateTrend fits the mortality trend of h over the years from..to
// (those whose previous year's population is in h), against the schedule
// q, which should be the rates pooled over the same years (Estimate's
// Death). For each sex and year it forms the standardised mortality ratio
//
//	R(t) = Σ_a D(t,a) / Σ_a E(t,a) q(a)
//
// and fits log R(t) = c + Drift·(t − Centre) by least squares weighted by
// the deaths of the year (the inverse of the Poisson variance of log R),
// Centre being the death-weighted mean year. Because q is pooled from the
// same deaths, R is close to 1 at Centre. This is the Lee–Carter model
// with a common age pattern of improvement, estimated by indirect
// standardisation so that a pooled area suffices; apply it to a small
// region's rates with Trended. Years without deaths are skipped; fewer
// than two years with deaths give a zero drift. It returns ErrNoYears if
// no year is usable and panics if from > to.
func EstimateTrend(h *History, from, to int, q *[NumSexes][NumAges]float64) (Trend, error) {
	if from > to {
		panic("population: EstimateTrend with from > to")
	}
	h.check()
	lo, hi := max(from, h.FirstYear+1), min(to, h.LastYear())
	if lo > hi {
		return Trend{}, fmt.Errorf("%w: asked %d..%d, history holds %d..%d", ErrNoYears, from, to, h.FirstYear, h.LastYear())
	}
	type point struct{ t, y, w float64 }
	var tr Trend
	var centreNum, centreDen float64
	var pts [NumSexes][]point
	for s := range NumSexes {
		for t := lo; t <= hi; t++ {
			i := t - h.FirstYear
			prev := &h.Pop[i-1]
			var births float64
			for a := range NumAges {
				births += h.Births[i][a][s]
			}
			var obs, exp float64
			for a := range NumAges {
				var e float64
				switch {
				case a == 0:
					e = births
				case a == MaxAge:
					e = prev[s][a-1] + prev[s][MaxAge]
				default:
					e = prev[s][a-1]
				}
				obs += h.Deaths[i][s][a]
				exp += e * q[s][a]
			}
			if obs > 0 && exp > 0 {
				pts[s] = append(pts[s], point{float64(t), math.Log(obs / exp), obs})
				centreNum += obs * float64(t)
				centreDen += obs
			}
		}
	}
	if centreDen == 0 {
		return Trend{Centre: float64(lo+hi) / 2}, nil
	}
	tr.Centre = centreNum / centreDen
	for s := range NumSexes {
		if len(pts[s]) < 2 {
			continue
		}
		var sw, st, sy float64
		for _, p := range pts[s] {
			sw += p.w
			st += p.w * p.t
			sy += p.w * p.y
		}
		tm, ym := st/sw, sy/sw
		var sxy, sxx float64
		for _, p := range pts[s] {
			sxy += p.w * (p.t - tm) * (p.y - ym)
			sxx += p.w * (p.t - tm) * (p.t - tm)
		}
		if sxx > 0 {
			tr.Drift[s] = sxy / sxx
		}
	}
	return tr, nil
}

// Trended returns a rates function for the years from+1..to: r with its
// death rates multiplied by exp(Drift·(year − Centre)) and capped at 1.
// The rates of every year are computed here, so the function does not
// allocate; it panics for a year outside from+1..to or if to < from.
func Trended(r *Rates, tr Trend, from, to int) func(year int) *Rates {
	if to < from {
		panic("population: Trended with to < from")
	}
	years := make([]Rates, to-from)
	for i := range years {
		y := &years[i]
		*y = *r
		for s := range NumSexes {
			f := math.Exp(tr.Drift[s] * (float64(from+i+1) - tr.Centre))
			for a := range NumAges {
				y.Death[s][a] = min(1, r.Death[s][a]*f)
			}
		}
	}
	return func(year int) *Rates {
		i := year - from - 1
		if i < 0 || i >= len(years) {
			panic(fmt.Sprintf("population: Trended rates asked for %d outside %d..%d", year, from+1, to))
		}
		return &years[i]
	}
}
