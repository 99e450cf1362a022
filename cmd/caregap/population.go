package main

import (
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/scb"
	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/runs/poprun"
	"github.com/spf13/cobra"
)

type populationFlags struct {
	anchor                                          string
	rateShare, recency, damping, bound, replacement float64

	data, importSCB, out string
	from, to, window     int
	regions              []string
	noTrend              bool
	draws                int
	seed                 uint64
}

func newPopulationCmd() *cobra.Command {
	var f populationFlags
	cmd := &cobra.Command{
		Use:   "population --from YEAR --to YEAR --out DIR [--data DIR | --import-scb DIR]",
		Short: "Project the population by cohort-component, alone",
		Long: `population projects each region's population by one-year age and sex
from 31 December of --from to --to, and writes population.parquet and
population.csv (the projected years, in the population dataset's schema).

Rates: when the data hold deaths and births (an SCB import does), death,
fertility and net-migration rates are estimated from the --window years up
to --from; small municipalities borrow the age shape of death rates from
all regions read together. Net migration is the residual of the
population accounts, recent years weighted more (--recency), held partly
as rates on the population at risk and partly as counts (--rate-share).
The working ages' net migration also answers their turnover: when fewer
reach 20 than pass 64, people move in to fill the jobs (--replacement, the
share of the turnover offset; 0 turns it off).
The area's mortality trend carries on, damped (--damping) and bounded
(--bound), or with --anchor national at the pace of SCB's national
projection (2026 edition, embedded). The defaults were chosen on a
rolling back-test; see the README.
Otherwise the data's death_rates, fertility_rates and
net_migration are used as given.

When the data also hold the population of projected years, the command
prints the projection's error against them, next to the naive forecast
that keeps each age group unchanged: a back-test.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runPopulation(cmd, &f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.data, "data", "", "dataset directory (default: the embedded default dataset)")
	fl.StringVar(&f.importSCB, "import-scb", "", "directory of SCB Statistikdatabasen CSV exports (population, deaths, births)")
	fl.IntVar(&f.from, "from", 0, "base year: the projection starts from the population on 31 December of it")
	fl.IntVar(&f.to, "to", 0, "last projected year")
	fl.IntVar(&f.window, "window", 0, "years of history to estimate rates from (default: all up to --from)")
	fl.BoolVar(&f.noTrend, "no-trend", false, "hold death rates at their estimated level (no mortality trend)")
	fl.StringVar(&f.anchor, "anchor", "", `"national": death rates change at the pace of SCB's national projection, in place of the area's own trend`)
	fl.Float64Var(&f.rateShare, "rate-share", poprun.DefaultRateShare, "share of net migration held as rates on the population at risk, the rest as counts (0..1)")
	fl.Float64Var(&f.recency, "recency", poprun.DefaultRecency, "weight of net migration per year back from --from (0 < w ≤ 1; 1 weighs the years equally)")
	fl.Float64Var(&f.replacement, "replacement", poprun.DefaultReplacement, "share of the working ages' turnover (entrants at 20 less leavers past 64 and deaths) that their net migration offsets (0..1; 0: none)")
	fl.Float64Var(&f.damping, "damping", poprun.DefaultDamping, "yearly damping of the mortality trend after --from (0 < φ ≤ 1; 1 is undamped)")
	fl.Float64Var(&f.bound, "bound", poprun.DefaultBound, "largest change of log mortality after --from (> 0)")
	fl.StringSliceVar(&f.regions, "regions", nil, "municipalities by code, name or group, comma-separated (default: all; see caregap regions)")
	fl.StringVar(&f.out, "out", "", "output directory")
	fl.IntVar(&f.draws, "draws", 0, "Monte Carlo draws: also write population_bands.parquet (p10, p50, p90 by age group)")
	fl.Uint64Var(&f.seed, "seed", 1, "seed of the draws")
	return cmd
}

func runPopulation(cmd *cobra.Command, f *populationFlags) error {
	switch {
	case f.out == "":
		return usagef("--out is required")
	case f.from == 0 || f.to == 0:
		return usagef("--from and --to are required")
	case f.to <= f.from:
		return usagef("--to %d is not after --from %d", f.to, f.from)
	case f.data != "" && f.importSCB != "":
		return usagef("give --data or --import-scb, not both")
	case f.anchor != "" && f.anchor != "national":
		return usagef("--anchor %q: the only anchor is national", f.anchor)
	case !(f.rateShare >= 0 && f.rateShare <= 1):
		return usagef("--rate-share %g is outside 0..1", f.rateShare)
	case !(f.recency > 0 && f.recency <= 1):
		return usagef("--recency %g is outside (0, 1]", f.recency)
	case !(f.replacement >= 0 && f.replacement <= 1):
		return usagef("--replacement %g is outside 0..1", f.replacement)
	case !(f.damping > 0 && f.damping <= 1):
		return usagef("--damping %g is outside (0, 1]", f.damping)
	case !(f.bound > 0):
		return usagef("--bound %g is not positive", f.bound)
	case f.window < 0:
		return usagef("--window %d is negative", f.window)
	case f.draws < 0:
		return usagef("--draws %d is negative", f.draws)
	}
	var (
		b   *datasets.Bundle
		err error
	)
	if f.importSCB != "" {
		if st, serr := os.Stat(f.importSCB); serr != nil || !st.IsDir() {
			return usagef("--import-scb %s: not a directory", f.importSCB)
		}
		b, err = scb.ImportDir(os.DirFS(f.importSCB), nil)
	} else {
		b, err = loadBundle(f.data)
	}
	if err != nil {
		return err
	}
	spec, err := poprun.Prepare(poprun.Spec{Bundle: b, Regions: splitList(f.regions), From: f.from, To: f.to,
		Window: f.window, NoTrend: f.noTrend, Anchor: f.anchor == "national",
		RateShare: f.rateShare, CountsOnly: f.rateShare == 0, Recency: f.recency, Damping: f.damping, Bound: f.bound,
		Replacement: f.replacement, NoReplacement: f.replacement == 0})
	if err != nil {
		return err
	}
	projs, err := poprun.Project(spec)
	if err != nil {
		return err
	}
	if f.draws > 0 {
		return runPopulationDraws(cmd, spec, projs, b, f)
	}
	if err := poprun.Write(f.out, 0o755, poprun.Rows(spec, projs), true); err != nil {
		return err
	}
	printProjection(cmd.OutOrStdout(), b, spec.Regions, projs, f)
	fmt.Fprintf(cmd.OutOrStdout(), "\nwrote %s\n", f.out)
	return nil
}

var ageGroups = []struct {
	name   string
	lo, hi int
}{{"0-19", 0, 19}, {"20-64", 20, 64}, {"65-79", 65, 79}, {"80+", 80, 100}, {"total", 0, 100}}

// printProjection prints each region's population by age group at --from
// and --to and, where the data hold the observed population of --to, the
// errors of the projection and of the naive constant forecast.
func printProjection(w io.Writer, b *datasets.Bundle, codes []string, projs []*population.Projection, f *populationFlags) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "region\tage\t%d\t%d projected\t%d observed\terror %%\tnaive error %%\t\n", f.from, f.to, f.to)
	for i, code := range codes {
		p := projs[i]
		base, end := p.Year(f.from), p.Year(f.to)
		obs, err := datasets.Pyramid(b.Population, code, f.to)
		for _, g := range ageGroups {
			o, e, n := "", "", ""
			if err == nil {
				ov := obs.Range(g.lo, g.hi)
				o = fmt.Sprintf("%.0f", ov)
				if ov > 0 {
					e = fmt.Sprintf("%+.1f", 100*(end.Range(g.lo, g.hi)-ov)/ov)
					n = fmt.Sprintf("%+.1f", 100*(base.Range(g.lo, g.hi)-ov)/ov)
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%.0f\t%.0f\t%s\t%s\t%s\t\n", code, g.name, base.Range(g.lo, g.hi), end.Range(g.lo, g.hi), o, e, n)
		}
	}
	tw.Flush()
}
