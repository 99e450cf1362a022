package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/web/i18n"
	"github.com/caregap/caregap/web/session"
)

// The officer's views: matchings of the officer's municipalities, their
// placements, one candidate's placement explained in plain words, and the
// equality report. Everything comes from the API's matching routes, which
// filter to the candidates of the caller's municipalities: a candidate of
// another municipality answers as a missing one.

// placementRow is a row of GET /v1/matchings/{id}/assignments.
type placementRow struct {
	CandidateID string  `json:"candidate_id"`
	OpeningID   string  `json:"opening_id"`
	WorkplaceID string  `json:"workplace_id"`
	Region      string  `json:"region"`
	Role        string  `json:"role"`
	Cost        float64 `json:"cost"`
	CommuteKm   float64 `json:"commute_km"`
	WaitDays    float64 `json:"wait_days"`
}

type matchingData struct {
	Job        *job
	Status     *statusView
	Report     *datasets.MatchReport
	Complete   bool
	Scope      []string
	Placements []placementRow
	Equality   []*chartBox
	Reasons    *table
	// Example is a candidate id of the officer's first municipality.
	Example string
}

func (h *Handler) startMatching(w http.ResponseWriter, r *http.Request, s *session.Session) {
	req := map[string]any{"solver": r.PostFormValue("solver")}
	if regions := h.chosenRegions(r, s, langOf(r)); len(regions) > 0 {
		req["regions"] = regions
	}
	a, err := h.call(r.Context(), s, http.MethodPost, "/v1/matchings", nil, req, "", "")
	if err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	if !a.OK() {
		h.failAPI(w, r, s, &apiError{Status: a.Status, Detail: a.Detail()})
		return
	}
	var j job
	if err := a.Decode(&j); err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/ui/matchings/"+url.PathEscape(j.ID), http.StatusSeeOther)
}

func (h *Handler) matchingStatus(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.jobStatus(w, r, s, "matchings", "matching")
}

func (h *Handler) cancelMatching(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.cancelJob(w, r, s, "matchings")
}

func (h *Handler) matchingPage(w http.ResponseWriter, r *http.Request, s *session.Session) {
	j, err := h.jobOf(r, s, "matchings", r.PathValue("id"))
	if err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	v := h.newView(r, s, "", "")
	v.Title = v.T("mt.title")
	d := &matchingData{Job: j}
	v.Data = d
	if !j.Succeeded() {
		d.Status = &statusView{Job: j, Poll: "/ui/matchings/" + url.PathEscape(j.ID) + "/status", Poll1: int(h.opt.Poll.Milliseconds())}
		h.render(w, http.StatusOK, "matching", "", v)
		return
	}
	base := "/v1/matchings/" + url.PathEscape(j.ID)
	var rep struct {
		Scope struct {
			Complete bool     `json:"complete"`
			Regions  []string `json:"regions"`
		} `json:"scope"`
		Report datasets.MatchReport `json:"report"`
	}
	if err := h.getJSON(r.Context(), s, base+"/report", nil, &rep); err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	d.Report, d.Complete, d.Scope = &rep.Report, rep.Scope.Complete, rep.Scope.Regions
	d.Example = "C0000-0001"
	if len(d.Scope) > 0 {
		d.Example = "C" + d.Scope[0] + "-0001"
	}
	if d.Placements, err = rowsOf[placementRow](r.Context(), h, s, base+"/assignments", nil); err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	d.Equality = []*chartBox{
		groupChart(v, "chart-sex", v.T("mt.bysex"), rep.Report.BySex, func(g string) string { return v.Sex(g) }),
		groupChart(v, "chart-birth", v.T("mt.bybirth"), rep.Report.ByBirthRegion, func(g string) string { return code(v, "birth.", g) }),
		groupChart(v, "chart-muni", v.T("mt.bymuni"), rep.Report.ByRegion, h.muniName),
	}
	d.Reasons = reasonsTable(v, &rep.Report)
	h.render(w, http.StatusOK, "matching", "", v)
}

// code is the message prefix+c, or c when the catalogue has none.
func code(v *view, prefix, c string) string {
	if i18n.Has(prefix + c) {
		return v.T(prefix + c)
	}
	return c
}

// groupChart is the placement rate of each group, with the counts in the
// table.
func groupChart(v *view, id, title string, gs []datasets.GroupPlacement, name func(string) string) *chartBox {
	sp := &chartSpec{Kind: "bars", Title: title, Labels: v.chartLabels(), Unit: "%", Decimals: 1, YName: v.T("mt.rate"), File: strings.TrimPrefix(id, "chart-") + "-placement-rate"}
	t := &table{Caption: v.T("table.of", title), Head: []string{v.T("mt.group"), v.T("mt.candidates"), v.T("mt.placed"), v.T("mt.rate")}}
	var rates []float64
	for _, g := range gs {
		sp.X = append(sp.X, name(g.Group))
		rates = append(rates, 100*g.Rate)
		t.Rows = append(t.Rows, []tcell{{Text: name(g.Group), Header: true}, v.cellNum(float64(g.Candidates), 0), v.cellNum(float64(g.Placed), 0),
			{Text: i18n.Percent(v.Lang, 100*g.Rate, 1), Num: true}})
	}
	sp.Series = []chartSeries{{Name: v.T("mt.rate"), Data: rates, Color: colDemand}}
	sp.Description = title + ". " + v.T("chart.seetable")
	return &chartBox{ID: id, Spec: sp, Table: t}
}

// reasonsTable counts the unplaced by reason.
func reasonsTable(v *view, rep *datasets.MatchReport) *table {
	t := &table{Caption: v.T("mt.reasons"), Head: []string{v.T("mt.reason"), v.T("mt.candidates")}}
	for _, rc := range []string{"no_eligible_opening", "openings_full", "no_supervisor", "room_left"} {
		if n, ok := rep.UnplacedByReason[rc]; ok {
			t.Rows = append(t.Rows, []tcell{{Text: code(v, "reason.", rc), Header: true}, v.cellNum(float64(n), 0)})
		}
	}
	for rule, n := range rep.NoEligibleByRule {
		t.Rows = append(t.Rows, []tcell{{Text: v.T("mt.byrule", code(v, "rule.", rule)), Header: true}, v.cellNum(float64(n), 0)})
	}
	return t
}

type candidateData struct {
	Job   *job
	ID    string
	E     *explanation
	Words string
	Back  string
}

// candidatePage explains one candidate's placement in plain words for
// the person, with the cost breakdown and the alternatives.
func (h *Handler) candidatePage(w http.ResponseWriter, r *http.Request, s *session.Session) {
	id := strings.TrimSpace(r.URL.Query().Get("id"))
	jid := r.PathValue("id")
	v := h.newView(r, s, "", "")
	v.Title = v.T("cand.title", id)
	var e explanation
	if err := h.getJSON(r.Context(), s, "/v1/matchings/"+url.PathEscape(jid)+"/candidates/"+url.PathEscape(id), nil, &e); err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	v.Data = &candidateData{ID: id, E: &e, Words: e.words(v), Back: "/ui/matchings/" + url.PathEscape(jid)}
	h.render(w, http.StatusOK, "candidate", "", v)
}
