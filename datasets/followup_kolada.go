package datasets

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/caregap/caregap/engine/errkind"
)

// ErrPages: saved Kolada pages do not form one chain: a page has a
// next_url but no page follows it, or a page follows the last one.
var ErrPages = errkind.New(errkind.BadInput, "broken page chain")

// KoladaError locates a problem in a saved Kolada response: the file and
// the JSON path of the value, e.g. "values[3].values[0].value". Err wraps
// a rule sentinel (ErrSyntax, ErrMissingValue, ErrEnum, ErrPages).
type KoladaError struct {
	File, Path string
	Err        error
}

func (e *KoladaError) Error() string {
	if e.Path == "" {
		return e.File + ": " + e.Err.Error()
	}
	return e.File + ": " + e.Path + ": " + e.Err.Error()
}

// Unwrap returns the rule.
func (e *KoladaError) Unwrap() error { return e.Err }

// Kind is errkind.BadInput.
func (e *KoladaError) Kind() errkind.Kind { return errkind.BadInput }

// KPIMeasure maps one Kolada KPI to a measure of the actuals dataset.
// Scale multiplies the value (0.01 turns Kolada's percentages into
// shares); 0 means 1. Role is the role the KPI covers, empty for all.
type KPIMeasure struct {
	KPI, Measure, Role string
	Scale              float64
}

// ReadKPIMap reads a mapping file: CSV with the header kpi,measure and
// optionally role and scale. Which KPIs measure what is the user's
// choice; no id is built in.
func ReadKPIMap(r io.Reader, file string) (map[string]KPIMeasure, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, &RowError{File: file, Err: causeErr(ErrSyntax, err, "malformed CSV")}
	}
	if len(recs) < 2 {
		return nil, &RowError{File: file, Err: ErrEmpty}
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		h = strings.TrimSpace(h)
		switch h {
		case "kpi", "measure", "role", "scale":
			col[h] = i
		default:
			return nil, &RowError{File: file, Line: 1, Column: h, Err: ruleErr(ErrUnknownColumn, "%q is not kpi, measure, role or scale", h)}
		}
	}
	for _, need := range []string{"kpi", "measure"} {
		if _, ok := col[need]; !ok {
			return nil, &RowError{File: file, Line: 1, Column: need, Err: ErrMissingColumn}
		}
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	m := map[string]KPIMeasure{}
	for n, rec := range recs[1:] {
		line := n + 2
		k := KPIMeasure{KPI: get(rec, "kpi"), Measure: get(rec, "measure"), Role: get(rec, "role"), Scale: 1}
		switch {
		case k.KPI == "":
			return nil, &RowError{File: file, Line: line, Column: "kpi", Err: ErrMissingValue}
		case !slices.Contains(Measures, k.Measure):
			return nil, &RowError{File: file, Line: line, Column: "measure", Err: ruleErr(ErrEnum, "%q is not one of %s", k.Measure, strings.Join(Measures, ", "))}
		}
		if s := get(rec, "scale"); s != "" {
			if k.Scale, err = strconv.ParseFloat(s, 64); err != nil || k.Scale <= 0 {
				return nil, &RowError{File: file, Line: line, Column: "scale", Err: ruleErr(ErrRange, "%q is not a number above 0", s)}
			}
		}
		if _, dup := m[k.KPI]; dup {
			return nil, &RowError{File: file, Line: line, Column: "kpi", Err: ruleErr(ErrDuplicate, "%s is mapped twice", k.KPI)}
		}
		m[k.KPI] = k
	}
	return m, nil
}

type koladaPage struct {
	Values  []json.RawMessage `json:"values"`
	NextURL *string           `json:"next_url"`
}

type koladaEntry struct {
	KPI          string            `json:"kpi"`
	Municipality string            `json:"municipality"`
	Period       json.RawMessage   `json:"period"`
	Values       []json.RawMessage `json:"values"`
}

type koladaValue struct {
	Gender string          `json:"gender"`
	Value  json.RawMessage `json:"value"`
	Status *string         `json:"status"`
}

// ReadKolada reads saved pages of Kolada's v3 data API, the JSON
// {"values":[{"kpi","municipality","period","values":[{"gender","value",
// "status"}]}],"next_url"}, into actuals. names are the pages' files in
// fsys in the order they were fetched (ReadKoladaDir sorts a directory's
// *.json by name): every page but the last must have a next_url and the
// last none; nothing is fetched. Only the total over genders (gender "T")
// of KPIs in kpis is kept; a null value stays a null (Actual.Value
// empty), never 0, and Kolada's status string is kept. Errors name the
// file and JSON path.
func ReadKolada(fsys fs.FS, names []string, kpis map[string]KPIMeasure) ([]Actual, error) {
	if len(names) == 0 {
		return nil, &KoladaError{File: ".", Err: ruleErr(ErrMissingFile, "no saved Kolada pages (*.json)")}
	}
	var out []Actual
	for i, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var p koladaPage
		dec := json.NewDecoder(bytes.NewReader(data))
		if err := dec.Decode(&p); err != nil {
			return nil, &KoladaError{File: name, Err: causeErr(ErrSyntax, err, "not a Kolada v3 response")}
		}
		if p.Values == nil {
			return nil, &KoladaError{File: name, Path: "values", Err: ruleErr(ErrMissingValue, "no values array")}
		}
		last := i == len(names)-1
		switch {
		case last && p.NextURL != nil && *p.NextURL != "":
			return nil, &KoladaError{File: name, Path: "next_url", Err: ruleErr(ErrPages, "the last saved page names a next page %s; save it too", *p.NextURL)}
		case !last && (p.NextURL == nil || *p.NextURL == ""):
			return nil, &KoladaError{File: name, Path: "next_url", Err: ruleErr(ErrPages, "the page has no next page but %s follows it", names[i+1])}
		}
		for j, raw := range p.Values {
			rows, err := koladaEntryRows(name, fmt.Sprintf("values[%d]", j), raw, kpis)
			if err != nil {
				return nil, err
			}
			out = append(out, rows...)
		}
	}
	if len(out) == 0 {
		return nil, &KoladaError{File: names[0], Path: "values", Err: ruleErr(ErrEmpty, "no value of a KPI in the mapping")}
	}
	return out, checkActuals(out, "kolada")
}

// ReadKoladaDir reads the saved pages *.json of a directory in name
// order (page-01.json, page-02.json, ...) with ReadKolada.
func ReadKoladaDir(fsys fs.FS, kpis map[string]KPIMeasure) ([]Actual, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	return ReadKolada(fsys, names, kpis)
}

func koladaEntryRows(file, at string, raw json.RawMessage, kpis map[string]KPIMeasure) ([]Actual, error) {
	var e koladaEntry
	if err := json.Unmarshal(raw, &e); err != nil {
		return nil, &KoladaError{File: file, Path: at, Err: causeErr(ErrSyntax, err, "not a Kolada value entry")}
	}
	if e.KPI == "" {
		return nil, &KoladaError{File: file, Path: at + ".kpi", Err: ErrMissingValue}
	}
	m, ok := kpis[e.KPI]
	if !ok {
		return nil, nil
	}
	if !municipalityRe.MatchString(e.Municipality) {
		return nil, &KoladaError{File: file, Path: at + ".municipality", Err: ruleErr(ErrSyntax, "%q is not a municipality code", e.Municipality)}
	}
	period := trimPeriod(string(e.Period))
	if !periodRe.MatchString(period) {
		return nil, &KoladaError{File: file, Path: at + ".period", Err: ruleErr(ErrSyntax, "%s is not a year or a month YYYY-MM", string(e.Period))}
	}
	var out []Actual
	for k, rv := range e.Values {
		vat := fmt.Sprintf("%s.values[%d]", at, k)
		var v koladaValue
		if err := json.Unmarshal(rv, &v); err != nil {
			return nil, &KoladaError{File: file, Path: vat, Err: causeErr(ErrSyntax, err, "not a Kolada value")}
		}
		switch v.Gender {
		case "T":
		case "K", "M":
			continue
		default:
			return nil, &KoladaError{File: file, Path: vat + ".gender", Err: ruleErr(ErrEnum, "%q is not T, K or M", v.Gender)}
		}
		a := Actual{Region: e.Municipality, Period: period, Measure: m.Measure, Role: m.Role, Source: "kolada:" + e.KPI}
		if v.Status != nil {
			a.Status = *v.Status
		}
		if s := strings.TrimSpace(string(v.Value)); s != "" && s != "null" {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, &KoladaError{File: file, Path: vat + ".value", Err: ruleErr(ErrSyntax, "%s is not a number or null", s)}
			}
			a.Value = strconv.FormatFloat(f*m.Scale, 'g', 12, 64) // 12 digits: 8.9 × 0.01 is 0.089, not 0.08900000000000001
		}
		out = append(out, a)
	}
	return out, nil
}

var (
	municipalityRe = regexp.MustCompile(`^(?:[0-9]{4}|S[0-9]{3,4})$`)
	periodRe       = regexp.MustCompile(`^[0-9]{4}(-(0[1-9]|1[0-2]))?$`)
)

// checkActuals validates rows built in code (from Kolada) as a reader
// would: every value against the schema and every key once.
func checkActuals(rows []Actual, file string) error { return Validate(rows, file) }
