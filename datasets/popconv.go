package datasets

import (
	"fmt"

	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/population"
)

// Conversions between the population rows and the types of
// engine/population.

// Errors of the population conversions, besides ErrEnum, ErrRange and
// ErrDuplicate.
var (
	// ErrMissingYear: a region has no rows for a year that is needed, or
	// its years have a gap.
	ErrMissingYear = errkind.New(errkind.BadInput, "missing year")
	// ErrMissingAge: a year of a region lacks an age and sex that must be
	// present.
	ErrMissingAge = errkind.New(errkind.BadInput, "missing age")
)

var sexes = [population.NumSexes]string{population.Male: "M", population.Female: "F"}

func sexIndex(s string) (population.Sex, error) {
	switch s {
	case "M":
		return population.Male, nil
	case "F":
		return population.Female, nil
	}
	return 0, fmt.Errorf("sex %q is not M or F: %w", s, ErrEnum)
}

func checkAge(age int32) error {
	if age < 0 || age > population.MaxAge {
		return fmt.Errorf("age %d is not 0..%d: %w", age, population.MaxAge, ErrRange)
	}
	return nil
}

// cellSet fills a pyramid and remembers which cells were given.
type cellSet struct {
	p    population.Pyramid
	seen [population.NumSexes][population.NumAges]bool
	n    int
}

func (c *cellSet) set(age int32, sex string, v float64) error {
	s, err := sexIndex(sex)
	if err != nil {
		return err
	}
	if err := checkAge(age); err != nil {
		return err
	}
	if c.seen[s][age] {
		return fmt.Errorf("age %d sex %s twice: %w", age, sex, ErrDuplicate)
	}
	c.seen[s][age] = true
	c.p[s][age] = v
	c.n++
	return nil
}

// missing returns the first cell not given, as an error, or nil.
func (c *cellSet) missing() error {
	for s := range population.NumSexes {
		for a := range population.NumAges {
			if !c.seen[s][a] {
				return fmt.Errorf("age %d sex %s: %w", a, sexes[s], ErrMissingAge)
			}
		}
	}
	return nil
}

// Pyramid returns the population of region on 31 December of year. Every
// age 0..100 of both sexes must be present: a missing one is an error
// wrapping ErrMissingAge, no rows at all one wrapping ErrMissingYear.
func Pyramid(rows []Population, region string, year int) (population.Pyramid, error) {
	var c cellSet
	for _, r := range rows {
		if r.Region != region || int(r.Year) != year {
			continue
		}
		if err := c.set(r.Age, r.Sex, r.Persons); err != nil {
			return population.Pyramid{}, fmt.Errorf("population of %s in %d: %w", region, year, err)
		}
	}
	if c.n == 0 {
		return population.Pyramid{}, fmt.Errorf("population of %s in %d: %w", region, year, ErrMissingYear)
	}
	if err := c.missing(); err != nil {
		return population.Pyramid{}, fmt.Errorf("population of %s in %d: %w", region, year, err)
	}
	return c.p, nil
}

// PopulationHistory gathers the register history of region: the
// population of every year from its first to its last, and the deaths and
// births of those years. Population years must have no gaps and every age
// and sex (errors wrap ErrMissingYear and ErrMissingAge). Deaths and
// births must have rows for every year but the first (whose flows
// Estimate does not use); an age absent from a year that has rows counts
// as zero, since registers may leave out empty cells. Rows of other years
// are ignored.
func PopulationHistory(region string, pop []Population, deaths []Deaths, births []Births) (*population.History, error) {
	byYear := map[int32]*cellSet{}
	first, last := int32(0), int32(0)
	for _, r := range pop {
		if r.Region != region {
			continue
		}
		c := byYear[r.Year]
		if c == nil {
			c = new(cellSet)
			byYear[r.Year] = c
			if len(byYear) == 1 || r.Year < first {
				first = r.Year
			}
			if len(byYear) == 1 || r.Year > last {
				last = r.Year
			}
		}
		if err := c.set(r.Age, r.Sex, r.Persons); err != nil {
			return nil, fmt.Errorf("population of %s in %d: %w", region, r.Year, err)
		}
	}
	if len(byYear) == 0 {
		return nil, fmt.Errorf("population of %s: no rows: %w", region, ErrMissingYear)
	}
	n := int(last-first) + 1
	h := &population.History{
		FirstYear: int(first),
		Pop:       make([]population.Pyramid, n),
		Deaths:    make([]population.Pyramid, n),
		Births:    make([]population.BirthCounts, n),
	}
	for i := range n {
		y := first + int32(i)
		c := byYear[y]
		if c == nil {
			return nil, fmt.Errorf("population of %s: %d absent between %d and %d: %w", region, y, first, last, ErrMissingYear)
		}
		if err := c.missing(); err != nil {
			return nil, fmt.Errorf("population of %s in %d: %w", region, y, err)
		}
		h.Pop[i] = c.p
	}

	hasDeaths := make([]bool, n)
	seenDeath := map[[3]int32]bool{}
	for _, r := range deaths {
		if r.Region != region || r.Year < first || r.Year > last {
			continue
		}
		s, err := sexIndex(r.Sex)
		if err == nil {
			err = checkAge(r.Age)
		}
		k := [3]int32{r.Year, r.Age, int32(s)}
		if err == nil && seenDeath[k] {
			err = fmt.Errorf("age %d sex %s twice: %w", r.Age, r.Sex, ErrDuplicate)
		}
		if err != nil {
			return nil, fmt.Errorf("deaths of %s in %d: %w", region, r.Year, err)
		}
		seenDeath[k] = true
		i := r.Year - first
		h.Deaths[i][s][r.Age] = r.Deaths
		hasDeaths[i] = true
	}
	hasBirths := make([]bool, n)
	seenBirth := map[[3]int32]bool{}
	for _, r := range births {
		if r.Region != region || r.Year < first || r.Year > last {
			continue
		}
		s, err := sexIndex(r.Sex)
		if err == nil {
			err = checkAge(r.MotherAge)
		}
		k := [3]int32{r.Year, r.MotherAge, int32(s)}
		if err == nil && seenBirth[k] {
			err = fmt.Errorf("mother's age %d sex %s twice: %w", r.MotherAge, r.Sex, ErrDuplicate)
		}
		if err != nil {
			return nil, fmt.Errorf("births of %s in %d: %w", region, r.Year, err)
		}
		seenBirth[k] = true
		i := r.Year - first
		h.Births[i][r.MotherAge][s] += r.Births
		hasBirths[i] = true
	}
	for i := 1; i < n; i++ {
		if !hasDeaths[i] {
			return nil, fmt.Errorf("deaths of %s: %d absent: %w", region, int(first)+i, ErrMissingYear)
		}
		if !hasBirths[i] {
			return nil, fmt.Errorf("births of %s: %d absent: %w", region, int(first)+i, ErrMissingYear)
		}
	}
	return h, nil
}

// ProjectionRows returns the population rows of p for the years after
// its base, ordered by year, sex (M, F) and age.
func ProjectionRows(region string, p *population.Projection) []Population {
	if len(p.Pop) <= 1 {
		return nil
	}
	rows := make([]Population, 0, (len(p.Pop)-1)*population.NumSexes*population.NumAges)
	for i := 1; i < len(p.Pop); i++ {
		for s := range population.NumSexes {
			for a := range population.NumAges {
				rows = append(rows, Population{
					Region: region, Year: int32(p.From + i), Age: int32(a), Sex: sexes[s], Persons: p.Pop[i][s][a],
				})
			}
		}
	}
	return rows
}

// latest returns the latest year ≤ year among the years for which ok
// holds, and whether there is one.
func latest[T any](rows []T, year int, ok func(*T) (int32, bool)) (int32, bool) {
	best, found := int32(0), false
	for i := range rows {
		y, mine := ok(&rows[i])
		if mine && int(y) <= year && (!found || y > best) {
			best, found = y, true
		}
	}
	return best, found
}

// RatesFromRows builds the rates of region for year from the latest rows
// of each dataset whose year is at most year (a rate applies until a later
// year's rate replaces it). Death rates must exist and cover every age and
// sex (errors wrap ErrMissingYear or ErrMissingAge); fertility rates must
// exist, absent mothers' ages being zero; without net migration rows the
// population is closed. The rows do not carry the share of boys, so
// BoyShare is left at its default.
func RatesFromRows(region string, year int, deaths []DeathRate, fertility []FertilityRate, migration []NetMigration) (*population.Rates, error) {
	r := new(population.Rates)

	dy, ok := latest(deaths, year, func(d *DeathRate) (int32, bool) { return d.Year, d.Region == region })
	if !ok {
		return nil, fmt.Errorf("death rates of %s up to %d: %w", region, year, ErrMissingYear)
	}
	var c cellSet
	for _, d := range deaths {
		if d.Region != region || d.Year != dy {
			continue
		}
		if d.Rate < 0 || d.Rate > 1 || d.Rate != d.Rate {
			return nil, fmt.Errorf("death rates of %s in %d: age %d sex %s: rate %g is not 0..1: %w", region, dy, d.Age, d.Sex, d.Rate, ErrRange)
		}
		if err := c.set(d.Age, d.Sex, d.Rate); err != nil {
			return nil, fmt.Errorf("death rates of %s in %d: %w", region, dy, err)
		}
	}
	if err := c.missing(); err != nil {
		return nil, fmt.Errorf("death rates of %s in %d: %w", region, dy, err)
	}
	r.Death = c.p

	fy, ok := latest(fertility, year, func(f *FertilityRate) (int32, bool) { return f.Year, f.Region == region })
	if !ok {
		return nil, fmt.Errorf("fertility rates of %s up to %d: %w", region, year, ErrMissingYear)
	}
	for _, f := range fertility {
		if f.Region != region || f.Year != fy {
			continue
		}
		if err := checkAge(f.MotherAge); err != nil {
			return nil, fmt.Errorf("fertility rates of %s in %d: %w", region, fy, err)
		}
		r.Fertility[f.MotherAge] = f.Rate
	}

	my, ok := latest(migration, year, func(m *NetMigration) (int32, bool) { return m.Year, m.Region == region })
	if ok {
		for _, m := range migration {
			if m.Region != region || m.Year != my {
				continue
			}
			s, err := sexIndex(m.Sex)
			if err == nil {
				err = checkAge(m.Age)
			}
			if err != nil {
				return nil, fmt.Errorf("net migration of %s in %d: %w", region, my, err)
			}
			r.NetMigration[s][m.Age] = m.Persons
		}
	}
	return r, nil
}

// Mothers' ages of fertility_rates rows.
const (
	minMotherAge = 15
	maxMotherAge = 49
)

// RateRows returns r as rows of region and year: death rates and net
// migration for every age and sex, fertility for mothers aged 15..49 (the
// schema's range; rates at other ages are not written). It is the inverse
// of RatesFromRows except for BoyShare, which the rows do not hold.
func RateRows(region string, year int, r *population.Rates) ([]DeathRate, []FertilityRate, []NetMigration) {
	deaths := make([]DeathRate, 0, population.NumSexes*population.NumAges)
	mig := make([]NetMigration, 0, population.NumSexes*population.NumAges)
	for s := range population.NumSexes {
		for a := range population.NumAges {
			deaths = append(deaths, DeathRate{Region: region, Year: int32(year), Age: int32(a), Sex: sexes[s], Rate: r.Death[s][a]})
			mig = append(mig, NetMigration{Region: region, Year: int32(year), Age: int32(a), Sex: sexes[s], Persons: r.NetMigration[s][a]})
		}
	}
	fert := make([]FertilityRate, 0, maxMotherAge-minMotherAge+1)
	for a := minMotherAge; a <= maxMotherAge; a++ {
		fert = append(fert, FertilityRate{Region: region, Year: int32(year), MotherAge: int32(a), Rate: r.Fertility[a]})
	}
	return deaths, fert, mig
}
