package forecast

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/engine/scenario"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Uncertainty sets the Monte Carlo forecast. The zero value means the
// documented defaults; a negative spread turns that source off. Each draw
// scales the uncertain inputs by factors drawn once for the whole horizon:
//
//	death rates        × exp(N(0, Mortality))     national: one factor a draw
//	fertility rates    × exp(N(0, Fertility))     national
//	exit rates         × exp(N(0, Exits))         national (established and new staff)
//	use rates in t     × exp(d·(t − base)),  d ~ N(0, UseTrend)   national
//	net migration      × exp(N(0, Migration))     drawn for each region
//
// The national factors are shared by every region in a draw, so the
// regions' total keeps their correlation; migration is regional. Draws are
// reproducible and do not depend on which other regions run or on the
// number of workers: draw k takes its national factors from a PCG source
// seeded with (Seed, k) and a region's migration from one seeded with
// (Seed, k·2³² + FNV-1a hash of the region code).
type Uncertainty struct {
	Draws     int     // default 200
	Seed      uint64  // default 1
	Threshold float64 // gap (FTE) whose exceedance probability is reported; default 0
	Mortality float64 // default 0.05: ±5 % on the level of mortality
	Fertility float64 // default 0.10
	Migration float64 // default 0.30: municipal net migration is volatile
	Exits     float64 // default 0.10
	UseTrend  float64 // default 0.005 a year: 8 % on use rates after 16 years
}

func (u *Uncertainty) withDefaults() Uncertainty {
	v := Uncertainty{Draws: 200, Seed: 1, Mortality: 0.05, Fertility: 0.10, Migration: 0.30, Exits: 0.10, UseTrend: 0.005}
	if u == nil {
		return v
	}
	if u.Draws > 0 {
		v.Draws = u.Draws
	}
	if u.Seed != 0 {
		v.Seed = u.Seed
	}
	v.Threshold = u.Threshold
	for _, p := range []struct{ dst, src *float64 }{{&v.Mortality, &u.Mortality}, {&v.Fertility, &u.Fertility},
		{&v.Migration, &u.Migration}, {&v.Exits, &u.Exits}, {&v.UseTrend, &u.UseTrend}} {
		switch {
		case *p.src > 0:
			*p.dst = *p.src
		case *p.src < 0:
			*p.dst = 0
		}
	}
	return v
}

// AllRegions is the Region of the bands of the regions' total.
const AllRegions = "all"

// Band is the distribution of one gap over the draws.
type Band struct {
	Scenario, Region string
	Year             int
	Role             string
	Mean             float64
	P10, P50, P90    float64
	// ProbAbove is the share of draws whose gap exceeds the threshold.
	ProbAbove float64
}

// draw holds one draw's factors.
type draw struct {
	mortality, fertility, migration, exits, useTrend float64
}

func newDraw(u *Uncertainty, k int, region string) *draw {
	national := distuv.Normal{Mu: 0, Sigma: 1, Src: rand.New(rand.NewPCG(u.Seed, uint64(k)))}
	h := fnv.New32a()
	h.Write([]byte(region))
	regional := distuv.Normal{Mu: 0, Sigma: 1, Src: rand.New(rand.NewPCG(u.Seed, uint64(k)<<32|uint64(h.Sum32())))}
	return &draw{
		mortality: math.Exp(u.Mortality * national.Rand()),
		fertility: math.Exp(u.Fertility * national.Rand()),
		exits:     math.Exp(u.Exits * national.Rand()),
		useTrend:  u.UseTrend * national.Rand(),
		migration: math.Exp(u.Migration * regional.Rand()),
	}
}

// rates returns the region's rates scaled by the draw.
func (d *draw) rates(base func(int) *population.Rates) func(int) *population.Rates {
	cache := map[*population.Rates]*population.Rates{}
	return func(year int) *population.Rates {
		b := base(year)
		if r, ok := cache[b]; ok {
			return r
		}
		r := *b
		for s := range population.NumSexes {
			for a := range population.NumAges {
				r.Death[s][a] = math.Min(1, r.Death[s][a]*d.mortality)
				r.NetMigration[s][a] *= d.migration
			}
		}
		for a := range population.NumAges {
			r.Fertility[a] *= d.fertility
		}
		cache[b] = &r
		return &r
	}
}

// apply scales the year's inputs (year index i from the base year).
func (d *draw) apply(y *yearInputs, i int) {
	p := &y.params
	for r := range p.ExitRate {
		for a := range p.ExitRate[r] {
			p.ExitRate[r][a] = math.Min(1, p.ExitRate[r][a]*d.exits)
		}
	}
	for r := range p.NewStaffExitRate {
		p.NewStaffExitRate[r] = math.Min(1, p.NewStaffExitRate[r]*d.exits)
	}
	f := math.Exp(d.useTrend * float64(i))
	for s := range y.adjust.UseScale {
		y.adjust.UseScale[s] *= f
	}
}

// RunUncertainty forecasts every region under every scenario u.Draws
// times with the uncertain inputs drawn as Uncertainty documents, and
// returns the distribution of each gap, ordered by region, scenario, year
// and role, followed by the bands of the total over the regions (Region
// AllRegions), whose draw k sums draw k of every region (when the regions
// share their base year and roles). A given projection (Region.Given) is used as is: only the
// years it does not cover are drawn. Its errors are Run's.
func RunUncertainty(ctx context.Context, regions []*Region, scenarios []*scenario.Resolved, s *Settings, u *Uncertainty, progress func(done, total int)) ([]Band, error) {
	uu := u.withDefaults()
	to, err := prepare(regions, scenarios, s)
	if err != nil {
		return nil, err
	}
	parts := make([][]Band, len(regions))
	var (
		mu  sync.Mutex
		sum *gapDraws // the regions' total, draw by draw
	)
	err = eachRegion(ctx, len(regions), s.workers(), len(regions)*uu.Draws, progress,
		func(w *worker, i int, tick func()) error {
			r := regions[i]
			g, err := w.uncertainty(ctx, r, scenarios, to, &uu, tick)
			if err != nil {
				return fmt.Errorf("region %s: %w", r.Code, err)
			}
			parts[i] = g.bands(scenarios, r.Code, r.BaseYear, r.Supply.Roles, &uu)
			mu.Lock()
			defer mu.Unlock()
			if sum == nil {
				sum = g
			} else {
				sum.add(g)
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	out := slices.Concat(parts...)
	if sum != nil && len(regions) > 1 && alike(regions) {
		out = append(out, sum.bands(scenarios, AllRegions, regions[0].BaseYear, regions[0].Supply.Roles, &uu)...)
	}
	return out, nil
}

// alike reports whether the regions share their base year and roles, so
// that their draws can be summed.
func alike(regions []*Region) bool {
	for _, r := range regions[1:] {
		if r.BaseYear != regions[0].BaseYear || !slices.Equal(r.Supply.Roles, regions[0].Supply.Roles) {
			return false
		}
	}
	return true
}

// gapDraws holds gaps by [scenario][year][role][draw].
type gapDraws [][][][]float64

func (g *gapDraws) add(o *gapDraws) {
	for si := range *g {
		for y := range (*g)[si] {
			for r := range (*g)[si][y] {
				a, b := (*g)[si][y][r], (*o)[si][y][r]
				for k := range a {
					a[k] += b[k]
				}
			}
		}
	}
}

func (g *gapDraws) bands(scs []*scenario.Resolved, region string, baseYear int, roles []string, u *Uncertainty) []Band {
	var out []Band
	buf := make([]float64, u.Draws)
	for si, sc := range scs {
		for y := range (*g)[si] {
			for role := range (*g)[si][y] {
				v := append(buf[:0], (*g)[si][y][role]...)
				slices.Sort(v)
				var above int
				for _, x := range v {
					if x > u.Threshold {
						above++
					}
				}
				out = append(out, Band{Scenario: sc.Name, Region: region, Year: baseYear + y, Role: roles[role],
					Mean: stat.Mean(v, nil), P10: stat.Quantile(0.1, stat.Empirical, v, nil),
					P50: stat.Quantile(0.5, stat.Empirical, v, nil), P90: stat.Quantile(0.9, stat.Empirical, v, nil),
					ProbAbove: float64(above) / float64(len(v))})
			}
		}
	}
	return out
}

func (w *worker) uncertainty(ctx context.Context, r *Region, scs []*scenario.Resolved, to int, u *Uncertainty, tick func()) (*gapDraws, error) {
	nr, years := len(r.Supply.Roles), to-r.BaseYear+1
	gaps := make(gapDraws, len(scs))
	for si := range gaps {
		gaps[si] = make([][][]float64, years)
		for y := range gaps[si] {
			gaps[si][y] = make([][]float64, nr)
			for k := range gaps[si][y] {
				gaps[si][y][k] = make([]float64, u.Draws)
			}
		}
	}
	if len(w.runs) == 0 {
		w.runs = append(w.runs, sim{})
	}
	defer func() { w.draw = nil }()
	for k := range u.Draws {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		w.draw = newDraw(u, k, r.Code)
		rr := *r
		if r.Rates != nil {
			rr.Rates = w.draw.rates(r.Rates)
		}
		proj := project(&rr, to)
		for si, sc := range scs {
			if err := w.simulate(&w.runs[0], &rr, proj, sc.Levers); err != nil {
				return nil, err
			}
			sm := &w.runs[0]
			for y := range years {
				for role := range nr {
					gaps[si][y][role][k] = sm.demand[y][role] - sm.fte[y][role].EffectiveFTE
				}
			}
		}
		tick()
	}
	return &gaps, nil
}
