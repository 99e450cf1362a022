package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/caregap/caregap/web/session"
)

// rowsOfJob reads the forecast rows of one scenario of job j (one region
// or all), and its bands when the job ran draws.
func (h *Handler) rowsOfJob(r *http.Request, s *session.Session, j *job, scenario, region string) ([]fcRow, []bandRow, error) {
	q := url.Values{"scenario": {scenario}}
	if region != "" {
		q.Set("region", region)
	}
	path := "/v1/forecasts/" + url.PathEscape(j.ID) + "/results"
	rows, err := rowsOf[fcRow](r.Context(), h, s, path, q)
	if err != nil {
		return nil, nil, err
	}
	var bands []bandRow
	if j.Has("uncertainty") {
		bq := url.Values{"scenario": {scenario}, "table": {"uncertainty"}}
		if region != "" {
			bq.Set("region", region)
		} else {
			bq.Set("region", "all")
		}
		if bands, err = rowsOf[bandRow](r.Context(), h, s, path, bq); err != nil {
			return nil, nil, err
		}
	}
	return rows, bands, nil
}

// results builds the charts and tables of query q of job j.
func (h *Handler) results(r *http.Request, s *session.Session, v *view, j *job, q resultsQuery) (*resultsView, error) {
	region, group := q.Region, ""
	if g, ok := strings.CutPrefix(q.Region, groupPrefix); ok {
		region, group = "", g
	}
	rows, bands, err := h.rowsOfJob(r, s, j, q.Scenario, region)
	if err != nil {
		return nil, err
	}
	noBand := !j.Has("uncertainty")
	if group != "" {
		// A group's rows are its municipalities'; the draws' bands are
		// per municipality and for all, not per group.
		members := h.groupOf(j, group)
		rows = slices.DeleteFunc(rows, func(r fcRow) bool { return !slices.Contains(members, r.Region) })
		bands, noBand = nil, false
	}
	sm := summarise(rows, bands, q.Scenario, "", roleOrder(h.defaults()))
	if region != "" {
		sm = summarise(rows, bands, q.Scenario, region, roleOrder(h.defaults()))
	}
	if !slices.Contains(sm.Roles, q.Role) {
		q.Role = allRoles
	}
	if !slices.Contains(sm.Years, q.Year) && len(sm.Years) > 0 {
		q.Year = sm.Years[len(sm.Years)-1]
	}
	res := &resultsView{Q: q, Name: v.Scenario(q.Scenario), Place: v.T("fc.allmunis", len(j.Regions)), years: sm.Years, NoBand: noBand}
	switch {
	case group != "":
		res.Place = v.GroupLabel(group)
		res.GroupNoBand = j.Has("uncertainty")
	case region != "":
		res.Place = h.muniName(region)
	}
	res.Charts = append(res.Charts, trendChart(v, sm, q, res.Place), rolesChart(v, sm, q, res.Place), shortSurplusChart(v, sm, q, res.Place))
	return res, nil
}

func (v *view) roleName(role string) string {
	if role == allRoles {
		return v.T("fc.allroles")
	}
	return v.Role(role)
}

// trendChart: demand, effective supply and the net gap with its band
// over the years (FTE), or the net gap as % of demand.
func trendChart(v *view, sm *sums, q resultsQuery, place string) *chartBox {
	role := v.roleName(q.Role)
	sp := &chartSpec{Kind: "lines", X: yearLabels(sm.Years), Decimals: 0, Labels: v.chartLabels(), File: "trend-" + q.Scenario + "-" + q.Role}
	n := len(sm.Years)
	demand, supply, gap, lo, hi := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	band := false
	for i, y := range sm.Years {
		a := sm.at(q.Role, y)
		demand[i], supply[i], gap[i] = a.Demand, a.Effective, a.Gap
		lo[i], hi[i] = a.P10, a.P90
		band = band || a.Band
		if q.Unit == "pct" {
			gap[i], lo[i], hi[i] = a.pct(a.Gap), a.pct(a.P10), a.pct(a.P90)
		}
	}
	t := &table{}
	if q.Unit == "pct" {
		sp.Title = v.T("chart.trendpct", role, place, v.Scenario(q.Scenario))
		sp.Unit, sp.Decimals, sp.YName = "%", 1, v.T("unit.pct")
		sp.Series = []chartSeries{{Name: v.T("series.gap"), Data: gap, Color: colGap}}
		t.Head = []string{v.T("col.year"), v.T("col.gappct")}
	} else {
		sp.Title = v.T("chart.trend", role, place, v.Scenario(q.Scenario))
		sp.Unit, sp.YName = v.T("unit.fte"), v.T("unit.fte")
		sp.Series = []chartSeries{
			{Name: v.T("series.demand"), Data: demand, Color: colDemand},
			{Name: v.T("series.supply"), Data: supply, Color: colSupply, Dashed: true},
			{Name: v.T("series.gap"), Data: gap, Color: colGap},
		}
		t.Head = []string{v.T("col.year"), v.T("series.demand"), v.T("series.supply"), v.T("series.gap")}
	}
	if band {
		sp.Band = &chartBand{Name: v.T("series.band"), Low: lo, High: hi, Color: colBand}
		t.Head = append(t.Head, v.T("col.p10"), v.T("col.p90"))
	}
	dec := sp.Decimals
	for i, y := range sm.Years {
		row := []tcell{{Text: sp.X[i], Header: true}}
		if q.Unit != "pct" {
			row = append(row, v.cellNum(demand[i], 0), v.cellNum(supply[i], 0))
		}
		row = append(row, v.cellNum(gap[i], dec))
		if band {
			row = append(row, v.cellNum(lo[i], dec), v.cellNum(hi[i], dec))
		}
		_ = y
		t.Rows = append(t.Rows, row)
	}
	sp.Description = sp.Title + ". " + v.T("chart.seetable")
	t.Caption = v.T("table.of", sp.Title)
	return &chartBox{ID: "chart-trend", Spec: sp, Table: t, Note: v.T("chart.trendnote")}
}

// rolesChart: the shortage and the surplus of each role in the year,
// side by side and apart (FTE or % of the role's demand).
func rolesChart(v *view, sm *sums, q resultsQuery, place string) *chartBox {
	sp := &chartSpec{Kind: "bars", Labels: v.chartLabels(), File: "roles-" + q.Scenario}
	var short, surplus []float64
	t := &table{Head: []string{v.T("col.role"), v.T("series.demand"), v.T("series.supply"), v.T("series.shortage"), v.T("series.surplus"), v.T("col.net")}}
	pct := q.Unit == "pct"
	dec := 0
	if pct {
		dec = 1
		t.Head = append(t.Head, v.T("col.shortpct"), v.T("col.surpluspct"))
	}
	for _, role := range sm.Roles {
		a := sm.at(role, q.Year)
		if role != allRoles {
			sp.X = append(sp.X, v.roleName(role))
			if pct {
				short, surplus = append(short, a.pct(a.Shortage)), append(surplus, a.pct(a.Surplus))
			} else {
				short, surplus = append(short, a.Shortage), append(surplus, a.Surplus)
			}
		}
		row := []tcell{{Text: v.roleName(role), Header: true}, v.cellNum(a.Demand, 0), v.cellNum(a.Effective, 0),
			withClass(v.cellNum(a.Shortage, 0), "short"), withClass(v.cellNum(a.Surplus, 0), "surplus"), v.cellNum(a.Gap, 0)}
		if pct {
			row = append(row, v.cellNum(a.pct(a.Shortage), 1), v.cellNum(a.pct(a.Surplus), 1))
		}
		t.Rows = append(t.Rows, row)
	}
	sp.Series = []chartSeries{{Name: v.T("series.shortage"), Data: short, Color: colShortage}, {Name: v.T("series.surplus"), Data: surplus, Color: colSurplus}}
	if pct {
		sp.Title = v.T("chart.rolespct", q.Year, place, v.Scenario(q.Scenario))
		sp.Unit, sp.Decimals, sp.YName = "%", dec, v.T("unit.pct")
	} else {
		sp.Title = v.T("chart.roles", q.Year, place, v.Scenario(q.Scenario))
		sp.Unit, sp.YName = v.T("unit.fte"), v.T("unit.fte")
	}
	sp.Description = sp.Title + ". " + v.T("chart.seetable")
	t.Caption = v.T("table.of", sp.Title)
	return &chartBox{ID: "chart-roles", Spec: sp, Table: t, Note: v.T("chart.rolesnote")}
}

// shortSurplusChart: the shortage and the surplus of the role (or all
// roles) over the years, apart.
func shortSurplusChart(v *view, sm *sums, q resultsQuery, place string) *chartBox {
	role := v.roleName(q.Role)
	sp := &chartSpec{Kind: "lines", X: yearLabels(sm.Years), Labels: v.chartLabels(), File: "shortage-surplus-" + q.Scenario + "-" + q.Role}
	n := len(sm.Years)
	short, surplus := make([]float64, n), make([]float64, n)
	pct := q.Unit == "pct"
	t := &table{Head: []string{v.T("col.year"), v.T("series.shortage"), v.T("series.surplus")}}
	for i, y := range sm.Years {
		a := sm.at(q.Role, y)
		short[i], surplus[i] = a.Shortage, a.Surplus
		if pct {
			short[i], surplus[i] = a.pct(a.Shortage), a.pct(a.Surplus)
		}
	}
	dec := 0
	if pct {
		dec = 1
		sp.Title = v.T("chart.shortsurpluspct", role, place, v.Scenario(q.Scenario))
		sp.Unit, sp.Decimals, sp.YName = "%", 1, v.T("unit.pct")
	} else {
		sp.Title = v.T("chart.shortsurplus", role, place, v.Scenario(q.Scenario))
		sp.Unit, sp.YName = v.T("unit.fte"), v.T("unit.fte")
	}
	for i := range sm.Years {
		t.Rows = append(t.Rows, []tcell{{Text: sp.X[i], Header: true}, withClass(v.cellNum(short[i], dec), "short"), withClass(v.cellNum(surplus[i], dec), "surplus")})
	}
	sp.Series = []chartSeries{{Name: v.T("series.shortage"), Data: short, Color: colShortage}, {Name: v.T("series.surplus"), Data: surplus, Color: colSurplus, Dashed: true}}
	sp.Description = sp.Title + ". " + v.T("chart.seetable")
	t.Caption = v.T("table.of", sp.Title)
	return &chartBox{ID: "chart-shortsurplus", Spec: sp, Table: t, Note: v.T("chart.shortsurplusnote")}
}

func withClass(c tcell, class string) tcell {
	c.Class = class
	return c
}
