package benchmarks

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/datasets/defaultdata/scenarios"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/engine/scenario"
)

// BenchmarkUncertainty290 runs the Monte Carlo forecast of the synthetic
// set of 290 municipalities of BenchmarkForecast290 under the shipped
// "base" scenario to 2040, with 10 and 40 draws, on all cores. It
// reports region-year-draws per second (a region simulated for one year,
// base year included, in one draw), the same per second of the process's
// CPU time (user and system, all threads: the figure to compare on a
// shared machine, where the wall clock measures the neighbours too), and
// the bytes allocated per region-draw, which stay flat as the draws grow.
//
//	go test -run '^$' -bench Uncertainty290 -benchtime 3x ./benchmarks/
func BenchmarkUncertainty290(b *testing.B) {
	bundle := defaultdata.Generate(defaultdata.GenerateConfig{Regions: 290, Seed: 1})
	regions, err := datasets.ForecastRegions(bundle, nil)
	if err != nil {
		b.Fatal(err)
	}
	l := &datasets.ScenarioLoader{FS: scenarios.FS}
	sc, err := l.Load("base.yaml")
	if err != nil {
		b.Fatal(err)
	}
	scs := []*scenario.Resolved{sc}
	s := &forecast.Settings{ToYear: 2040}
	years := s.ToYear - regions[0].BaseYear + 1
	for _, draws := range []int{10, 40} {
		b.Run(fmt.Sprintf("draws=%d", draws), func(b *testing.B) {
			u := &forecast.Uncertainty{Draws: draws}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			cpu0 := cpuSeconds()
			var n int
			for b.Loop() {
				if _, err := forecast.RunUncertainty(context.Background(), regions, scs, s, u, nil); err != nil {
					b.Fatal(err)
				}
				n++
			}
			cpu := cpuSeconds() - cpu0
			runtime.ReadMemStats(&after)
			regionDraws := float64(n * len(regions) * draws)
			b.ReportMetric(regionDraws*float64(years)/b.Elapsed().Seconds(), "region-year-draws/s")
			if cpu > 0 {
				b.ReportMetric(regionDraws*float64(years)/cpu, "region-year-draws/cpu-s")
			}
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/regionDraws, "B/region-draw")
		})
	}
}
