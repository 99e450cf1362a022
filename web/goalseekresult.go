package web

import (
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/caregap/caregap/runs/goalseekrun"
	"github.com/caregap/caregap/runs/labels"
	"github.com/caregap/caregap/web/i18n"
	"github.com/caregap/caregap/web/session"
)

// goalSeekView is the page of a goal-seek job: its status until it ends,
// then the plan.
type goalSeekView struct {
	Job    *job
	Req    goalSeekRequest
	Status *statusView
	Plan   *planView
}

// planView is a finished goal seek as the page shows it.
type planView struct {
	Target      string   // the target in words
	Met         bool     // every target is met
	Unreachable []string // each target not met, in words
	More        int      // unreachable targets not listed
	Cost        string   // the cost in words
	Levers      *table
	Shortage    *table // each role's shortage without and with the plan
	Marginal    *chartBox
	Curve       *chartBox // nil without a cost curve
	AtLimit     int       // levers at their limit (municipality and lever)
	Regions     int
	SaveName    string // the name the plan is saved under
}

// unreachableShown is how many unreachable targets the page lists.
const unreachableShown = 8

// msek is a sum in SEK as millions in the view's language.
func (v *view) msek(sek float64) string { return i18n.Number(v.Lang, sek/1e6, 1) }

// goalSeekJobPage shows a goal seek's progress, or its plan when it is
// done.
func (h *Handler) goalSeekJobPage(w http.ResponseWriter, r *http.Request, s *session.Session) {
	j, err := h.jobOf(r, s, "goalseeks", r.PathValue("id"))
	if err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	v := h.newView(r, s, "", "goalseek")
	v.Title = v.T("gs.jobtitle")
	gv := &goalSeekView{Job: j, Req: j.GoalSeek()}
	v.Data = gv
	if !j.Succeeded() {
		gv.Status = &statusView{Job: j, Poll: "/ui/goalseeks/" + url.PathEscape(j.ID) + "/status", Poll1: int(h.opt.Poll.Milliseconds())}
		h.render(w, http.StatusOK, "goalseek", "", v)
		return
	}
	var sum goalseekrun.Summary
	if err := h.getJSON(r.Context(), s, "/v1/goalseeks/"+pathEscape(j.ID)+"/summary", nil, &sum); err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	gv.Plan = h.planOf(v, &sum)
	gv.Plan.SaveName = planName(j.ID)
	h.render(w, http.StatusOK, "goalseek", "", v)
}

// planOf turns the summary into the page's words, tables and charts.
func (h *Handler) planOf(v *view, sum *goalseekrun.Summary) *planView {
	p := &planView{Met: sum.Feasible, Regions: len(sum.Regions), AtLimit: len(sum.AtLimit)}
	if sum.Target.Unit == "%" {
		p.Target = v.T("gs.targetpct", v.level(sum.Target.Value), sum.TargetYear, sum.ToYear)
	} else {
		p.Target = v.T("gs.targetfte", v.level(sum.Target.Value), sum.TargetYear, sum.ToYear)
	}
	p.Unreachable, p.More = h.unreachable(v, sum.Unreachable)
	p.Cost = v.T("gs.cost", v.msek(sum.CostSEK), sum.BaseYear, v.Pct(100*sum.DiscountRate, 1), v.msek(sum.WagesSEK), v.msek(sum.ProgrammeSEK))
	p.Levers = leverTable(v, sum)
	p.Marginal = h.marginalChart(v, sum)
	p.Shortage = shortageTable(v, sum)
	if len(sum.Curve) > 0 {
		p.Curve = curveChart(v, sum)
	}
	return p
}

// level writes a target level: whole numbers without decimals.
func (v *view) level(x float64) string {
	if x == math.Trunc(x) {
		return v.Num(x, 0)
	}
	return v.Num(x, 1)
}

// unreachable says in words which targets the limits do not allow: one
// sentence per role and municipality, with its years, the smallest gap
// reached in the first of them and the largest, at most
// unreachableShown sentences and the number of others.
func (h *Handler) unreachable(v *view, us []goalseekrun.Unreachable) ([]string, int) {
	type key struct{ role, region string }
	var order []key
	by := map[key][]goalseekrun.Unreachable{}
	for _, u := range us {
		k := key{u.Role, u.Region}
		if _, ok := by[k]; !ok {
			order = append(order, k)
		}
		by[k] = append(by[k], u)
	}
	var out []string
	for i, k := range order {
		if i == unreachableShown {
			return out, len(order) - i
		}
		g := by[k]
		slices.SortFunc(g, func(a, b goalseekrun.Unreachable) int { return a.Year - b.Year })
		first, worst := g[0], g[0]
		for _, u := range g {
			if u.ReachedFTE > worst.ReachedFTE {
				worst = u
			}
		}
		role, place := v.Role(k.role), h.muniName(k.region)
		if len(g) == 1 {
			out = append(out, v.T("gs.unreachable1", role, place, first.Year, v.Num(first.ReachedFTE, 1), v.level(first.TargetFTE)))
			continue
		}
		years := v.T("gs.years", first.Year, g[len(g)-1].Year)
		if g[len(g)-1].Year-first.Year+1 != len(g) {
			years = v.T("gs.someyears", len(g), first.Year, g[len(g)-1].Year)
		}
		out = append(out, v.T("gs.unreachablen", role, place, years, v.Num(first.ReachedFTE, 1), first.Year,
			v.Num(worst.ReachedFTE, 1), worst.Year, v.level(first.TargetFTE)))
	}
	return out, 0
}

// appliesTo names what a lever acts on: a role, a training pipeline, or
// a move from one role to another ("from>to").
func (v *view) appliesTo(s string) string {
	if from, to, ok := strings.Cut(s, ">"); ok {
		return v.Role(from) + " → " + v.Role(to)
	}
	if n := labels.Role(v.Lang, s, ""); n != "" {
		return n
	}
	return s
}

// intensity writes the summary's range of intensities ("0.0117–0.0627")
// with the view's decimal sign.
func (v *view) intensity(r string) string {
	if v.Lang == labels.EN {
		return r
	}
	return strings.ReplaceAll(r, ".", ",")
}

func leverTable(v *view, sum *goalseekrun.Summary) *table {
	t := &table{Caption: v.T("gs.leverscaption", sum.TargetYear),
		Head: []string{v.T("gs.col.lever"), v.T("gs.col.applies"), v.T("gs.col.munis"), v.T("gs.col.intensity"), v.T("gs.col.unit"), v.T("gs.col.cost")}}
	for _, l := range sum.Levers {
		in := v.intensity(l.Range)
		if l.AtLimit > 0 {
			in += " " + v.T("gs.atlimit", l.AtLimit)
		}
		t.Rows = append(t.Rows, []tcell{{Text: v.Lever(l.Lever), Header: true}, {Text: v.appliesTo(l.AppliesTo)},
			v.cellNum(float64(l.Regions), 0), {Text: in, Num: true}, {Text: i18n.T(v.Lang, "gs.unit."+l.Lever)}, v.cellNum(l.CostSEK/1e6, 1)})
	}
	t.Rows = append(t.Rows, []tcell{{Text: v.T("gs.wages"), Header: true}, {Text: v.T("gs.allchosen")}, {Text: ""}, {Text: ""}, {Text: ""},
		v.cellNum(sum.WagesSEK/1e6, 1)})
	t.Rows = append(t.Rows, []tcell{{Text: v.T("gs.total"), Header: true}, {Text: ""}, {Text: ""}, {Text: ""}, {Text: ""},
		v.cellNum(sum.CostSEK/1e6, 1)})
	return t
}

// colMarginal and colCurve are the marginal cost's and the cost curve's
// colours (at least 3:1 against white).
const (
	colMarginal = colDemand
	colCurve    = colSupply
)

// marginalChart: the highest marginal cost of one more FTE of each role
// (MSEK per FTE), with where and when, and the role's shortage without
// and with the plan.
func (h *Handler) marginalChart(v *view, sum *goalseekrun.Summary) *chartBox {
	sp := &chartSpec{Kind: "bars", Labels: v.chartLabels(), File: "goalseek-marginal-cost", Decimals: 2,
		Unit: v.T("gs.unit.msekfte"), YName: v.T("gs.unit.msekfte")}
	sp.Title = v.T("gs.marginaltitle", sum.TargetYear, sum.ToYear)
	t := &table{Head: []string{v.T("col.role"), v.T("gs.col.marginal"), v.T("gs.col.where"), v.T("gs.col.when"), v.T("gs.col.binding")}}
	var data []float64
	for _, rs := range sum.ByRole {
		if !rs.Chosen {
			continue
		}
		sp.X = append(sp.X, v.Role(rs.Role))
		data = append(data, rs.MarginalSEK/1e6)
		where, when := "–", "–"
		if rs.MarginalRegion != "" {
			where, when = h.muniName(rs.MarginalRegion), strconv.Itoa(rs.MarginalYear)
		}
		t.Rows = append(t.Rows, []tcell{{Text: v.Role(rs.Role), Header: true}, v.cellNum(rs.MarginalSEK/1e6, 2), {Text: where}, {Text: when, Num: true},
			v.cellNum(float64(rs.Binding), 0)})
	}
	sp.Series = []chartSeries{{Name: v.T("gs.col.marginal"), Data: data, Color: colMarginal}}
	sp.Description = sp.Title + ". " + v.T("chart.seetable")
	t.Caption = v.T("table.of", sp.Title)
	note := v.T("gs.marginalnote")
	if !slices.ContainsFunc(sum.ByRole, func(rs goalseekrun.RoleSummary) bool { return rs.Chosen && rs.Binding > 0 }) {
		note += " " + v.T("gs.nobinding")
	}
	return &chartBox{ID: "chart-marginal", Spec: sp, Table: t, Note: note}
}

// shortageTable: each role's shortage (the sum of the municipalities'
// shortages) in the target year and the last year, without and with the
// plan.
func shortageTable(v *view, sum *goalseekrun.Summary) *table {
	t := &table{Caption: v.T("gs.shortagecaption", sum.TargetYear, sum.ToYear),
		Head: []string{v.T("col.role"), v.T("gs.col.short", sum.TargetYear), v.T("gs.col.shortplan", sum.TargetYear),
			v.T("gs.col.short", sum.ToYear), v.T("gs.col.shortplan", sum.ToYear)}}
	for _, rs := range sum.ByRole {
		name := v.Role(rs.Role)
		if !rs.Chosen {
			name = v.T("gs.kept", name)
		}
		t.Rows = append(t.Rows, []tcell{{Text: name, Header: true}, v.cellNum(rs.RefShortageTarget, 0), v.cellNum(rs.PlanShortageTarget, 1),
			v.cellNum(rs.RefShortageLast, 0), v.cellNum(rs.PlanShortageLast, 1)})
	}
	return t
}

// curveChart: the plan's least cost against the largest gap allowed.
func curveChart(v *view, sum *goalseekrun.Summary) *chartBox {
	unit := v.T("unit.fte")
	if len(sum.Curve) > 0 && sum.Curve[0].Unit == "%" {
		unit = "%"
	}
	sp := &chartSpec{Kind: "lines", Labels: v.chartLabels(), File: "goalseek-cost-curve", Decimals: 1,
		Unit: v.T("gs.unit.msek"), YName: v.T("gs.unit.msek")}
	sp.Title = v.T("gs.curvetitle", sum.TargetYear, sum.ToYear)
	t := &table{Head: []string{v.T("gs.col.level", unit), v.T("gs.col.leastcost"), v.T("gs.col.unmet")}}
	var data []float64
	for _, c := range sum.Curve {
		x := v.level(c.Level) + "\u00a0" + unit
		sp.X = append(sp.X, x)
		data = append(data, c.CostSEK/1e6)
		t.Rows = append(t.Rows, []tcell{{Text: x, Header: true}, v.cellNum(c.CostSEK/1e6, 1), v.cellNum(float64(c.Unmet), 0)})
	}
	sp.Series = []chartSeries{{Name: v.T("gs.col.leastcost"), Data: data, Color: colCurve}}
	sp.Description = sp.Title + ". " + v.T("chart.seetable")
	t.Caption = v.T("table.of", sp.Title)
	return &chartBox{ID: "chart-curve", Spec: sp, Table: t, Note: v.T("gs.curvenote")}
}
