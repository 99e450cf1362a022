package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/runs/forecastrun"
)

// printTable prints role × scenario tables, summed over regions: the
// shortage and the surplus in the final year (with the base year's, the
// same in every scenario), each summed over the region × role cells so
// that one region's surplus never hides another's shortage, and the net
// gap they leave; the peak shortage and its year; and the recruitment need
// over the forecast years.
func printTable(w io.Writer, s *forecastrun.Summary) {
	last := len(s.Years) - 1
	nr := len(s.Roles) + 1 // + all roles
	// cells returns the [role][year] grid of scenario sc from per-role
	// values, with the sum over roles as the last row.
	cells := func(sc string, by map[string][][]float64) [][]float64 {
		g := forecastrun.Grid(nr, len(s.Years))
		for ri := range s.Roles {
			for yi := range s.Years {
				g[ri][yi] = by[sc][ri][yi]
				g[nr-1][yi] += by[sc][ri][yi]
			}
		}
		return g
	}
	short, surplus := map[string][][]float64{}, map[string][][]float64{}
	for _, sc := range s.Scenarios {
		short[sc], surplus[sc] = cells(sc, s.Shortage), cells(sc, s.Surplus)
	}
	width := len("all roles")
	for _, r := range s.Roles {
		width = max(width, len(r))
	}
	label := func(ri int) string { // padded: left-aligned in a right-aligned table
		name := "all roles"
		if ri < nr-1 {
			name = s.Roles[ri]
		}
		return fmt.Sprintf("%-*s", width, name)
	}
	table := func(title string, first []string, firstCell func(ri int) string, cell func(sc string, ri int) string) {
		fmt.Fprintf(w, "%s\n", title)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "%-*s\t", width, "role")
		for _, h := range first {
			fmt.Fprintf(tw, "%s\t", h)
		}
		for _, sc := range s.Scenarios {
			fmt.Fprintf(tw, "%s\t", sc)
		}
		fmt.Fprintln(tw)
		for ri := range nr {
			fmt.Fprintf(tw, "%s\t", label(ri))
			if len(first) > 0 {
				fmt.Fprintf(tw, "%s\t", firstCell(ri))
			}
			for _, sc := range s.Scenarios {
				fmt.Fprintf(tw, "%s\t", cell(sc, ri))
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
		fmt.Fprintln(w)
	}
	first, base := []string{fmt.Sprint(s.Years[0])}, s.Scenarios[0]
	grid := func(g map[string][][]float64, yi int) (func(int) string, func(string, int) string) {
		return func(ri int) string { return fmt.Sprintf("%.0f", g[base][ri][0]) },
			func(sc string, ri int) string { return fmt.Sprintf("%.0f", g[sc][ri][yi]) }
	}
	fc, c := grid(short, last)
	table(fmt.Sprintf("Shortage in %d, FTE (demand above effective supply, summed over the region × role cells short of staff)", s.Years[last]), first, fc, c)
	fc, c = grid(surplus, last)
	table(fmt.Sprintf("Surplus in %d, FTE (effective supply above demand, summed over the region × role cells with more staff than needed)", s.Years[last]), first, fc, c)
	net := func(sc string, ri, yi int) float64 { return short[sc][ri][yi] - surplus[sc][ri][yi] }
	table(fmt.Sprintf("Net gap in %d, FTE (net: shortage − surplus; negative: more surplus than shortage)", s.Years[last]), first,
		func(ri int) string { return fmt.Sprintf("%.0f", net(base, ri, 0)) },
		func(sc string, ri int) string { return fmt.Sprintf("%.0f", net(sc, ri, last)) })
	table(fmt.Sprintf("Peak shortage %d-%d, FTE (year)", s.Years[0], s.Years[last]), nil, nil,
		func(sc string, ri int) string {
			g, peak := short[sc][ri], 0
			for i := range g {
				if g[i] > g[peak] {
					peak = i
				}
			}
			return fmt.Sprintf("%.0f (%d)", g[peak], s.Years[peak])
		})
	table(fmt.Sprintf("Recruitment need %d-%d, persons hired from outside the sector (replacement of leavers + expansion; moves between roles not counted)", s.Years[min(1, last)], s.Years[last]), nil, nil,
		func(sc string, ri int) string {
			if ri == nr-1 {
				var t float64
				for _, v := range s.Need[sc] {
					t += v
				}
				return fmt.Sprintf("%.0f", t)
			}
			return fmt.Sprintf("%.0f", s.Need[sc][ri])
		})
}

// printBands prints, per scenario and role, the distribution over the
// draws of the gap in year, summed over the regions, which where names.
func printBands(w io.Writer, bands []forecast.Band, year, draws int, threshold float64, where string) {
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
	fmt.Fprintf(w, "Gap in %d over %d draws, FTE, %s (p10, p50, p90; probability the gap exceeds %g)\n", year, draws, where, threshold)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\trole\tp10\tp50\tp90\tsd\tP(gap > threshold)\t")
	for _, b := range bands {
		if b.Region == total && b.Year == year {
			role := b.Role
			if role == forecast.AllRoles {
				role = "all roles"
			}
			fmt.Fprintf(tw, "%s\t%s\t%.0f\t%.0f\t%.0f\t%.0f\t%.2f\t\n", b.Scenario, role, b.P10, b.P50, b.P90, b.SD, b.ProbAbove)
		}
	}
	tw.Flush()
	fmt.Fprintln(w)
}
