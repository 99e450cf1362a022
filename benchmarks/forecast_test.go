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
// shipped scenarios: "base" alone, and "combined" with its lever-by-lever
// decomposition (a run per lever prefix). It reports region-years per
// second, counting each simulated region-year once per scenario.
//
//	go test -run '^$' -bench Forecast290 -benchtime 3x ./benchmarks/
func BenchmarkForecast290(b *testing.B) {
	bundle := defaultdata.Generate(defaultdata.GenerateConfig{Regions: 290, Seed: 1})
	regions, err := datasets.ForecastRegions(bundle, nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"base", "combined"} {
		b.Run(name, func(b *testing.B) {
			l := &datasets.ScenarioLoader{FS: scenarios.FS}
			sc, err := l.Load(name + ".yaml")
			if err != nil {
				b.Fatal(err)
			}
			scs := []*scenario.Resolved{sc}
			s := &forecast.Settings{ToYear: 2040}
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
