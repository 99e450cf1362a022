package demand_test

import (
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/engine/demand"
)

// BenchmarkComputeDefault computes the demand of the first region of the
// shipped dataset (5 services, 7 roles) on its base-year population, as
// the Monte Carlo draws do once per region, year and scenario. Compare
// runs with
//
//	go test -run '^$' -bench ComputeDefault -count 10 ./engine/demand/ > new.txt
//	benchstat old.txt new.txt
func BenchmarkComputeDefault(b *testing.B) {
	bundle, err := defaultdata.Load()
	if err != nil {
		b.Fatal(err)
	}
	regions, err := datasets.ForecastRegions(bundle, []string{bundle.Regions[0].Region})
	if err != nil {
		b.Fatal(err)
	}
	r := regions[0]
	m := &r.Demand
	dst, users := make([]float64, len(m.Roles)), make([]float64, len(m.Services))
	adj := &demand.Adjust{}
	b.ReportAllocs()
	for b.Loop() {
		dst = m.Compute(dst, users, &r.Population, adj)
	}
}
