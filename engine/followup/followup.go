package followup

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/scenario"
)

// Measures compared with the path, and those of placements.
const (
	SickLeaveRate = "sick_leave_rate"
	Headcount     = "headcount"
	Started       = "placements_started"
	Employed6m    = "placements_employed_6m"
	Employed12m   = "placements_employed_12m"
	// AllRoles is the role of a figure that covers every role.
	AllRoles = "all_roles"
)

// Band values of a Row.
const (
	Inside  = "inside"
	Outside = "outside"
	NoBand  = "no_band"
)

// ErrNoPath: no cell of the path matches an actual's region, year and
// role, so nothing can be compared.
var ErrNoPath = errkind.New(errkind.BadInput, "no forecast for the actuals")

// ErrCohort: a cohort reports more placements still employed than
// started.
var ErrCohort = errkind.New(errkind.BadInput, "more employed than started")

// Actual is one reported figure; Month is 0 for a yearly figure; Role is
// empty (or AllRoles) for every role. Only reported figures are passed:
// a missing one is left out, never given as 0.
type Actual struct {
	Region  string
	Year    int
	Month   int
	Role    string
	Measure string
	Value   float64
}

// Cell is one region, year and role of a scenario's path.
type Cell struct {
	Region         string
	Year           int
	Role           string
	Headcount      float64 // persons
	ContractedFTE  float64
	EffectiveFTE   float64 // contracted × (1 − sick leave) − supervision
	SupervisionFTE float64
	GapFTE         float64 // demand − effective
}

// Band bounds the gap of a region, year and role (AllRoles for the sum)
// over the run's draws.
type Band struct {
	Region   string
	Year     int
	Role     string
	P10, P90 float64
}

// Row compares one actual (a year's, or the mean of its months) with the
// path.
type Row struct {
	Measure                 string
	Region                  string
	Year                    int
	Role                    string // AllRoles for a figure of every role
	Months                  int    // months averaged, 0 for a yearly figure
	Actual, Forecast        float64
	Deviation, GapEffectFTE float64
	P10, P90                float64
	Band                    string
}

type key struct {
	region string
	year   int
	role   string
}

type agg struct {
	yearly        float64
	hasYear       bool
	sum           float64
	months        int
	measure, role string
}

// Compare compares the sick-leave and headcount actuals with the path and,
// when bands is not nil, with the band of the gap. A yearly figure wins
// over the months of the same year. Rows come in measure, region, year and
// role order. Actuals of other measures are ignored; an actual whose
// region, year or role the path lacks is an ErrNoPath error naming it.
func Compare(actuals []Actual, path []Cell, bands []Band) ([]Row, error) {
	cells := map[key]Cell{}
	for _, c := range path {
		for _, k := range []key{{c.Region, c.Year, c.Role}, {c.Region, c.Year, AllRoles}} {
			s := cells[k]
			s.Headcount += c.Headcount
			s.ContractedFTE += c.ContractedFTE
			s.EffectiveFTE += c.EffectiveFTE
			s.SupervisionFTE += c.SupervisionFTE
			s.GapFTE += c.GapFTE
			cells[k] = s
		}
	}
	band := map[key]Band{}
	for _, b := range bands {
		band[key{b.Region, b.Year, b.Role}] = b
	}
	type mkey struct {
		measure string
		key
	}
	groups := map[mkey]*agg{}
	var order []mkey
	for _, a := range actuals {
		if a.Measure != SickLeaveRate && a.Measure != Headcount {
			continue
		}
		role := a.Role
		if role == "" {
			role = AllRoles
		}
		k := mkey{a.Measure, key{a.Region, a.Year, role}}
		g, ok := groups[k]
		if !ok {
			g = &agg{}
			groups[k] = g
			order = append(order, k)
		}
		if a.Month == 0 {
			g.yearly, g.hasYear = a.Value, true
		} else {
			g.sum += a.Value
			g.months++
		}
	}
	slices.SortFunc(order, func(a, b mkey) int {
		return cmp.Or(cmp.Compare(a.measure, b.measure), cmp.Compare(a.region, b.region), cmp.Compare(a.year, b.year), cmp.Compare(a.role, b.role))
	})
	var out []Row
	for _, k := range order {
		g := groups[k]
		c, ok := cells[k.key]
		if !ok {
			return nil, fmt.Errorf("%w: %s of %s, %d, role %s", ErrNoPath, k.measure, k.region, k.year, k.role)
		}
		r := Row{Measure: k.measure, Region: k.region, Year: k.year, Role: k.role, Band: NoBand}
		if g.hasYear {
			r.Actual = g.yearly
		} else {
			r.Actual, r.Months = g.sum/float64(g.months), g.months
		}
		switch k.measure {
		case Headcount:
			r.Forecast = c.Headcount
			r.Deviation = r.Actual - r.Forecast
			if c.Headcount > 0 {
				r.GapEffectFTE = -r.Deviation * c.EffectiveFTE / c.Headcount
			}
		case SickLeaveRate:
			if c.ContractedFTE > 0 {
				r.Forecast = 1 - (c.EffectiveFTE+c.SupervisionFTE)/c.ContractedFTE
			}
			r.Deviation = r.Actual - r.Forecast
			r.GapEffectFTE = r.Deviation * c.ContractedFTE
		}
		if b, ok := band[k.key]; ok && bands != nil {
			r.P10, r.P90 = b.P10, b.P90
			r.Band = Outside
			if g := c.GapFTE + r.GapEffectFTE; g >= b.P10 && g <= b.P90 {
				r.Band = Inside
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// Share is k of n with a Wilson score interval [Lo, Hi] at Z standard
// normal quantiles (1.96 for 95 %). N = 0 gives P, Lo and Hi NaN.
type Share struct {
	K, N      float64
	P, Lo, Hi float64
}

// Z95 is the standard normal quantile of a two-sided 95 % interval.
const Z95 = 1.959963984540054

// Wilson returns the share k/n with its Wilson score interval at z:
// (p + z²/2n ± z √(p(1−p)/n + z²/4n²)) / (1 + z²/n).
func Wilson(k, n, z float64) Share {
	s := Share{K: k, N: n, P: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	if n <= 0 {
		return s
	}
	p := k / n
	z2 := z * z
	d := 1 + z2/n
	c := (p + z2/(2*n)) / d
	h := z * math.Sqrt(p*(1-p)/n+z2/(4*n*n)) / d
	s.P, s.Lo, s.Hi = p, math.Max(0, c-h), math.Min(1, c+h)
	return s
}

// Retention pools the placement cohorts: for 6 and 12 months, every
// (region, year, month, role) that reports both placements started and
// those still employed adds to k and n. A cohort reporting more employed
// than started is an error.
func Retention(actuals []Actual) (m6, m12 Share, err error) {
	type ckey struct {
		region      string
		year, month int
		role        string
	}
	started := map[ckey]float64{}
	for _, a := range actuals {
		if a.Measure == Started {
			started[ckey{a.Region, a.Year, a.Month, a.Role}] += a.Value
		}
	}
	var k6, n6, k12, n12 float64
	for _, a := range actuals {
		if a.Measure != Employed6m && a.Measure != Employed12m {
			continue
		}
		n, ok := started[ckey{a.Region, a.Year, a.Month, a.Role}]
		if !ok {
			continue
		}
		if a.Value > n {
			return m6, m12, fmt.Errorf("%w: %s of %s, %d, role %q: %g employed of %g started", ErrCohort, a.Measure, a.Region, a.Year, a.Role, a.Value, n)
		}
		if a.Measure == Employed6m {
			k6, n6 = k6+a.Value, n6+n
		} else {
			k12, n12 = k12+a.Value, n12+n
		}
	}
	return Wilson(k6, n6, Z95), Wilson(k12, n12, Z95), nil
}

// Lever returns the retention_1y and retention_3y of a matched_entrants
// lever from the measured 12-month share: retention_1y is the share, and
// retention_3y the default 3-year retention scaled by the same factor
// (see the package documentation). Without a measurement (N = 0) it
// returns the defaults and false.
func Lever(m12 Share) (r1, r3 float64, measured bool) {
	if m12.N <= 0 || math.IsNaN(m12.P) {
		return scenario.DefaultRetention1, scenario.DefaultRetention3, false
	}
	r1 = m12.P
	return r1, r1 * scenario.DefaultRetention3 / scenario.DefaultRetention1, true
}
