package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/caregap/caregap/engine/forecast"
)

// summary holds the forecast summed over regions, by scenario, role and
// year.
type summary struct {
	scenarios []string
	roles     []string
	years     []int
	demand    map[string][][]float64 // [scenario][role][year]
	supply    map[string][][]float64
	need      map[string][]float64 // [scenario][role] recruitment need summed over the years
}

func summarise(res *forecast.Result) *summary {
	s := &summary{demand: map[string][][]float64{}, supply: map[string][][]float64{}, need: map[string][]float64{}}
	roleIx, yearIx := map[string]int{}, map[int]int{}
	for _, r := range res.Rows {
		if _, ok := roleIx[r.Role]; !ok {
			roleIx[r.Role] = len(s.roles)
			s.roles = append(s.roles, r.Role)
		}
		if _, ok := yearIx[r.Year]; !ok {
			yearIx[r.Year] = len(s.years)
			s.years = append(s.years, r.Year)
		}
		if _, ok := s.demand[r.Scenario]; !ok {
			s.scenarios = append(s.scenarios, r.Scenario)
			s.demand[r.Scenario], s.supply[r.Scenario] = nil, nil
		}
	}
	for _, sc := range s.scenarios {
		s.demand[sc], s.supply[sc] = grid(len(s.roles), len(s.years)), grid(len(s.roles), len(s.years))
		s.need[sc] = make([]float64, len(s.roles))
	}
	for _, r := range res.Rows {
		ri, yi := roleIx[r.Role], yearIx[r.Year]
		s.demand[r.Scenario][ri][yi] += r.DemandFTE
		s.supply[r.Scenario][ri][yi] += r.EffectiveFTE
		s.need[r.Scenario][ri] += r.RecruitmentNeed
	}
	return s
}

func grid(n, m int) [][]float64 {
	g := make([][]float64, n)
	for i := range g {
		g[i] = make([]float64, m)
	}
	return g
}

// printTable prints three role × scenario tables, summed over regions:
// the gap in the final year (with the base year's gap, the same in every
// scenario), the peak gap and its year, and the recruitment need over the
// forecast years.
func printTable(w io.Writer, s *summary) {
	last := len(s.years) - 1
	nr := len(s.roles) + 1 // + all roles
	gaps := map[string][][]float64{}
	for _, sc := range s.scenarios {
		g := grid(nr, len(s.years))
		for ri := range s.roles {
			for yi := range s.years {
				v := s.demand[sc][ri][yi] - s.supply[sc][ri][yi]
				g[ri][yi] = v
				g[nr-1][yi] += v
			}
		}
		gaps[sc] = g
	}
	width := len("all roles")
	for _, r := range s.roles {
		width = max(width, len(r))
	}
	label := func(ri int) string { // padded: left-aligned in a right-aligned table
		name := "all roles"
		if ri < nr-1 {
			name = s.roles[ri]
		}
		return fmt.Sprintf("%-*s", width, name)
	}
	table := func(title string, first []string, cell func(sc string, ri int) string) {
		fmt.Fprintf(w, "%s\n", title)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "%-*s\t", width, "role")
		for _, h := range first {
			fmt.Fprintf(tw, "%s\t", h)
		}
		for _, sc := range s.scenarios {
			fmt.Fprintf(tw, "%s\t", sc)
		}
		fmt.Fprintln(tw)
		for ri := range nr {
			fmt.Fprintf(tw, "%s\t", label(ri))
			if len(first) > 0 {
				fmt.Fprintf(tw, "%.0f\t", gaps[s.scenarios[0]][ri][0])
			}
			for _, sc := range s.scenarios {
				fmt.Fprintf(tw, "%s\t", cell(sc, ri))
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
		fmt.Fprintln(w)
	}
	table(fmt.Sprintf("Gap in %d, FTE (demand − effective supply; negative: surplus)", s.years[last]),
		[]string{fmt.Sprint(s.years[0])},
		func(sc string, ri int) string { return fmt.Sprintf("%.0f", gaps[sc][ri][last]) })
	table(fmt.Sprintf("Peak gap %d-%d, FTE (year)", s.years[0], s.years[last]), nil,
		func(sc string, ri int) string {
			g, peak := gaps[sc][ri], 0
			for i := range g {
				if g[i] > g[peak] {
					peak = i
				}
			}
			return fmt.Sprintf("%.0f (%d)", g[peak], s.years[peak])
		})
	table(fmt.Sprintf("Recruitment need %d-%d, persons (replacement + expansion)", s.years[min(1, last)], s.years[last]), nil,
		func(sc string, ri int) string {
			if ri == nr-1 {
				var t float64
				for _, v := range s.need[sc] {
					t += v
				}
				return fmt.Sprintf("%.0f", t)
			}
			return fmt.Sprintf("%.0f", s.need[sc][ri])
		})
}

// printBands prints, per scenario and role, the distribution over the
// draws of the gap in year, summed over the regions.
func printBands(w io.Writer, bands []forecast.Band, year, draws int, threshold float64) {
	regions := map[string]bool{}
	for _, b := range bands {
		regions[b.Region] = true
	}
	total := forecast.AllRegions
	if !regions[total] { // one region: its own bands are the total
		for r := range regions {
			total = r
		}
	}
	fmt.Fprintf(w, "Gap in %d over %d draws, FTE, all regions (p10, p50, p90; probability the gap exceeds %g)\n", year, draws, threshold)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\trole\tp10\tp50\tp90\tP(gap > threshold)\t")
	for _, b := range bands {
		if b.Region == total && b.Year == year {
			fmt.Fprintf(tw, "%s\t%s\t%.0f\t%.0f\t%.0f\t%.2f\t\n", b.Scenario, b.Role, b.P10, b.P50, b.P90, b.ProbAbove)
		}
	}
	tw.Flush()
	fmt.Fprintln(w)
}
