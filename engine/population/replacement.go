package population

import "math"

// The working ages, whose net migration answers their turnover
// (Replacement).
const (
	WorkLo = 20
	WorkHi = 64
)

// Replacement is the part of net migration of the working ages
// (WorkLo..WorkHi at the end of the year) that answers their turnover:
// when fewer people enter the working ages than leave them for
// retirement and death, jobs fall vacant and people move in to take
// them; when more enter, fewer come. The package documentation gives the
// equations and the evidence. The zero value adds nothing.
type Replacement struct {
	// Share is κ in [0, 1]: the share of the turnover's departure from
	// Turnover that net migration offsets in the year; 0 offsets none.
	Share float64
	// Turnover is X̄, the mean yearly turnover of the estimation years
	// (Turnover), persons: the turnover at which no extra migration
	// comes.
	Turnover float64
}

// Turnover returns X(t), the change of the working ages in year t that
// is not migration: the entrants who reach WorkLo at the end of the year
// (prev at WorkLo−1), less those who pass WorkHi (prev at WorkHi), less
// the deaths of the working ages during the year. The working ages of
// next are prev's plus X(t) plus their net migration.
func Turnover(prev *Pyramid, deaths *Pyramid) float64 {
	var x float64
	for s := range NumSexes {
		x += prev[s][WorkLo-1] - prev[s][WorkHi]
		for a := WorkLo; a <= WorkHi; a++ {
			x -= deaths[s][a]
		}
	}
	return x
}

// apply adds the replacement migration of a year to next and, when f is
// not nil, to f.Migration: E = −κ·(X − X̄), X from cur and the year's
// deaths, shared among the working ages of both sexes in proportion to
// their survivors, and bounded so that no cohort goes below zero. d
// holds the year's deaths and surv the survivors before migration.
func (rp *Replacement) apply(next, surv, d *Pyramid, cur *Pyramid, f *Flows) {
	if rp.Share == 0 {
		return
	}
	e := -rp.Share * (Turnover(cur, d) - rp.Turnover)
	var w float64
	for s := range NumSexes {
		for a := WorkLo; a <= WorkHi; a++ {
			w += surv[s][a]
		}
	}
	if w <= 0 || e == 0 {
		return
	}
	// An outflow takes at most what each cohort holds.
	for s := range NumSexes {
		for a := WorkLo; a <= WorkHi; a++ {
			if surv[s][a] > 0 {
				e = math.Max(e, -next[s][a]*w/surv[s][a])
			}
		}
	}
	for s := range NumSexes {
		for a := WorkLo; a <= WorkHi; a++ {
			m := e * surv[s][a] / w
			next[s][a] += m
			if f != nil {
				f.Migration[s][a] += m
			}
		}
	}
}

// EstimateReplacement returns κ, the share of the working ages' turnover
// that their net migration offset in the histories' years from..to: minus
// the pooled within-region slope of net migration M(t) on turnover X(t)
// (each region's values taken about its own means, so that a region's
// level of migration does not count as a response), bounded to [0, 1].
// It returns 0 when the years hold no variation of turnover.
func EstimateReplacement(hs []*History, from, to int) float64 {
	var sxy, sxx float64
	for _, h := range hs {
		h.check()
		lo, hi := max(from, h.FirstYear+1), min(to, h.LastYear())
		n := hi - lo + 1
		if n < 2 {
			continue
		}
		xs, ms := make([]float64, 0, n), make([]float64, 0, n)
		var mx, mm float64
		for t := lo; t <= hi; t++ {
			i := t - h.FirstYear
			x := Turnover(&h.Pop[i-1], &h.Deaths[i])
			m := h.Pop[i].Range(WorkLo, WorkHi) - h.Pop[i-1].Range(WorkLo, WorkHi) - x
			xs, ms = append(xs, x), append(ms, m)
			mx += x
			mm += m
		}
		mx /= float64(n)
		mm /= float64(n)
		for k := range xs {
			sxy += (xs[k] - mx) * (ms[k] - mm)
			sxx += (xs[k] - mx) * (xs[k] - mx)
		}
	}
	if sxx == 0 {
		return 0
	}
	return min(1, max(0, -sxy/sxx))
}
