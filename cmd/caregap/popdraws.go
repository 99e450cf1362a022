package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/runs/poprun"
	"github.com/spf13/cobra"
)

// runPopulationDraws is `caregap population --draws N`: the projection,
// its bands over the draws, both written, and the bands of the last year
// printed.
func runPopulationDraws(cmd *cobra.Command, spec *poprun.Spec, projs []*population.Projection, b *datasets.Bundle, f *populationFlags) error {
	bands, err := poprun.Bands(cmd.Context(), spec, poprun.Draws{N: f.draws, Seed: f.seed}, nil)
	if err != nil {
		return err
	}
	if err := poprun.WriteWithBands(f.out, 0o755, poprun.Rows(spec, projs), bands, true); err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	printProjection(out, b, spec.Regions, projs, f)
	printPopulationBands(out, bands, f.to, f.draws)
	fmt.Fprintf(out, "\nwrote %s\n", f.out)
	return nil
}

// printPopulationBands prints p10, p50 and p90 of each region's age groups
// (both sexes) in year.
func printPopulationBands(w io.Writer, bands []datasets.PopulationBand, year, draws int) {
	fmt.Fprintf(w, "\nPopulation in %d over %d draws (p10, p50, p90)\n", year, draws)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "region\tage\tp10\tp50\tp90\t")
	for _, x := range bands {
		if int(x.Year) == year && x.Sex == "total" {
			fmt.Fprintf(tw, "%s\t%s\t%.0f\t%.0f\t%.0f\t\n", x.Region, x.AgeGroup, x.P10, x.P50, x.P90)
		}
	}
	tw.Flush()
}
