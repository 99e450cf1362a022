package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"

	"github.com/caregap/caregap/web/session"
	"go.yaml.in/yaml/v3"
)

// The plan of a goal seek is an ordinary scenario (GET
// /v1/goalseeks/{id}/scenario): it downloads as its scenario file, and it
// is saved as the caller's scenario (POST /v1/scenarios) under a name of
// its own, to run as a forecast beside base or to open in the scenario
// builder.

// planName is the name a goal seek's plan is saved under: "plan-" and
// the job's id, a valid scenario name of its own.
func planName(id string) string { return "plan-" + strings.ToLower(safeFile(id)) }

// downloadPlan sends the plan's scenario file.
func (h *Handler) downloadPlan(w http.ResponseWriter, r *http.Request, s *session.Session) {
	id := r.PathValue("id")
	h.sendAPI(w, r, s, "/v1/goalseeks/"+url.PathEscape(id)+"/scenario", nil, "application/yaml", planName(id)+".yaml")
}

// renamed is a scenario file with its name set to name; every other
// field is kept as written.
func renamed(body []byte, name string) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(body, &doc); err != nil {
		return nil, err
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode {
		m := doc.Content[0]
		found := false
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == "name" {
				m.Content[i+1].Value, m.Content[i+1].Tag, found = name, "!!str", true
			}
		}
		if !found {
			m.Content = append([]*yaml.Node{{Kind: yaml.ScalarNode, Value: "name"}, {Kind: yaml.ScalarNode, Value: name}}, m.Content...)
		}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}

// usePlan saves the plan as the caller's scenario (once: saved again it
// is the same file) and then runs it as a forecast beside base over the
// goal seek's municipalities and years ("then=forecast"), or opens it in
// the scenario builder ("then=builder").
func (h *Handler) usePlan(w http.ResponseWriter, r *http.Request, s *session.Session) {
	j, err := h.jobOf(r, s, "goalseeks", r.PathValue("id"))
	if err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	a, err := h.call(r.Context(), s, http.MethodGet, "/v1/goalseeks/"+pathEscape(j.ID)+"/scenario", nil, nil, "", "application/yaml")
	if err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	if !a.OK() {
		h.failAPI(w, r, s, &apiError{Status: a.Status, Detail: a.Detail()})
		return
	}
	name := planName(j.ID)
	body, err := renamed(a.Body, name)
	if err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	saved, err := h.call(r.Context(), s, http.MethodPost, "/v1/scenarios", nil, body, "application/yaml", "")
	if err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	if !saved.OK() && saved.Status != http.StatusConflict { // 409: saved before
		h.failAPI(w, r, s, &apiError{Status: saved.Status, Detail: saved.Detail()})
		return
	}
	if r.PostFormValue("then") == "builder" {
		http.Redirect(w, r, "/ui/scenarios/new?from="+url.QueryEscape(name), http.StatusSeeOther)
		return
	}
	gs := j.GoalSeek()
	req := map[string]any{"scenarios": []string{"base", name}, "regions": j.Regions, "draws": 0}
	if gs.ToYear != 0 {
		req["to_year"] = gs.ToYear
	}
	h.submitForecast(w, r, s, req)
}
