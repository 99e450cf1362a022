package benchmarks

import (
	"context"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/datasets/defaultdata/scenarios"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/engine/scenario"
)

// BenchmarkForecast290 runs the deterministic forecast of a synthetic set
// of 290 municipalities (7 roles, base year 2024) to 2040 under the
// shipped scenarios: "base" alone; "combined" with the levers' total as
// one driver (levers-total: two runs a region); and "combined" with each
// lever's Shapley value (shapley: its 10 levers need all 2^10 lever sets,
// 1 024 runs a region). It reports region-years per second, counting each
// simulated region-year once per scenario.
//
//	go test -run '^$' -bench Forecast290 -benchtime 1x ./benchmarks/
func BenchmarkForecast290(b *testing.B) {
	bundle := defaultdata.Generate(defaultdata.GenerateConfig{Regions: 290, Seed: 1})
	regions, err := datasets.ForecastRegions(bundle, nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name, scenario string
		noDecomp       bool
	}{{"base", "base", false}, {"combined/levers-total", "combined", true}, {"combined/shapley", "combined", false}} {
		b.Run(tc.name, func(b *testing.B) {
			l := &datasets.ScenarioLoader{FS: scenarios.FS}
			sc, err := l.Load(tc.scenario + ".yaml")
			if err != nil {
				b.Fatal(err)
			}
			scs := []*scenario.Resolved{sc}
			s := &forecast.Settings{ToYear: 2040, NoDecomposition: tc.noDecomp}
			b.ReportAllocs()
			var years int
			for b.Loop() {
				res, err := forecast.Run(context.Background(), regions, scs, s, nil)
				if err != nil {
					b.Fatal(err)
				}
				years += len(res.Rows) / len(regions[0].Supply.Roles)
			}
			b.ReportMetric(float64(years)/b.Elapsed().Seconds(), "region-years/s")
		})
	}
}
