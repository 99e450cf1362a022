package forecast

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/caregap/caregap/engine/internal/scratch"
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

// TestUncertaintyCancel: a cancel stops a run within 100 ms, the draws
// held or run in passes (MaxMemory).
func TestUncertaintyCancel(t *testing.T) {
	for _, bound := range []int64{0, 1} {
		ctx, cancel := context.WithCancel(context.Background())
		var stopped time.Time
		_, err := RunUncertainty(ctx, []*Region{testRegion()}, []*scenario.Resolved{resolved("base")}, nil,
			&Uncertainty{Draws: 1 << 20, MaxMemory: bound}, func(done, total int) {
				if done == 10 {
					cancel()
					stopped = time.Now()
				}
			})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("bound %d: err %v, want context.Canceled", bound, err)
		}
		if d := time.Since(stopped); d > 100*time.Millisecond {
			t.Errorf("bound %d: stopped %v after the cancel", bound, d)
		}
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

// refResetKey is how a draw was reset before the region's part (prepare)
// was split from the draw's (redraw): everything done for every draw.
func refResetKey(d *draw, u *Uncertainty, k int, r *Region, key uint32, to int, pop bool) {
	n := to - r.BaseYear
	if pop {
		// A given projection's years are used as is (project); the draw's
		// years then run from the last given year, so that the drawn
		// paths start where the drawn rates do.
		base, from := &r.Population, r.BaseYear
		if g := len(r.Given); g > 0 && g < n {
			base, from = &r.Given[g-1], r.BaseYear+g
		}
		d.pop.Reset(&d.streams, &u.Population, u.Seed, k, key, base, from, to, r.Rates)
	}
	for _, s := range []struct {
		p          population.Process
		integrated bool
		source     int
		local      bool
		dst        *[]float64
	}{
		{u.UseTrend, true, sourceUseTrend, false, &d.useTrend},
		{u.FTEPerUser, true, sourceFTEPerUser, false, &d.ftePerUser},
		{u.Exits, false, sourceExits, false, &d.exits},
		{u.Recruits, false, sourceRecruits, true, &d.recruits},
		{u.Employment, false, sourceEmployment, false, &d.employ},
		{u.SickLeave, false, sourceSickLeave, false, &d.sick},
	} {
		*s.dst = scratch.Grow(*s.dst, n)
		var region uint32
		if s.local {
			region = key
		}
		s.p.Path(*s.dst, s.integrated, d.streams.Stream(u.Seed, k, s.source, region))
	}
}

// TestDrawPrepare: a draw prepared once for a region and redrawn for
// each draw holds the paths and population rates of the earlier
// resetKey (refResetKey) of every draw, bit for bit, for the golden
// regions (drawn, partly given, larger) and a region given for the whole
// horizon, under the default and a seeded, wider uncertainty.
func TestDrawPrepare(t *testing.T) {
	wide := &Uncertainty{Seed: 99, Population: population.Uncertainty{
		MortalityLevel: population.Process{SD: 0.5, Phi: 0.3}, Migration: population.Process{SD: 20}}}
	regions := goldenRegions()
	given := testRegion()
	given.Code = "0001"
	given.Given = population.Project(&given.Population, given.BaseYear, 2040, given.Rates).Pop[1:]
	regions = append(regions, given)
	for _, uu := range []*Uncertainty{nil, wide} {
		u := uu.withDefaults()
		for _, r := range regions {
			for _, to := range []int{r.BaseYear + 1, 2036, 2040} {
				key := population.RegionKey(r.Code)
				pop := r.Rates != nil && len(r.Given) < to-r.BaseYear
				var got, want draw
				got.prepare(&u, r, key, to, pop)
				for k := range 6 {
					got.redraw(&u, k)
					refResetKey(&want, &u, k, r, key, to, pop)
					if where := sameForecastDraw(&got, &want, pop, to); where != "" {
						t.Fatalf("region %s to %d draw %d: %s differ from the earlier resetKey", r.Code, to, k, where)
					}
				}
			}
		}
	}
}

func sameForecastDraw(a, b *draw, pop bool, to int) string {
	for _, p := range []struct {
		name string
		x, y []float64
	}{{"use trends", a.useTrend, b.useTrend}, {"FTE per user", a.ftePerUser, b.ftePerUser}, {"exits", a.exits, b.exits},
		{"recruits", a.recruits, b.recruits}, {"employment", a.employ, b.employ}, {"sick leave", a.sick, b.sick}} {
		if fmt.Sprintf("%x", p.x) != fmt.Sprintf("%x", p.y) {
			return p.name
		}
	}
	if !pop {
		return ""
	}
	if a.pop.From != b.pop.From {
		return "the population's first years"
	}
	for y := a.pop.From + 1; y <= to; y++ {
		if fmt.Sprintf("%x", *a.pop.Rates()(y)) != fmt.Sprintf("%x", *b.pop.Rates()(y)) {
			return fmt.Sprintf("the population rates of %d", y)
		}
	}
	return ""
}
