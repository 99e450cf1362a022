package sweeprun

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/forecast"
)

// ScenarioGap is a scenario's gap summed over the roles and the regions
// in one year: its band and the axes' values, as "sick_leave=0.06, ...".
type ScenarioGap struct {
	ID     string
	Values string
	Band   datasets.SweepBand
}

// TotalGaps reads, for each scenario of the finished sweep in dir, the
// band of region all and role all_roles in year, ordered by median gap,
// then id.
func TotalGaps(dir string, m *Manifest, year int) ([]ScenarioGap, error) {
	out := make([]ScenarioGap, 0, len(m.Scenarios))
	for p, id := range m.Scenarios {
		path := CellPath(dir, id, forecast.AllRegions)
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, err
		}
		rows, err := datasets.ReadSweep[datasets.SweepBand](f, st.Size(), path, int64((m.ToYear-m.BaseYear+1)*(len(m.Roles)+1)))
		f.Close()
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(rows, func(r datasets.SweepBand) bool { return int(r.Year) == year && r.Role == forecast.AllRoles })
		if i < 0 {
			return nil, fmt.Errorf("%s: %w: no row of year %d, role %s", path, datasets.ErrIncomplete, year, forecast.AllRoles)
		}
		out = append(out, ScenarioGap{ID: id, Values: m.Grid.describe(p), Band: rows[i]})
	}
	slices.SortStableFunc(out, func(a, b ScenarioGap) int {
		switch {
		case a.Band.P50 < b.Band.P50:
			return -1
		case a.Band.P50 > b.Band.P50:
			return 1
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// describe returns the axes' values of point p ("sick_leave=0.06,
// retirement_age.years=none"), the last axis varying fastest.
func (g *Grid) describe(p int) string {
	parts := make([]string, len(g.Axes))
	for i := len(g.Axes) - 1; i >= 0; i-- {
		a := g.Axes[i]
		v := a.Values[p%len(a.Values)]
		p /= len(a.Values)
		parts[i] = a.Name + "=none"
		if v != nil {
			parts[i] = a.Name + "=" + fmtValue(v)
		}
	}
	return strings.Join(parts, ", ")
}
