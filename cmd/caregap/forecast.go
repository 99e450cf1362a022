package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata/scenarios"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/runs/chart"
	"github.com/spf13/cobra"
)

type forecastFlags struct {
	scenarios []string
	data      string
	regions   []string
	to        int
	out       string
	noCharts  bool
	noXLSX    bool
	noDecomp  bool
	progress  string
	draws     int
	seed      uint64
	threshold float64

	placements     string
	placementRole  string
	placementStart int
}

func newForecastCmd() *cobra.Command {
	var f forecastFlags
	cmd := &cobra.Command{
		Use:   "forecast --out DIR [--scenario FILE|NAME]... [--data DIR] [--regions CODES]",
		Short: "Forecast demand, supply and the gap per region, role and year under scenarios",
		Long: `forecast projects the population, the demand for care staff and the
workforce from the base year to --to, under each scenario, and writes
  forecast.parquet, forecast.csv            one row per scenario, region, year, role
  decomposition.parquet, decomposition.csv  the gap split by driver
  forecast.xlsx                             the gap per role and year, and every row
  charts/<scenario>.png, .svg               demand against effective supply per role
and prints the gap per scenario and role. --scenario takes a YAML file or
the name of a shipped scenario (base, full-time, sick-leave,
later-retirement, training, task-shifting, combined); without it every
shipped scenario runs.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runForecast(cmd, &f) },
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.scenarios, "scenario", nil, "scenario file or shipped scenario name (repeatable)")
	fl.StringVar(&f.data, "data", "", "dataset directory (default: the embedded default dataset)")
	fl.StringSliceVar(&f.regions, "regions", nil, "municipality codes to run, comma-separated (default: all)")
	fl.IntVar(&f.to, "to", 2040, "last forecast year")
	fl.StringVar(&f.out, "out", "", "output directory (created if missing)")
	fl.BoolVar(&f.noCharts, "no-charts", false, "do not draw charts")
	fl.BoolVar(&f.noXLSX, "no-xlsx", false, "do not write forecast.xlsx")
	fl.BoolVar(&f.noDecomp, "no-decomposition", false, "report the levers' total instead of lever by lever (faster)")
	fl.StringVar(&f.progress, "progress", "auto", "progress bar: auto (on a terminal), always or never")
	fl.StringVar(&f.placements, "placements", "", "assignments file of a 'caregap match' run: adds scenario \"placements\", base plus those placements every year")
	fl.StringVar(&f.placementRole, "placement-role", "service_assistant", "role the placements enter (empty: each assignment's role)")
	fl.IntVar(&f.placementStart, "placement-start", 2025, "first year of the yearly placements")
	fl.IntVar(&f.draws, "draws", 0, "Monte Carlo draws of the uncertain inputs (0: none); writes uncertainty.parquet")
	fl.Uint64Var(&f.seed, "seed", 1, "random seed of the draws")
	fl.Float64Var(&f.threshold, "threshold", 0, "gap (FTE) whose probability of being exceeded the draws report")
	return cmd
}

func runForecast(cmd *cobra.Command, f *forecastFlags) error {
	if f.out == "" {
		return usagef("--out is required")
	}
	if f.to < 2000 || f.to > 2100 {
		return usagef("--to %d: not a year between 2000 and 2100", f.to)
	}
	if f.draws < 0 || f.draws > 10000 {
		return usagef("--draws %d: must be 0..10000", f.draws)
	}
	// Read and check everything before writing anything.
	b, err := loadBundle(f.data)
	if err != nil {
		return err
	}
	scs, err := loadScenarios(f.scenarios)
	if err != nil {
		return err
	}
	if f.placements != "" {
		sc, err := placementScenario(f)
		if err != nil {
			return err
		}
		scs = append(scs, sc)
	}
	regions, err := datasets.ForecastRegions(b, splitList(f.regions))
	if err != nil {
		return err
	}
	if len(regions) == 0 {
		return usagef("no regions to forecast")
	}
	var known []string
	for _, r := range b.Regions {
		known = append(known, r.Region)
	}
	bar := newProgress(cmd.ErrOrStderr(), f.progress, len(regions)*len(scs), "forecast")
	res, err := forecast.Run(cmd.Context(), regions, scs, &forecast.Settings{ToYear: f.to, KnownRegions: known, NoDecomposition: f.noDecomp}, bar.set)
	bar.finish()
	if err != nil {
		return err
	}
	settings := &forecast.Settings{ToYear: f.to, KnownRegions: known}
	var bands []forecast.Band
	if f.draws > 0 {
		bar := newProgress(cmd.ErrOrStderr(), f.progress, len(regions)*f.draws, "draws")
		bands, err = forecast.RunUncertainty(cmd.Context(), regions, scs, settings,
			&forecast.Uncertainty{Draws: f.draws, Seed: f.seed, Threshold: f.threshold}, bar.set)
		bar.finish()
		if err != nil {
			return err
		}
	}
	if err := os.MkdirAll(f.out, 0o755); err != nil {
		return err
	}
	if bands != nil {
		brows := datasets.BandRows(bands)
		if err := datasets.WriteParquet(filepath.Join(f.out, "uncertainty.parquet"), brows); err != nil {
			return err
		}
		if err := datasets.WriteCSV(filepath.Join(f.out, "uncertainty.csv"), brows); err != nil {
			return err
		}
	}
	rows, drivers := datasets.ForecastRows(res), datasets.DriverRows(res)
	for _, w := range []func() error{
		func() error { return datasets.WriteParquet(filepath.Join(f.out, "forecast.parquet"), rows) },
		func() error { return datasets.WriteCSV(filepath.Join(f.out, "forecast.csv"), rows) },
		func() error { return datasets.WriteParquet(filepath.Join(f.out, "decomposition.parquet"), drivers) },
		func() error { return datasets.WriteCSV(filepath.Join(f.out, "decomposition.csv"), drivers) },
	} {
		if err := w(); err != nil {
			return err
		}
	}
	summary := summarise(res)
	if !f.noXLSX {
		if err := writeWorkbook(filepath.Join(f.out, "forecast.xlsx"), summary, rows); err != nil {
			return err
		}
	}
	if !f.noCharts {
		if err := writeCharts(filepath.Join(f.out, "charts"), summary); err != nil {
			return err
		}
	}
	out := cmd.OutOrStdout()
	fmt.Fprintf(out, "caregap forecast: %d regions, %d scenarios, %d-%d, all regions summed\n\n",
		len(regions), len(scs), summary.years[0], summary.years[len(summary.years)-1])
	printTable(out, summary)
	if bands != nil {
		printBands(out, bands, f.to, f.draws, f.threshold)
	}
	fmt.Fprintf(out, "wrote %s\n", f.out)
	return nil
}

// placementScenario reads the assignments of a matching run and resolves
// the scenario of yearly placements they make.
func placementScenario(f *forecastFlags) (*scenario.Resolved, error) {
	rows, err := datasets.ReadFile[datasets.Assignment](os.DirFS(filepath.Dir(f.placements)), filepath.Base(f.placements))
	if errors.Is(err, datasets.ErrEmpty) {
		rows, err = nil, nil // nobody placed: the scenario is base
	}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, usagef("--placements %s: no such file", f.placements)
		}
		return nil, err
	}
	sc := datasets.PlacementScenario(rows, f.placementRole, f.placementStart)
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	return scenario.Resolve(sc, func(name string) (*scenario.Scenario, error) {
		return (&datasets.ScenarioLoader{FS: scenarios.FS}).Read(name + ".yaml")
	})
}

func writeCharts(dir string, s *summary) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, sc := range s.scenarios {
		panels := make([]chart.Panel, len(s.roles))
		for ri, role := range s.roles {
			panels[ri] = chart.Panel{Role: role, Years: s.years, Demand: s.demand[sc][ri], Supply: s.supply[sc][ri]}
		}
		title := fmt.Sprintf("%s: demand and effective supply, FTE, all regions", sc)
		for _, format := range []chart.Format{chart.PNG, chart.SVG} {
			path := filepath.Join(dir, sc+"."+string(format))
			if err := datasets.WriteFileAtomic(path, func(w io.Writer) error { return chart.Write(w, format, title, panels) }); err != nil {
				return err
			}
		}
	}
	return nil
}
