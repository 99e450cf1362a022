package datasets

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/scenario"
	"go.yaml.in/yaml/v3"
)

// ScenarioError is a problem in a scenario file, with the line it is on
// when known.
type ScenarioError struct {
	File string
	Line int // 1-based; 0 when unknown
	Err  error
}

func (e *ScenarioError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *ScenarioError) Unwrap() error { return e.Err }

// Kind is errkind.BadInput: the error locates a problem in a scenario file.
func (e *ScenarioError) Kind() errkind.Kind { return errkind.BadInput }

// ErrScenarioSyntax marks a scenario file that is not valid YAML or has a
// key no scenario takes.
var ErrScenarioSyntax = errkind.New(errkind.BadInput, "invalid scenario file")

// DecodeScenario reads one scenario from YAML (or JSON, which is YAML)
// and validates it. Unknown keys are errors, so a typo never passes
// silently. file names the source in errors.
func DecodeScenario(r io.Reader, file string) (*scenario.Scenario, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &ScenarioError{File: file, Err: err}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &ScenarioError{File: file, Line: yamlLine(err), Err: fmt.Errorf("%w: %v", ErrScenarioSyntax, yamlMessage(err))}
	}
	if len(root.Content) == 0 {
		return nil, &ScenarioError{File: file, Err: fmt.Errorf("%w: empty file", ErrScenarioSyntax)}
	}
	var s scenario.Scenario
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return nil, &ScenarioError{File: file, Line: yamlLine(err), Err: fmt.Errorf("%w: %v", ErrScenarioSyntax, yamlMessage(err))}
	}
	if s.Name == "" {
		s.Name = strings.TrimSuffix(path.Base(file), path.Ext(file))
	}
	if err := s.Validate(); err != nil {
		line := 0
		var se *scenario.Error
		if errors.As(err, &se) {
			line = ItemLine(root.Content[0], "levers", se.Lever, se.Field)
		}
		return nil, &ScenarioError{File: file, Line: line, Err: err}
	}
	return &s, nil
}

// ItemLine finds, in a YAML document node, the line of field in item i
// of the top-level sequence list (or of the item when it has no such
// field), or of the top-level key field when i < 0; 0 when there is none.
// It locates a scenario's lever (list "levers") or a sweep grid's axis
// ("axes") in its file for an error message.
func ItemLine(doc *yaml.Node, list string, i int, field string) int {
	if doc.Kind != yaml.MappingNode {
		return 0
	}
	for k := 0; k+1 < len(doc.Content); k += 2 {
		key, val := doc.Content[k], doc.Content[k+1]
		if i < 0 {
			if key.Value == field {
				return key.Line
			}
			continue
		}
		if key.Value != list || val.Kind != yaml.SequenceNode || i >= len(val.Content) {
			continue
		}
		item := val.Content[i]
		for j := 0; j+1 < len(item.Content); j += 2 {
			if item.Content[j].Value == field {
				return item.Content[j].Line
			}
		}
		return item.Line
	}
	return 0
}

func yamlLine(err error) int {
	var te *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	var line int
	if i := strings.Index(msg, "line "); i >= 0 {
		fmt.Sscanf(msg[i:], "line %d", &line)
	}
	return line
}

func yamlMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n")
	msg = strings.TrimSpace(msg)
	if i := strings.IndexByte(msg, '\n'); i >= 0 { // the first problem is enough
		msg = strings.TrimSpace(msg[:i])
	}
	// "line 7: field levr not found in type scenario.Lever" → drop the line, it is in the prefix.
	if i := strings.Index(msg, ": "); i >= 0 && strings.HasPrefix(msg, "line ") {
		msg = msg[i+2:]
	}
	// The decoder's words name Go types and YAML tags; say it in the
	// scenario file's terms.
	if m := unmarshalRe.FindStringSubmatch(msg); m != nil {
		got := yamlTagWords[strings.TrimLeft(m[1], "!")]
		if got == "" {
			got = "a value"
		}
		if m[2] != "" {
			got = fmt.Sprintf("%q (%s)", m[2], got)
		}
		return fmt.Sprintf("%s where %s is expected", got, goTypeWords(m[3]))
	}
	if m := unknownFieldRe.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("unknown key %q in %s", m[1], goTypeWords(m[2]))
	}
	if m := alreadySetRe.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("key %q given twice", m[1])
	}
	if strings.Contains(msg, "unmarshal") || strings.Contains(msg, "scenario.") || strings.Contains(msg, "!!") {
		// A decoder message none of the above recognised: say what a
		// scenario file is rather than quote the decoder.
		return "not a scenario: a scenario file is a mapping of name, description, extends and levers"
	}
	return msg
}

var (
	unmarshalRe    = regexp.MustCompile("^cannot unmarshal (!{1,2}\\S*)(?: `([^`]*)`)? into (\\S+)")
	unknownFieldRe = regexp.MustCompile(`^field (.*) not found in type (\S+)`)
	alreadySetRe   = regexp.MustCompile(`^mapping key "([^"]*)" already defined`)
)

var yamlTagWords = map[string]string{
	"str": "text", "int": "a whole number", "float": "a number", "bool": "true or false",
	"seq": "a list", "map": "a mapping of keys", "null": "nothing", "binary": "binary data", "timestamp": "a date",
}

// goTypeWords names what a Go type of a scenario file holds.
func goTypeWords(t string) string {
	switch t {
	case "float64", "*float64":
		return "a number"
	case "int", "int32", "int64":
		return "a whole number"
	case "string", "scenario.Kind", "scenario.Profile":
		return "text"
	case "bool":
		return "true or false"
	case "[]string":
		return "a list of names"
	case "scenario.Lever":
		return "a lever (a mapping of keys such as lever, start_year, target_year)"
	case "[]scenario.Lever":
		return "a list of levers"
	case "scenario.Scenario":
		return "a scenario (a mapping of keys such as name, extends, levers)"
	}
	return "another kind of value"
}

// ScenarioLoader reads scenario files and resolves the scenarios they
// extend from the same directory (name.yaml, name.yml or name.json), then
// from the fallback file system (the scenarios shipped with caregap).
type ScenarioLoader struct {
	FS       fs.FS // where files are read; paths are relative to it
	Fallback fs.FS // may be nil
}

// Load reads the scenario in file and resolves what it extends.
func (l *ScenarioLoader) Load(file string) (*scenario.Resolved, error) {
	s, err := l.read(l.FS, file)
	if err != nil {
		return nil, err
	}
	dir := path.Dir(file)
	lookup := func(name string) (*scenario.Scenario, error) {
		for _, fsys := range []fs.FS{l.FS, l.Fallback} {
			if fsys == nil {
				continue
			}
			for _, ext := range []string{".yaml", ".yml", ".json"} {
				p := path.Join(dir, name+ext)
				if fsys == l.Fallback {
					p = name + ext
				}
				if _, err := fs.Stat(fsys, p); err == nil {
					return l.read(fsys, p)
				}
			}
		}
		return nil, fmt.Errorf("no file %s.yaml beside %s", name, file)
	}
	r, err := scenario.Resolve(s, lookup)
	if err != nil {
		var se *ScenarioError
		if errors.As(err, &se) {
			return nil, err
		}
		return nil, &ScenarioError{File: file, Err: err}
	}
	return r, nil
}

// Read reads and validates the scenario in file, without resolving what
// it extends.
func (l *ScenarioLoader) Read(file string) (*scenario.Scenario, error) { return l.read(l.FS, file) }

func (l *ScenarioLoader) read(fsys fs.FS, file string) (*scenario.Scenario, error) {
	f, err := fsys.Open(file)
	if err != nil {
		return nil, &ScenarioError{File: file, Err: err}
	}
	defer f.Close()
	return DecodeScenario(f, file)
}
