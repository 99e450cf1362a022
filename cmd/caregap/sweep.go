package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/caregap/caregap/runs/forecastrun"
	"github.com/caregap/caregap/runs/sweeprun"
	"github.com/spf13/cobra"
)

type sweepFlags struct {
	grid         string
	data         string
	match        string
	regions      []string
	to           int
	draws        int
	seed         uint64
	threshold    float64
	out          string
	shard        string
	workers      int
	maxMemoryMiB int64
	maxScenarios int
	chunk        int
	progress     string
}

func newSweepCmd() *cobra.Command {
	var f sweepFlags
	cmd := &cobra.Command{
		Use:   "sweep --grid GRID.yaml --out DIR [--draws N] [--seed S] [--to YEAR] [--regions ...] [--shard I/N]",
		Short: "Run a scenario grid × draws × regions into a partitioned Parquet dataset",
		Long: `sweep runs every scenario of a grid (the Cartesian product of lever
values, see runs/sweeprun/grids/national.yaml) in every region, --draws
Monte Carlo draws each, and writes
  DIR/scenario=ID/region=CODE/part-0.parquet  the bands of the gap by year and role
                                              (mean_fte, p10_fte, p50_fte, p90_fte,
                                              sd_fte, prob_above)
  DIR/scenario=ID/region=all/part-0.parquet   the same of the total over the regions
  DIR/_scenarios.csv                          each scenario's id and lever values
  DIR/_sweep.json                             the manifest: what the sweep ran
a Hive-partitioned dataset that DuckDB, Polars and Spark read as one
(read_parquet('DIR/scenario=*/region=*/*.parquet', hive_partitioning=true)).

--shard I/N runs the I-th of N parts of the (scenario, region) cells and
writes its partial totals under DIR/_shards; once every shard has run
(on any machines, into the same DIR), "caregap sweep merge DIR" writes
region=all. The files are the same, byte for byte, as one process's: the
totals over the regions are summed exactly, in fixed point.

Memory: each worker holds one region's draws of a chunk of scenarios, and
the chunk's totals over the regions are held until it is done: chunk ×
years × (roles + 1) × draws values of 8 bytes each, for (workers + 2)
chunks. The chunk is the largest (at most 32) that fits --max-memory;
draws that do not fit with a chunk of one are refused.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runSweep(cmd, &f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.grid, "grid", "", "grid file (YAML): a base scenario and axes of lever values")
	fl.StringVar(&f.data, "data", "", "dataset directory (default: the embedded default dataset)")
	fl.StringVar(&f.match, "match", "", "matching set directory whose workplaces' supervisor places share placements distributed by supervisor_places")
	fl.StringSliceVar(&f.regions, "regions", nil, "municipalities to run by code, name or group, comma-separated (default: all)")
	fl.IntVar(&f.to, "to", forecastrun.DefaultToYear, "last forecast year")
	fl.IntVar(&f.draws, "draws", sweeprun.DefaultDraws, fmt.Sprintf("Monte Carlo draws of each region (1..%d)", sweeprun.MaxDraws))
	fl.Uint64Var(&f.seed, "seed", 1, "random seed of the draws")
	fl.Float64Var(&f.threshold, "threshold", 0, "gap (FTE) whose probability of being exceeded the bands report")
	fl.StringVar(&f.out, "out", "", "output directory (created if missing)")
	fl.StringVar(&f.shard, "shard", "", "run only shard I of N, as I/N (0 ≤ I < N); then caregap sweep merge DIR")
	fl.IntVar(&f.workers, "workers", 0, "regions run at once (default: the number of CPUs)")
	fl.Int64Var(&f.maxMemoryMiB, "max-memory", sweeprun.DefaultMaxMemory>>20, "bound, in MiB, of the draws held at once")
	fl.IntVar(&f.maxScenarios, "max-scenarios", sweeprun.DefaultMaxScenarios, "refuse grids of more scenarios than this")
	fl.IntVar(&f.chunk, "chunk", 0, "scenarios a region's draws run together (default: as many as --max-memory allows, at most 32)")
	fl.StringVar(&f.progress, "progress", "auto", "progress bar: auto (on a terminal), always or never")
	cmd.AddCommand(newSweepMergeCmd())
	return cmd
}

func newSweepMergeCmd() *cobra.Command {
	var progressMode string
	cmd := &cobra.Command{
		Use:   "merge DIR",
		Short: "Sum the totals of a sweep's shards and write region=all",
		Long: `merge checks that every shard of the sweep in DIR has finished (the same
count N, each of 0..N-1, all of the sweep DIR/_sweep.json describes) and
that every cell's file is there, then adds the shards' partial totals
exactly and writes DIR/scenario=ID/region=all/part-0.parquet, one
scenario at a time.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("sweep merge takes one argument, the sweep's directory")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			var bar *progress
			res, err := sweeprun.Merge(cmd.Context(), args[0], func(done, total int) {
				if bar == nil {
					bar = newProgress(cmd.ErrOrStderr(), progressMode, total, "merge")
				}
				bar.set(done, total)
			})
			if bar != nil {
				bar.finish()
			}
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			m := res.Manifest
			fmt.Fprintf(out, "caregap sweep merge: %s of %s, %s\n\n", plural(res.Shards, "shard"), plural(len(m.Scenarios), "scenario"), plural(len(m.Regions), "region"))
			if err := printSweepGaps(out, args[0], m); err != nil {
				return err
			}
			fmt.Fprintf(out, "wrote %s\n", args[0])
			return nil
		},
	}
	cmd.Flags().StringVar(&progressMode, "progress", "auto", "progress bar: auto (on a terminal), always or never")
	return cmd
}

func runSweep(cmd *cobra.Command, f *sweepFlags) error {
	switch {
	case f.grid == "":
		return usagef("--grid is required")
	case f.out == "":
		return usagef("--out is required")
	case f.maxMemoryMiB <= 0:
		return usagef("--max-memory %d: must be a positive number of MiB", f.maxMemoryMiB)
	case f.maxScenarios <= 0:
		return usagef("--max-scenarios %d: must be positive", f.maxScenarios)
	case f.draws <= 0:
		return usagef("--draws %d: must be 1..%d", f.draws, sweeprun.MaxDraws)
	}
	var shard sweeprun.Shard
	if f.shard != "" {
		var err error
		if shard, err = sweeprun.ParseShard(f.shard); err != nil {
			return err
		}
	}
	// Read and check everything before writing anything.
	if st, err := os.Stat(f.grid); err != nil || st.IsDir() {
		return usagef("--grid %s: no such file", f.grid)
	}
	for _, d := range []string{f.data, f.match} {
		if st, err := os.Stat(d); d != "" && (err != nil || !st.IsDir()) {
			return usagef("%s: not a directory", d)
		}
	}
	spec, err := sweeprun.Inputs{GridFS: os.DirFS(filepath.Dir(f.grid)), GridFile: filepath.Base(f.grid),
		Data: f.data, Match: f.match, MaxScenarios: f.maxScenarios}.Spec()
	if ge := (*sweeprun.GridError)(nil); errors.As(err, &ge) {
		ge.File = f.grid // the path as given, not the name in its directory
	}
	if err != nil {
		return err
	}
	points := spec.Points
	spec.Regions, spec.ToYear, spec.Draws, spec.Seed, spec.Threshold = splitList(f.regions), f.to, f.draws, f.seed, f.threshold
	spec.Workers, spec.MaxMemory, spec.Chunk = f.workers, f.maxMemoryMiB<<20, f.chunk
	plan, err := sweeprun.Prepare(spec)
	if err != nil {
		return err
	}
	bar := newProgress(cmd.ErrOrStderr(), f.progress, plan.Steps(shard), "cells")
	err = plan.Run(cmd.Context(), f.out, shard, bar.set)
	bar.finish()
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	what := fmt.Sprintf("%s × %s × %d draws, %d-%d", plural(len(points), "scenario"), plural(len(plan.Regions()), "region"),
		plan.Draws, plan.BaseYear(), plan.ToYear)
	if shard.N > 1 {
		fmt.Fprintf(out, "caregap sweep: shard %d/%d of %s: %s\n", shard.I, shard.N, what, plural(plan.Steps(shard), "cell"))
		fmt.Fprintf(out, "wrote %s; when every shard has run: caregap sweep merge %s\n", f.out, f.out)
		return nil
	}
	fmt.Fprintf(out, "caregap sweep: %s\n\n", what)
	m := plan.Manifest()
	if err := printSweepGaps(out, f.out, &m); err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %s\n", f.out)
	return nil
}

// printSweepGaps prints the scenarios of the lowest and the highest total
// gap in the last year, summed over roles and regions.
func printSweepGaps(w io.Writer, dir string, m *sweeprun.Manifest) error {
	gaps, err := sweeprun.TotalGaps(dir, m, m.ToYear)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Gap in %d over %d draws, FTE, all roles and regions (p10, p50, p90; probability the gap exceeds %g)\n", m.ToYear, m.Draws, m.Threshold)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "scenario\tp10\tp50\tp90\tP(gap > threshold)\tlevers")
	const show = 5
	for i, g := range gaps {
		if len(gaps) > 2*show && i == show {
			fmt.Fprintf(tw, "...\t\t\t\t\t%d more\n", len(gaps)-2*show)
		}
		if len(gaps) > 2*show && i >= show && i < len(gaps)-show {
			continue
		}
		fmt.Fprintf(tw, "%s\t%.0f\t%.0f\t%.0f\t%.2f\t%s\n", g.ID, g.Band.P10, g.Band.P50, g.Band.P90, g.Band.ProbAbove, g.Values)
	}
	tw.Flush()
	fmt.Fprintln(w)
	return nil
}
