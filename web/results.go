package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/caregap/caregap/web/session"
)

// resultsQuery is what a results view shows: one scenario, all the job's
// municipalities or one, one role or all roles, FTE or % of demand, and
// the year of the shortage and surplus by role.
type resultsQuery struct {
	Scenario string
	Region   string
	Role     string
	Unit     string // "fte" or "pct"
	Year     int
}

// groupPrefix marks a group of municipalities in the region control.
const groupPrefix = "group:"

// groupOf returns the municipalities of job j in group name of the
// default dataset (at least two, fewer than all of the job's).
func (h *Handler) groupOf(j *job, name string) []string {
	b := h.defaults()
	if b == nil {
		return nil
	}
	var out []string
	for _, r := range b.Regions {
		if r.Group == name && slices.Contains(j.Regions, r.Region) {
			out = append(out, r.Region)
		}
	}
	if len(out) < 2 || len(out) == len(j.Regions) {
		return nil
	}
	return out
}

func (h *Handler) readResultsQuery(r *http.Request, j *job) resultsQuery {
	q := r.URL.Query()
	f := j.Forecast()
	rq := resultsQuery{Scenario: q.Get("scenario"), Region: q.Get("region"), Role: q.Get("role"), Unit: q.Get("unit")}
	if !slices.Contains(f.Scenarios, rq.Scenario) {
		rq.Scenario = ""
		if len(f.Scenarios) > 0 {
			rq.Scenario = f.Scenarios[len(f.Scenarios)-1]
		}
	}
	if g, ok := strings.CutPrefix(rq.Region, groupPrefix); ok {
		if h.groupOf(j, g) == nil {
			rq.Region = ""
		}
	} else if !slices.Contains(j.Regions, rq.Region) {
		rq.Region = ""
	}
	if rq.Role == "" {
		rq.Role = allRoles
	}
	if rq.Unit != "pct" {
		rq.Unit = "fte"
	}
	rq.Year, _ = strconv.Atoi(q.Get("year"))
	return rq
}

// Values is the query of the view, for links.
func (rq resultsQuery) Values() url.Values {
	v := url.Values{"scenario": {rq.Scenario}, "role": {rq.Role}, "unit": {rq.Unit}}
	if rq.Region != "" {
		v.Set("region", rq.Region)
	}
	if rq.Year != 0 {
		v.Set("year", strconv.Itoa(rq.Year))
	}
	return v
}

type option struct {
	Value, Label string
}

// forecastView is the page of a forecast job.
type forecastView struct {
	Job       *job
	Status    *statusView
	Q         resultsQuery
	Scenarios []option
	Regions   []option
	Roles     []option
	Years     []int
	Results   *resultsView
	Reopen    []option // scenarios to reopen in the builder
	Permalink string
}

// resultsView is the charts and tables of one query.
type resultsView struct {
	Q      resultsQuery
	Name   string // the scenario's name
	Place  string
	Charts []*chartBox
	NoBand bool
	// GroupNoBand: the run has bands, but not for a group.
	GroupNoBand bool
	years       []int
}

func (h *Handler) forecastPage(w http.ResponseWriter, r *http.Request, s *session.Session) {
	j, err := h.jobOf(r, s, "forecasts", r.PathValue("id"))
	if err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	v := h.newView(r, s, "", "")
	v.Title = v.T("fc.title")
	fv := &forecastView{Job: j}
	v.Data = fv
	if !j.Succeeded() {
		fv.Status = &statusView{Job: j, Poll: "/ui/forecasts/" + url.PathEscape(j.ID) + "/status", Poll1: int(h.opt.Poll.Milliseconds())}
		h.render(w, http.StatusOK, "forecast", "", v)
		return
	}
	fv.Q = h.readResultsQuery(r, j)
	res, err := h.results(r, s, v, j, fv.Q)
	if err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	fv.Results = res
	fv.Q = res.Q
	f := j.Forecast()
	for _, sc := range f.Scenarios {
		fv.Scenarios = append(fv.Scenarios, option{sc, v.Scenario(sc)})
		fv.Reopen = append(fv.Reopen, option{"/ui/scenarios/new?from=" + url.QueryEscape(sc), v.Scenario(sc)})
	}
	fv.Regions = append(fv.Regions, option{"", v.T("fc.allmunis", len(j.Regions))})
	if b := h.defaults(); b != nil {
		var seen []string
		for _, rg := range b.Regions {
			if slices.Contains(seen, rg.Group) {
				continue
			}
			seen = append(seen, rg.Group)
			if ms := h.groupOf(j, rg.Group); ms != nil {
				fv.Regions = append(fv.Regions, option{groupPrefix + rg.Group, v.T("fc.group", v.GroupLabel(rg.Group), len(ms))})
			}
		}
	}
	for _, c := range j.Regions {
		fv.Regions = append(fv.Regions, option{c, h.muniName(c)})
	}
	for _, ro := range roleOrder(h.defaults()) {
		fv.Roles = append(fv.Roles, option{ro, v.Role(ro)})
	}
	fv.Roles = append(fv.Roles, option{allRoles, v.T("fc.allroles")})
	fv.Years = res.years
	fv.Permalink = "/ui/forecasts/" + url.PathEscape(j.ID) + "?" + fv.Q.Values().Encode()
	h.render(w, http.StatusOK, "forecast", "", v)
}

// forecastResults answers the results fragment of a query (htmx), or the
// whole page.
func (h *Handler) forecastResults(w http.ResponseWriter, r *http.Request, s *session.Session) {
	if !isHTMX(r) {
		http.Redirect(w, r, "/ui/forecasts/"+url.PathEscape(r.PathValue("id"))+"?"+r.URL.RawQuery, http.StatusSeeOther)
		return
	}
	j, err := h.jobOf(r, s, "forecasts", r.PathValue("id"))
	if err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	v := h.newView(r, s, "", "")
	res, err := h.results(r, s, v, j, h.readResultsQuery(r, j))
	if err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	w.Header().Set("HX-Push-Url", "/ui/forecasts/"+url.PathEscape(j.ID)+"?"+res.Q.Values().Encode())
	v.Data = &forecastView{Job: j, Results: res, Q: res.Q}
	h.render(w, http.StatusOK, "forecast", "results", v)
}

func (h *Handler) forecastStatus(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.jobStatus(w, r, s, "forecasts", "forecast")
}

func (h *Handler) cancelForecast(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.cancelJob(w, r, s, "forecasts")
}
