package defaultdata

import (
	"math"
	"sync"

	"github.com/caregap/caregap/engine/population"
)

// The years of SCB's national projection held in national_trend_meanpop.go
// and national_trend_deaths.go.
const (
	nationalTrendFrom  = 2026
	nationalTrendYears = 25 // 2026..2050
)

// anchorHalfWidth is the number of neighbouring ages on each side whose
// deaths and mean population are pooled into the rate of an age, so that
// the whole numbers of SCB's projected deaths (3 or 4 a year at some
// young ages) do not make the rates jump.
const anchorHalfWidth = 2

// NationalAnchor returns the mortality change of SCB's national projection
// (TAB5958, "Sveriges framtida befolkning", 2026 edition) for 2026..2050,
// as the anchor of a region's mortality trend (population.Trend.Anchor):
// a region's death rates then change at the national projection's pace,
// age by age.
//
// For each year y, sex and age a ≥ 1 the central death rate is pooled
// over the ages a−2..a+2 (clipped to 1..100),
//
//	m(y,a) = Σ_b D(y,b) / Σ_b MP(y,b)
//
// from the projected deaths D (000005MP) and mean population MP
// (000005MS); age 0 keeps its own ratio. Anchor.Log is
// log m(y,a) − log m(2026,a): the ratio of central rates, which for
// rates as small as these is the ratio of the death probabilities the
// population model applies. The anchor is built once and shared; callers
// must not modify it.
func NationalAnchor() *population.Anchor {
	anchorOnce.Do(func() { anchor = buildNationalAnchor() })
	return anchor
}

var (
	anchorOnce sync.Once
	anchor     *population.Anchor
)

func buildNationalAnchor() *population.Anchor {
	an := &population.Anchor{From: nationalTrendFrom, Log: make([][population.NumSexes][population.NumAges]float64, nationalTrendYears)}
	rate := func(y, s, a int) float64 {
		lo, hi := a, a
		if a > 0 {
			lo, hi = max(1, a-anchorHalfWidth), min(maxAge, a+anchorHalfWidth)
		}
		var d, m float64
		for b := lo; b <= hi; b++ {
			d += nationalTrendDeaths[y][s][b]
			m += nationalTrendMeanPop[y][s][b]
		}
		return d / m
	}
	for s := range numSex {
		for a := range numAges {
			base := math.Log(rate(0, s, a))
			for y := range nationalTrendYears {
				an.Log[y][s][a] = math.Log(rate(y, s, a)) - base
			}
		}
	}
	return an
}
