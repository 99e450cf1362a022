package forecastrun

import (
	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/forecast"
)

// Summary is a forecast summed over its regions, by scenario, role and
// year: what the command's table, the spreadsheet's summary and the
// charts show.
type Summary struct {
	Scenarios []string // in the order they ran
	Roles     []string // in the dataset's order
	Years     []int    // base year first
	// Demand and Supply are [scenario][role][year] FTE: demand and
	// effective supply.
	Demand, Supply map[string][][]float64
	// Shortage and Surplus are [scenario][role][year] FTE summed over the
	// regions' cells: the shortage is the sum of the positive gaps of the
	// region × role cells, the surplus the sum of the negative gaps as a
	// positive number. Gap = Shortage − Surplus nets one region's surplus
	// against another's shortage; a total over roles (AllRoles) sums the
	// cells' shortages and surpluses, never the roles' net gaps.
	Shortage, Surplus map[string][][]float64
	// Need is [scenario][role], the recruitment need (hires from outside
	// the sector) summed over the forecast years (the base year has
	// none).
	Need map[string][]float64
}

// AllRoles returns the shortage and surplus of scenario sc in year index yi
// summed over every region × role cell.
func (s *Summary) AllRoles(sc string, yi int) (shortage, surplus float64) {
	for ri := range s.Roles {
		shortage += s.Shortage[sc][ri][yi]
		surplus += s.Surplus[sc][ri][yi]
	}
	return shortage, surplus
}

// Gap returns demand − effective supply of scenario sc, role index ri and
// year index yi, summed over the regions: a net figure (Shortage −
// Surplus).
func (s *Summary) Gap(sc string, ri, yi int) float64 {
	return s.Demand[sc][ri][yi] - s.Supply[sc][ri][yi]
}

// Summarise sums res over its regions.
func Summarise(res *forecast.Result) *Summary {
	return summarise(len(res.Rows), func(i int) summaryRow {
		r := &res.Rows[i]
		return summaryRow{r.Scenario, r.Role, r.Year, r.DemandFTE, r.EffectiveFTE, r.RecruitmentNeed}
	})
}

// SummariseRows sums forecast rows (those of forecast.parquet) over their
// regions, as Summarise sums a result.
func SummariseRows(rows []datasets.Forecast) *Summary {
	return summarise(len(rows), func(i int) summaryRow {
		r := &rows[i]
		return summaryRow{r.Scenario, r.Role, int(r.Year), r.DemandFTE, r.EffectiveFTE, r.RecruitmentNeed}
	})
}

// summaryRow is what a summary reads of a forecast row.
type summaryRow struct {
	scenario, role          string
	year                    int
	demand, effective, need float64
}

func summarise(n int, row func(i int) summaryRow) *Summary {
	s := &Summary{Demand: map[string][][]float64{}, Supply: map[string][][]float64{}, Need: map[string][]float64{},
		Shortage: map[string][][]float64{}, Surplus: map[string][][]float64{}}
	roleIx, yearIx := map[string]int{}, map[int]int{}
	for i := range n {
		r := row(i)
		if _, ok := roleIx[r.role]; !ok {
			roleIx[r.role] = len(s.Roles)
			s.Roles = append(s.Roles, r.role)
		}
		if _, ok := yearIx[r.year]; !ok {
			yearIx[r.year] = len(s.Years)
			s.Years = append(s.Years, r.year)
		}
		if _, ok := s.Demand[r.scenario]; !ok {
			s.Scenarios = append(s.Scenarios, r.scenario)
			s.Demand[r.scenario], s.Supply[r.scenario] = nil, nil
		}
	}
	for _, sc := range s.Scenarios {
		s.Demand[sc], s.Supply[sc] = Grid(len(s.Roles), len(s.Years)), Grid(len(s.Roles), len(s.Years))
		s.Shortage[sc], s.Surplus[sc] = Grid(len(s.Roles), len(s.Years)), Grid(len(s.Roles), len(s.Years))
		s.Need[sc] = make([]float64, len(s.Roles))
	}
	for i := range n {
		r := row(i)
		ri, yi := roleIx[r.role], yearIx[r.year]
		s.Demand[r.scenario][ri][yi] += r.demand
		s.Supply[r.scenario][ri][yi] += r.effective
		if g := r.demand - r.effective; g > 0 {
			s.Shortage[r.scenario][ri][yi] += g
		} else {
			s.Surplus[r.scenario][ri][yi] -= g
		}
		s.Need[r.scenario][ri] += r.need
	}
	return s
}

// Grid returns an n × m matrix of zeros.
func Grid(n, m int) [][]float64 {
	g := make([][]float64, n)
	for i := range g {
		g[i] = make([]float64, m)
	}
	return g
}
