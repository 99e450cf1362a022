package main

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/datasets/defaultdata/scenarios"
	"github.com/caregap/caregap/engine/scenario"
)

// loadBundle reads and checks the dataset in dir, or the embedded default
// when dir is empty.
func loadBundle(dir string) (*datasets.Bundle, error) {
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, usagef("--data %s: not a directory", dir)
		}
	}
	return defaultdata.LoadOr(dir)
}

// splitList splits comma-separated flag values.
func splitList(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// loadScenarios reads each --scenario: a file path, or the name of a
// shipped scenario (base, full-time, ...). No names means every shipped
// scenario.
func loadScenarios(names []string) ([]*scenario.Resolved, error) {
	if len(names) == 0 {
		names = scenarios.Names
	}
	var out []*scenario.Resolved
	seen := map[string]string{}
	for _, n := range names {
		var (
			r   *scenario.Resolved
			err error
		)
		if _, serr := os.Stat(n); serr == nil {
			abs, aerr := filepath.Abs(n)
			if aerr != nil {
				return nil, aerr
			}
			l := &datasets.ScenarioLoader{FS: os.DirFS(filepath.Dir(abs)), Fallback: scenarios.FS}
			r, err = l.Load(filepath.Base(abs))
		} else if shipped(n) {
			l := &datasets.ScenarioLoader{FS: scenarios.FS}
			r, err = l.Load(n + ".yaml")
		} else {
			return nil, usagef("--scenario %s: no such file, and not a shipped scenario (%s)", n, strings.Join(scenarios.Names, ", "))
		}
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[r.Name]; dup {
			return nil, usagef("--scenario %s: scenario name %q is also the name of %s", n, r.Name, prev)
		}
		seen[r.Name] = n
		out = append(out, r)
	}
	return out, nil
}

func shipped(name string) bool {
	for _, n := range scenarios.Names {
		if n == name {
			return true
		}
	}
	return false
}
