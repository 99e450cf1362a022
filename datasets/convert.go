package datasets

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/caregap/caregap/engine/demand"
	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/engine/supply"
)

// ErrIncomplete: a region lacks data the forecast needs, such as its
// base-year population or any cohort-component rates.
var ErrIncomplete = errkind.New(errkind.BadInput, "incomplete data")

func sexOf(s string) population.Sex {
	if s == "F" {
		return population.Female
	}
	return population.Male
}

func ageIndex(a int32) int { return min(max(int(a), 0), population.MaxAge) }

// ForecastRegions converts the bundle into the engine's regions, in the
// order of regions.parquet, keeping only codes when it is not empty. The
// base year is the workforce's year. Population rows after the base year
// are used as a given projection; years beyond them are projected with the
// region's death, fertility and net-migration rates (the latest of each at
// or before the year asked). The employment rate of an age and sex with no
// staff is the role's headcount-weighted mean in the region, its sick-leave
// rate the contracted-FTE-weighted mean; the exit and retirement rates of
// an age not listed are those of the nearest listed age. The bundle is
// assumed to have passed Check.
func ForecastRegions(b *Bundle, codes []string) ([]*forecast.Region, error) {
	if len(b.Workforce) == 0 {
		return nil, &RowError{File: "workforce.parquet", Err: ruleErr(ErrMissingFile, "the forecast needs the workforce")}
	}
	baseYear := int(b.Workforce[0].Year)
	roles := make([]string, len(b.Roles))
	roleIx := map[string]int{}
	for i, r := range b.Roles {
		roles[i], roleIx[r.Role] = r.Role, i
	}
	want := map[string]bool{}
	for _, c := range codes {
		want[c] = true
	}
	known := map[string]bool{}
	for _, r := range b.Regions {
		known[r.Region] = true
	}
	for _, c := range codes {
		if !known[c] {
			return nil, &RowError{File: "regions.parquet", Column: "region", Err: ruleErr(ErrUnknownRef, "region %q is not in the dataset", c)}
		}
	}
	exitRates, retireRates := exitTables(b, roleIx, len(roles))
	byRegion := splitByRegion(b)
	var out []*forecast.Region
	for _, reg := range b.Regions {
		if len(codes) > 0 && !want[reg.Region] {
			continue
		}
		sub := byRegion[reg.Region]
		if sub == nil {
			sub = &Bundle{}
		}
		sub.Services, sub.Roles, sub.CareerTransitions, sub.TrainingStages = b.Services, b.Roles, b.CareerTransitions, b.TrainingStages
		r, err := forecastRegion(sub, reg, baseYear, roles, roleIx)
		if err != nil {
			return nil, err
		}
		r.Supply.ExitRate, r.Supply.RetirementRate = exitRates, retireRates
		out = append(out, r)
	}
	return out, nil
}

// splitByRegion returns, for each region code, a bundle with the rows of
// the region-keyed datasets that belong to it, so that converting many
// regions reads each row once.
func splitByRegion(b *Bundle) map[string]*Bundle {
	m := map[string]*Bundle{}
	split(m, b.Population, func(r *Population) string { return r.Region }, func(s *Bundle) *[]Population { return &s.Population })
	split(m, b.DeathRates, func(r *DeathRate) string { return r.Region }, func(s *Bundle) *[]DeathRate { return &s.DeathRates })
	split(m, b.FertilityRates, func(r *FertilityRate) string { return r.Region }, func(s *Bundle) *[]FertilityRate { return &s.FertilityRates })
	split(m, b.NetMigration, func(r *NetMigration) string { return r.Region }, func(s *Bundle) *[]NetMigration { return &s.NetMigration })
	split(m, b.CareUse, func(r *CareUse) string { return r.Region }, func(s *Bundle) *[]CareUse { return &s.CareUse })
	split(m, b.CareStaffing, func(r *CareStaffing) string { return r.Region }, func(s *Bundle) *[]CareStaffing { return &s.CareStaffing })
	split(m, b.RoleShares, func(r *RoleShare) string { return r.Region }, func(s *Bundle) *[]RoleShare { return &s.RoleShares })
	split(m, b.Workforce, func(r *Workforce) string { return r.Region }, func(s *Bundle) *[]Workforce { return &s.Workforce })
	split(m, b.Recruits, func(r *Recruits) string { return r.Region }, func(s *Bundle) *[]Recruits { return &s.Recruits })
	split(m, b.TrainingPipelines, func(r *TrainingPipeline) string { return r.Region }, func(s *Bundle) *[]TrainingPipeline { return &s.TrainingPipelines })
	return m
}

// split appends each row to the slice field of its region's bundle in m.
func split[T any](m map[string]*Bundle, rows []T, region func(*T) string, field func(*Bundle) *[]T) {
	for i := range rows {
		code := region(&rows[i])
		sub := m[code]
		if sub == nil {
			sub = &Bundle{}
			m[code] = sub
		}
		f := field(sub)
		*f = append(*f, rows[i])
	}
}

func forecastRegion(b *Bundle, reg Region, baseYear int, roles []string, roleIx map[string]int) (*forecast.Region, error) {
	code := reg.Region
	r := &forecast.Region{Code: code, Name: reg.Name, BaseYear: baseYear}
	years := map[int]bool{}
	for _, p := range b.Population {
		years[int(p.Year)] = true // b holds this region's rows only
	}
	if !years[baseYear] {
		return nil, &RowError{File: "population.parquet", Column: "year",
			Err: ruleErr(ErrIncomplete, "region %s has no population in the base year %d (the workforce's year)", code, baseYear)}
	}
	for y := baseYear; years[y]; y++ {
		p, err := Pyramid(b.Population, code, y)
		if err != nil {
			return nil, &RowError{File: "population.parquet", Column: "age", Err: err}
		}
		if y == baseYear {
			r.Population = p
		} else {
			r.Given = append(r.Given, p)
		}
	}
	rates, err := regionRates(b, code)
	if err != nil {
		return nil, err
	}
	r.Rates = rates

	r.Demand = demandModel(b, code, roles, roleIx)
	if err := supplyParams(b, r, code, roles, roleIx); err != nil {
		return nil, err
	}
	return r, nil
}

// regionRates returns the region's rates by year: for each year that
// any of death_rates, fertility_rates and net_migration has, the latest
// rows of each at or before it. It returns nil when the region has no
// death rates (then a given projection must cover the horizon, which the
// forecast checks).
func regionRates(b *Bundle, code string) (func(int) *population.Rates, error) {
	var yrs []int
	add := func(y int32) {
		if !slices.Contains(yrs, int(y)) {
			yrs = append(yrs, int(y))
		}
	}
	for _, d := range b.DeathRates {
		add(d.Year)
	}
	if len(yrs) == 0 {
		return nil, nil
	}
	for _, f := range b.FertilityRates {
		add(f.Year)
	}
	for _, m := range b.NetMigration {
		add(m.Year)
	}
	slices.Sort(yrs)
	cache := map[int]*population.Rates{}
	for _, y := range yrs {
		rt, err := RatesFromRows(code, y, b.DeathRates, b.FertilityRates, b.NetMigration)
		if err != nil {
			return nil, &RowError{File: "death_rates.parquet", Column: "year", Err: err}
		}
		cache[y] = rt
	}
	return func(year int) *population.Rates {
		i, found := slices.BinarySearch(yrs, year)
		if !found {
			i--
		}
		return cache[yrs[max(i, 0)]]
	}, nil
}

// RatesByYear returns the cohort-component rates of region by year, as the
// forecast uses them, or nil when the bundle has no death rates for it.
func RatesByYear(b *Bundle, region string) (func(int) *population.Rates, error) {
	sub := splitByRegion(b)[region]
	if sub == nil {
		return nil, nil
	}
	return regionRates(sub, region)
}

func demandModel(b *Bundle, code string, roles []string, roleIx map[string]int) demand.Model {
	m := demand.Model{Roles: roles}
	for _, s := range b.Services {
		svc := demand.Service{Name: s.Service, RoleShare: make([]float64, len(roles))}
		for _, u := range b.CareUse {
			if u.Region == code && u.Service == s.Service {
				demand.BandRate(&svc.UseRate, sexOf(u.Sex), int(u.AgeFrom), int(u.AgeTo), u.Rate)
			}
		}
		for _, st := range b.CareStaffing {
			if st.Region == code && st.Service == s.Service {
				svc.FTEPerUser = st.FTEPerUser
			}
		}
		for _, sh := range b.RoleShares {
			if sh.Region == code && sh.Service == s.Service {
				svc.RoleShare[roleIx[sh.Role]] = sh.Share
			}
		}
		m.Services = append(m.Services, svc)
	}
	return m
}

// exitTables builds the exit and retirement rates by role and age; an age
// not listed takes the nearest listed age's rates.
func exitTables(b *Bundle, roleIx map[string]int, n int) (exit, retire [][population.NumAges]float64) {
	exit = make([][population.NumAges]float64, n)
	retire = make([][population.NumAges]float64, n)
	for r := range n {
		var listed []ExitRate
		for _, e := range b.ExitRates {
			if roleIx[e.Role] == r {
				listed = append(listed, e)
			}
		}
		if len(listed) == 0 {
			continue
		}
		slices.SortFunc(listed, func(a, b ExitRate) int { return cmp.Compare(a.Age, b.Age) })
		j := 0
		for a := range population.NumAges {
			for j+1 < len(listed) && abs(int(listed[j+1].Age)-a) <= abs(int(listed[j].Age)-a) {
				j++
			}
			exit[r][a], retire[r][a] = listed[j].ExitRate, listed[j].RetirementRate
		}
	}
	return exit, retire
}

func abs(x int) int { return max(x, -x) }

func supplyParams(b *Bundle, r *forecast.Region, code string, roles []string, roleIx map[string]int) error {
	n := len(roles)
	p := &r.Supply
	p.Roles = roles
	p.NewStaffExitRate = make([]float64, n)
	for i, ro := range b.Roles {
		p.NewStaffExitRate[i] = ro.NewStaffExitRate
	}
	p.EmploymentRate = make([]population.Pyramid, n)
	p.SickLeaveRate = make([]population.Pyramid, n)
	r.Workforce = make([]population.Pyramid, n)
	seen := make([]population.Pyramid, n) // 1 where a row gives the rates
	heads, erSum, slSum := make([]float64, n), make([]float64, n), make([]float64, n)
	for _, w := range b.Workforce {
		if w.Region != code {
			continue
		}
		ri, s, a := roleIx[w.Role], sexOf(w.Sex), ageIndex(w.Age)
		r.Workforce[ri][s][a] += w.Headcount
		p.EmploymentRate[ri][s][a] = w.EmploymentRate
		p.SickLeaveRate[ri][s][a] = w.SickLeaveRate
		seen[ri][s][a] = 1
		heads[ri] += w.Headcount
		erSum[ri] += w.Headcount * w.EmploymentRate
		slSum[ri] += w.Headcount * w.EmploymentRate * w.SickLeaveRate
	}
	for ri := range n {
		er, sl := 1.0, 0.0
		if heads[ri] > 0 {
			er = erSum[ri] / heads[ri]
			if erSum[ri] > 0 {
				sl = slSum[ri] / erSum[ri]
			}
		}
		for s := range population.NumSexes {
			for a := range population.NumAges {
				if seen[ri][s][a] == 0 {
					p.EmploymentRate[ri][s][a], p.SickLeaveRate[ri][s][a] = er, sl
				}
			}
		}
	}
	p.Transitions = make([][]float64, n)
	for i := range p.Transitions {
		p.Transitions[i] = make([]float64, n)
	}
	for _, t := range b.CareerTransitions {
		p.Transitions[roleIx[t.FromRole]][roleIx[t.ToRole]] = t.Rate
	}
	p.Recruits = make([]population.Pyramid, n)
	for _, rc := range b.Recruits {
		if rc.Region == code {
			p.Recruits[roleIx[rc.Role]][sexOf(rc.Sex)][ageIndex(rc.Age)] += rc.Persons
		}
	}
	p.MatchedEntrants = make([]float64, n)
	for _, tp := range b.TrainingPipelines {
		if tp.Region != code {
			continue
		}
		pl := supply.Pipeline{Name: tp.Pipeline, Source: -1, Output: roleIx[tp.OutputRole], PlacesPerYear: tp.PlacesPerYear}
		if tp.SourceRole != "" {
			pl.Source = roleIx[tp.SourceRole]
		}
		var stages []TrainingStage
		for _, st := range b.TrainingStages {
			if st.Pipeline == tp.Pipeline {
				stages = append(stages, st)
			}
		}
		slices.SortFunc(stages, func(a, b TrainingStage) int { return cmp.Compare(a.Stage, b.Stage) })
		for _, st := range stages {
			pl.Stages = append(pl.Stages, supply.Stage{Name: st.Name, DurationMonths: st.DurationMonths,
				CompletionRate: st.CompletionRate, DropoutRate: st.DropoutRate})
		}
		p.Pipelines = append(p.Pipelines, pl)
	}
	if err := supply.Validate(p); err != nil {
		return fmt.Errorf("region %s: %w", code, err)
	}
	return nil
}

// ForecastRows converts the forecast's rows to forecast.parquet rows.
func ForecastRows(res *forecast.Result) []Forecast {
	out := make([]Forecast, len(res.Rows))
	for i, r := range res.Rows {
		out[i] = Forecast{Scenario: r.Scenario, Region: r.Region, Year: int32(r.Year), Role: r.Role,
			DemandFTE: r.DemandFTE, Headcount: r.Headcount, ContractedFTE: r.ContractedFTE,
			EffectiveFTE: r.EffectiveFTE, GapFTE: r.GapFTE, Exits: r.Exits, Retirements: r.Retirements,
			Recruits: r.Recruits, Graduates: r.Graduates, GraduatesOut: r.GraduatesOut,
			TransfersIn: r.TransfersIn, TransfersOut: r.TransfersOut, MatchedEntrants: r.MatchedEntrants,
			InternalMovesIn: r.InternalMovesIn, InternalMovesOut: r.InternalMovesOut, SupervisionFTE: r.SupervisionFTE,
			ReplacementNeed: r.ReplacementNeed, ExpansionNeed: r.ExpansionNeed, GapClosingNeed: r.GapClosingNeed,
			RecruitmentNeed: r.RecruitmentNeed}
	}
	return out
}

// DriverRows converts the forecast's decomposition to decomposition.parquet
// rows.
func DriverRows(res *forecast.Result) []GapDriver {
	out := make([]GapDriver, len(res.Drivers))
	for i, d := range res.Drivers {
		out[i] = GapDriver{Scenario: d.Scenario, Region: d.Region, Year: int32(d.Year), Role: d.Role, Driver: d.Driver, FTE: d.FTE, FTESE: d.SE}
	}
	return out
}

// BandRows converts the forecast's uncertainty bands to
// uncertainty.parquet rows.
func BandRows(bands []forecast.Band) []GapBand {
	out := make([]GapBand, len(bands))
	for i, b := range bands {
		out[i] = GapBand{Scenario: b.Scenario, Region: b.Region, Year: int32(b.Year), Role: b.Role,
			Mean: b.Mean, P10: b.P10, P50: b.P50, P90: b.P90, SD: b.SD, ProbAbove: b.ProbAbove}
	}
	return out
}
