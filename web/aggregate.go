package web

import (
	"slices"
	"strconv"

	"github.com/caregap/caregap/datasets"
)

// allRoles is the role of sums over roles, as the uncertainty table
// names it (engine/forecast.AllRoles).
const allRoles = "all_roles"

// fcRow, bandRow and driverRow are the columns of the API's result rows
// the page uses.
type fcRow struct {
	Scenario  string  `json:"scenario"`
	Region    string  `json:"region"`
	Year      int     `json:"year"`
	Role      string  `json:"role"`
	Demand    float64 `json:"demand_fte"`
	Effective float64 `json:"effective_fte"`
	Gap       float64 `json:"gap_fte"`
}

type bandRow struct {
	Scenario string  `json:"scenario"`
	Region   string  `json:"region"`
	Year     int     `json:"year"`
	Role     string  `json:"role"`
	P10      float64 `json:"p10_fte"`
	P50      float64 `json:"p50_fte"`
	P90      float64 `json:"p90_fte"`
}

type driverRow struct {
	Scenario string  `json:"scenario"`
	Region   string  `json:"region"`
	Year     int     `json:"year"`
	Role     string  `json:"role"`
	Driver   string  `json:"driver"`
	FTE      float64 `json:"fte"`
}

// agg is a sum over region × role cells. Shortage sums the positive gaps
// of the cells and Surplus the negative ones (as a positive number), so
// that one municipality's surplus never hides another's shortage; Gap is
// net: Shortage − Surplus.
type agg struct {
	Demand, Effective, Gap, Shortage, Surplus float64
	// P10 and P90 bound the net gap over the draws; Band says whether
	// they are known.
	P10, P90 float64
	Band     bool
}

func (a *agg) add(r *fcRow) {
	a.Demand += r.Demand
	a.Effective += r.Effective
	a.Gap += r.Gap
	if r.Gap > 0 {
		a.Shortage += r.Gap
	} else {
		a.Surplus -= r.Gap
	}
}

// pct is x as a percentage of the demand (0 without demand).
func (a *agg) pct(x float64) float64 {
	if a.Demand == 0 {
		return 0
	}
	return 100 * x / a.Demand
}

// sums are one scenario's rows summed over the municipalities chosen, per
// role (and allRoles) and year.
type sums struct {
	Years []int
	Roles []string // in the dataset's order, allRoles last
	cells map[string]map[int]*agg
}

// at returns the sum of role in year; a missing one is zero.
func (s *sums) at(role string, year int) *agg {
	if a := s.cells[role][year]; a != nil {
		return a
	}
	return &agg{}
}

// summarise sums rows of scenario over region ("" : every region of
// the rows), role by role and over all roles, and takes the bands of
// bands (region "all" when region is "").
func summarise(rows []fcRow, bands []bandRow, scenario, region string, roleOrder []string) *sums {
	s := &sums{cells: map[string]map[int]*agg{}}
	cell := func(role string, year int) *agg {
		m := s.cells[role]
		if m == nil {
			m = map[int]*agg{}
			s.cells[role] = m
		}
		a := m[year]
		if a == nil {
			a = &agg{}
			m[year] = a
		}
		return a
	}
	for i := range rows {
		r := &rows[i]
		if r.Scenario != scenario || (region != "" && r.Region != region) {
			continue
		}
		cell(r.Role, r.Year).add(r)
		cell(allRoles, r.Year).add(r)
		if !slices.Contains(s.Years, r.Year) {
			s.Years = append(s.Years, r.Year)
		}
	}
	slices.Sort(s.Years)
	for _, r := range roleOrder {
		if s.cells[r] != nil {
			s.Roles = append(s.Roles, r)
		}
	}
	for r := range s.cells {
		if r != allRoles && !slices.Contains(s.Roles, r) {
			s.Roles = append(s.Roles, r)
		}
	}
	slices.SortStableFunc(s.Roles, func(a, b string) int {
		return rank(roleOrder, a) - rank(roleOrder, b)
	})
	s.Roles = append(s.Roles, allRoles)
	want := region
	if want == "" {
		want = "all"
	}
	for _, b := range bands {
		if b.Scenario != scenario || b.Region != want {
			continue
		}
		if a := s.cells[b.Role][b.Year]; a != nil {
			a.P10, a.P90, a.Band = b.P10, b.P90, true
		}
	}
	return s
}

// rank is the place of x in order, past the end when it is missing.
func rank(order []string, x string) int {
	if i := slices.Index(order, x); i >= 0 {
		return i
	}
	return len(order)
}

// roleOrder is the default dataset's roles in its order.
func roleOrder(b *datasets.Bundle) []string {
	if b == nil {
		return nil
	}
	out := make([]string, 0, len(b.Roles))
	for _, r := range b.Roles {
		out = append(out, r.Role)
	}
	return out
}

func yearLabels(years []int) []string {
	out := make([]string, len(years))
	for i, y := range years {
		out[i] = strconv.Itoa(y)
	}
	return out
}
