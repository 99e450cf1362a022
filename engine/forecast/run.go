package forecast

import (
	"context"
	"fmt"
	"slices"

	"github.com/caregap/caregap/engine/demand"
	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/internal/scratch"
	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/engine/supply"
)

// Region is everything the forecast needs of one region, in engine types.
type Region struct {
	Code, Name string
	// BaseYear is the year of Population and Workforce (31 December).
	BaseYear   int
	Population population.Pyramid
	// Given is an official projection used as is: Given[i] is the
	// population on 31 December of BaseYear+1+i. Years it does not cover
	// are projected from the last with Rates.
	Given []population.Pyramid
	// Rates returns the cohort-component rates of a year; nil when Given
	// covers the whole horizon.
	Rates func(year int) *population.Rates

	Demand demand.Model
	Supply supply.Params
	// Workforce[r] is the base-year headcount of role r by sex and age.
	Workforce []population.Pyramid
	// SupervisorPlaces is the number of placements the region's
	// supervisors can take on at once (the matching's workplaces): how a
	// matched_entrants total distributed by supervisor places is shared.
	// Zero when unknown.
	SupervisorPlaces float64
}

// Settings control a forecast run. The zero value is the default.
type Settings struct {
	// ToYear is the last forecast year; 0 means 2040.
	ToYear int
	// KnownRegions are the region codes levers may name besides the
	// regions run (a run of a subset of a dataset); nil means only those.
	KnownRegions []string
	// NoDecomposition skips the runs of the levers' Shapley attribution;
	// the drivers of run 0 are still reported, with the levers' total as
	// one driver "levers".
	NoDecomposition bool
	// Workers is the number of regions forecast at once; 0 means
	// GOMAXPROCS. Results do not depend on it.
	Workers int
	// Attribution bounds the work of sharing the levers' part among them.
	Attribution Attribution
	// CloseGapBy is the year by which the recruitment need closes each
	// role's base-year shortage, spread evenly over the years from the
	// base year to it (see the package documentation); 0 means the need
	// does not include it. A year not after a region's base year is an
	// error.
	CloseGapBy int
}

// ErrSettings is returned when a Settings field is out of range.
var ErrSettings = errkind.New(errkind.BadInput, "invalid forecast settings")

func (s *Settings) toYear() int {
	if s == nil || s.ToYear == 0 {
		return 2040
	}
	return s.ToYear
}

// Row is one scenario, region, year and role of the forecast.
type Row struct {
	Scenario, Region string
	Year             int
	Role             string
	DemandFTE        float64
	Headcount        float64
	ContractedFTE    float64
	EffectiveFTE     float64
	GapFTE           float64
	Exits            float64
	Retirements      float64
	Recruits         float64
	Graduates        float64
	GraduatesOut     float64
	TransfersIn      float64
	TransfersOut     float64
	MatchedEntrants  float64
	// InternalMovesIn and InternalMovesOut are the moves inside the
	// sector: career transitions, and graduates of pipelines that train
	// another role's staff (in) or staff who left the role for such a
	// pipeline, net of those who came back (out). They are not hires and
	// are not in the need.
	InternalMovesIn, InternalMovesOut float64
	// SupervisionFTE is the FTE the role's staff spent supervising
	// placements, already taken from EffectiveFTE.
	SupervisionFTE float64
	// The need, in persons hired from outside the sector during the year
	// (see the package documentation): RecruitmentNeed = ReplacementNeed
	// + ExpansionNeed + GapClosingNeed.
	ReplacementNeed float64
	ExpansionNeed   float64
	GapClosingNeed  float64
	RecruitmentNeed float64
}

// Driver is one driver's part of a gap.
type Driver struct {
	Scenario, Region string
	Year             int
	Role, Driver     string
	FTE              float64
	// SE is the sampling standard error of a lever's FTE when its Shapley
	// value was estimated from permutations; 0 when exact.
	SE float64
}

// Result holds a run's rows, ordered by region, scenario, year and role,
// and its decomposition, ordered by region, scenario, role, year and
// driver.
type Result struct {
	Rows    []Row
	Drivers []Driver
	// Population[i] is the projection of the i-th region, base year first.
	Population []*population.Projection
}

// Run forecasts every region under every scenario from the regions' base
// year to Settings.ToYear. progress, when not nil, is called after each
// region and scenario with the number done and the total. It returns a
// *LeverError when a lever names a role, service, pipeline or region the
// data does not have, and ctx.Err() when cancelled.
func Run(ctx context.Context, regions []*Region, scenarios []*scenario.Resolved, s *Settings, progress func(done, total int)) (*Result, error) {
	// prepare records population shares on the levers: on copies, so
	// that the caller's scenarios are not written to.
	own := make([]*scenario.Resolved, len(scenarios))
	for i, sc := range scenarios {
		c := *sc
		c.Levers = slices.Clone(sc.Levers)
		own[i] = &c
	}
	scenarios = own
	to, err := prepare(regions, scenarios, s)
	if err != nil {
		return nil, err
	}
	var closeBy int
	if s != nil {
		closeBy = s.CloseGapBy
	}
	for _, r := range regions {
		if closeBy != 0 && closeBy <= r.BaseYear {
			return nil, fmt.Errorf("%w: close the gap by %d: not after the base year %d of region %s", ErrSettings, closeBy, r.BaseYear, r.Code)
		}
	}
	noDecomp := s != nil && s.NoDecomposition
	var at *Attribution
	if s != nil {
		at = &s.Attribution
	}
	parts := make([]Result, len(regions))
	err = eachRegion(ctx, len(regions), s.workers(), len(regions)*len(scenarios), progress,
		func(w *worker, i int, tick func()) error {
			r, part := regions[i], &parts[i]
			proj := project(r, to)
			part.Population = []*population.Projection{proj}
			for _, sc := range scenarios {
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := w.scenario(ctx, part, r, proj, sc, noDecomp, at); err != nil {
					return fmt.Errorf("region %s, scenario %s: %w", r.Code, sc.Name, err)
				}
				tick()
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	for i := range parts {
		need(parts[i].Rows, regions[i], closeBy)
	}
	var nrows, ndrivers int
	for i := range parts {
		nrows += len(parts[i].Rows)
		ndrivers += len(parts[i].Drivers)
	}
	res := &Result{Rows: make([]Row, 0, nrows), Drivers: make([]Driver, 0, ndrivers)}
	for i := range parts {
		res.Rows = append(res.Rows, parts[i].Rows...)
		res.Drivers = append(res.Drivers, parts[i].Drivers...)
		res.Population = append(res.Population, parts[i].Population...)
		parts[i] = Result{}
	}
	return res, nil
}

// project returns the region's population from the base year to to.
func project(r *Region, to int) *population.Projection {
	n := to - r.BaseYear
	if len(r.Given) >= n || r.Rates == nil {
		p := &population.Projection{From: r.BaseYear, Pop: make([]population.Pyramid, 1, n+1)}
		p.Pop[0] = r.Population
		p.Pop = append(p.Pop, r.Given[:min(n, len(r.Given))]...)
		return p
	}
	base, from := r.Population, r.BaseYear
	if len(r.Given) > 0 {
		base, from = r.Given[len(r.Given)-1], r.BaseYear+len(r.Given)
	}
	tail := population.Project(&base, from, to, r.Rates)
	if len(r.Given) == 0 {
		return tail
	}
	p := &population.Projection{From: r.BaseYear, Pop: []population.Pyramid{r.Population}}
	p.Pop = append(p.Pop, r.Given...)
	p.Pop = append(p.Pop, tail.Pop[1:]...)
	return p
}

// sim is one simulated path of a region under a set of levers.
type sim struct {
	demand [][]float64        // [year][role]
	fte    [][]supply.RoleFTE // [year][role]
	flows  []supply.Flows     // [year]; flows[0] is zero
}

type worker struct {
	in     yearInputs
	users  []float64
	runs   []sim
	subset []scenario.Lever // the levers of one attribution run
}

func newWorker() *worker { return &worker{} }

// simulate runs region r over the projection with levers applied, into sm.
func (w *worker) simulate(sm *sim, r *Region, proj *population.Projection, levers []scenario.Lever) error {
	years := len(proj.Pop)
	nr := len(r.Supply.Roles)
	sm.demand = scratch.Grow2(sm.demand, years, nr)
	sm.fte = scratch.Grow2(sm.fte, years, nr)
	sm.flows = scratch.Grow(sm.flows, years)
	cur, err := supply.NewState(&r.Supply, r.Workforce)
	if err != nil {
		return err
	}
	cur.SetSteadyTrainees(&r.Supply)
	next := new(supply.State)
	for i := range years {
		year := proj.From + i
		w.in.reset(r)
		if i > 0 { // the base year is observed: no lever changes it
			for li := range levers {
				w.in.apply(&levers[li], r, year)
			}
		}
		sm.demand[i] = r.Demand.Compute(sm.demand[i], w.users, &proj.Pop[i], &w.in.adjust)
		if i > 0 {
			supply.Step(next, cur, &w.in.params, &sm.flows[i])
			cur, next = next, cur
		} else {
			zeroFlows(&sm.flows[0], nr)
		}
		sm.fte[i] = supply.Measure(cur, &w.in.params, sm.fte[i])
	}
	return nil
}

func zeroFlows(f *supply.Flows, nr int) {
	f.Roles = scratch.Zeroed(f.Roles, nr)
	f.Pipelines = f.Pipelines[:0]
}

func (w *worker) scenario(ctx context.Context, res *Result, r *Region, proj *population.Projection, sc *scenario.Resolved,
	noDecomp bool, at *Attribution) error {
	// Run 0 has no lever, run 1 every lever: the scenario's rows.
	nruns := 1
	if len(sc.Levers) > 0 {
		nruns = 2
	}
	for len(w.runs) < 3 { // the third is the attribution's scratch run
		w.runs = append(w.runs, sim{})
	}
	if err := w.simulate(&w.runs[0], r, proj, nil); err != nil {
		return err
	}
	if nruns == 2 {
		if err := w.simulate(&w.runs[1], r, proj, sc.Levers); err != nil {
			return err
		}
	}
	base, last := &w.runs[0], &w.runs[nruns-1]
	var sh *shapley
	if nruns == 2 && !noDecomp {
		v0, vN := gapVec(nil, base), gapVec(nil, last)
		var err error
		if sh, err = w.attribute(ctx, r, proj, sc, v0, vN, at); err != nil {
			return err
		}
	}
	years := len(proj.Pop)
	nr := len(r.Supply.Roles)
	res.Rows = slices.Grow(res.Rows, years*nr)
	res.Drivers = slices.Grow(res.Drivers, years*nr*(10+len(sc.Levers)))
	perHead := make([]float64, nr) // once per role, not per row
	for ri := range nr {
		perHead[ri] = effectivePerHead(&r.Supply, ri)
	}
	for i := range years {
		year := proj.From + i
		for ri, role := range r.Supply.Roles {
			res.Rows = append(res.Rows, row(sc.Name, r.Code, year, role, last, i, ri, perHead[ri]))
		}
	}
	res.Drivers = decompose(res.Drivers, sc, r, proj.From, base, last, sh, noDecomp)
	return nil
}

// row builds the output row of year index i and role r: the measures and
// flows. The need is filled in afterwards by need, which takes its own
// fallback per head from the region: the last argument is not used.
func row(scn, region string, year int, role string, sm *sim, i, r int, _ float64) Row {
	f := &sm.flows[i].Roles[r]
	m := &sm.fte[i][r]
	return Row{Scenario: scn, Region: region, Year: year, Role: role,
		DemandFTE: sm.demand[i][r], Headcount: m.Headcount, ContractedFTE: m.ContractedFTE,
		EffectiveFTE: m.EffectiveFTE, GapFTE: sm.demand[i][r] - m.EffectiveFTE,
		Exits: f.Exits, Retirements: f.Retirements, Recruits: f.Recruits, Graduates: f.Graduates, GraduatesOut: f.GraduatesOut,
		TransfersIn: f.TransfersIn, TransfersOut: f.TransfersOut, MatchedEntrants: f.MatchedEntrants,
		InternalMovesIn: f.TransfersIn + f.GraduatesInternal, InternalMovesOut: f.TransfersOut + f.GraduatesOut,
		SupervisionFTE: m.SupervisionFTE}
}

// need fills the need columns of the rows of one region (every scenario,
// ordered by scenario, year and role; base year first) as the package
// documentation defines them, closing the base-year shortage by closeBy
// (0: not at all).
func need(rows []Row, r *Region, closeBy int) {
	nr := len(r.Supply.Roles)
	if nr == 0 {
		return
	}
	perHead, leave := make([]float64, nr), make([]float64, nr)
	for ri := range nr {
		perHead[ri] = effectivePerHead(&r.Supply, ri)
		leave[ri] = newcomerLeaving(&r.Supply, ri)
	}
	for start := 0; start < len(rows); {
		end := start + nr
		for end < len(rows) && rows[end].Scenario == rows[start].Scenario {
			end += nr
		}
		block := rows[start:end]
		years := len(block) / nr
		for ri := range nr {
			base := &block[ri]
			t0 := base.Year
			gap0 := base.GapFTE
			kept := func(year int) float64 { // the base-year gap not yet closed
				if closeBy == 0 {
					return gap0
				}
				if year >= closeBy {
					return 0
				}
				return gap0 * float64(closeBy-year) / float64(closeBy-t0)
			}
			for i := 1; i < years; i++ {
				cur, prev := &block[i*nr+ri], &block[(i-1)*nr+ri]
				p := perHead[ri]
				if prev.Headcount > 0 && prev.EffectiveFTE > 0 {
					p = prev.EffectiveFTE / prev.Headcount
				}
				l := leave[ri]
				if prev.Headcount > 0 {
					l = (cur.Exits + cur.Retirements) / prev.Headcount
				}
				target := max(0, prev.DemandFTE-kept(prev.Year)) / p
				cur.ReplacementNeed = l * target
				cur.ExpansionNeed, cur.GapClosingNeed = 0, 0
				if growth := cur.DemandFTE - prev.DemandFTE; growth > 0 {
					cur.ExpansionNeed = growth / p
				}
				if closed := kept(prev.Year) - kept(cur.Year); closed > 0 {
					cur.GapClosingNeed = closed / p
				}
				cur.RecruitmentNeed = cur.ReplacementNeed + cur.ExpansionNeed + cur.GapClosingNeed
			}
		}
		start = end
	}
}

// newcomerLeaving is the yearly probability that a newcomer to role r
// leaves the sector: 1 − (1 − new-staff exit rate)(1 − mean retirement
// rate over ages 20-66). It is the leaver rate of a role with no staff.
func newcomerLeaving(p *supply.Params, r int) float64 {
	var e, rho float64
	if p.NewStaffExitRate != nil {
		e = p.NewStaffExitRate[r]
	}
	if p.RetirementRate != nil {
		for a := 20; a <= 66; a++ {
			rho += p.RetirementRate[r][a]
		}
		rho /= 47
	}
	return 1 - (1-e)*(1-rho)
}

// effectivePerHead is the mean of employment rate × (1 − sick leave) of
// role r over the working ages 20..66 of both sexes: the effective FTE a
// recruit brings when the role has no staff to measure it on.
func effectivePerHead(p *supply.Params, r int) float64 {
	var sum float64
	var n int
	for s := range population.NumSexes {
		for a := 20; a <= 66; a++ {
			er, sl := 1.0, 0.0
			if p.EmploymentRate != nil {
				er = p.EmploymentRate[r][s][a]
			}
			if p.SickLeaveRate != nil {
				sl = p.SickLeaveRate[r][s][a]
			}
			sum += er * (1 - sl)
			n++
		}
	}
	return sum / float64(n)
}
