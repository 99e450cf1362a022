package web

import (
	"bytes"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata/scenarios"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/runs/forecastrun"
	"go.yaml.in/yaml/v3"
)

// The scenario builder: a form with a control for every lever of the
// lever table (engine/scenario.Kinds), each with its value, its phasing
// (start and target year, profile), its regions and the roles, services,
// pipeline or pair of roles it acts on. The form becomes a scenario file
// (YAML) that is checked by the same functions as the command's
// (datasets.DecodeScenario, then forecastrun.Prepare for what needs the
// data), so the messages are the command's; running it posts the file to
// the API (POST /v1/scenarios) and starts a forecast of it beside the
// scenario it extends.

// scenarioFile is the name checks give the file, as the API does.
const scenarioFile = "scenario.yaml"

// leverSpec says which fields a lever kind takes, as
// engine/scenario's rules do.
type leverSpec struct {
	Values   []string // value fields, one of which is given
	Roles    bool     // roles
	Services bool     // services
	Pipeline bool     // pipeline
	FromTo   bool     // from and to roles (required)
	Ratio    bool     // task shifting's ratio
	Matched  bool     // matched entrants' distribute, retention, supervision
}

var leverSpecs = map[scenario.Kind]leverSpec{
	scenario.EmploymentRate:   {Values: []string{"level", "change"}, Roles: true},
	scenario.SickLeave:        {Values: []string{"level", "scale"}, Roles: true},
	scenario.RetirementAge:    {Values: []string{"years"}, Roles: true},
	scenario.NewStaffExit:     {Values: []string{"scale"}, Roles: true},
	scenario.ExitRate:         {Values: []string{"scale"}, Roles: true},
	scenario.CareerTransition: {Values: []string{"level", "change", "scale"}, FromTo: true},
	scenario.TrainingPlaces:   {Values: []string{"level", "change", "scale"}, Pipeline: true},
	scenario.TaskShifting:     {Values: []string{"share"}, FromTo: true, Services: true, Ratio: true},
	scenario.MatchedEntrants:  {Values: []string{"per_year"}, Roles: true, Matched: true},
	scenario.UseRate:          {Values: []string{"scale"}, Services: true},
	scenario.FTEPerUser:       {Values: []string{"scale"}, Services: true},
	scenario.Recruits:         {Values: []string{"scale"}, Roles: true},
}

// leverForm is one lever's controls and what the user entered.
type leverForm struct {
	Kind                     string
	Spec                     leverSpec
	On                       bool
	Field                    string // the value field chosen
	Value                    string
	Start, Target, Profile   string
	Roles, Services, Regions []string
	Pipeline, From, To       string
	Ratio                    string
	Distribute               string
	Retention1, Retention3   string
	SupervisorRole           string
	SupervisionFTE           string
	Label                    string
	// Error is the check's message when it is about this lever, and
	// Bad the field it names.
	Error, Bad string
}

// builderForm is the whole form.
type builderForm struct {
	Name, Description, Extends string
	ToYear, Draws              string
	Levers                     []*leverForm
	// Error is a message about the scenario as a whole.
	Error string
	// Checked: the form was checked and passed.
	Checked bool
}

// builderData is the builder page.
type builderData struct {
	F         *builderForm
	Roles     []option
	Services  []option
	Pipelines []option
	Munis     []muni
	Groups    []group
	Shipped   []string
	Profiles  []string
	BaseYear  int
	Years     []int
	// OOB: the checks answer each lever's message out of band (htmx).
	OOB bool
}

// baseYear is the default dataset's base year (the last observed).
func (h *Handler) baseYear() int {
	b := h.defaults()
	if b == nil || len(b.Regions) == 0 {
		return 0
	}
	rs, err := datasets.ForecastRegions(b, []string{b.Regions[0].Region})
	if err != nil || len(rs) == 0 {
		return 0
	}
	return rs[0].BaseYear
}

// newBuilderForm is an empty form: every lever off, phased in linearly
// from two years after the base year to six.
func (h *Handler) newBuilderForm() *builderForm {
	base := h.baseYear()
	f := &builderForm{Extends: "base", ToYear: "2040", Draws: "0"}
	for _, k := range scenario.Kinds {
		sp, ok := leverSpecs[k]
		if !ok {
			continue // a lever the builder does not know yet (TestBuilderHasEveryLever)
		}
		l := &leverForm{Kind: string(k), Spec: sp, Field: sp.Values[0], Profile: string(scenario.Linear),
			Start: strconv.Itoa(base + 2), Target: strconv.Itoa(base + 6)}
		if sp.Matched {
			l.Distribute = string(scenario.ByPopulation)
		}
		f.Levers = append(f.Levers, l)
	}
	return f
}

// lever returns the form's lever of kind.
func (f *builderForm) lever(kind string) *leverForm {
	for _, l := range f.Levers {
		if l.Kind == kind {
			return l
		}
	}
	return nil
}

// readBuilderForm reads the posted form.
func (h *Handler) readBuilderForm(r *http.Request) *builderForm {
	f := h.newBuilderForm()
	pf := r.PostForm
	f.Name = strings.TrimSpace(pf.Get("name"))
	f.Description = strings.TrimSpace(pf.Get("description"))
	f.Extends = pf.Get("extends")
	f.ToYear, f.Draws = pf.Get("to_year"), pf.Get("draws")
	for _, l := range f.Levers {
		g := func(field string) string { return strings.TrimSpace(pf.Get(l.Kind + "." + field)) }
		l.On = g("on") != ""
		if v := g("field"); slices.Contains(l.Spec.Values, v) {
			l.Field = v
		}
		l.Value, l.Start, l.Target, l.Profile = g("value"), g("start"), g("target"), g("profile")
		l.Roles, l.Services, l.Regions = pf[l.Kind+".roles"], pf[l.Kind+".services"], pf[l.Kind+".regions"]
		l.Pipeline, l.From, l.To, l.Ratio = g("pipeline"), g("from"), g("to"), g("ratio")
		l.Distribute, l.Retention1, l.Retention3 = g("distribute"), g("retention_1y"), g("retention_3y")
		l.SupervisorRole, l.SupervisionFTE, l.Label = g("supervisor_role"), g("supervision_fte"), g("label")
	}
	return f
}

// number parses a number as a person types it: a decimal comma or
// point, spaces between thousands. Empty is nil.
func number(s string) (*float64, bool) {
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", ",", ".", "\u2212", "-").Replace(s)
	if s == "" {
		return nil, true
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, false
	}
	return &v, true
}

// fieldError is a value the form cannot turn into a number.
type fieldError struct{ lever, field, value string }

func (e *fieldError) Error() string { return e.field + " " + strconv.Quote(e.value) }

// scenario turns the form into a scenario and the indices of the form's
// levers that are on.
func (f *builderForm) scenario() (*scenario.Scenario, []*leverForm, error) {
	sc := &scenario.Scenario{Name: f.Name, Description: f.Description}
	if f.Extends != "" {
		sc.Extends = []string{f.Extends}
	}
	var on []*leverForm
	for _, l := range f.Levers {
		if !l.On {
			continue
		}
		lv := scenario.Lever{Kind: scenario.Kind(l.Kind), Label: l.Label, Regions: l.Regions, Profile: scenario.Profile(l.Profile)}
		var err error
		atoi := func(field, s string) int {
			if err != nil {
				return 0
			}
			if s == "" {
				return 0
			}
			n, e := strconv.Atoi(s)
			if e != nil {
				err = &fieldError{l.Kind, field, s}
			}
			return n
		}
		num := func(field, s string) *float64 {
			if err != nil {
				return nil
			}
			v, ok := number(s)
			if !ok {
				err = &fieldError{l.Kind, field, s}
			}
			return v
		}
		lv.StartYear, lv.TargetYear = atoi("start_year", l.Start), atoi("target_year", l.Target)
		v := num(l.Field, l.Value)
		switch l.Field {
		case "level":
			lv.Level = v
		case "change":
			lv.Change = v
		case "scale":
			lv.Scale = v
		case "years":
			lv.Years = v
		case "share":
			lv.Share = v
		case "per_year":
			lv.PerYear = v
		}
		sp := l.Spec
		if sp.Roles {
			lv.Roles = l.Roles
		}
		if sp.Services {
			lv.Services = l.Services
		}
		if sp.Pipeline {
			lv.Pipeline = l.Pipeline
		}
		if sp.FromTo {
			lv.From, lv.To = l.From, l.To
		}
		if sp.Ratio {
			lv.Ratio = num("ratio", l.Ratio)
		}
		if sp.Matched {
			lv.Distribute = scenario.Distribution(l.Distribute)
			lv.Retention1, lv.Retention3 = num("retention_1y", l.Retention1), num("retention_3y", l.Retention3)
			lv.SupervisorRole = l.SupervisorRole
			lv.SupervisionFTE = num("supervision_fte", l.SupervisionFTE)
		}
		if err != nil {
			return nil, nil, err
		}
		sc.Levers = append(sc.Levers, lv)
		on = append(on, l)
	}
	return sc, on, nil
}

// yamlOf writes the scenario as a scenario file.
func yamlOf(sc *scenario.Scenario) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(sc); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}

// check checks the form as the command checks a scenario file: the file
// (datasets.DecodeScenario), what it extends (datasets.ScenarioLoader)
// and the levers against the data (forecastrun.Prepare: the base year).
// The message goes to the lever it is about, or to the form; it returns
// the file when it passed.
func (h *Handler) check(v *view, f *builderForm) []byte {
	sc, on, err := f.scenario()
	if err != nil {
		var fe *fieldError
		if errors.As(err, &fe) {
			l := f.lever(fe.lever)
			l.Error, l.Bad = v.T("builder.notnumber", fe.value), fe.field
		}
		return nil
	}
	if len(on) == 0 {
		f.Error = v.T("builder.nolever")
		return nil
	}
	body, err := yamlOf(sc)
	if err != nil {
		f.Error = err.Error()
		return nil
	}
	if _, err := datasets.DecodeScenario(bytes.NewReader(body), scenarioFile); err != nil {
		f.place(v, err, on)
		return nil
	}
	loader := &datasets.ScenarioLoader{FS: datasets.ScenarioFiles{scenarioFile: body}, Fallback: scenarios.FS}
	res, err := loader.Load(scenarioFile)
	if err != nil {
		f.place(v, err, on)
		return nil
	}
	if b := h.defaults(); b != nil && len(b.Regions) > 0 {
		if _, err := forecastrun.Prepare(forecastrun.Spec{Bundle: b, Regions: []string{b.Regions[0].Region},
			Scenarios: []*scenario.Resolved{res}, ToYear: 2100}); err != nil {
			f.place(v, err, on)
			return nil
		}
	}
	f.Checked = true
	return body
}

// place puts the message of err on the lever it is about.
func (f *builderForm) place(v *view, err error, on []*leverForm) {
	var se *scenario.Error
	if errors.As(err, &se) && se.Lever >= 0 && se.Lever < len(on) {
		on[se.Lever].Error, on[se.Lever].Bad = err.Error(), se.Field
		return
	}
	msg := err.Error()
	for _, l := range on {
		if strings.Contains(msg, "lever "+l.Kind) || strings.Contains(msg, ", "+l.Kind+":") {
			l.Error = msg
			return
		}
	}
	f.Error = msg
}
