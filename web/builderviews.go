package web

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/caregap/caregap/datasets/defaultdata/scenarios"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/web/session"
)

func (h *Handler) builderData(v *view, s *session.Session, f *builderForm) *builderData {
	d := &builderData{F: f, Shipped: scenarios.Names, BaseYear: h.baseYear(),
		Profiles: []string{string(scenario.Step), string(scenario.Linear), string(scenario.FrontLoaded), string(scenario.BackLoaded)}}
	d.Munis, d.Groups = h.municipalities(s, v.Lang)
	for y := d.BaseYear + 1; y <= 2060; y++ {
		d.Years = append(d.Years, y)
	}
	if b := h.defaults(); b != nil {
		for _, r := range b.Roles {
			d.Roles = append(d.Roles, option{r.Role, v.Role(r.Role)})
		}
		for _, sv := range b.Services {
			d.Services = append(d.Services, option{sv.Service, v.Service(sv.Service)})
		}
		for _, p := range b.TrainingPipelines {
			if !slices.ContainsFunc(d.Pipelines, func(o option) bool { return o.Value == p.Pipeline }) {
				d.Pipelines = append(d.Pipelines, option{p.Pipeline, p.Pipeline})
			}
		}
	}
	return d
}

// builderPage shows the builder, empty or filled from a scenario the
// caller reads (?from=NAME: the link that reopens a scenario).
func (h *Handler) builderPage(w http.ResponseWriter, r *http.Request, s *session.Session) {
	v := h.newView(r, s, "", "builder")
	v.Title = v.T("builder.title")
	f := h.newBuilderForm()
	if from := r.URL.Query().Get("from"); from != "" {
		var sc struct {
			Name        string           `json:"name"`
			Description string           `json:"description"`
			Source      string           `json:"source"`
			Mine        bool             `json:"mine"`
			Levers      []scenario.Lever `json:"levers"`
		}
		if err := h.getJSON(r.Context(), s, "/v1/scenarios/"+pathEscape(from), nil, &sc); err != nil {
			h.failAPI(w, r, s, err)
			return
		}
		f.fill(sc.Levers)
		f.Name, f.Description = nextName(sc.Name), sc.Description
		if sc.Source == "shipped" {
			f.Extends = "base"
		}
	}
	v.Data = h.builderData(v, s, f)
	h.render(w, http.StatusOK, "builder", "", v)
}

var numbered = regexp.MustCompile(`^(.*)-([0-9]+)$`)

// nextName is the name a copy of scenario name gets: name-2, name-3, ...
func nextName(name string) string {
	if m := numbered.FindStringSubmatch(name); m != nil {
		n, _ := strconv.Atoi(m[2])
		return m[1] + "-" + strconv.Itoa(n+1)
	}
	return name + "-2"
}

func fmtNum(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

// fill sets the form from levers (resolved: those of the scenarios it
// extends included); a kind given twice keeps its first.
func (f *builderForm) fill(levers []scenario.Lever) {
	for _, lv := range levers {
		l := f.lever(string(lv.Kind))
		if l == nil || l.On {
			continue
		}
		l.On, l.Label = true, lv.Label
		l.Start, l.Target = strconv.Itoa(lv.StartYear), strconv.Itoa(lv.TargetYear)
		if lv.Profile != "" {
			l.Profile = string(lv.Profile)
		}
		for field, p := range map[string]*float64{"level": lv.Level, "change": lv.Change, "scale": lv.Scale,
			"years": lv.Years, "share": lv.Share, "per_year": lv.PerYear} {
			if p != nil && slices.Contains(l.Spec.Values, field) {
				l.Field, l.Value = field, fmtNum(p)
			}
		}
		l.Roles, l.Services, l.Regions = lv.Roles, lv.Services, lv.Regions
		l.Pipeline, l.From, l.To, l.Ratio = lv.Pipeline, lv.From, lv.To, fmtNum(lv.Ratio)
		if lv.Distribute != "" {
			l.Distribute = string(lv.Distribute)
		}
		l.Retention1, l.Retention3 = fmtNum(lv.Retention1), fmtNum(lv.Retention3)
		l.SupervisorRole, l.SupervisionFTE = lv.SupervisorRole, fmtNum(lv.SupervisionFTE)
	}
}

// builderValidate checks the form as it is being filled in (htmx) and
// answers the messages: the summary, and each lever's own.
func (h *Handler) builderValidate(w http.ResponseWriter, r *http.Request, s *session.Session) {
	v := h.newView(r, s, "", "builder")
	f := h.readBuilderForm(r)
	if f.Name == "" {
		f.Name = "namnlöst"
	}
	h.check(v, f)
	d := h.builderData(v, s, f)
	d.OOB = true
	v.Data = d
	h.render(w, http.StatusOK, "builder", "checks", v)
}

// builderYAML downloads the form as a scenario file for the command
// (caregap forecast --scenario FILE), when it passes the checks.
func (h *Handler) builderYAML(w http.ResponseWriter, r *http.Request, s *session.Session) {
	v := h.newView(r, s, "", "builder")
	v.Title = v.T("builder.title")
	f := h.readBuilderForm(r)
	body := h.check(v, f)
	if body == nil {
		v.Data = h.builderData(v, s, f)
		v.Error = v.T("builder.fix")
		h.render(w, http.StatusBadRequest, "builder", "", v)
		return
	}
	name := f.Name
	if !validName.MatchString(name) {
		name = "scenario"
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.yaml"`)
	_, _ = w.Write(body)
}

var validName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)

// builderRun saves the scenario through the API and forecasts it beside
// the scenario it extends.
func (h *Handler) builderRun(w http.ResponseWriter, r *http.Request, s *session.Session) {
	v := h.newView(r, s, "", "builder")
	v.Title = v.T("builder.title")
	f := h.readBuilderForm(r)
	again := func(status int, msg string) {
		v.Data = h.builderData(v, s, f)
		v.Error = msg
		h.render(w, status, "builder", "", v)
	}
	body := h.check(v, f)
	if body == nil {
		again(http.StatusBadRequest, v.T("builder.fix"))
		return
	}
	a, err := h.call(r.Context(), s, http.MethodPost, "/v1/scenarios", nil, body, "application/yaml", "")
	if err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	if !a.OK() {
		f.Error = a.Detail()
		again(a.Status, a.Detail())
		return
	}
	req := map[string]any{"scenarios": []string{f.Name}}
	if f.Extends != "" {
		req["scenarios"] = []string{f.Extends, f.Name}
	}
	if regions := h.chosenRegions(r, s, v.Lang); len(regions) > 0 {
		req["regions"] = regions
	}
	if y, err := strconv.Atoi(f.ToYear); err == nil {
		req["to_year"] = y
	}
	if d, err := strconv.Atoi(f.Draws); err == nil {
		req["draws"] = d
	}
	h.submitForecast(w, r, s, req)
}

// Checked reports whether the lever lists value (for checkboxes).
func (l *leverForm) Has(list []string, value string) bool { return slices.Contains(list, value) }

// Name of the form's field of the lever.
func (l *leverForm) N(field string) string { return l.Kind + "." + field }

// ID of the form's control of the lever.
func (l *leverForm) ID(field string) string {
	return "lv-" + strings.ReplaceAll(l.Kind, "_", "-") + "-" + strings.ReplaceAll(field, "_", "-")
}

// Invalid reports whether field is the one the lever's message names.
func (l *leverForm) Invalid(field string) bool { return l.Error != "" && l.Bad == field }

// FieldKey is the message key that names value field f of the lever:
// a training pipeline's level and change are places, not shares.
func (l *leverForm) FieldKey(f string) string {
	if l.Kind == string(scenario.TrainingPlaces) && (f == "level" || f == "change") {
		return "field.places." + f
	}
	return "field." + f
}

// ErrID is the id of the lever's message.
func (l *leverForm) ErrID() string { return "err-" + strings.ReplaceAll(l.Kind, "_", "-") }

var _ = url.PathEscape
