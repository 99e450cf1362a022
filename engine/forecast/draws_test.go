package forecast

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/caregap/caregap/engine/population"
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

// TestUncertaintyCancel: a cancel stops a run within 100 ms.
func TestUncertaintyCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var stopped time.Time
	_, err := RunUncertainty(ctx, []*Region{testRegion()}, []*scenario.Resolved{resolved("base")}, nil,
		&Uncertainty{Draws: 1 << 20}, func(done, total int) {
			if done == 10 {
				cancel()
				stopped = time.Now()
			}
		})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if d := time.Since(stopped); d > 100*time.Millisecond {
		t.Errorf("stopped %v after the cancel", d)
	}
}

// TestUncertaintySmallRegionWider: with the local sources of the
// population alone (net migration, the Poisson noise of deaths and
// births), a region 25 times larger in every count has a gap band 25
// times wider at most √25 = 5 times: its relative band is narrower.
func TestUncertaintySmallRegionWider(t *testing.T) {
	small, large := testRegion(), testRegion()
	large.Code = "9998"
	const f = 25
	scale := func(p *population.Pyramid) {
		for s := range p {
			for a := range p[s] {
				p[s][a] *= f
			}
		}
	}
	scale(&large.Population)
	for i := range large.Workforce {
		scale(&large.Workforce[i])
	}
	large.Supply.Recruits = slices.Clone(large.Supply.Recruits)
	for i := range large.Supply.Recruits {
		scale(&large.Supply.Recruits[i])
	}
	large.Supply.Pipelines = slices.Clone(large.Supply.Pipelines)
	for i := range large.Supply.Pipelines {
		large.Supply.Pipelines[i].PlacesPerYear *= f
	}
	u := allOff(200)
	u.Population.Migration, u.Population.NoPoisson = population.Process{}, false
	sd := map[string]float64{}
	for _, r := range []*Region{small, large} {
		bands, err := RunUncertainty(context.Background(), []*Region{r}, []*scenario.Resolved{resolved("base")}, nil, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bands {
			if b.Year == 2040 && b.Role == AllRoles {
				sd[r.Code] = b.SD
			}
		}
	}
	if !(sd["9999"] > 0) || !(sd["9998"] < 0.4*f*sd["9999"]) {
		t.Errorf("sd of the 2040 gap: %g small, %g for a region %d times larger", sd["9999"], sd["9998"], f)
	}
}
