package datasets

import (
	"errors"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/caregap/caregap/datasets/defaultdata/scenarios"
)

// TestScenarioFilesFS: ScenarioFiles behaves as a file system by the
// checks of fstest.TestFS, and names with a slash are not in it.
func TestScenarioFilesFS(t *testing.T) {
	m := ScenarioFiles{
		"a.yaml":     []byte("name: a\n"),
		"b.yaml":     []byte("name: b\nextends: [a]\n"),
		"empty.yaml": nil,
		"sub/c.yaml": []byte("name: c\n"), // not flat: not found
	}
	if err := fstest.TestFS(m, "a.yaml", "b.yaml", "empty.yaml"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"sub/c.yaml", "sub", "nosuch.yaml"} {
		if _, err := m.Open(name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("open %s: %v, want ErrNotExist", name, err)
		}
	}
	if _, err := m.Open("../a.yaml"); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("open ../a.yaml: %v, want ErrInvalid", err)
	}
}

// TestScenarioFilesLoader: a scenario held in memory extends another one
// beside it and a shipped one, as on disk.
func TestScenarioFilesLoader(t *testing.T) {
	m := ScenarioFiles{
		"mine.yaml":  []byte("name: mine\ndescription: mine\nextends: [more]\nlevers:\n  - lever: sick_leave\n    level: 0.05\n    start_year: 2026\n"),
		"more.yaml":  []byte("name: more\nextends: [full-time]\n"),
		"other.yaml": []byte("name: other\nlevers:\n  - lever: sick_leave\n    levle: 0.05\n"),
	}
	r, err := (&ScenarioLoader{FS: m, Fallback: scenarios.FS}).Load("mine.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if r.Name != "mine" || len(r.Levers) < 2 {
		t.Errorf("resolved %s with %d levers, want mine with its own and full-time's", r.Name, len(r.Levers))
	}
	if _, err := (&ScenarioLoader{FS: m}).Load("other.yaml"); !errors.Is(err, ErrScenarioSyntax) {
		t.Errorf("typo: %v, want ErrScenarioSyntax", err)
	}
}
