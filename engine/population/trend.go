package population

import (
	"fmt"
	"math"
)

// Trend is a log-linear mortality trend, damped and bounded after the
// origin of a projection: the death rates of year y = origin + h are the
// pooled rates times exp(g(y)) with
//
//	g(y) = Drift·(origin − Centre) + clamp(Drift·(φ + φ² + … + φ^h), ±Bound)
//
// by sex (see the package documentation). Drift is negative when
// mortality falls. With an Anchor, g(y) = L(y) − L(Centre) instead, L
// being the anchor's log mortality. The zero Trend leaves rates unchanged.
type Trend struct {
	// Centre is the year at which the pooled rates apply: the
	// death-weighted mean of the estimation years.
	Centre float64
	// Drift is the yearly change of log mortality, by sex.
	Drift [NumSexes]float64
	// Damping is φ in (0, 1]: the drift of the h-th year after the origin
	// is Drift·φ^h (Gardner and McKenzie's damped trend). Zero means 1,
	// the undamped trend.
	Damping float64
	// Bound caps the absolute change of log mortality after the origin:
	// 0.2 lets rates fall by at most 1 − e^−0.2 ≈ 18 % below the origin's.
	// Zero means unbounded.
	Bound float64
	// Anchor, when not nil, replaces Drift, Damping and Bound: rates
	// change at the anchor's pace by sex and age.
	Anchor *Anchor
}

// Anchor is an outside schedule of mortality change, such as a national
// projection's: Log[i][sex][a] is the log death rate of year From+i minus
// that of year From. Years before From and after the last carry on at the
// mean yearly change of the first and of the last AnchorEdge years.
type Anchor struct {
	From int
	Log  [][NumSexes][NumAges]float64
}

// AnchorEdge is the number of years at each end of an Anchor whose mean
// yearly change extends it.
const AnchorEdge = 5

// at returns the anchor's log mortality of year t (fractional years are
// interpolated linearly) for sex s and age a. It panics on an empty
// anchor.
func (an *Anchor) at(t float64, s, a int) float64 {
	n := len(an.Log)
	if n == 0 {
		panic("population: empty Anchor")
	}
	if n == 1 {
		return 0
	}
	x := t - float64(an.From)
	last := float64(n - 1)
	edge := min(AnchorEdge, n-1)
	switch {
	case x <= 0:
		slope := an.Log[edge][s][a] / float64(edge)
		return slope * x
	case x >= last:
		slope := (an.Log[n-1][s][a] - an.Log[n-1-edge][s][a]) / float64(edge)
		return an.Log[n-1][s][a] + slope*(x-last)
	}
	i := int(x)
	f := x - float64(i)
	if i+1 >= n {
		return an.Log[n-1][s][a]
	}
	return (1-f)*an.Log[i][s][a] + f*an.Log[i+1][s][a]
}

// logFactor returns g(year) of the package documentation for a
// projection whose origin is from, for sex s and age a.
func (tr *Trend) logFactor(from, year, s, a int) float64 {
	if tr.Anchor != nil {
		return tr.Anchor.at(float64(year), s, a) - tr.Anchor.at(tr.Centre, s, a)
	}
	d := tr.Drift[s]
	past := d * (float64(from) - tr.Centre)
	phi := tr.Damping
	if phi == 0 {
		phi = 1
	}
	var sum, pk float64 = 0, 1
	for range year - from {
		pk *= phi
		sum += pk
	}
	fut := d * sum
	if b := tr.Bound; b > 0 {
		fut = max(-b, min(b, fut))
	}
	return past + fut
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

// Trended returns a rates function for the years from+1..to of a
// projection whose origin is from: r with its death rates multiplied by
// exp(g(year)) as Trend documents, and capped at 1. With the zero Damping,
// Bound and Anchor that is exp(Drift·(year − Centre)). The rates of every
// year are computed here, so the function does not allocate; it panics
// for a year outside from+1..to, if to < from, or if tr.Damping is outside
// [0, 1] or tr.Bound is negative.
func Trended(r *Rates, tr Trend, from, to int) func(year int) *Rates {
	switch {
	case to < from:
		panic("population: Trended with to < from")
	case !(tr.Damping >= 0 && tr.Damping <= 1):
		panic("population: Trended with a damping outside [0, 1]")
	case !(tr.Bound >= 0):
		panic("population: Trended with a negative bound")
	}
	years := make([]Rates, to-from)
	for i := range years {
		y := &years[i]
		*y = *r
		for s := range NumSexes {
			f := math.Exp(tr.logFactor(from, from+i+1, s, 0))
			for a := range NumAges {
				if tr.Anchor != nil && a > 0 {
					f = math.Exp(tr.logFactor(from, from+i+1, s, a))
				}
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
