package forecast

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/engine/scenario"
	"gonum.org/v1/gonum/stat"
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
// k sums draw k of every region (when the regions share their base year
// and roles). A given projection (Region.Given) is used as is: only the
// years it does not cover are drawn. The context is checked before every
// draw. Its errors are Run's.
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

// gapDraws holds gaps by [scenario][year][role][draw], the last role
// being the sum over the roles.
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
				name := AllRoles
				if role < len(roles) {
					name = roles[role]
				}
				v := append(buf[:0], (*g)[si][y][role]...)
				slices.Sort(v)
				var above int
				for _, x := range v {
					if x > u.Threshold {
						above++
					}
				}
				mean, sd := stat.PopMeanStdDev(v, nil)
				out = append(out, Band{Scenario: sc.Name, Region: region, Year: baseYear + y, Role: name,
					Mean: mean, P10: stat.Quantile(0.1, stat.Empirical, v, nil),
					P50: stat.Quantile(0.5, stat.Empirical, v, nil), P90: stat.Quantile(0.9, stat.Empirical, v, nil),
					SD: sd, ProbAbove: float64(above) / float64(len(v))})
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
			gaps[si][y] = make([][]float64, nr+1)
			for k := range gaps[si][y] {
				gaps[si][y][k] = make([]float64, u.Draws)
			}
		}
	}
	if len(w.runs) == 0 {
		w.runs = append(w.runs, sim{})
	}
	d := new(draw) // its buffers serve every draw of the region
	defer func() { w.draw = nil }()
	rr := *r
	if r.Rates != nil {
		rr.Rates = d.pop.Rates()
	}
	for k := range u.Draws {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d.reset(u, k, r, to)
		w.draw = d
		proj := project(&rr, to)
		for si, sc := range scs {
			if err := w.simulate(&w.runs[0], &rr, proj, sc.Levers); err != nil {
				return nil, err
			}
			sm := &w.runs[0]
			for y := range years {
				var all float64
				for role := range nr {
					gap := sm.demand[y][role] - sm.fte[y][role].EffectiveFTE
					gaps[si][y][role][k] = gap
					all += gap
				}
				gaps[si][y][nr][k] = all
			}
		}
		tick()
	}
	return &gaps, nil
}
