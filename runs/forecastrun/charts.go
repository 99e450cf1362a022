package forecastrun

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/runs/chart"
	"github.com/caregap/caregap/runs/labels"
)

// writeCharts draws charts/<scenario>.png and .svg for every scenario of
// b (figures), each file written atomically.
func writeCharts(dir string, perm fs.FileMode, b *Book, lang labels.Lang) error {
	if err := os.MkdirAll(dir, perm); err != nil {
		return err
	}
	v := newView(b, lang)
	for i, fig := range v.figures() {
		for _, format := range []chart.Format{chart.PNG, chart.SVG} {
			path := filepath.Join(dir, v.scenarios[i]+"."+string(format))
			if err := datasets.WriteFileAtomic(path, func(w io.Writer) error { return chart.Draw(w, format, fig) }); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteChart draws the chart of scenario of b in format and lang (empty:
// Swedish), as the run directory's charts/<scenario>.png or .svg: its y
// scales are those shared by every scenario of b.
func WriteChart(w io.Writer, format chart.Format, b *Book, scenario string, lang labels.Lang) error {
	if lang == "" {
		lang = labels.SV
	}
	v := newView(b, lang)
	i := slices.Index(v.scenarios, scenario)
	if i < 0 {
		return fmt.Errorf("%w: scenario %q did not run", ErrSpec, scenario)
	}
	return chart.Draw(w, format, v.figures()[i])
}

// figures returns one figure per scenario, in the order they ran: per
// role, demand and effective supply summed over the municipalities, the
// base scenario's beside them (none in the base's own figure), the gap
// below with the band of the draws for the municipalities together (or
// the one that ran); over several municipalities the gap is labelled net.
// Each role's y scales are shared by every figure, so that the scenarios'
// files compare at a glance.
func (v *view) figures() []*chart.Figure {
	if v.lang == "" {
		v.lang = labels.SV
	}
	wd, s := v.w(), v.summary
	base := baseScenario(s.Scenarios)
	bands := v.bandsByRole()
	first, last := s.Years[0], s.Years[len(s.Years)-1]
	words := chart.Words{
		Demand: wd.chartDemand, Supply: wd.chartSupply, BaseDemand: wd.chartBaseDemand, BaseSupply: wd.chartBaseSupply,
		Shortage: wd.chartShortage, Surplus: wd.chartSurplus, Gap: wd.chartGap, BaseGap: wd.chartBaseGap, Band: wd.chartBand,
		Year: wd.chartYear, FTE: wd.chartFTE, GapAxis: wd.chartGapAxis, Base: labels.Scenario(v.lang, base), Thousands: wd.thousands,
	}
	if len(v.regions) > 1 {
		// Sums over municipalities net one's surplus against another's
		// shortage: say so.
		words.Shortage, words.Surplus, words.Gap, words.BaseGap, words.GapAxis =
			wd.chartShortageNet, wd.chartSurplusNet, wd.chartGapNet, wd.chartBaseGapNet, wd.chartGapAxisNet
	}
	// The shared scales: per role, the top of demand and supply, and the
	// range of the gap and its band, over every scenario.
	type scale struct{ top, lo, hi float64 }
	scales := make([]scale, len(s.Roles))
	gapOf := func(sc string, ri int) []float64 {
		g := make([]float64, len(s.Years))
		for yi := range g {
			g[yi] = s.Gap(sc, ri, yi)
		}
		return g
	}
	for ri, role := range s.Roles {
		sl := &scales[ri]
		for _, sc := range s.Scenarios {
			for yi := range s.Years {
				sl.top = max(sl.top, s.Demand[sc][ri][yi], s.Supply[sc][ri][yi])
			}
			for _, g := range [][]float64{gapOf(sc, ri), bands[bandKey{sc, role}].p10, bands[bandKey{sc, role}].p90} {
				for _, x := range g {
					sl.lo, sl.hi = min(sl.lo, x), max(sl.hi, x)
				}
			}
		}
		pad := max(1, 0.05*(sl.hi-sl.lo))
		sl.top, sl.lo, sl.hi = max(1, sl.top*1.05), sl.lo-pad, sl.hi+pad
	}
	out := make([]*chart.Figure, len(s.Scenarios))
	for i, sc := range s.Scenarios {
		sub := fmt.Sprintf(wd.chartSubtitle, v.title(), first, last)
		if sc != base {
			sub += " · " + fmt.Sprintf(wd.chartBase, labels.Scenario(v.lang, base))
		}
		fig := &chart.Figure{Title: fmt.Sprintf(wd.chartTitle, labels.Scenario(v.lang, sc)), Subtitle: sub, Gap: true, Words: words}
		for _, role := range v.roles {
			ri := slices.Index(s.Roles, role)
			pn := chart.Panel{Role: role, Title: v.roleName(role), Years: s.Years, Demand: s.Demand[sc][ri], Supply: s.Supply[sc][ri],
				YMax: scales[ri].top, GapMin: scales[ri].lo, GapMax: scales[ri].hi}
			if sc != base {
				pn.BaseDemand, pn.BaseSupply = s.Demand[base][ri], s.Supply[base][ri]
			}
			if b, ok := bands[bandKey{sc, role}]; ok {
				pn.GapP10, pn.GapP90 = b.p10, b.p90
			}
			fig.Panels = append(fig.Panels, pn)
		}
		out[i] = fig
	}
	return out
}

type bandKey struct{ scenario, role string }

// band is the P10 and P90 of a gap by year index of the summary.
type band struct{ p10, p90 []float64 }

// bandsByRole returns the bands of the municipalities together (region
// "all", or the one region when only one ran) per scenario and role, by
// the summary's years; a year without a band repeats none (the band is
// then dropped).
func (v *view) bandsByRole() map[bandKey]band {
	out := map[bandKey]band{}
	if len(v.b.Bands) == 0 {
		return out
	}
	total := forecast.AllRegions
	if !slices.ContainsFunc(v.b.Bands, func(b datasets.GapBand) bool { return b.Region == total }) {
		if len(v.regions) != 1 {
			return out
		}
		total = v.regions[0]
	}
	years := v.summary.Years
	count := map[bandKey]int{}
	for _, b := range v.b.Bands {
		if b.Region != total {
			continue
		}
		yi := slices.Index(years, int(b.Year))
		if yi < 0 {
			continue
		}
		k := bandKey{b.Scenario, b.Role}
		bd, ok := out[k]
		if !ok {
			bd = band{make([]float64, len(years)), make([]float64, len(years))}
			out[k] = bd
		}
		bd.p10[yi], bd.p90[yi] = b.P10, b.P90
		count[k]++
	}
	for k, n := range count {
		if n != len(years) {
			delete(out, k)
		}
	}
	return out
}
