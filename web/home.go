package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/caregap/caregap/runs/labels"
	"github.com/caregap/caregap/web/session"
)

// muni is a municipality in the caller's scope.
type muni struct {
	Code, Name, Group string
}

// group is a group of municipalities in scope.
type group struct {
	Name  string // as the dataset names it
	Label string // in the page's language
	Munis []muni
}

// municipalities returns the municipalities of the default dataset in
// s's scope, by name, and their groups.
func (h *Handler) municipalities(s *session.Session, lang labels.Lang) ([]muni, []group) {
	b := h.defaults()
	var out []muni
	if b != nil {
		for _, r := range b.Regions {
			if s.InScope(r.Region) {
				out = append(out, muni{Code: r.Region, Name: r.Name, Group: r.Group})
			}
		}
	} else {
		for _, c := range s.Scope {
			if c != "*" {
				out = append(out, muni{Code: c, Name: c})
			}
		}
	}
	slices.SortFunc(out, func(a, b muni) int { return strings.Compare(a.Name, b.Name) })
	var gs []group
	for _, m := range out {
		if m.Group == "" {
			continue
		}
		i := slices.IndexFunc(gs, func(g group) bool { return g.Name == m.Group })
		if i < 0 {
			gs = append(gs, group{Name: m.Group, Label: labels.Group(lang, m.Group)})
			i = len(gs) - 1
		}
		gs[i].Munis = append(gs[i].Munis, m)
	}
	slices.SortFunc(gs, func(a, b group) int { return strings.Compare(a.Label, b.Label) })
	return out, gs
}

// muniName is "Göteborg (1480)", or the code.
func (h *Handler) muniName(code string) string {
	if b := h.defaults(); b != nil {
		for _, r := range b.Regions {
			if r.Region == code {
				return r.Name + " (" + code + ")"
			}
		}
	}
	return code
}

// search keeps the municipalities whose name, code or group holds q
// (any case).
func search(ms []muni, q string, lang labels.Lang) []muni {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return ms
	}
	var out []muni
	for _, m := range ms {
		if strings.Contains(strings.ToLower(m.Name), q) || strings.HasPrefix(m.Code, q) ||
			strings.Contains(strings.ToLower(labels.Group(lang, m.Group)), q) {
			out = append(out, m)
		}
	}
	return out
}

type scenarioItem struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Source      string `json:"source"`
	Mine        bool   `json:"mine"`
	Shared      bool   `json:"shared"`
}

type homeData struct {
	Munis     []muni
	Found     []muni
	Query     string
	Groups    []group
	Scenarios []scenarioItem
	Forecasts []job
	Matchings []job
	Years     []int
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request, s *session.Session) {
	v := h.newView(r, s, "", "home")
	v.Title = v.T("home.title")
	d := &homeData{Query: r.URL.Query().Get("q")}
	d.Munis, d.Groups = h.municipalities(s, v.Lang)
	d.Found = search(d.Munis, d.Query, v.Lang) // the search without script
	for y := 2026; y <= 2060; y++ {
		d.Years = append(d.Years, y)
	}
	if v.IsPlanner() {
		var l struct {
			Items []scenarioItem `json:"items"`
		}
		if err := h.getJSON(r.Context(), s, "/v1/scenarios", nil, &l); err != nil {
			h.failAPI(w, r, s, err)
			return
		}
		d.Scenarios = l.Items
		fs, err := h.jobsOf(r, s, "forecasts")
		if err != nil {
			h.failAPI(w, r, s, err)
			return
		}
		d.Forecasts = fs
	}
	if v.IsOfficer() {
		ms, err := h.jobsOf(r, s, "matchings")
		if err != nil {
			h.failAPI(w, r, s, err)
			return
		}
		d.Matchings = ms
	}
	v.Data = d
	h.render(w, http.StatusOK, "home", "", v)
}

// municipalityList answers the search of the municipality list (htmx:
// the list alone; otherwise the home page).
func (h *Handler) municipalityList(w http.ResponseWriter, r *http.Request, s *session.Session) {
	if !isHTMX(r) {
		http.Redirect(w, r, "/?q="+url.QueryEscape(r.URL.Query().Get("q"))+"#kommuner", http.StatusSeeOther)
		return
	}
	v := h.newView(r, s, "", "home")
	d := &homeData{Query: r.URL.Query().Get("q")}
	d.Munis, d.Groups = h.municipalities(s, v.Lang)
	d.Found = search(d.Munis, d.Query, v.Lang)
	v.Data = d
	h.render(w, http.StatusOK, "home", "munilist", v)
}

// chosenRegions reads the municipalities a form chose: the "region"
// boxes and every municipality of each "group" box, in scope; none chosen
// means every one in scope (the API's default), returned as nil.
func (h *Handler) chosenRegions(r *http.Request, s *session.Session, lang labels.Lang) []string {
	ms, gs := h.municipalities(s, lang)
	var out []string
	add := func(code string) {
		if s.InScope(code) && !slices.Contains(out, code) {
			out = append(out, code)
		}
	}
	for _, c := range r.PostForm["region"] {
		if slices.ContainsFunc(ms, func(m muni) bool { return m.Code == c }) {
			add(c)
		}
	}
	for _, g := range r.PostForm["group"] {
		for _, gr := range gs {
			if gr.Name == g {
				for _, m := range gr.Munis {
					add(m.Code)
				}
			}
		}
	}
	return out
}

// startForecast runs the chosen shipped or saved scenarios as a job.
func (h *Handler) startForecast(w http.ResponseWriter, r *http.Request, s *session.Session) {
	lang := langOf(r)
	req := map[string]any{"scenarios": r.PostForm["scenario"]}
	if regions := h.chosenRegions(r, s, lang); len(regions) > 0 {
		req["regions"] = regions
	}
	if y, err := strconv.Atoi(r.PostFormValue("to_year")); err == nil {
		req["to_year"] = y
	}
	if d, err := strconv.Atoi(r.PostFormValue("draws")); err == nil {
		req["draws"] = d
	}
	h.submitForecast(w, r, s, req)
}

// submitForecast posts a forecast request to the API and goes to the
// job's page; a refusal shows the API's detail.
func (h *Handler) submitForecast(w http.ResponseWriter, r *http.Request, s *session.Session, req map[string]any) {
	a, err := h.call(r.Context(), s, http.MethodPost, "/v1/forecasts", nil, req, "", "")
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
	to := "/ui/forecasts/" + url.PathEscape(j.ID)
	if isHTMX(r) {
		w.Header().Set("HX-Redirect", to)
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}
