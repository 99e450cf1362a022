package web

import (
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/caregap/caregap/web/session"
)

// compRow is a row of the API's comparison: one scenario and role in a
// year, summed over the municipalities in scope.
type compRow struct {
	Scenario  string  `json:"scenario"`
	Role      string  `json:"role"`
	Demand    float64 `json:"demand_fte"`
	Effective float64 `json:"effective_fte"`
	Gap       float64 `json:"gap_fte"`
	Shortage  float64 `json:"shortage_fte"`
	Surplus   float64 `json:"surplus_fte"`
}

type compareData struct {
	Job       *job
	A, B      string
	Region    string
	Role      string
	Year      int
	Scenarios []option
	Regions   []option
	Roles     []option
	Years     []int
	Charts    []*chartBox
	Back      string
}

// comparePage compares the scenarios of a forecast side by side: the
// shortage and the surplus of each role under each scenario, apart, and
// a waterfall of the drivers from scenario A's net gap to B's.
func (h *Handler) comparePage(w http.ResponseWriter, r *http.Request, s *session.Session) {
	j, err := h.jobOf(r, s, "forecasts", r.PathValue("id"))
	if err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	v := h.newView(r, s, "", "")
	v.Title = v.T("cmp.title")
	if !j.Succeeded() {
		http.Redirect(w, r, "/ui/forecasts/"+url.PathEscape(j.ID), http.StatusSeeOther)
		return
	}
	f := j.Forecast()
	q := r.URL.Query()
	d := &compareData{Job: j, A: q.Get("a"), B: q.Get("b"), Region: q.Get("region"), Role: q.Get("role"),
		Back: "/ui/forecasts/" + url.PathEscape(j.ID)}
	if !slices.Contains(f.Scenarios, d.A) {
		d.A = f.Scenarios[0]
	}
	if !slices.Contains(f.Scenarios, d.B) || d.B == d.A {
		d.B = f.Scenarios[len(f.Scenarios)-1]
		if d.B == d.A && len(f.Scenarios) > 1 {
			d.B = f.Scenarios[1]
		}
	}
	if !slices.Contains(j.Regions, d.Region) {
		d.Region = ""
	}
	for y := f.ToYear; y > f.ToYear-40 && y > 2000; y-- {
		d.Years = append(d.Years, y)
	}
	d.Year, _ = strconv.Atoi(q.Get("year"))
	if !slices.Contains(d.Years, d.Year) {
		d.Year = f.ToYear
	}
	cq := url.Values{"year": {strconv.Itoa(d.Year)}}
	if d.Region != "" {
		cq.Set("region", d.Region)
	}
	var comp struct {
		Items []compRow `json:"items"`
	}
	if err := h.getJSON(r.Context(), s, "/v1/forecasts/"+url.PathEscape(j.ID)+"/comparison", cq, &comp); err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	order := roleOrder(h.defaults())
	var roles []string
	for _, c := range comp.Items {
		if !slices.Contains(roles, c.Role) {
			roles = append(roles, c.Role)
		}
	}
	slices.SortStableFunc(roles, func(a, b string) int { return rank(order, a) - rank(order, b) })
	if d.Role != allRoles && !slices.Contains(roles, d.Role) {
		d.Role = allRoles
	}
	for _, sc := range f.Scenarios {
		d.Scenarios = append(d.Scenarios, option{sc, v.Scenario(sc)})
	}
	d.Regions = append(d.Regions, option{"", v.T("fc.allmunis", len(j.Regions))})
	for _, c := range j.Regions {
		d.Regions = append(d.Regions, option{c, h.muniName(c)})
	}
	for _, ro := range roles {
		d.Roles = append(d.Roles, option{ro, v.Role(ro)})
	}
	d.Roles = append(d.Roles, option{allRoles, v.T("fc.allroles")})
	place := v.T("fc.allmunis", len(j.Regions))
	if d.Region != "" {
		place = h.muniName(d.Region)
	}
	d.Charts = append(d.Charts, sideBySide(v, comp.Items, f.Scenarios, roles, d.Year, place, true),
		sideBySide(v, comp.Items, f.Scenarios, roles, d.Year, place, false))
	drivers := map[string][]driverRow{}
	for _, sc := range []string{d.A, d.B} {
		dq := url.Values{"table": {"decomposition"}, "scenario": {sc}, "year": {strconv.Itoa(d.Year)}}
		if d.Region != "" {
			dq.Set("region", d.Region)
		}
		if d.Role != allRoles {
			dq.Set("role", d.Role)
		}
		rows, err := rowsOf[driverRow](r.Context(), h, s, "/v1/forecasts/"+url.PathEscape(j.ID)+"/results", dq)
		if err != nil {
			h.failAPI(w, r, s, err)
			return
		}
		drivers[sc] = rows
	}
	d.Charts = append(d.Charts, waterfall(v, drivers[d.A], drivers[d.B], d.A, d.B, v.roleName(d.Role), place, d.Year))
	v.Data = d
	h.render(w, http.StatusOK, "compare", "", v)
}

// sideBySide is the shortage (or the surplus) of each role under each
// scenario in the year.
func sideBySide(v *view, items []compRow, scs, roles []string, year int, place string, shortage bool) *chartBox {
	sp := &chartSpec{Kind: "bars", Labels: v.chartLabels(), Unit: v.T("unit.fte"), YName: v.T("unit.fte")}
	what, id := v.T("series.shortage"), "chart-cmp-shortage"
	if !shortage {
		what, id = v.T("series.surplus"), "chart-cmp-surplus"
	}
	sp.Title = v.T("cmp.chart", what, year, place)
	sp.File = "comparison-" + id[10:] + "-" + strconv.Itoa(year)
	t := &table{Caption: v.T("table.of", sp.Title), Head: []string{v.T("col.role")}}
	for _, ro := range roles {
		sp.X = append(sp.X, v.Role(ro))
	}
	palette := []string{"#0b4f8a", "#a3162a", "#1d5f2f", "#6a3d9a", "#5a4500", "#00687a", "#8a2c6f", "#4a4a4a"}
	totals := make([]float64, len(scs))
	for i, sc := range scs {
		t.Head = append(t.Head, v.Scenario(sc))
		data := make([]float64, len(roles))
		for _, c := range items {
			if c.Scenario != sc {
				continue
			}
			if k := slices.Index(roles, c.Role); k >= 0 {
				data[k] = c.Surplus
				if shortage {
					data[k] = c.Shortage
				}
				totals[i] += data[k]
			}
		}
		sp.Series = append(sp.Series, chartSeries{Name: v.Scenario(sc), Data: data, Color: palette[i%len(palette)]})
	}
	for k, ro := range roles {
		row := []tcell{{Text: v.Role(ro), Header: true}}
		for i := range scs {
			row = append(row, v.cellNum(sp.Series[i].Data[k], 0))
		}
		t.Rows = append(t.Rows, row)
	}
	row := []tcell{{Text: v.T("fc.allroles"), Header: true}}
	for i := range scs {
		row = append(row, v.cellNum(totals[i], 0))
	}
	t.Rows = append(t.Rows, row)
	sp.Description = sp.Title + ". " + v.T("chart.seetable")
	note := v.T("cmp.shortnote")
	if !shortage {
		note = v.T("cmp.surplusnote")
	}
	return &chartBox{ID: id, Spec: sp, Table: t, Note: note}
}

// driverSums sums rows by driver, in the order drivers first appear.
func driverSums(rows []driverRow) (map[string]float64, []string) {
	m := map[string]float64{}
	var order []string
	for _, r := range rows {
		if _, ok := m[r.Driver]; !ok {
			order = append(order, r.Driver)
		}
		m[r.Driver] += r.FTE
	}
	return m, order
}

// waterfall goes from scenario a's net gap in the year to b's, driver by
// driver: each step is the change of one driver's share of the gap. The
// drivers of a gap sum to it exactly, so the steps add up.
func waterfall(v *view, ra, rb []driverRow, a, b, role, place string, year int) *chartBox {
	ma, oa := driverSums(ra)
	mb, ob := driverSums(rb)
	for _, d := range ob {
		if !slices.Contains(oa, d) {
			oa = append(oa, d)
		}
	}
	var ta, tb float64
	for _, d := range oa {
		ta += ma[d]
		tb += mb[d]
	}
	sp := &chartSpec{Kind: "waterfall", Labels: v.chartLabels(), Unit: v.T("unit.fte"), YName: v.T("unit.fte"),
		Title: v.T("cmp.waterfall", a, b, role, place, year), File: "waterfall-" + a + "-" + b + "-" + strconv.Itoa(year)}
	na, nb := v.Scenario(a), v.Scenario(b)
	sp.Title = v.T("cmp.waterfall", na, nb, role, place, year)
	t := &table{Caption: v.T("table.of", sp.Title), Head: []string{v.T("cmp.driver"), na, nb, v.T("cmp.change")}}
	sp.X = append(sp.X, v.T("cmp.gapof", na))
	sp.Steps = append(sp.Steps, waterfallStep{Value: round1(ta), Total: true})
	for _, d := range oa {
		delta := mb[d] - ma[d]
		t.Rows = append(t.Rows, []tcell{{Text: v.Driver(d), Header: true}, v.cellNum(ma[d], 0), v.cellNum(mb[d], 0), v.cellNum(delta, 0)})
		if math.Abs(delta) < 0.5 {
			continue // too small to draw; it is in the table
		}
		sp.X = append(sp.X, v.Driver(d))
		sp.Steps = append(sp.Steps, waterfallStep{Value: round1(delta)})
	}
	sp.X = append(sp.X, v.T("cmp.gapof", nb))
	sp.Steps = append(sp.Steps, waterfallStep{Value: round1(tb), Total: true})
	t.Rows = append(t.Rows, []tcell{{Text: v.T("cmp.netgap"), Header: true}, v.cellNum(ta, 0), v.cellNum(tb, 0), v.cellNum(tb-ta, 0)})
	sp.Description = sp.Title + ". " + v.T("chart.seetable")
	return &chartBox{ID: "chart-waterfall", Spec: sp, Table: t, Note: v.T("cmp.waterfallnote")}
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }
