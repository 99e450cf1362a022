package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata/scenarios"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/runs/forecastrun"
	"github.com/caregap/caregap/runs/labels"
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
	maxMemory int64

	closeGapBy     int
	match          string
	lang           string
	placements     string
	placementRole  string
	placementStart int
}

func newForecastCmd() *cobra.Command {
	var f forecastFlags
	cmd := &cobra.Command{
		Use:   "forecast --out DIR [--scenario FILE|NAME]... [--data DIR] [--regions MUNICIPALITIES] [--lang sv|en]",
		Short: "Forecast demand, supply and the gap per region, role and year under scenarios",
		Long: `forecast projects the population, the demand for care staff and the
workforce from the base year to --to, under each scenario, and writes
  forecast.parquet, forecast.csv            one row per scenario, region, year, role
  decomposition.parquet, decomposition.csv  the gap split by driver
  forecast.xlsx                             a summary, a sheet per municipality, the
                                            drivers, the uncertainty and every row
  charts/<scenario>.png, .svg               demand against effective supply per role,
                                            beside the base scenario, the gap shaded
and prints the gap per scenario and role. --scenario takes a YAML file or
the name of a shipped scenario (base, full-time, sick-leave,
later-retirement, training, task-shifting, combined); without it every
shipped scenario runs. --regions takes municipalities by code (0580), by
name (Linköping, linkoping) or by group (every municipality of the group);
"caregap regions" lists them. The spreadsheet and the charts are in
Swedish, or in English with --lang en.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runForecast(cmd, &f) },
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.scenarios, "scenario", nil, "scenario file or shipped scenario name (repeatable)")
	fl.StringVar(&f.data, "data", "", "dataset directory (default: the embedded default dataset)")
	fl.StringSliceVar(&f.regions, "regions", nil, "municipalities to run by code, name or group, comma-separated (default: all; see caregap regions)")
	fl.StringVar(&f.match, "match", "", "matching set directory whose workplaces' supervisor places share placements distributed by supervisor_places (default: the embedded default's, with the default data)")
	fl.StringVar(&f.lang, "lang", "sv", "language of the spreadsheet and the charts: sv or en")
	fl.IntVar(&f.to, "to", 2040, "last forecast year")
	fl.StringVar(&f.out, "out", "", "output directory (created if missing)")
	fl.BoolVar(&f.noCharts, "no-charts", false, "do not draw charts")
	fl.BoolVar(&f.noXLSX, "no-xlsx", false, "do not write forecast.xlsx")
	fl.BoolVar(&f.noDecomp, "no-decomposition", false, "report the levers' total instead of lever by lever (faster)")
	fl.StringVar(&f.progress, "progress", "auto", "progress bar: auto (on a terminal), always or never")
	fl.StringVar(&f.placements, "placements", "", "assignments file of a 'caregap match' run: adds scenario \"placements\", base plus those placements every year")
	fl.StringVar(&f.placementRole, "placement-role", "service_assistant", "role the placements enter (empty: each assignment's role)")
	fl.IntVar(&f.placementStart, "placement-start", 2025, "first year of the yearly placements")
	fl.IntVar(&f.closeGapBy, "close-gap-by", 0, "year by which the recruitment need also closes each role's base-year shortage (0: it does not)")
	fl.IntVar(&f.draws, "draws", 0, "Monte Carlo draws of the uncertain inputs (0: none); writes uncertainty.parquet")
	fl.Uint64Var(&f.seed, "seed", 1, "random seed of the draws")
	fl.Float64Var(&f.threshold, "threshold", 0, "gap (FTE) whose probability of being exceeded the draws report")
	fl.Int64Var(&f.maxMemory, "max-memory", 4096, "bound, in MiB, of the draws held at once (0: none); beyond it the same bands come from passes over the draws run again")
	return cmd
}

func runForecast(cmd *cobra.Command, f *forecastFlags) error {
	if f.out == "" {
		return usagef("--out is required")
	}
	if f.maxMemory < 0 || f.maxMemory > 1<<30 {
		return usagef("--max-memory %d: must be 0 (no bound) to 2^30 MiB", f.maxMemory)
	}
	lang, ok := labels.ParseLang(f.lang)
	if !ok {
		return usagef("--lang %s: must be sv or en", f.lang)
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
	// Placements shared by supervisor places need the matching's
	// workplaces: --match, or the embedded default's with the default data.
	var workplaces []datasets.Workplace
	if forecastrun.NeedsSupervisors(scs) && (f.match != "" || f.data == "") {
		m, err := loadMatchSet(f.match)
		if err != nil {
			return err
		}
		workplaces = m.Workplaces
	}
	plan, err := forecastrun.Prepare(forecastrun.Spec{
		Bundle: b, Regions: splitList(f.regions), Scenarios: scs, ToYear: f.to,
		NoDecomposition: f.noDecomp, Draws: f.draws, Seed: f.seed, Threshold: f.threshold, MaxMemory: f.maxMemory << 20,
		CloseGapBy: f.closeGapBy,
		Workplaces: workplaces,
	})
	if err != nil {
		return err
	}
	bars := map[string]*progress{}
	run, err := plan.Run(cmd.Context(), func(stage string, done, total int) {
		if bars[stage] == nil {
			bars[stage] = newProgress(cmd.ErrOrStderr(), f.progress, plan.Steps(stage), stage)
		}
		bars[stage].set(done, total)
	})
	for _, bar := range bars {
		bar.finish()
	}
	if err != nil {
		return err
	}
	if _, err := run.Write(f.out, 0o755, forecastrun.Files{CSV: true, Workbook: !f.noXLSX, Charts: !f.noCharts, Lang: lang}); err != nil {
		return err
	}
	summary := run.Summary()
	out := cmd.OutOrStdout()
	first, last := summary.Years[0], summary.Years[len(summary.Years)-1]
	where := "all regions"
	if len(plan.Regions) == len(b.Regions) {
		fmt.Fprintf(out, "caregap forecast: %d regions, %s, %d-%d, all regions summed\n\n", len(plan.Regions), plural(len(scs), "scenario"), first, last)
	} else {
		where = municipalities(b.Regions, plan.Regions)
		sum := ", summed over them"
		if len(plan.Regions) == 1 {
			sum = ""
		}
		fmt.Fprintf(out, "caregap forecast: %s; %s, %d-%d%s\n\n", where, plural(len(scs), "scenario"), first, last, sum)
	}
	printTable(out, summary)
	if run.Bands != nil {
		printBands(out, run.Bands, plan.ToYear, plan.Draws, plan.Threshold, where)
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
	sc := forecastrun.PlacementScenario(rows, f.placementRole, f.placementStart)
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	return scenario.Resolve(sc, func(name string) (*scenario.Scenario, error) {
		return (&datasets.ScenarioLoader{FS: scenarios.FS}).Read(name + ".yaml")
	})
}

// municipalities names the municipalities of codes as a title does, in
// English: "Linköping (0580)", "3 municipalities: Falun, Borlänge, Gagnef".
func municipalities(known []datasets.Region, codes []string) string {
	ms := make([]labels.Municipality, len(codes))
	for i, c := range codes {
		ms[i].Code = c
		if j := slices.IndexFunc(known, func(r datasets.Region) bool { return r.Region == c }); j >= 0 {
			ms[i].Name = known[j].Name
		}
	}
	return labels.Municipalities(labels.EN, ms, len(known))
}

// plural writes n and noun, adding an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
