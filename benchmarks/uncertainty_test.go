package benchmarks

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
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
	regions, scs := uncertaintySetup(b)
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

// uncertaintySetup returns the 290 synthetic municipalities and the
// shipped "base" scenario.
func uncertaintySetup(b *testing.B) ([]*forecast.Region, []*scenario.Resolved) {
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
	return regions, []*scenario.Resolved{sc}
}

// BenchmarkUncertaintyMemory runs the Monte Carlo forecast of one of the
// synthetic municipalities (the first, 7 roles) under "base" to 2040
// with 10 to 100 000 draws, on one worker, and reports the peak of the
// heap it can reach: the bytes a run allocates with the garbage
// collector off (nothing is freed, so the live heap never exceeds them),
// and that peak per draw. The draws are held at once ("all": the gaps of
// every draw, scenarios × years × (roles + 1) × draws values of 8 bytes,
// reported as gap-B) or, with Uncertainty.MaxMemory set, run again in
// passes ("bounded"), whose peak is flat in the number of draws. The
// ns/op of the two give the passes' price in time.
//
//	go test -run '^$' -bench UncertaintyMemory -benchtime 3x ./benchmarks/
func BenchmarkUncertaintyMemory(b *testing.B) {
	regions, scs := uncertaintySetup(b)
	regions = regions[:1]
	s := &forecast.Settings{ToYear: 2040, Workers: 1}
	years := s.ToYear - regions[0].BaseYear + 1
	for _, mode := range []string{"all", "bounded"} {
		for _, draws := range []int{10, 100, 1000, 10000, 100000} {
			b.Run(fmt.Sprintf("%s/draws=%d", mode, draws), func(b *testing.B) {
				u := &forecast.Uncertainty{Draws: draws}
				if mode == "bounded" {
					u.MaxMemory = 1
				}
				defer debug.SetGCPercent(debug.SetGCPercent(-1))
				var peak uint64
				for b.Loop() {
					var before, after runtime.MemStats
					runtime.ReadMemStats(&before)
					if _, err := forecast.RunUncertainty(context.Background(), regions, scs, s, u, nil); err != nil {
						b.Fatal(err)
					}
					runtime.ReadMemStats(&after)
					peak = max(peak, after.TotalAlloc-before.TotalAlloc)
					b.StopTimer()
					runtime.GC()
					b.StartTimer()
				}
				gaps := len(scs) * years * (len(regions[0].Supply.Roles) + 1) * draws * 8
				b.ReportMetric(float64(peak), "peak-B")
				b.ReportMetric(float64(peak)/float64(draws), "peak-B/draw")
				b.ReportMetric(float64(gaps), "gap-B")
			})
		}
	}
}
