package sweeprun_test

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/datasets/defaultdata/scenarios"
	"github.com/caregap/caregap/runs/sweeprun"
)

// BenchmarkSweep runs the national grid's first 25 points (employment
// rate and sick leave at their status quo, the other two axes over their
// five levels) in the 19 regions of the default dataset to 2040, in one
// process, the files included. A cell is a scenario in a region; a
// cell-draw one draw of it.
//
//	go test ./runs/sweeprun -run XXX -bench Sweep -count 6 | tee new.txt; benchstat old.txt new.txt
func BenchmarkSweep(b *testing.B) {
	bundle, err := defaultdata.Load()
	if err != nil {
		b.Fatal(err)
	}
	g, pts, err := sweeprun.LoadGrid(os.DirFS("grids"), "national.yaml", scenarios.FS, sweeprun.DefaultMaxScenarios)
	if err != nil {
		b.Fatal(err)
	}
	for _, draws := range []int{20, 100} {
		b.Run("draws="+strconv.Itoa(draws), func(b *testing.B) {
			spec := sweeprun.Spec{Bundle: bundle, Grid: g, Points: pts[:25], Draws: draws, Seed: 1}
			var cells int
			b.ReportAllocs()
			for b.Loop() {
				p, err := sweeprun.Prepare(spec)
				if err != nil {
					b.Fatal(err)
				}
				if err := p.Run(context.Background(), b.TempDir(), sweeprun.Shard{}, nil); err != nil {
					b.Fatal(err)
				}
				cells += p.Steps(sweeprun.Shard{})
			}
			sec := b.Elapsed().Seconds()
			b.ReportMetric(float64(cells)/sec, "cells/s")
			b.ReportMetric(float64(cells*draws)/sec, "cell-draws/s")
		})
	}
}
