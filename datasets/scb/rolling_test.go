package scb_test

import (
	"flag"
	"fmt"
	"math"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/runs/poprun"
)

// The rolling back-test: from every origin 2010..2019 the recipe
// `caregap population` runs (runs/poprun, with its defaults) estimates
// its rates from the registers up to the origin only and projects the
// five municipalities up to ten years ahead, as far as 2024; each
// forecast of each municipality is compared with the observed population
// of its year. The mean absolute percentage error (MAPE) of a horizon is
// the mean over the origins that reach it and the five municipalities:
// horizon 1 has ten origins (2010..2019), horizon 5 has ten (to 2019),
// horizon 10 five (2010..2014).
//
// Two benchmarks: the naive forecast keeps the origin's population of
// each age group, and constant growth carries on each age group's mean
// yearly growth of the five years before the origin, compounded (four
// years from origin 2010, the registers starting in 2006).
const (
	rollFirst   = 2010
	rollLast    = 2019
	rollHorizon = 10
	rollDataEnd = 2024
	growthYears = 5
)

var tune = flag.Bool("tune", false, "TestRollingTune: print the rolling back-test for a grid of the recipe's settings")

// rollGroups are the age groups of the rolling report.
var rollGroups = [...]ageGroup{
	{"0-19", 0, 19},
	{"20-64", 20, 64},
	{"65+", 65, population.MaxAge},
	{"80+", 80, population.MaxAge},
	{"total", 0, population.MaxAge},
}

// Forecasts of the report, in its order.
const (
	fcModel    = iota // poprun's defaults
	fcAnchored        // with Spec.Anchor, SCB's national pace of mortality change
	fcPrevious        // the recipe before the blend and the damping
	fcNaive
	fcGrowth
	numForecasts
)

var forecastNames = [numForecasts]string{"model", "anchored", "previous", "naive", "growth"}

// previous sets the recipe of earlier versions: net migration as the mean
// count of the window's years, no replacement migration, the mortality
// trend undamped and unbounded.
func previous(s *poprun.Spec) {
	s.CountsOnly, s.Recency, s.Damping, s.Bound, s.NoReplacement = true, 1, 1, math.Inf(1), true
}

// rollingMAPE is the MAPE, %, by forecast, age group and horizon (index
// 0 unused), with the number of forecasts behind each.
type rollingMAPE struct {
	mape [numForecasts][len(rollGroups)][rollHorizon + 1]float64
	n    [rollHorizon + 1]int
}

// rollingData is the registers of the five municipalities.
type rollingData struct {
	b     *datasets.Bundle
	codes []string
	hs    []*population.History
}

func loadRolling(t testing.TB) *rollingData {
	d := &rollingData{b: importReal(t, nil)}
	for _, reg := range regions {
		h, err := datasets.PopulationHistory(reg.code, d.b.Population, d.b.Deaths, d.b.Births)
		if err != nil {
			t.Fatalf("%s: %v", reg.name, err)
		}
		d.codes, d.hs = append(d.codes, reg.code), append(d.hs, h)
	}
	return d
}

// rolling runs the back-test from origins first..last with the spec that
// set makes of poprun's (nil: the defaults), and checks the accounts of
// every projected year.
func rolling(t testing.TB, d *rollingData, first, last int, set func(*poprun.Spec)) *rollingMAPE {
	var r rollingMAPE
	for o := first; o <= last; o++ {
		to := min(o+rollHorizon, rollDataEnd)
		spec := poprun.Spec{Bundle: d.b, Regions: d.codes, From: o, To: to}
		if set != nil {
			set(&spec)
		}
		project := func(spec poprun.Spec) []*population.Projection {
			ps, err := poprun.Prepare(spec)
			if err != nil {
				t.Fatal(err)
			}
			projs, err := poprun.Project(ps)
			if err != nil {
				t.Fatalf("origin %d: %v", o, err)
			}
			for i, p := range projs {
				for k := range p.Flows {
					if v := population.CheckAccounts(&p.Pop[k], &p.Pop[k+1], &p.Flows[k]); v > 1e-9 {
						t.Errorf("%s origin %d year %d: accounts violated by %g", regions[i].name, o, o+k+1, v)
					}
				}
			}
			return projs
		}
		projs := project(spec)
		spec.Anchor = true
		anchored := project(spec)
		spec.Anchor = false
		previous(&spec)
		prev := project(spec)
		for i, h := range d.hs {
			p := projs[i]
			base := &h.Pop[o-h.FirstYear]
			k := min(growthYears, o-h.FirstYear)
			before := &h.Pop[o-k-h.FirstYear]
			for hz := 1; hz <= to-o; hz++ {
				obs := &h.Pop[o+hz-h.FirstYear]
				r.n[hz]++
				for gi, g := range rollGroups {
					ov := obs.Range(g.lo, g.hi)
					growth := math.Pow(base.Range(g.lo, g.hi)/before.Range(g.lo, g.hi), float64(hz)/float64(k))
					fc := [numForecasts]float64{
						fcModel:    p.Year(o+hz).Range(g.lo, g.hi),
						fcAnchored: anchored[i].Year(o+hz).Range(g.lo, g.hi),
						fcPrevious: prev[i].Year(o+hz).Range(g.lo, g.hi),
						fcNaive:    base.Range(g.lo, g.hi),
						fcGrowth:   base.Range(g.lo, g.hi) * growth,
					}
					for f, v := range fc {
						r.mape[f][gi][hz] += 100 * math.Abs(v-ov) / ov
					}
				}
			}
		}
	}
	for f := range numForecasts {
		for gi := range rollGroups {
			for hz := 1; hz <= rollHorizon; hz++ {
				if r.n[hz] > 0 {
					r.mape[f][gi][hz] /= float64(r.n[hz])
				}
			}
		}
	}
	return &r
}

// String prints the MAPE by age group and forecast (rows) and horizon
// (columns).
func (r *rollingMAPE) String() string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 1, ' ', tabwriter.AlignRight)
	fmt.Fprint(w, "age\tforecast\t")
	for hz := 1; hz <= rollHorizon; hz++ {
		fmt.Fprintf(w, "h%d\t", hz)
	}
	fmt.Fprintln(w)
	for gi, g := range rollGroups {
		for f := range numForecasts {
			name := g.name
			if f > 0 {
				name = ""
			}
			fmt.Fprintf(w, "%s\t%s\t", name, forecastNames[f])
			for hz := 1; hz <= rollHorizon; hz++ {
				fmt.Fprintf(w, "%.2f\t", r.mape[f][gi][hz])
			}
			fmt.Fprintln(w)
		}
	}
	w.Flush()
	return b.String()
}

func TestRolling(t *testing.T) {
	d := loadRolling(t)
	r := rolling(t, d, rollFirst, rollLast, nil)
	t.Logf("MAPE %%, population by age group, origins %d..%d, 5 municipalities; h = years after the origin"+
		" (forecasts per horizon: %v)\n%s", rollFirst, rollLast, r.n[1:], r)

	// The goals: 20-64 and the total no worse than constant growth at 5
	// and 10 years, 65+ and 80+ better than both benchmarks at every
	// horizon.
	for _, m := range goalMisses(r) {
		t.Error(m)
	}
	// And better than the naive forecast and the previous recipe (net
	// migration as counts, no replacement, the mortality trend undamped)
	// for the working ages and the total at 5 and 10 years.
	for _, gi := range []int{grp2064, grpTotal} {
		for _, hz := range []int{5, 10} {
			m := r.mape[fcModel][gi][hz]
			if n, p := r.mape[fcNaive][gi][hz], r.mape[fcPrevious][gi][hz]; !(m < n && m < p) {
				t.Errorf("%s h%d: model MAPE %.2f %% does not beat naive %.2f %% and the previous recipe's %.2f %%", rollGroups[gi].name, hz, m, n, p)
			}
		}
	}
	// The evidence for the replacement migration, from the registers
	// alone: the share of the working ages' turnover that their net
	// migration offset over every year of the test data.
	t.Logf("replacement share estimated from the registers %d-%d: %.2f (the recipe's default: %.2f)",
		d.hs[0].FirstYear+1, d.hs[0].LastYear(), population.EstimateReplacement(d.hs, 0, rollDataEnd), poprun.DefaultReplacement)
}

// Indexes of rollGroups.
const (
	grp019 = iota
	grp2064
	grp65
	grp80
	grpTotal
)

// goalMisses lists the goals r misses: 20-64 and total no worse than
// constant growth at horizons 5 and 10, 65+ and 80+ better than both
// benchmarks at every horizon.
func goalMisses(r *rollingMAPE) []string {
	var miss []string
	for _, gi := range []int{grp2064, grpTotal} {
		for _, hz := range []int{5, 10} {
			if m, g := r.mape[fcModel][gi][hz], r.mape[fcGrowth][gi][hz]; m > g {
				miss = append(miss, fmt.Sprintf("%s h%d: model MAPE %.2f %% worse than constant growth's %.2f %%", rollGroups[gi].name, hz, m, g))
			}
		}
	}
	for _, gi := range []int{grp65, grp80} {
		for hz := 1; hz <= rollHorizon; hz++ {
			m := r.mape[fcModel][gi][hz]
			if n, g := r.mape[fcNaive][gi][hz], r.mape[fcGrowth][gi][hz]; r.n[hz] > 0 && !(m < n && m < g) {
				miss = append(miss, fmt.Sprintf("%s h%d: model MAPE %.2f %% does not beat naive %.2f %% and constant growth %.2f %%", rollGroups[gi].name, hz, m, n, g))
			}
		}
	}
	return miss
}

// TestRollingTune prints the rolling back-test over a grid of the
// recipe's settings; run it with
// `go test ./datasets/scb -run RollingTune -tune -v`.
func TestRollingTune(t *testing.T) {
	if !*tune {
		t.Skip("run with -tune")
	}
	d := loadRolling(t)
	type setting struct {
		name string
		set  func(*poprun.Spec)
	}
	var grid []setting
	// Migration at the default mortality trend, then the mortality trend
	// at the default migration.
	for _, share := range []float64{0, 0.5, 1} {
		for _, om := range []float64{1, 0.9, 0.8, 0.7, 0.6} {
			grid = append(grid, setting{fmt.Sprintf("share %.1f recency %.1f", share, om), func(s *poprun.Spec) {
				s.Recency = om
				if share == 0 {
					s.CountsOnly = true
				} else {
					s.RateShare = share
				}
			}})
		}
	}
	for _, rho := range []float64{-1, 0.25, 0.5, 0.75, 0.9, 1} {
		grid = append(grid, setting{fmt.Sprintf("replacement %.2f", rho), func(s *poprun.Spec) {
			if rho < 0 {
				s.NoReplacement = true
			} else {
				s.Replacement = rho
			}
		}})
	}
	for _, phi := range []float64{1, 0.95, 0.9, 0.85, 0.8} {
		for _, bound := range []float64{0.05, 0.1, 0.15, 0.2, 0.3, math.Inf(1)} {
			grid = append(grid, setting{fmt.Sprintf("damping %.2f bound %.2f", phi, bound), func(s *poprun.Spec) {
				s.Damping, s.Bound = phi, bound
			}})
		}
	}
	for _, span := range [][2]int{{rollFirst, rollLast}, {rollFirst, 2014}, {2015, rollLast}} {
		var b strings.Builder
		w := tabwriter.NewWriter(&b, 0, 0, 1, ' ', tabwriter.AlignRight)
		fmt.Fprintln(w, "setting	20-64 h5	h10	total h5	h10	65+ h5	h10	80+ h5	h10	0-19 h5	h10	misses	")
		row := func(name string, r *rollingMAPE, f int) {
			fmt.Fprintf(w, "%s	", name)
			for _, gi := range []int{grp2064, grpTotal, grp65, grp80, grp019} {
				fmt.Fprintf(w, "%.2f	%.2f	", r.mape[f][gi][5], r.mape[f][gi][10])
			}
			fmt.Fprintf(w, "%d	\n", len(goalMisses(r)))
		}
		for _, s := range grid {
			row(s.name, rolling(t, d, span[0], span[1], s.set), fcModel)
		}
		r := rolling(t, d, span[0], span[1], nil)
		row("benchmark growth", r, fcGrowth)
		row("benchmark naive", r, fcNaive)
		w.Flush()
		t.Logf("origins %d..%d\n%s", span[0], span[1], b.String())
	}
}
