package forecast

import (
	"context"
	"testing"

	"github.com/caregap/caregap/engine/scenario"
)

// BenchmarkUncertainty runs 200 draws of the test region under the base
// scenario to 2040 and reports draws per second.
//
//	go test -run '^$' -bench Uncertainty -benchtime 3x ./engine/forecast/
func BenchmarkUncertainty(b *testing.B) {
	regions := []*Region{testRegion()}
	scs := []*scenario.Resolved{resolved("base")}
	u := &Uncertainty{Draws: 200}
	s := &Settings{Workers: 1}
	b.ReportAllocs()
	var draws int
	for b.Loop() {
		if _, err := RunUncertainty(context.Background(), regions, scs, s, u, nil); err != nil {
			b.Fatal(err)
		}
		draws += u.Draws
	}
	b.ReportMetric(float64(draws)/b.Elapsed().Seconds(), "draws/s")
}
