package scb_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/runs/poprun"
)

// The back-test: rates are estimated from the registers of 2006..2017
// only (the 2006 population is the first exposure, so the rate years are
// 2007..2017), the population of 31 December 2017 is projected to 2024
// by the recipe `caregap population` runs (runs/poprun), with and without
// the mortality trend, and the projection is compared with the observed
// population of 2018..2024 and with the naive forecast that keeps the
// 2017 population by age unchanged.
const (
	baseYear = 2017
	testTo   = 2024
)

// ageGroup is an age band of the report.
type ageGroup struct {
	name   string
	lo, hi int
}

var groups = [...]ageGroup{
	{"0-19", 0, 19},
	{"20-64", 20, 64},
	{"65-79", 65, 79},
	{"80+", 80, population.MaxAge},
	{"65+", 65, population.MaxAge},
	{"total", 0, population.MaxAge},
}

// ape returns the absolute percentage error of the forecast of group g.
func ape(forecast, observed *population.Pyramid, g ageGroup) float64 {
	obs := observed.Range(g.lo, g.hi)
	return 100 * math.Abs(forecast.Range(g.lo, g.hi)-obs) / obs
}

type scores struct {
	final, mean [len(groups)]float64 // APE in testTo, mean APE over the horizon
}

func score(p *population.Projection, h *population.History) scores {
	var s scores
	for gi, g := range groups {
		for y := baseYear + 1; y <= testTo; y++ {
			e := ape(p.Year(y), &h.Pop[y-h.FirstYear], g)
			s.mean[gi] += e / float64(testTo-baseYear)
			if y == testTo {
				s.final[gi] = e
			}
		}
	}
	return s
}

func TestBacktest(t *testing.T) {
	b := importReal(t, nil)
	full := make([]*population.History, len(regions))
	codes := make([]string, len(regions))
	for i, reg := range regions {
		h, err := datasets.PopulationHistory(reg.code, b.Population, b.Deaths, b.Births)
		if err != nil {
			t.Fatalf("%s: %v", reg.name, err)
		}
		full[i], codes[i] = h, reg.code
	}
	// The recipe `caregap population` runs, from the registers up to the
	// base year only: the five municipalities pooled as the standard
	// schedule, and the area's mortality trend (or none).
	project := func(noTrend bool) []*population.Projection {
		spec, err := poprun.Prepare(poprun.Spec{Bundle: b, Regions: codes, From: baseYear, To: testTo, NoTrend: noTrend})
		if err != nil {
			t.Fatal(err)
		}
		projs, err := poprun.Project(spec)
		if err != nil {
			t.Fatal(err)
		}
		return projs
	}
	trended, flat := project(false), project(true)

	var tab strings.Builder
	w := tabwriter.NewWriter(&tab, 0, 0, 1, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "municipality\tforecast\t")
	for _, g := range groups {
		fmt.Fprintf(w, "%s %d\t", g.name, testTo)
	}
	for _, g := range groups {
		fmt.Fprintf(w, "%s mean\t", g.name)
	}
	fmt.Fprintln(w)
	row := func(name, method string, s scores) {
		fmt.Fprintf(w, "%s\t%s\t", name, method)
		for _, v := range s.final {
			fmt.Fprintf(w, "%.1f\t", v)
		}
		for _, v := range s.mean {
			fmt.Fprintf(w, "%.1f\t", v)
		}
		fmt.Fprintln(w)
	}

	type result struct{ proj, flat, naive, cohort scores }
	results := make([]result, len(regions))
	for i, reg := range regions {
		h := full[i]
		base := &h.Pop[baseYear-h.FirstYear]
		proj := trended[i]
		for k := range proj.Flows {
			if v := population.CheckAccounts(&proj.Pop[k], &proj.Pop[k+1], &proj.Flows[k]); v > 1e-9 {
				t.Errorf("%s %d: accounts violated by %g", reg.name, baseYear+k+1, v)
			}
		}
		results[i] = result{
			proj:   score(proj, full[i]),
			flat:   score(flat[i], full[i]),
			naive:  score(population.NaiveConstant(base, baseYear, testTo), full[i]),
			cohort: score(population.NaiveCohort(base, baseYear, testTo), full[i]),
		}
		row(reg.name, "cohort-component", results[i].proj)
		row("", "no mortality trend", results[i].flat)
		row("", "naive constant", results[i].naive)
		row("", "naive cohort", results[i].cohort)
	}
	w.Flush()
	t.Logf("absolute percentage error of the population by age group, %%: base %d, rates %d-%d;"+
		" %d = final year, mean = mean over %d-%d\n%s",
		baseYear, 2006, baseYear, testTo, baseYear+1, testTo, tab.String())

	for i, reg := range regions {
		for gi, g := range groups {
			if g.name != "65+" && g.name != "80+" {
				continue
			}
			if p, n := results[i].proj.final[gi], results[i].naive.final[gi]; !(p < n) {
				t.Errorf("%s %s %d: projection error %.1f %% does not beat the naive constant forecast's %.1f %%",
					reg.name, g.name, testTo, p, n)
			}
		}
	}
}
