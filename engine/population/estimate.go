package population

import (
	"fmt"
	"math"

	"github.com/caregap/caregap/engine/errkind"
)

// Errors returned by Estimate and Pool for what the data did.
var (
	// ErrNoYears means no year of the asked range has both its own and the
	// previous year's population in the history.
	ErrNoYears = errkind.New(errkind.BadInput, "population: no usable years")
	// ErrNoPopulation means the exposure of the usable years is zero.
	ErrNoPopulation = errkind.New(errkind.BadInput, "population: zero population")
)

// BirthCounts holds the live births of a year by the mother's age at the
// end of the year (first index) and the child's sex (second index).
type BirthCounts [NumAges][NumSexes]float64

// History holds a region's register data: Pop[i] is the population on 31
// December of year FirstYear+i, Deaths[i] the deaths during that year by
// age at its end, and Births[i] its live births. The three slices have the
// same length; Deaths[0] and Births[0] are not used by Estimate, since the
// population before FirstYear is unknown.
type History struct {
	FirstYear int
	Pop       []Pyramid
	Deaths    []Pyramid
	Births    []BirthCounts
}

// LastYear returns the last year of the history.
func (h *History) LastYear() int { return h.FirstYear + len(h.Pop) - 1 }

func (h *History) check() {
	if len(h.Deaths) != len(h.Pop) || len(h.Births) != len(h.Pop) {
		panic("population: History length mismatch")
	}
}

// Pool returns the sum of the histories over the years they all cover, for
// use as a standard population (for example the municipalities of an
// area). It returns ErrNoYears if they share no year. It panics when given
// no history.
func Pool(hs ...*History) (*History, error) {
	if len(hs) == 0 {
		panic("population: Pool of no histories")
	}
	lo, hi := hs[0].FirstYear, hs[0].LastYear()
	for _, h := range hs {
		h.check()
		lo = max(lo, h.FirstYear)
		hi = min(hi, h.LastYear())
	}
	if lo > hi {
		return nil, fmt.Errorf("%w: histories share no year", ErrNoYears)
	}
	n := hi - lo + 1
	p := &History{
		FirstYear: lo,
		Pop:       make([]Pyramid, n),
		Deaths:    make([]Pyramid, n),
		Births:    make([]BirthCounts, n),
	}
	for _, h := range hs {
		off := lo - h.FirstYear
		for i := range n {
			for s := range NumSexes {
				for a := range NumAges {
					p.Pop[i][s][a] += h.Pop[off+i][s][a]
					p.Deaths[i][s][a] += h.Deaths[off+i][s][a]
					p.Births[i][a][s] += h.Births[off+i][a][s]
				}
			}
		}
	}
	return p, nil
}

// DefaultPriorDeaths is the weight, in deaths, of the standard schedule
// when EstimateSettings.PriorDeaths is zero.
const DefaultPriorDeaths = 10

// EstimateSettings tunes Estimate; the zero value (or nil) means no
// standard schedule.
type EstimateSettings struct {
	// Standard is an optional death-probability schedule q*(sex, age),
	// estimated from the same years, whose age shape a region borrows
	// where its own deaths are few (see the package documentation). Nil
	// means none: ages with zero exposure borrow from neighbouring ages.
	Standard *[NumSexes][NumAges]float64
	// PriorDeaths is the weight α of the standard, in deaths: an age
	// whose expected deaths equal α gets half its rate from the region's
	// own data. Zero means DefaultPriorDeaths; it is ignored when Standard
	// is nil.
	PriorDeaths float64
	// RateShare is the share w, in [0, 1], of net migration held as a rate
	// on the population at risk; the rest is held as a count (see the
	// package documentation). Zero means counts only.
	RateShare float64
	// Recency is ω in (0, 1]: the net migration of estimation year t
	// weighs ω^(T−t), T being the last estimation year, so that recent
	// years count more (a half-life of ln ½ / ln ω years). Zero means 1,
	// equal weights.
	Recency float64
	// Replacement is κ in [0, 1], the share of the working ages'
	// turnover that their net migration offsets (Replacement; see
	// EstimateReplacement). Zero means none.
	Replacement float64
}

// Estimate returns the rates pooled over the years from..to (inclusive)
// of h whose previous year's population is in h, as the package
// documentation defines them; net migration is the weighted mean residual
// of the accounts, held as counts, rates or a blend (s.RateShare). It
// returns ErrNoYears if no such year exists and
// ErrNoPopulation if their exposure is zero. It panics if from > to, the
// slices of h differ in length, or s.RateShare or s.Recency is outside
// [0, 1].
//
// Without a standard, projecting one estimation year from its start gives
// back the observed population exactly whenever no age records more
// deaths than its exposure (which a cap at 1 or zero exposure would
// change); with a standard, deaths move towards it and the residual
// migration keeps the estimation years' totals only on average.
func Estimate(h *History, from, to int, s *EstimateSettings) (*Rates, error) {
	if from > to {
		panic("population: Estimate with from > to")
	}
	h.check()
	if s == nil {
		s = new(EstimateSettings)
	}
	lo, hi := max(from, h.FirstYear+1), min(to, h.LastYear())
	if lo > hi {
		return nil, fmt.Errorf("%w: asked %d..%d, history holds %d..%d", ErrNoYears, from, to, h.FirstYear, h.LastYear())
	}

	w, omega := s.RateShare, s.Recency
	switch {
	case !(w >= 0 && w <= 1):
		panic("population: Estimate with a rate share outside [0, 1]")
	case !(omega >= 0 && omega <= 1):
		panic("population: Estimate with a recency outside [0, 1]")
	case omega == 0:
		omega = 1
	}
	// Deaths, fertility and the boy share pool the years equally; net
	// migration weighs year t by ω^(hi−t): its residual in resid, its
	// exposure in mexpo, the sum of the weights in wsum.
	var (
		wsum                float64
		mexpo               Pyramid
		deaths, expo, resid Pyramid
		births, women       [NumAges]float64
		boys, all           float64
		turnover            float64 // Σ_t v(t) X(t)
	)
	for t := lo; t <= hi; t++ {
		i := t - h.FirstYear
		prev, cur, bc := &h.Pop[i-1], &h.Pop[i], &h.Births[i]
		var bs [NumSexes]float64
		for a := range NumAges {
			for sex := range NumSexes {
				bs[sex] += bc[a][sex]
			}
			births[a] += bc[a][Male] + bc[a][Female]
			women[a] += 0.5 * (prev[Female][a] + cur[Female][a])
		}
		wt := math.Pow(omega, float64(hi-t))
		wsum += wt
		turnover += wt * Turnover(prev, &h.Deaths[i])
		boys += bs[Male]
		all += bs[Male] + bs[Female]
		for sex := range NumSexes {
			for a := range NumAges {
				var e float64
				switch {
				case a == 0:
					e = bs[sex]
				case a == MaxAge:
					e = prev[sex][a-1] + prev[sex][MaxAge]
				default:
					e = prev[sex][a-1]
				}
				d := h.Deaths[i][sex][a]
				deaths[sex][a] += d
				expo[sex][a] += e
				mexpo[sex][a] += wt * e
				resid[sex][a] += wt * (cur[sex][a] - e + d)
			}
		}
	}
	if expo.Total() == 0 {
		return nil, fmt.Errorf("%w: years %d..%d", ErrNoPopulation, lo, hi)
	}

	r := new(Rates)
	if rho := s.Replacement; rho != 0 {
		if !(rho > 0 && rho <= 1) {
			panic("population: Estimate with a replacement share outside [0, 1]")
		}
		r.Replacement = Replacement{Share: rho, Turnover: turnover / wsum}
	}
	for sex := range NumSexes {
		for a := range NumAges {
			if mexpo[sex][a] == 0 {
				r.NetMigration[sex][a] = resid[sex][a] / wsum
				continue
			}
			r.NetMigration[sex][a] = (1 - w) * resid[sex][a] / wsum
			r.NetMigrationRate[sex][a] = w * resid[sex][a] / mexpo[sex][a]
		}
	}
	for a := 1; a < NumAges; a++ {
		if women[a] > 0 {
			r.Fertility[a] = births[a] / women[a]
		}
	}
	if all > 0 {
		r.BoyShare = boys / all
	}
	if s.Standard != nil {
		alpha := s.PriorDeaths
		if alpha == 0 {
			alpha = DefaultPriorDeaths
		}
		credible(&r.Death, &deaths, &expo, s.Standard, alpha)
	} else {
		borrow(&r.Death, &deaths, &expo)
	}
	return r, nil
}

// borrow sets q = D/E, capped at 1; an age with zero exposure takes the
// pooled ratio of the narrowest symmetric window of ages with exposure.
func borrow(q *[NumSexes][NumAges]float64, d, e *Pyramid) {
	for s := range NumSexes {
		for a := range NumAges {
			dd, ee := d[s][a], e[s][a]
			for w := 1; ee == 0 && w <= MaxAge; w++ {
				dd, ee = 0, 0
				for b := max(0, a-w); b <= min(MaxAge, a+w); b++ {
					dd += d[s][b]
					ee += e[s][b]
				}
			}
			if ee > 0 {
				q[s][a] = min(1, dd/ee)
			}
		}
	}
}

// credible sets q to the Gamma–Poisson posterior mean with prior mean
// L·q* and weight alpha deaths, L being the sex's standardised mortality
// ratio.
func credible(q *[NumSexes][NumAges]float64, d, e *Pyramid, std *[NumSexes][NumAges]float64, alpha float64) {
	for s := range NumSexes {
		var obs, exp float64
		for a := range NumAges {
			obs += d[s][a]
			exp += e[s][a] * std[s][a]
		}
		level := 1.0
		if exp > 0 {
			level = obs / exp
		}
		for a := range NumAges {
			m := min(1, level*std[s][a])
			switch {
			case m > 0:
				q[s][a] = min(1, (d[s][a]+alpha)/(e[s][a]+alpha/m))
			case e[s][a] > 0:
				q[s][a] = min(1, d[s][a]/e[s][a])
			default:
				q[s][a] = 0
			}
		}
	}
}
