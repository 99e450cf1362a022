package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/caregap/caregap/runs/goalseekrun"
	"github.com/caregap/caregap/web/session"
)

// The goal seek: a form that posts a goal-seek job to the API (POST
// /v1/goalseeks), the job's page with its progress, and, when it is done,
// the plan (goalseekresult.go): the target and whether it was met, the
// cost, the levers chosen, the marginal cost of one more FTE per role and
// the cost curve, each chart with its table; the plan downloads as a
// scenario file, runs as a forecast or opens in the scenario builder
// (goalseekplan.go). Planners only, as the API's routes.

// goalSeekRequest is the part of a goal-seek job's request the page
// shows.
type goalSeekRequest struct {
	Regions    []string `json:"regions"`
	Roles      []string `json:"roles"`
	Levers     []string `json:"levers"`
	TargetYear int      `json:"target_year"`
	ToYear     int      `json:"to_year"`
	MaxGapFTE  *float64 `json:"max_gap_fte"`
	MaxGapPct  *float64 `json:"max_gap_pct"`
	CostCurve  *bool    `json:"cost_curve"`
}

// GoalSeek is the job's request as a goal seek's.
func (j *job) GoalSeek() goalSeekRequest {
	var r goalSeekRequest
	_ = json.Unmarshal(j.Request, &r)
	return r
}

// goalSeekForm is what the form holds, as entered.
type goalSeekForm struct {
	TargetYear, ToYear string
	Roles, Levers      []string
	Regions, Groups    []string
	Unit               string // "fte" or "pct"
	MaxGap             string
	CostCurve          bool
	// Error is the API's message about the whole request, and Errors
	// its message about a field (target_year, max_gap, roles, levers,
	// regions, to_year).
	Error  string
	Errors map[string]string
}

// Err is the message about field, or "".
func (f *goalSeekForm) Err(field string) string { return f.Errors[field] }

// goalSeekData is the form's page.
type goalSeekData struct {
	F       *goalSeekForm
	Roles   []option
	Levers  []option
	Munis   []muni
	Groups  []group
	Years   []int
	ToYears []int
	Jobs    []job
}

func (h *Handler) newGoalSeekForm() *goalSeekForm {
	f := &goalSeekForm{ToYear: "2040", Unit: "fte", MaxGap: "0", Errors: map[string]string{}}
	if base := h.baseYear(); base > 0 {
		f.TargetYear = strconv.Itoa(base + 6)
	}
	for _, k := range goalseekrun.DefaultLevers {
		f.Levers = append(f.Levers, string(k))
	}
	return f
}

func (h *Handler) goalSeekData(r *http.Request, v *view, s *session.Session, f *goalSeekForm) (*goalSeekData, error) {
	d := &goalSeekData{F: f}
	d.Munis, d.Groups = h.municipalities(s, v.Lang)
	for _, ro := range roleOrder(h.defaults()) {
		d.Roles = append(d.Roles, option{ro, v.Role(ro)})
	}
	for _, k := range goalseekrun.DefaultLevers {
		d.Levers = append(d.Levers, option{string(k), v.Lever(string(k))})
	}
	base := h.baseYear()
	if base == 0 {
		base = 2024
	}
	for y := base + 1; y <= 2060; y++ {
		d.Years = append(d.Years, y)
		if y >= base+2 {
			d.ToYears = append(d.ToYears, y)
		}
	}
	jobs, err := h.jobsOf(r, s, "goalseeks")
	d.Jobs = jobs
	return d, err
}

// goalSeekPage shows the form and the caller's goal seeks.
func (h *Handler) goalSeekPage(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.goalSeekFormPage(w, r, s, http.StatusOK, h.newGoalSeekForm())
}

func (h *Handler) goalSeekFormPage(w http.ResponseWriter, r *http.Request, s *session.Session, status int, f *goalSeekForm) {
	v := h.newView(r, s, "", "goalseek")
	v.Title = v.T("gs.title")
	d, err := h.goalSeekData(r, v, s, f)
	if err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	v.Data = d
	if f.Error != "" || len(f.Errors) > 0 {
		v.Error = v.T("gs.fix")
	}
	h.render(w, status, "goalseeknew", "", v)
}

// readGoalSeekForm reads the posted form.
func (h *Handler) readGoalSeekForm(r *http.Request) *goalSeekForm {
	pf := r.PostForm
	f := &goalSeekForm{Errors: map[string]string{}}
	f.TargetYear, f.ToYear = strings.TrimSpace(pf.Get("target_year")), strings.TrimSpace(pf.Get("to_year"))
	f.Roles, f.Levers, f.Regions, f.Groups = pf["role"], pf["lever"], pf["region"], pf["group"]
	f.Unit, f.MaxGap = pf.Get("gap_unit"), strings.TrimSpace(pf.Get("max_gap"))
	if f.Unit != "pct" {
		f.Unit = "fte"
	}
	f.CostCurve = pf.Get("cost_curve") != ""
	return f
}

// goalSeekRequestOf turns the form into the API's request; a field the page
// cannot read is a message on that field.
func (h *Handler) goalSeekRequestOf(r *http.Request, v *view, s *session.Session, f *goalSeekForm) map[string]any {
	req := map[string]any{"lang": string(v.Lang), "cost_curve": f.CostCurve}
	if f.TargetYear != "" {
		y, err := strconv.Atoi(f.TargetYear)
		if err != nil {
			f.Errors["target_year"] = v.T("builder.notnumber", f.TargetYear)
		}
		req["target_year"] = y
	}
	if f.ToYear != "" {
		y, err := strconv.Atoi(f.ToYear)
		if err != nil {
			f.Errors["to_year"] = v.T("builder.notnumber", f.ToYear)
		}
		req["to_year"] = y
	}
	if g, ok := number(f.MaxGap); !ok {
		f.Errors["max_gap"] = v.T("builder.notnumber", f.MaxGap)
	} else if g != nil {
		if f.Unit == "pct" {
			req["max_gap_pct"] = *g
		} else {
			req["max_gap_fte"] = *g
		}
	}
	if len(f.Roles) > 0 {
		req["roles"] = f.Roles
	}
	if len(f.Levers) == 0 {
		f.Errors["levers"] = v.T("gs.nolever")
	}
	req["levers"] = f.Levers
	if regions := h.chosenRegions(r, s, v.Lang); len(regions) > 0 {
		req["regions"] = regions
	}
	return req
}

// goalSeekField says which field an API message is about, by the words
// the API and runs/goalseekrun use; "" is the whole request.
func goalSeekField(msg string) string {
	m := strings.ToLower(msg)
	switch {
	case strings.Contains(m, "target year") || strings.Contains(m, "target_year"):
		return "target_year"
	case strings.Contains(m, "last year") || strings.Contains(m, "to_year") || strings.Contains(m, "years"):
		return "to_year"
	case strings.Contains(m, "max_gap") || strings.Contains(m, "target "):
		return "max_gap"
	case strings.Contains(m, "role "):
		return "roles"
	case strings.Contains(m, "lever"):
		return "levers"
	case strings.Contains(m, "region") || strings.Contains(m, "municipalit"):
		return "regions"
	}
	return ""
}

// startGoalSeek posts the form as a goal-seek job and goes to its page;
// a refusal shows the form again with the API's message by its field.
func (h *Handler) startGoalSeek(w http.ResponseWriter, r *http.Request, s *session.Session) {
	v := h.newView(r, s, "", "goalseek")
	f := h.readGoalSeekForm(r)
	req := h.goalSeekRequestOf(r, v, s, f)
	if len(f.Errors) > 0 {
		h.goalSeekFormPage(w, r, s, http.StatusBadRequest, f)
		return
	}
	a, err := h.call(r.Context(), s, http.MethodPost, "/v1/goalseeks", nil, req, "", "")
	if err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	if !a.OK() {
		if a.Status == http.StatusUnauthorized {
			h.failAPI(w, r, s, &apiError{Status: a.Status, Detail: a.Detail()})
			return
		}
		if field := goalSeekField(a.Detail()); field != "" {
			f.Errors[field] = a.Detail()
		} else {
			f.Error = a.Detail()
		}
		h.goalSeekFormPage(w, r, s, a.Status, f)
		return
	}
	var j job
	if err := a.Decode(&j); err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/ui/goalseeks/"+url.PathEscape(j.ID), http.StatusSeeOther)
}

// Has reports whether the form chose value (for checkboxes).
func (f *goalSeekForm) Has(list []string, value string) bool { return slices.Contains(list, value) }

func (h *Handler) goalSeekStatus(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.jobStatus(w, r, s, "goalseeks", "goalseek")
}

func (h *Handler) cancelGoalSeek(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.cancelJob(w, r, s, "goalseeks")
}
