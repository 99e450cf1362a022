package forecast

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/engine/scenario"
)

// Uncertainty sets the Monte Carlo forecast: each draw runs the forecast
// with its uncertain inputs following yearly processes (package doc,
// Uncertainty). The zero value means the documented defaults; in each
// Process a zero value means the default, a negative SD turns the source
// off and a negative Phi means 0.
type Uncertainty struct {
	Draws     int     // default 200
	Seed      uint64  // default 1
	Threshold float64 // gap (FTE) whose exceedance probability is reported; default 0
	// Population holds the sources of the population projection:
	// mortality level and drift, fertility, net migration (population.Uncertainty).
	Population population.Uncertainty
	// UseTrend is the error of the use rates' trend, national, integrated
	// [SD 0.005 a year, Phi 1: a drift drawn once, 8 % after 16 years].
	UseTrend population.Process
	// FTEPerUser is the error of the trend of FTE per user, national,
	// integrated [SD 0.003 a year, Phi 1].
	FTEPerUser population.Process
	// Exits is the log factor on exit rates (established and new staff),
	// national, AR(1) [SD 0.10, Phi 0.7].
	Exits population.Process
	// Recruits is the log factor on recruits, local to each region, AR(1)
	// [SD 0.15, Phi 0.5].
	Recruits population.Process
	// Employment is the log factor on employment rates (capped at 1),
	// national, AR(1) [SD 0.02, Phi 0.9].
	Employment population.Process
	// SickLeave is the log factor on sick-leave rates, national, AR(1)
	// [SD 0.15, Phi 0.8].
	SickLeave population.Process
	// MaxMemory bounds, in bytes, the draws RunUncertainty holds at once
	// [0: no bound]. When the workers' regions' draws and the regions'
	// total would take more, and there are over 1 024 draws (fewer take
	// no more memory held), the bands come from passes over draws run
	// again, a window at a time, in memory that does not grow with Draws:
	// the same bands bit for bit, for two to three times the draws' time.
	// The regions' total is held if it fits beside the windows; if not,
	// its bands take passes of their own, each running every region.
	MaxMemory int64
}

func (u *Uncertainty) withDefaults() Uncertainty {
	v := Uncertainty{Draws: 200, Seed: 1}
	if u != nil {
		v = *u
		v.Draws = max(v.Draws, 0)
		if v.Draws == 0 {
			v.Draws = 200
		}
		if v.Seed == 0 {
			v.Seed = 1
		}
	}
	v.Population = v.Population.WithDefaults()
	v.UseTrend = v.UseTrend.Or(population.Process{SD: 0.005, Phi: 1})
	v.FTEPerUser = v.FTEPerUser.Or(population.Process{SD: 0.003, Phi: 1})
	v.Exits = v.Exits.Or(population.Process{SD: 0.10, Phi: 0.7})
	v.Recruits = v.Recruits.Or(population.Process{SD: 0.15, Phi: 0.5})
	v.Employment = v.Employment.Or(population.Process{SD: 0.02, Phi: 0.9})
	v.SickLeave = v.SickLeave.Or(population.Process{SD: 0.15, Phi: 0.8})
	return v
}

// AllRegions is the Region of the bands of the regions' total.
const AllRegions = "all"

// AllRoles is the Role of the bands of the gap summed over the roles.
const AllRoles = "all_roles"

// Band is the distribution of one gap over the draws.
type Band struct {
	Scenario, Region string
	Year             int
	Role             string
	Mean             float64
	P10, P50, P90    float64
	// SD is the standard deviation of the gap over the draws.
	SD float64
	// ProbAbove is the share of draws whose gap exceeds the threshold.
	ProbAbove float64
}

// RunUncertainty forecasts every region under every scenario u.Draws
// times with the uncertain inputs drawn as Uncertainty documents, and
// returns the distribution of each gap, ordered by region, scenario, year
// and role, each year's roles followed by their sum (Role AllRoles); then
// the bands of the total over the regions (Region AllRegions), whose draw
// k sums draw k of every region in fixed point (Total: exact, so that no
// band depends on the number of workers, and a sweep's shards or a
// pipeline give the same bits), when the regions share their base year
// and roles. A gap the total cannot hold (Total.Add) is an ErrTotal. A
// given projection (Region.Given) is used as is: only the years it does
// not cover are drawn. The context is checked before
// every draw. Its errors are Run's.
//
// The quantiles are exact. A worker holds the draws of the region it
// runs, and the total holds the regions' sums by draw, scenarios × years ×
// (roles + 1) × Draws values of 8 bytes each, whatever the number of
// regions. When those would exceed u.MaxMemory, the bands come instead
// from passes over the draws run again (runBounded), in memory that does
// not grow with the draws, bit for bit the same. A draw-year allocates
// nothing once a worker's buffers have grown.
func RunUncertainty(ctx context.Context, regions []*Region, scenarios []*scenario.Resolved, s *Settings, u *Uncertainty, progress func(done, total int)) ([]Band, error) {
	uu := u.withDefaults()
	to, err := prepare(regions, scenarios, s)
	if err != nil {
		return nil, err
	}
	total := len(regions) > 1 && alike(regions)
	if uu.MaxMemory > 0 && uu.Draws > boundedMinDraws && inMemoryBytes(regions, len(scenarios), to, uu.Draws, s.workers(), total) > uu.MaxMemory {
		return runBounded(ctx, regions, scenarios, s, &uu, to, total, progress)
	}
	parts := make([][]Band, len(regions))
	var (
		mu  sync.Mutex
		tot *Total
	)
	if total {
		r := regions[0]
		names := make([]string, len(scenarios))
		for i, sc := range scenarios {
			names[i] = sc.Name
		}
		tot = NewTotal(r.BaseYear, r.Supply.Roles, names, to-r.BaseYear+1, uu.Draws)
	}
	err = eachRegionWith(ctx, len(regions), s.workers(), len(regions)*uu.Draws, progress,
		func() *mcWorker { return new(mcWorker) },
		func(m *mcWorker, i int, tick func()) error {
			r := regions[i]
			if err := m.prepareRegion(r, scenarios, to, uu.Draws); err != nil {
				return fmt.Errorf("region %s: %w", r.Code, err)
			}
			key := population.RegionKey(r.Code)
			for k := range uu.Draws {
				if err := ctx.Err(); err != nil {
					return err
				}
				m.runDraw(r, key, scenarios, to, &uu, k, k)
				tick()
			}
			parts[i] = bands(m.gaps, scenarios, r.Code, r.BaseYear, r.Supply.Roles, m.years, &uu)
			if tot != nil {
				mu.Lock()
				defer mu.Unlock()
				return tot.Add(m.toDraws(r, scenarios))
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	out := slices.Concat(parts...)
	if tot != nil {
		out = append(out, tot.Bands(&uu)...)
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

// bands returns the distribution over the draws of each gap of gaps
// (gapIndex, with years years and the roles and their sum), ordered by
// scenario, year and role (bandstat.go).
func bands(gaps []float64, scs []*scenario.Resolved, region string, baseYear int, roles []string, years int, u *Uncertainty) []Band {
	buf := make([]float64, u.Draws)
	return labelBands(scs, region, baseYear, roles, years, func(cell int) cellBand {
		return bandOf(gaps[cell*u.Draws:(cell+1)*u.Draws], buf, u.Threshold)
	})
}

// labelBands returns the bands of the cells (si·years + y)·(roles + 1) + r,
// of scenario si, year index y and role r (the sum over the roles last),
// ordered by cell, with the statistics band gives.
func labelBands(scs []*scenario.Resolved, region string, baseYear int, roles []string, years int, band func(cell int) cellBand) []Band {
	n := len(roles) + 1
	out := make([]Band, 0, len(scs)*years*n)
	for si, sc := range scs {
		for y := range years {
			for role := range n {
				name := AllRoles
				if role < len(roles) {
					name = roles[role]
				}
				b := band((si*years+y)*n + role)
				out = append(out, Band{Scenario: sc.Name, Region: region, Year: baseYear + y, Role: name,
					Mean: b.mean, P10: b.q[0], P50: b.q[1], P90: b.q[2], SD: b.sd, ProbAbove: b.probAbove})
			}
		}
	}
	return out
}
