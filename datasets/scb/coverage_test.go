package scb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/runs/poprun"
)

// The coverage of the population bands: from every origin 2010..2019 the
// recipe `caregap population --draws` runs (runs/poprun: Prepare, Rates
// and the draws of Bands, with their defaults) projects the five
// municipalities up to ten years ahead, as far as 2024, in 200 draws; an
// outcome is covered when the observed persons of an age group (both
// sexes) lie within the draws' 10th and 90th percentiles. The 80 % band
// should cover about 80 % of the outcomes: 4 age groups × 5
// municipalities × 85 origin-horizon pairs (ten origins reach horizons
// 1..5, 2010..2014 reach 10) = 1700.
const (
	covFirst   = 2010
	covLast    = 2019
	covHorizon = 10
	covDataEnd = 2024
	covDraws   = 200
)

// covGroups are the age groups counted; "total" is reported beside them.
var covGroups = []string{"0-19", "20-64", "65-79", "80+"}

// coverage holds the covered and counted outcomes by age group (the
// poprun.AgeGroups) and horizon − 1.
type coverage struct {
	in, n [len(poprun.AgeGroups)][covHorizon]int
}

func measureCoverage(t testing.TB, b *datasets.Bundle, u *population.Uncertainty) *coverage {
	t.Helper()
	codes := make([]string, len(regions))
	for i, r := range regions {
		codes[i] = r.code
	}
	var c coverage
	for origin := covFirst; origin <= covLast; origin++ {
		spec, err := poprun.Prepare(poprun.Spec{Bundle: b, Regions: codes, From: origin, To: min(origin+covHorizon, covDataEnd)})
		if err != nil {
			t.Fatal(err)
		}
		bands, err := poprun.Bands(context.Background(), spec, poprun.Draws{N: covDraws, Uncertainty: u}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range bands {
			if x.Region == poprun.AllRegions || x.Sex != "total" {
				continue
			}
			obs, err := datasets.Pyramid(b.Population, x.Region, int(x.Year))
			if err != nil {
				t.Fatal(err)
			}
			for g, ag := range poprun.AgeGroups {
				if ag.Name != x.AgeGroup {
					continue
				}
				h := int(x.Year) - origin - 1
				c.n[g][h]++
				if o := obs.Range(ag.Lo, ag.Hi); x.P10 <= o && o <= x.P90 {
					c.in[g][h]++
				}
			}
		}
	}
	return &c
}

// share returns the coverage of the age groups named (all horizons when
// h < 0).
func (c *coverage) share(names []string, h int) float64 {
	var in, n int
	for g, ag := range poprun.AgeGroups {
		for _, name := range names {
			if ag.Name != name {
				continue
			}
			for hh := range covHorizon {
				if h < 0 || hh == h {
					in += c.in[g][hh]
					n += c.n[g][hh]
				}
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(in) / float64(n)
}

func (c *coverage) table() string {
	var tab strings.Builder
	w := tabwriter.NewWriter(&tab, 0, 0, 1, ' ', tabwriter.AlignRight)
	fmt.Fprint(w, "age group\t")
	for h := range covHorizon {
		fmt.Fprintf(w, "h%d\t", h+1)
	}
	fmt.Fprintln(w, "all\t")
	for _, ag := range poprun.AgeGroups {
		fmt.Fprintf(w, "%s\t", ag.Name)
		for h := range covHorizon {
			fmt.Fprintf(w, "%.0f\t", 100*c.share([]string{ag.Name}, h))
		}
		fmt.Fprintf(w, "%.0f\t\n", 100*c.share([]string{ag.Name}, -1))
	}
	fmt.Fprint(w, "4 groups\t")
	for h := range covHorizon {
		fmt.Fprintf(w, "%.0f\t", 100*c.share(covGroups, h))
	}
	fmt.Fprintf(w, "%.0f\t\n", 100*c.share(covGroups, -1))
	w.Flush()
	return tab.String()
}

// TestCoverage: the default spreads of the population draws give an 80 %
// band that covers between 70 and 90 % of the observed outcomes of the
// four age groups.
//
//	go test ./datasets/scb -run Coverage -v
func TestCoverage(t *testing.T) {
	b := importReal(t, nil)
	c := measureCoverage(t, b, nil)
	all := c.share(covGroups, -1)
	t.Logf("coverage of the 80 %% band (p10..p90, %d draws), %% of outcomes by age group and horizon;"+
		" origins %d-%d, five municipalities, up to %d; the four groups: %.1f %%\n%s",
		covDraws, covFirst, covLast, covDataEnd, 100*all, c.table())
	if !(all >= 0.70 && all <= 0.90) {
		t.Errorf("the 80 %% band covers %.1f %% of the outcomes, want 70-90 %%", 100*all)
	}
	for _, g := range covGroups {
		if s := c.share([]string{g}, -1); !(s >= 0.5) {
			t.Errorf("%s: the 80 %% band covers %.1f %% of the outcomes, want at least 50 %%", g, 100*s)
		}
	}
}
