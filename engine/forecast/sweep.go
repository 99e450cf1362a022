package forecast

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/engine/scenario"
)

// Draws holds the gaps of one region's Monte Carlo draws under some
// scenarios: the unit of work of a sweep, which a caller may run region
// by region and scenario by scenario on as many machines as it likes.
type Draws struct {
	Region    string
	BaseYear  int
	Roles     []string
	Scenarios []string
	Years     int // the years BaseYear .. BaseYear+Years-1
	N         int // the number of draws
	// Gaps[((si*Years+y)*(len(Roles)+1)+r)*N+k] is the gap (FTE) of
	// scenario si, year index y, role r and draw k; r = len(Roles) is the
	// sum over the roles.
	Gaps []float64
}

// PrepareDraws checks the regions and scenarios of a run made of
// RunDraws calls as RunUncertainty checks its own (Run's errors), and
// records on each lever that shares a total among the regions
// (matched_entrants distributed by population or supervisor places) each
// region's share of it, from regions: the regions of the whole run, not
// of one call. It modifies scs; call it once, before any RunDraws on them.
func PrepareDraws(regions []*Region, scs []*scenario.Resolved, s *Settings) error {
	_, err := prepare(regions, scs, s)
	return err
}

// RunDraws runs u.Draws draws of region r under the scenarios scs, which
// PrepareDraws has checked against every region of the run; a region's
// gaps are then RunUncertainty's for it, bit for bit. The draws' random
// numbers depend on the seed, the draw, the source and the region, never
// on the scenario (common random numbers), so a scenario's gaps do not
// depend on the scenarios run beside it: RunDraws(r, {a, b}) holds the
// gaps of RunDraws(r, {a}) and RunDraws(r, {b}). RunDraws only reads scs,
// so calls may run at once. The context is checked before every draw. It
// checks r's horizon and supply as Run does; it panics when a lever that
// shares a total among the regions has no share recorded (scs not
// prepared).
func RunDraws(ctx context.Context, r *Region, scs []*scenario.Resolved, s *Settings, u *Uncertainty) (*Draws, error) {
	uu := u.withDefaults()
	to, err := prepare([]*Region{r}, nil, s) // the horizon and supply; not the levers
	if err != nil {
		return nil, err
	}
	for _, sc := range scs {
		for i := range sc.Levers {
			l := &sc.Levers[i]
			if l.Kind == scenario.MatchedEntrants && l.Distribute.Shared() && l.AppliesTo(r.Code) && l.RegionShare == nil {
				panic(fmt.Sprintf("forecast: RunDraws: scenario %q is not prepared (PrepareDraws)", sc.Name))
			}
		}
	}
	m := new(mcWorker)
	if err := m.prepareRegion(r, scs, to, uu.Draws); err != nil {
		return nil, fmt.Errorf("region %s: %w", r.Code, err)
	}
	key := population.RegionKey(r.Code)
	for k := range uu.Draws {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		m.runDraw(r, key, scs, to, &uu, k, k)
	}
	return m.toDraws(r, scs), nil
}

// toDraws returns the worker's gaps as Draws; they share the worker's
// memory.
func (m *mcWorker) toDraws(r *Region, scs []*scenario.Resolved) *Draws {
	names := make([]string, len(scs))
	for i, sc := range scs {
		names[i] = sc.Name
	}
	return &Draws{Region: r.Code, BaseYear: r.BaseYear, Roles: r.Supply.Roles, Scenarios: names,
		Years: m.years, N: m.draws, Gaps: m.gaps[:len(scs)*m.years*m.n*m.draws]}
}

// Bands returns the distribution of each gap over the draws, ordered by
// scenario, year and role: the bands RunUncertainty gives for this region.
// Of u only the threshold is read.
func (d *Draws) Bands(u *Uncertainty) []Band {
	return bandsOf(d.Gaps, d.Scenarios, d.Region, d.BaseYear, d.Roles, d.Years, d.N, u)
}

// Fixed returns in dst (grown when short) the gaps of scenario si and
// draw k in fixed point (Total): years × (roles + 1) values, the year
// index major. A gap that is not finite or beyond the range is an
// ErrTotal naming region, scenario, year, role and draw. It panics when
// si or k is out of range.
func (d *Draws) Fixed(si, k int, dst []int64) ([]int64, error) {
	if si < 0 || si >= len(d.Scenarios) || k < 0 || k >= d.N {
		panic("forecast: Draws.Fixed out of range")
	}
	n := len(d.Roles) + 1
	dst = slices.Grow(dst[:0], d.Years*n)[:d.Years*n]
	for y := range d.Years {
		for r := range n {
			v, err := d.fixedAt(si, y, r, k)
			if err != nil {
				return nil, err
			}
			dst[y*n+r] = v
		}
	}
	return dst, nil
}

func (d *Draws) fixedAt(si, y, r, k int) (int64, error) {
	n := len(d.Roles) + 1
	g := d.Gaps[gapIndex(si, y, r, d.Years, n, d.N)+k]
	v, ok := toFixed(g)
	if !ok {
		return 0, d.fixedError(si, y, r, k, g)
	}
	return v, nil
}

// fixedError is the ErrTotal of gap g of scenario si, year index y, role
// r and draw k, which a Total cannot hold.
func (d *Draws) fixedError(si, y, r, k int, g float64) error {
	role := AllRoles
	if r < len(d.Roles) {
		role = d.Roles[r]
	}
	return fmt.Errorf("%w: region %s, scenario %s, year %d, role %s, draw %d: gap %g is not a finite number within ±2^20 FTE",
		ErrTotal, d.Region, d.Scenarios[si], d.BaseYear+y, role, k, g)
}

// ErrTotal is returned when draws cannot be added to a Total: a gap that
// is not finite or is beyond ±2^20 FTE (about a million), or a shape (base year, roles,
// scenarios, years, draws) that is not the total's.
var ErrTotal = errkind.New(errkind.BadInput, "regions' total")

// FixedOne is the unit of Total's fixed point: 2^-32 FTE.
const FixedOne = 1 << 32

// fixedLimit is the largest gap a Total takes, in FTE: far beyond any
// region's, and small enough that the total of 2 048 regions stays
// within the int64's range (±2^31 FTE).
const fixedLimit = 1 << 20

// toFixed rounds g to the nearest multiple of 2^-32 FTE (halves away
// from zero), in those units; it reports false when g is not finite or
// beyond ±2^20 FTE.
func toFixed(g float64) (int64, bool) {
	if !(math.Abs(g) <= fixedLimit) { // NaN fails too
		return 0, false
	}
	return int64(math.Round(g * FixedOne)), true
}

// fromFixed returns v in FTE: the float64 nearest v × 2^-32.
func fromFixed(v int64) float64 { return float64(v) / FixedOne }

// Total holds the regions' gaps summed draw by draw, exact and
// independent of the order and grouping in which regions are added: each
// gap is rounded to fixed point (an int64 in units of 2^-32 FTE, FixedOne)
// and the sums are integer sums, so a total made in one process, of
// shards merged, or combined by a pipeline in any order is the same bit
// for bit. The rounding moves a gap by at most 2^-33 FTE. A gap must lie
// within ±2^20 FTE; the sums wrap modulo 2^64, which leaves every total
// within [−2^31, 2^31) FTE exact whatever the partial sums did, and so
// the total of up to 2 048 regions (NUTS-3 has 1 165) always.
//
// Its memory is scenarios × years × (roles + 1) × draws int64 values
// (8 bytes each), in the layout of Draws.Gaps. A Total is not safe for
// concurrent use.
type Total struct {
	BaseYear  int
	Roles     []string
	Scenarios []string
	Years, N  int
	// Sum[((si*Years+y)*(len(Roles)+1)+r)*N+k] is the sum of the gaps
	// added, in units of 2^-32 FTE.
	Sum []int64
	// Regions counts the regions added (Add adds one, AddFixed none,
	// Merge the other's).
	Regions int
}

// NewTotal returns an empty total of the given shape.
func NewTotal(baseYear int, roles, scenarios []string, years, n int) *Total {
	return &Total{BaseYear: baseYear, Roles: slices.Clone(roles), Scenarios: slices.Clone(scenarios),
		Years: years, N: n, Sum: make([]int64, len(scenarios)*years*(len(roles)+1)*n)}
}

// Add adds the gaps of d, whose scenarios must be among the total's (in
// any order) and whose base year, roles, years and draws must be the
// total's; otherwise, or when a gap is out of range, it returns an
// ErrTotal and leaves t as it was.
func (t *Total) Add(d *Draws) error {
	if d.BaseYear != t.BaseYear || !slices.Equal(d.Roles, t.Roles) || d.Years != t.Years || d.N != t.N {
		return fmt.Errorf("%w: region %s: base year %d, roles %v, %d years, %d draws; the total has %d, %v, %d, %d",
			ErrTotal, d.Region, d.BaseYear, d.Roles, d.Years, d.N, t.BaseYear, t.Roles, t.Years, t.N)
	}
	at := make([]int, len(d.Scenarios))
	for i, name := range d.Scenarios {
		if at[i] = slices.Index(t.Scenarios, name); at[i] < 0 {
			return fmt.Errorf("%w: region %s: scenario %q is not among the total's %v", ErrTotal, d.Region, name, t.Scenarios)
		}
	}
	n := len(t.Roles) + 1
	block := t.Years * n * t.N
	for si := range d.Scenarios { // check everything before adding anything
		for y := range d.Years {
			for r := range n {
				for k := range d.N {
					if _, err := d.fixedAt(si, y, r, k); err != nil {
						return err
					}
				}
			}
		}
	}
	for si, ti := range at {
		src, dst := d.Gaps[si*block:(si+1)*block], t.Sum[ti*block:(ti+1)*block]
		for i, g := range src {
			v, _ := toFixed(g)
			dst[i] += v
		}
	}
	t.Regions++
	return nil
}

// AddFixed adds v, the fixed-point gaps of scenario si and draw k of one
// region or a sum of regions (Draws.Fixed's layout, or the integer sum of
// several), to the total. It is what a pipeline that combines the draws
// by scenario and draw calls; it panics when si, k or len(v) is out of
// range.
func (t *Total) AddFixed(si, k int, v []int64) {
	n := len(t.Roles) + 1
	if si < 0 || si >= len(t.Scenarios) || k < 0 || k >= t.N || len(v) != t.Years*n {
		panic("forecast: Total.AddFixed out of range")
	}
	for y := range t.Years {
		for r := range n {
			t.Sum[gapIndex(si, y, r, t.Years, n, t.N)+k] += v[y*n+r]
		}
	}
}

// Merge adds the sums of o, whose shape (base year, roles, scenarios in
// the same order, years and draws) must be t's: otherwise it returns an
// ErrTotal and leaves t as it was.
func (t *Total) Merge(o *Total) error {
	if o.BaseYear != t.BaseYear || !slices.Equal(o.Roles, t.Roles) || !slices.Equal(o.Scenarios, t.Scenarios) ||
		o.Years != t.Years || o.N != t.N || len(o.Sum) != len(t.Sum) {
		return fmt.Errorf("%w: merging base year %d, roles %v, scenarios %v, %d years, %d draws into %d, %v, %v, %d, %d",
			ErrTotal, o.BaseYear, o.Roles, o.Scenarios, o.Years, o.N, t.BaseYear, t.Roles, t.Scenarios, t.Years, t.N)
	}
	for i, v := range o.Sum {
		t.Sum[i] += v
	}
	t.Regions += o.Regions
	return nil
}

// Bands returns the distribution over the draws of each summed gap, with
// Region AllRegions, ordered by scenario, year and role. Of u only the
// threshold is read.
func (t *Total) Bands(u *Uncertainty) []Band {
	g := make([]float64, len(t.Sum))
	for i, v := range t.Sum {
		g[i] = fromFixed(v)
	}
	return bandsOf(g, t.Scenarios, AllRegions, t.BaseYear, t.Roles, t.Years, t.N, u)
}

// bandsOf is bands with the scenarios' names and the number of draws
// given.
func bandsOf(gaps []float64, names []string, region string, baseYear int, roles []string, years, n int, u *Uncertainty) []Band {
	uu := u.withDefaults()
	uu.Draws = n
	scs := make([]*scenario.Resolved, len(names))
	for i, name := range names {
		scs[i] = &scenario.Resolved{Name: name}
	}
	return bands(gaps, scs, region, baseYear, roles, years, &uu)
}
