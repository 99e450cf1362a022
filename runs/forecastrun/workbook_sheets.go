package forecastrun

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/runs/labels"
	"github.com/xuri/excelize/v2"
)

// Column widths, in Excel's characters.
const (
	widthScenario = 30
	widthRegion   = 20
	widthRole     = 26
	widthMeasure  = 34
	widthUnit     = 12
	widthYear     = 10
	widthValue    = 16
)

// measureRow is one row of a sheet of measures by year: its labels, its
// values (nil for an empty cell) and whether it is a total.
type measureRow struct {
	labels []string
	values []any
	total  bool
	share  bool
}

func (t *table) measure(r measureRow) error {
	label, num := t.st.label, t.st.fte
	switch {
	case r.total && r.share:
		label, num = t.st.labelBold, t.st.shareBold
	case r.total:
		label, num = t.st.labelBold, t.st.fteBold
	case r.share:
		num = t.st.share
	}
	cells := make([]any, 0, len(r.labels)+len(r.values))
	for _, l := range r.labels {
		cells = append(cells, excelize.Cell{StyleID: label, Value: l})
	}
	for _, x := range r.values {
		cells = append(cells, excelize.Cell{StyleID: num, Value: x})
	}
	return t.put(cells...)
}

// yearHeader is the header of a sheet of measures: labels, then years.
func yearHeader(labels []string, years []int) ([]string, []float64) {
	head := slices.Clone(labels)
	var widths []float64
	for _, l := range labels {
		widths = append(widths, labelWidth(l))
	}
	for _, y := range years {
		head = append(head, fmt.Sprint(y))
		widths = append(widths, widthYear)
	}
	return head, widths
}

// labelWidth is the width of a label column by its header.
func labelWidth(h string) float64 {
	for _, w := range []struct {
		h []string
		w float64
	}{
		{[]string{swedish.scenario, english.scenario}, widthScenario},
		{[]string{swedish.region, english.region}, widthRegion},
		{[]string{swedish.role, english.role}, widthRole},
		{[]string{swedish.measure, english.measure, swedish.driver, english.driver}, widthMeasure},
	} {
		if slices.Contains(w.h, h) {
			return w.w
		}
	}
	return widthUnit
}

// summarySheet writes, per scenario and role and for all roles, the
// measures summed over the municipalities in the milestone years.
func (v *view) summarySheet(t *table) error {
	wd, s := v.w(), v.summary
	years := milestones(v.years)
	head, widths := yearHeader([]string{wd.scenario, wd.role, wd.measure, wd.unit}, years)
	title := fmt.Sprintf(wd.summaryTitle, v.title(), v.years[0], v.years[len(v.years)-1])
	if err := t.start(title, wd.summaryNote, 4, widths, head); err != nil {
		return err
	}
	yi := make([]int, len(years)) // index of each milestone in s.Years
	for i, y := range years {
		yi[i] = slices.Index(s.Years, y)
	}
	roleIx := map[string]int{}
	for i, r := range s.Roles {
		roleIx[r] = i
	}
	// need[sc][role][year index], summed over the regions.
	need := map[string][][]float64{}
	for _, sc := range s.Scenarios {
		need[sc] = Grid(len(s.Roles), len(s.Years))
	}
	for i := range v.b.Rows {
		r := &v.b.Rows[i]
		need[r.Scenario][roleIx[r.Role]][slices.Index(s.Years, int(r.Year))] += r.RecruitmentNeed
	}
	for _, sc := range s.Scenarios {
		scName := labels.Scenario(v.lang, sc)
		for k := 0; k <= len(v.roles); k++ {
			all := k == len(v.roles)
			ri, role := -1, wd.allRoles
			if !all {
				ri, role = roleIx[v.roles[k]], v.roleName(v.roles[k])
			}
			// at returns demand, supply, shortage, surplus and the need
			// since the base year of milestone i.
			at := func(i int) (d, sup, short, surplus, n float64) {
				y := yi[i]
				for r := range s.Roles {
					if !all && r != ri {
						continue
					}
					d += s.Demand[sc][r][y]
					sup += s.Supply[sc][r][y]
					short += s.Shortage[sc][r][y]
					surplus += s.Surplus[sc][r][y]
					for z := 0; z <= y; z++ {
						n += need[sc][r][z]
					}
				}
				return
			}
			rows := make([]measureRow, 7)
			names := []string{wd.demand, wd.supply, wd.shortage, wd.surplus, wd.net, wd.shortageShare, wd.needSince}
			units := []string{wd.fte, wd.fte, wd.fte, wd.fte, wd.fte, wd.share, wd.persons}
			for m := range rows {
				rows[m] = measureRow{labels: []string{scName, role, names[m], units[m]}, total: all, share: m == 5}
			}
			for i := range years {
				d, sup, short, surplus, n := at(i)
				for m, x := range []any{fte(d), fte(sup), fte(short), fte(surplus), fte(short - surplus), shareOf(short, d), fte(n)} {
					rows[m].values = append(rows[m].values, x)
				}
			}
			for _, r := range rows {
				if err := t.measure(r); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// regionSheet writes one municipality's measures per scenario and role,
// every year, as its forecast rows hold them, and for all its roles the
// shortage, surplus and net gap.
func (v *view) regionSheet(t *table, code string) error {
	wd := v.w()
	head, widths := yearHeader([]string{wd.scenario, wd.role, wd.measure, wd.unit}, v.years)
	name := v.regionName(code)
	if name != code {
		name = fmt.Sprintf("%s (%s)", name, code)
	}
	title := fmt.Sprintf(wd.regionTitle, name, v.years[0], v.years[len(v.years)-1])
	if err := t.start(title, wd.regionNote, 4, widths, head); err != nil {
		return err
	}
	for _, sc := range v.scenarios {
		scName := labels.Scenario(v.lang, sc)
		type total struct{ demand, supply, short, surplus, need float64 }
		totals := make([]total, len(v.years))
		for _, role := range v.roles {
			rn := v.roleName(role)
			rows := []measureRow{
				{labels: []string{scName, rn, wd.demand, wd.fte}},
				{labels: []string{scName, rn, wd.headcount, wd.persons}},
				{labels: []string{scName, rn, wd.supply, wd.fte}},
				{labels: []string{scName, rn, wd.gap, wd.fte}},
				{labels: []string{scName, rn, wd.needYear, wd.persons}},
			}
			for yi, y := range v.years {
				r := v.cell[cellKey{sc, code, role, int32(y)}]
				if r == nil {
					for m := range rows {
						rows[m].values = append(rows[m].values, nil)
					}
					continue
				}
				for m, x := range []float64{r.DemandFTE, r.Headcount, r.EffectiveFTE, r.GapFTE, r.RecruitmentNeed} {
					rows[m].values = append(rows[m].values, fte(x))
				}
				tt := &totals[yi]
				tt.demand += r.DemandFTE
				tt.supply += r.EffectiveFTE
				tt.need += r.RecruitmentNeed
				if r.GapFTE > 0 {
					tt.short += r.GapFTE
				} else {
					tt.surplus -= r.GapFTE
				}
			}
			for _, r := range rows {
				if err := t.measure(r); err != nil {
					return err
				}
			}
		}
		names := []string{wd.demand, wd.supply, wd.shortage, wd.surplus, wd.net, wd.needYear}
		units := []string{wd.fte, wd.fte, wd.fte, wd.fte, wd.fte, wd.persons}
		for m := range names {
			r := measureRow{labels: []string{scName, wd.allRoles, names[m], units[m]}, total: true}
			for _, tt := range totals {
				r.values = append(r.values, fte([]float64{tt.demand, tt.supply, tt.short, tt.surplus, tt.short - tt.surplus, tt.need}[m]))
			}
			if err := t.measure(r); err != nil {
				return err
			}
		}
	}
	return nil
}

// driversSheet writes each driver's part of the gap in the milestone
// years, summed over the municipalities (when more than one ran) and for
// each, per role and for all roles; a driver that is zero in every one of
// those years is left out.
func (v *view) driversSheet(t *table) error {
	wd := v.w()
	years := milestones(v.years)
	head, widths := yearHeader([]string{wd.scenario, wd.region, wd.role, wd.driver}, years)
	title := fmt.Sprintf(wd.driversTitle, v.title(), v.years[0], v.years[len(v.years)-1])
	if err := t.start(title, wd.driversNote, 4, widths, head); err != nil {
		return err
	}
	type key struct {
		sc, region, role, driver string
		year                     int32
	}
	sums := map[key]float64{}
	drivers := map[string][]string{} // per scenario, in order of appearance
	const all = ""
	regions := v.regions
	if len(regions) > 1 {
		regions = append([]string{all}, regions...)
	}
	for i := range v.b.Drivers {
		d := &v.b.Drivers[i]
		if !slices.Contains(drivers[d.Scenario], d.Driver) {
			drivers[d.Scenario] = append(drivers[d.Scenario], d.Driver)
		}
		if !slices.Contains(years, int(d.Year)) {
			continue
		}
		for _, region := range []string{d.Region, all} {
			for _, role := range []string{d.Role, forecast.AllRoles} {
				sums[key{d.Scenario, region, role, d.Driver, d.Year}] += d.FTE
			}
		}
	}
	roles := append(slices.Clone(v.roles), forecast.AllRoles)
	for _, sc := range v.scenarios {
		scName := labels.Scenario(v.lang, sc)
		for _, region := range regions {
			rn := v.regionName(region)
			if region == all {
				rn = fmt.Sprintf("%s (%s)", wd.allRegions, v.title())
			}
			for _, role := range roles {
				for _, d := range drivers[sc] {
					r := measureRow{labels: []string{scName, rn, v.roleName(role), labels.Driver(v.lang, d)}, total: role == forecast.AllRoles}
					zero := true
					for _, y := range years {
						x := sums[key{sc, region, role, d, int32(y)}]
						zero = zero && x == 0
						r.values = append(r.values, fte(x))
					}
					if zero {
						continue // a driver that does not act here
					}
					if err := t.measure(r); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// uncertaintySheet writes the bands of the gap, per scenario,
// municipality (and all of them), role (and all roles) and year.
func (v *view) uncertaintySheet(t *table) error {
	wd := v.w()
	head := []string{wd.scenario, wd.region, wd.role, wd.year, wd.p10, wd.p50, wd.p90, wd.mean, wd.sd, wd.probAbove}
	widths := []float64{widthScenario, widthRegion, widthRole, 8, widthValue, widthValue, widthValue, widthValue, widthValue, 22}
	title := fmt.Sprintf(wd.uncertaintyTitle, v.title(), v.years[0], v.years[len(v.years)-1])
	if err := t.start(title, wd.uncertaintyNote, 4, widths, head); err != nil {
		return err
	}
	bands := slices.Clone(v.b.Bands)
	regionIx := func(r string) int {
		if r == forecast.AllRegions {
			return -1
		}
		return slices.Index(v.regions, r)
	}
	roleIx := func(r string) int {
		if r == forecast.AllRoles {
			return len(v.roles)
		}
		return slices.Index(v.roles, r)
	}
	slices.SortStableFunc(bands, func(a, b datasets.GapBand) int {
		return cmp.Or(cmp.Compare(slices.Index(v.scenarios, a.Scenario), slices.Index(v.scenarios, b.Scenario)),
			cmp.Compare(regionIx(a.Region), regionIx(b.Region)), cmp.Compare(roleIx(a.Role), roleIx(b.Role)),
			cmp.Compare(a.Year, b.Year))
	})
	for _, b := range bands {
		rn := v.regionName(b.Region)
		if b.Region == forecast.AllRegions {
			rn = fmt.Sprintf("%s (%s)", wd.allRegions, v.title())
		}
		total := b.Role == forecast.AllRoles || b.Region == forecast.AllRegions
		label, num, share := t.st.label, t.st.fte, t.st.share
		if total {
			label, num, share = t.st.labelBold, t.st.fteBold, t.st.shareBold
		}
		if err := t.put(excelize.Cell{StyleID: label, Value: labels.Scenario(v.lang, b.Scenario)},
			excelize.Cell{StyleID: label, Value: rn}, excelize.Cell{StyleID: label, Value: v.roleName(b.Role)},
			excelize.Cell{StyleID: t.st.plain, Value: b.Year},
			excelize.Cell{StyleID: num, Value: fte(b.P10)}, excelize.Cell{StyleID: num, Value: fte(b.P50)},
			excelize.Cell{StyleID: num, Value: fte(b.P90)}, excelize.Cell{StyleID: num, Value: fte(b.Mean)},
			excelize.Cell{StyleID: num, Value: fte(b.SD)}, excelize.Cell{StyleID: share, Value: b.ProbAbove}); err != nil {
			return err
		}
	}
	return nil
}

// dataSheet writes every forecast row: the scenario, the municipality and
// the role by name beside their codes, then every column of
// forecast.parquet under a header in the book's language.
func (v *view) dataSheet(t *table) error {
	wd := v.w()
	cols := datasets.ColumnNames[datasets.Forecast]()
	keys := map[string]bool{"scenario": true, "region": true, "year": true, "role": true}
	head := []string{wd.scenario, wd.regionCode, wd.region, wd.year, wd.roleCode, wd.role}
	widths := []float64{widthScenario, 10, widthRegion, 8, 24, widthRole}
	var value []int // indices of the value columns
	for i, c := range cols {
		if keys[c] {
			continue
		}
		value = append(value, i)
		h := wd.columns[c]
		if h == "" {
			h = c
		}
		head = append(head, h)
		widths = append(widths, widthValue)
	}
	if err := t.start("", "", 6, widths, head); err != nil {
		return err
	}
	var vals []any
	cells := make([]any, len(head))
	for i := range v.b.Rows {
		r := &v.b.Rows[i]
		vals = datasets.RowValues(vals, r)
		cells[0] = labels.Scenario(v.lang, r.Scenario)
		cells[1] = r.Region
		cells[2] = v.regionName(r.Region)
		cells[3] = excelize.Cell{StyleID: t.st.plain, Value: r.Year}
		cells[4] = r.Role
		cells[5] = v.roleName(r.Role)
		for k, j := range value {
			cells[6+k] = excelize.Cell{StyleID: t.st.decimal, Value: vals[j]}
		}
		if err := t.put(cells...); err != nil {
			return err
		}
	}
	return nil
}
