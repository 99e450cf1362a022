package main

import (
	"fmt"
	"io"
	"math"
	"os"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/runs/followuprun"
	"github.com/caregap/caregap/runs/forecastrun"
	"github.com/spf13/cobra"
)

type followupFlags struct {
	actuals, kolada, kpiMap, forecast, scenario, out string
	// Flags of a forecast run here when there is no --forecast.
	data      string
	scenarios []string
	regions   []string
	to, draws int
	seed      uint64
}

func newFollowupCmd() *cobra.Command {
	f := &followupFlags{}
	cmd := &cobra.Command{
		Use:   "followup --actuals FILE|DIR [--kolada DIR --kpi-map FILE] [--forecast RUN_DIR | --data DIR --scenario S ...] --out DIR",
		Short: "Compare reported sick leave, headcount and placement retention with a forecast",
		Long: `Follow up a forecast with what the municipalities reported.

Actuals (--actuals: an actuals .parquet or .csv file, or a directory of
them; see datasets/SCHEMAS.md) and saved pages of Kolada's v3 API
(--kolada: a directory of the responses saved in order as *.json, with
--kpi-map: a CSV kpi,measure[,role,scale] saying which KPI measures what)
are compared with a forecast run: a run directory of caregap forecast
(--forecast), or a forecast run here from --data, --scenario, --regions,
--to and --draws. Sick-leave rate and headcount are set against the
scenario's path (--compare-scenario, default base) and, when the run had
draws, its p10-p90 band of the gap; figures not reported (empty, a Kolada
null) are counted apart, never as 0. Placements still employed after 6 and
12 months are measured with a Wilson 95 % interval, and the 12-month share
gives the retention_1y of a matched_entrants lever (retention_3y scaled
from the default). Writes followup.parquet and followup.csv to --out.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runFollowup(cmd, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.actuals, "actuals", "", "actuals file (.parquet or .csv) or directory of them")
	fl.StringVar(&f.kolada, "kolada", "", "directory of saved Kolada v3 pages (*.json, read in name order)")
	fl.StringVar(&f.kpiMap, "kpi-map", "", "CSV mapping Kolada KPI ids to measures: kpi,measure[,role,scale]")
	fl.StringVar(&f.forecast, "forecast", "", "run directory of caregap forecast to compare with")
	fl.StringVar(&f.scenario, "compare-scenario", "", "scenario of the run to compare with (default: base, or the run's first)")
	fl.StringVar(&f.data, "data", "", "without --forecast: dataset directory (default: the embedded default dataset)")
	fl.StringArrayVar(&f.scenarios, "scenario", nil, "without --forecast: scenario file or shipped scenario name (repeatable)")
	fl.StringSliceVar(&f.regions, "regions", nil, "without --forecast: municipalities to run by code, name or group")
	fl.IntVar(&f.to, "to", 2030, "without --forecast: last forecast year")
	fl.IntVar(&f.draws, "draws", 0, "without --forecast: Monte Carlo draws, for the band (0: none)")
	fl.Uint64Var(&f.seed, "seed", 1, "without --forecast: random seed of the draws")
	fl.StringVar(&f.out, "out", "", "output directory (created if missing)")
	return cmd
}

func runFollowup(cmd *cobra.Command, f *followupFlags) error {
	switch {
	case f.out == "":
		return usagef("--out is required")
	case f.actuals == "" && f.kolada == "":
		return usagef("--actuals or --kolada is required")
	case (f.kolada == "") != (f.kpiMap == ""):
		return usagef("--kolada and --kpi-map go together")
	case f.forecast != "" && (f.data != "" || len(f.scenarios) > 0 || len(f.regions) > 0 || f.draws > 0):
		return usagef("--forecast compares with a run directory; --data, --scenario, --regions and --draws run a forecast instead")
	}
	var actuals []datasets.Actual
	if f.actuals != "" {
		if _, err := os.Stat(f.actuals); err != nil {
			return usagef("--actuals %s: no such file or directory", f.actuals)
		}
		rows, err := followuprun.ReadActuals(f.actuals)
		if err != nil {
			return err
		}
		actuals = rows
	}
	if f.kolada != "" {
		if st, err := os.Stat(f.kolada); err != nil || !st.IsDir() {
			return usagef("--kolada %s: not a directory", f.kolada)
		}
		rows, err := followuprun.ReadKolada(f.kolada, f.kpiMap)
		if err != nil {
			return err
		}
		actuals = append(actuals, rows...)
		if err := datasets.Validate(actuals, "actuals+kolada"); err != nil {
			return err
		}
	}
	book, err := followupBook(cmd, f)
	if err != nil {
		return err
	}
	res, err := followuprun.Compare(actuals, book, f.scenario)
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	printFollowup(out, res)
	if len(res.Rows) == 0 {
		fmt.Fprintln(out, "no sick-leave or headcount figure to compare; nothing written")
		return nil
	}
	if err := res.Write(f.out); err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %s\n", f.out)
	return nil
}

// followupBook reads --forecast or runs the forecast of the scenario
// flags.
func followupBook(cmd *cobra.Command, f *followupFlags) (*forecastrun.Book, error) {
	if f.forecast != "" {
		if st, err := os.Stat(f.forecast); err != nil || !st.IsDir() {
			return nil, usagef("--forecast %s: not a directory", f.forecast)
		}
		return forecastrun.ReadBook(f.forecast)
	}
	b, err := loadBundle(f.data)
	if err != nil {
		return nil, err
	}
	scs, err := loadScenarios(f.scenarios)
	if err != nil {
		return nil, err
	}
	plan, err := forecastrun.Prepare(forecastrun.Spec{Bundle: b, Regions: splitList(f.regions), Scenarios: scs, ToYear: f.to,
		NoDecomposition: true, Draws: f.draws, Seed: f.seed})
	if err != nil {
		return nil, err
	}
	run, err := plan.Run(cmd.Context(), nil)
	if err != nil {
		return nil, err
	}
	return run.Book(), nil
}

// printFollowup prints per measure the periods, the figures not reported
// and the rows inside and outside the band, then the measured retention
// against the default.
func printFollowup(w io.Writer, r *followuprun.Result) {
	fmt.Fprintf(w, "caregap followup: scenario %s\n\n", r.Scenario)
	fmt.Fprintf(w, "%-24s %-20s %12s %7s %8s %8s\n", "measure", "periods", "not reported", "inside", "outside", "no band")
	for _, m := range r.Measures {
		fmt.Fprintf(w, "%-24s %-20s %12d %7d %8d %8d\n", m.Measure, periodSpan(m.Periods), m.NotReported, m.Inside, m.Outside, m.NoBand)
	}
	fmt.Fprintln(w)
	for _, s := range []struct {
		name  string
		share float64
		lo    float64
		hi    float64
		k, n  float64
	}{{"6 months", r.Retention6m.P, r.Retention6m.Lo, r.Retention6m.Hi, r.Retention6m.K, r.Retention6m.N},
		{"12 months", r.Retention12m.P, r.Retention12m.Lo, r.Retention12m.Hi, r.Retention12m.K, r.Retention12m.N}} {
		if s.n == 0 || math.IsNaN(s.share) {
			fmt.Fprintf(w, "placements still employed after %s: no cohort reported\n", s.name)
			continue
		}
		fmt.Fprintf(w, "placements still employed after %s: %.0f of %.0f = %.1f %% (95 %% CI %.1f-%.1f %%)\n", s.name, s.k, s.n, 100*s.share, 100*s.lo, 100*s.hi)
	}
	if r.Measured {
		fmt.Fprintf(w, "matched_entrants retention: retention_1y %.3f, retention_3y %.3f (measured; default %.2f and %.2f)\n",
			r.Retention1y, r.Retention3y, scenario.DefaultRetention1, scenario.DefaultRetention3)
	} else {
		fmt.Fprintf(w, "matched_entrants retention: the defaults %.2f and %.2f (no 12-month cohort reported)\n", r.Retention1y, r.Retention3y)
	}
}

// periodSpan gives the first and last period and how many there are.
func periodSpan(p []string) string {
	switch len(p) {
	case 0:
		return "-"
	case 1:
		return p[0]
	}
	return fmt.Sprintf("%s..%s (%d)", p[0], p[len(p)-1], len(p))
}
