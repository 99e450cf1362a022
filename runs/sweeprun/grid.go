package sweeprun

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/scenario"
	"go.yaml.in/yaml/v3"
)

// DefaultMaxScenarios bounds a grid's points when Spec.MaxScenarios is 0.
const DefaultMaxScenarios = 1000

// ErrGrid is the class of a grid file that cannot run: not YAML, an
// unknown key, an axis without values, a field that cannot vary, a
// value its lever refuses, too many points.
var ErrGrid = errkind.New(errkind.BadInput, "invalid sweep grid")

// GridError locates a problem in a grid file: the file, the line when
// known, the axis (its index from 0 and name) and the field. Its message
// reads "grid.yaml:12: axis 2 (sick_leave), field values: ...".
type GridError struct {
	File  string
	Line  int    // 1-based; 0 when unknown
	Axis  int    // -1 when the problem is not an axis's
	Name  string // the axis's name, when known
	Field string // the key at fault, when known
	Err   error
}

func (e *GridError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Axis >= 0 {
		fmt.Fprintf(&b, "axis %d", e.Axis)
		if e.Name != "" {
			fmt.Fprintf(&b, " (%s)", e.Name)
		}
		if e.Field != "" {
			b.WriteString(", ")
		}
	}
	if e.Field != "" {
		fmt.Fprintf(&b, "field %s", e.Field)
	}
	if e.Axis >= 0 || e.Field != "" {
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *GridError) Unwrap() error { return e.Err }

// Kind is errkind.BadInput: the error locates a problem in a grid file.
func (e *GridError) Kind() errkind.Kind { return errkind.BadInput }

// Grid is a sweep's scenarios: every point of the Cartesian product of
// its axes' values is a scenario that extends Base with one lever per
// axis.
type Grid struct {
	// Name and Description say what the grid studies.
	Name        string `yaml:"name,omitempty" json:"name,omitempty"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Base is the scenario every point extends: a scenario file
	// Base.yaml beside the grid file, or a shipped scenario [base].
	Base string `yaml:"base,omitempty" json:"base"`
	Axes []Axis `yaml:"axes" json:"axes"`
}

// Axis is one lever of the grid and the values of its field that vary.
type Axis struct {
	// Name heads the axis's column in the scenarios' list; default the
	// lever's label, or its kind and the field ("sick_leave.level").
	Name string `yaml:"name,omitempty" json:"name"`
	// Lever is a lever in the scenario files' syntax, without the field
	// that varies.
	Lever scenario.Lever `yaml:"lever" json:"lever"`
	// Vary is the field that varies: one of VaryFields.
	Vary string `yaml:"vary" json:"vary"`
	// Values are the field's values, in order; null leaves the lever out
	// of the points that take it (the base scenario's level).
	Values []*float64 `yaml:"values" json:"values"`
}

// VaryFields are the lever fields an axis may vary: the numbers of the
// scenario file's lever syntax.
var VaryFields = []string{"level", "change", "scale", "years", "share", "ratio", "per_year",
	"retention_1y", "retention_3y", "supervision_fte", "start_year", "target_year"}

// floatField returns the address of l's number field name, or nil when
// name is not one (start_year and target_year are whole numbers).
func floatField(l *scenario.Lever, name string) **float64 {
	switch name {
	case "level":
		return &l.Level
	case "change":
		return &l.Change
	case "scale":
		return &l.Scale
	case "years":
		return &l.Years
	case "share":
		return &l.Share
	case "ratio":
		return &l.Ratio
	case "per_year":
		return &l.PerYear
	case "retention_1y":
		return &l.Retention1
	case "retention_3y":
		return &l.Retention3
	case "supervision_fte":
		return &l.SupervisionFTE
	}
	return nil
}

// setField sets field name (one of VaryFields) of l to v.
func setField(l *scenario.Lever, name string, v float64) {
	switch name {
	case "start_year":
		l.StartYear = int(v)
	case "target_year":
		l.TargetYear = int(v)
	default:
		*floatField(l, name) = &v
	}
}

// isSet reports whether field name (one of VaryFields) of l is given.
func isSet(l *scenario.Lever, name string) bool {
	switch name {
	case "start_year":
		return l.StartYear != 0
	case "target_year":
		return l.TargetYear != 0
	}
	return *floatField(l, name) != nil
}

// Point is one scenario of the grid: its id, the value each axis takes
// (nil: the axis's lever left out) and the scenario, an ordinary one that
// can be written as a scenario file.
type Point struct {
	ID       string
	Values   []*float64
	Scenario *scenario.Scenario
	Resolved *scenario.Resolved
}

// DecodeGrid reads a grid from YAML and checks it; file names it in
// errors. Unknown keys are errors.
func DecodeGrid(data []byte, file string) (*Grid, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &GridError{File: file, Axis: -1, Err: fmt.Errorf("%w: %v", ErrGrid, strings.TrimPrefix(err.Error(), "yaml: "))}
	}
	if len(root.Content) == 0 {
		return nil, &GridError{File: file, Axis: -1, Err: fmt.Errorf("%w: empty file", ErrGrid)}
	}
	var g Grid
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&g); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = strings.TrimSpace(strings.TrimPrefix(msg, "unmarshal errors:\n"))
		return nil, &GridError{File: file, Axis: -1, Err: fmt.Errorf("%w: %s", ErrGrid, msg)}
	}
	if err := g.check(); err != nil {
		var ge *GridError
		if errors.As(err, &ge) {
			ge.File = file
			ge.Line = datasets.ItemLine(root.Content[0], "axes", ge.Axis, ge.Field)
			return nil, ge
		}
		return nil, err
	}
	return &g, nil
}

// check validates g and fills the defaults: Base, the axes' names.
func (g *Grid) check() error {
	fail := func(axis int, name, field string, format string, a ...any) error {
		return &GridError{Axis: axis, Name: name, Field: field, Err: fmt.Errorf("%w: %s", ErrGrid, fmt.Sprintf(format, a...))}
	}
	if g.Base == "" {
		g.Base = "base"
	}
	if strings.ContainsAny(g.Base, `/\`) {
		return fail(-1, "", "base", "%q: a scenario name, not a path", g.Base)
	}
	if len(g.Axes) == 0 {
		return fail(-1, "", "axes", "no axes: a grid needs at least one")
	}
	for i := range g.Axes {
		a := &g.Axes[i]
		if a.Name == "" {
			a.Name = a.Lever.Label
			if a.Name == "" {
				a.Name = string(a.Lever.Kind) + "." + a.Vary
			}
		}
		if !slices.Contains(VaryFields, a.Vary) {
			return fail(i, a.Name, "vary", "%q is not a field an axis can vary (%s)", a.Vary, strings.Join(VaryFields, ", "))
		}
		if isSet(&a.Lever, a.Vary) {
			return fail(i, a.Name, "lever", "the lever sets %s, which the axis varies: leave it out of the lever", a.Vary)
		}
		if len(a.Values) == 0 {
			return fail(i, a.Name, "values", "no values")
		}
		for j, v := range a.Values {
			if v == nil {
				if slices.ContainsFunc(a.Values[:j], func(x *float64) bool { return x == nil }) {
					return fail(i, a.Name, "values", "null given twice")
				}
				continue
			}
			if math.IsNaN(*v) || math.IsInf(*v, 0) {
				return fail(i, a.Name, "values", "value %d is not a finite number", j+1)
			}
			if slices.ContainsFunc(a.Values[:j], func(x *float64) bool { return x != nil && *x == *v }) {
				return fail(i, a.Name, "values", "%s given twice", fmtValue(v))
			}
			if (a.Vary == "start_year" || a.Vary == "target_year") && *v != math.Trunc(*v) {
				return fail(i, a.Name, "values", "%s is not a year", fmtValue(v))
			}
			l := a.Lever
			setField(&l, a.Vary, *v)
			sc := scenario.Scenario{Name: "grid", Levers: []scenario.Lever{l}}
			if err := sc.Validate(); err != nil {
				var se *scenario.Error
				if errors.As(err, &se) {
					err = se.Err
				}
				return fail(i, a.Name, "values", "%s %s: %v", a.Vary, fmtValue(v), err)
			}
		}
		for j := range g.Axes[:i] {
			if g.Axes[j].Name == a.Name {
				return fail(i, a.Name, "name", "another axis (%d) has this name: give each a name", j)
			}
		}
	}
	return nil
}

// Size returns the number of points of the grid, or -1 when it exceeds
// limit.
func (g *Grid) Size(limit int) int {
	n := 1
	for _, a := range g.Axes {
		n *= len(a.Values)
		if n > limit {
			return -1
		}
	}
	return n
}

// Points returns the grid's scenarios, the last axis varying fastest,
// with ids s0, s1, ... padded to the same width, each resolved with
// lookup (the base scenario and what it extends). More than limit points
// is an ErrGrid.
func (g *Grid) Points(file string, limit int, lookup func(name string) (*scenario.Scenario, error)) ([]Point, error) {
	n := g.Size(limit)
	if n < 0 {
		total := 1.0
		for _, a := range g.Axes {
			total *= float64(len(a.Values))
		}
		return nil, &GridError{File: file, Axis: -1, Err: fmt.Errorf("%w: %.0f scenarios, more than the limit of %d", ErrGrid, total, limit)}
	}
	width := len(strconv.Itoa(n - 1))
	out := make([]Point, n)
	idx := make([]int, len(g.Axes))
	for p := range n {
		sc := &scenario.Scenario{Name: fmt.Sprintf("s%0*d", width, p), Extends: []string{g.Base}}
		vals := make([]*float64, len(g.Axes))
		var desc []string
		for i, a := range g.Axes {
			v := a.Values[idx[i]]
			vals[i] = v
			if v == nil {
				desc = append(desc, a.Name+"=none")
				continue
			}
			l := a.Lever
			setField(&l, a.Vary, *v)
			sc.Levers = append(sc.Levers, l)
			desc = append(desc, a.Name+"="+fmtValue(v))
		}
		sc.Description = strings.Join(desc, ", ")
		r, err := scenario.Resolve(sc, lookup)
		if err != nil {
			var se *datasets.ScenarioError
			if errors.As(err, &se) {
				return nil, err
			}
			return nil, &GridError{File: file, Axis: -1, Field: "base", Err: fmt.Errorf("%w: scenario %s: %w", ErrGrid, sc.Name, err)}
		}
		out[p] = Point{ID: sc.Name, Values: vals, Scenario: sc, Resolved: r}
		for i := len(idx) - 1; i >= 0; i-- { // the next point, last axis fastest
			if idx[i]++; idx[i] < len(g.Axes[i].Values) {
				break
			}
			idx[i] = 0
		}
	}
	return out, nil
}

// LoadGrid reads the grid in file of fsys and its points, resolving the
// base scenario beside the file, then among shipped (may be nil); more
// than limit points is an ErrGrid.
func LoadGrid(fsys fs.FS, file string, shipped fs.FS, limit int) (*Grid, []Point, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, nil, &GridError{File: file, Axis: -1, Err: err}
	}
	g, err := DecodeGrid(data, file)
	if err != nil {
		return nil, nil, err
	}
	pts, err := g.Points(file, limit, ScenarioLookup(fsys, path.Dir(file), shipped))
	if err != nil {
		return nil, nil, err
	}
	return g, pts, nil
}

// ScenarioLookup finds a scenario by name as a file name.yaml, .yml or
// .json in dir of fsys, then in shipped (the scenarios shipped with
// caregap; may be nil).
func ScenarioLookup(fsys fs.FS, dir string, shipped fs.FS) func(name string) (*scenario.Scenario, error) {
	return func(name string) (*scenario.Scenario, error) {
		for _, src := range []struct {
			fsys fs.FS
			dir  string
		}{{fsys, dir}, {shipped, "."}} {
			if src.fsys == nil {
				continue
			}
			for _, ext := range []string{".yaml", ".yml", ".json"} {
				p := path.Join(src.dir, name+ext)
				if _, err := fs.Stat(src.fsys, p); err == nil {
					return (&datasets.ScenarioLoader{FS: src.fsys}).Read(p)
				}
			}
		}
		return nil, fmt.Errorf("no scenario %q: no file %s.yaml beside the grid and no shipped scenario of that name", name, name)
	}
}

// fmtValue prints a value as the scenarios' list does: the shortest form
// that parses back to it.
func fmtValue(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'g', -1, 64)
}
