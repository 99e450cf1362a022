package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const smallGrid = "../../runs/sweeprun/testdata/small.yaml"

// TestSweepCommand: a sweep in one process and the same in two shards
// merged write the same files; the table ranks the scenarios.
func TestSweepCommand(t *testing.T) {
	one, sharded := t.TempDir(), t.TempDir()
	args := []string{"sweep", "--grid", smallGrid, "--regions", "2080,0580", "--draws", "20", "--seed", "3", "--to", "2030", "--progress", "never"}
	code, stdout, stderr := caregap(t, append(args, "--out", one)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, w := range []string{"4 scenarios × 2 regions × 20 draws, 2024-2030", "Gap in 2030 over 20 draws", "s3 ", "sick_leave=0.06, retirement_age.years=1", "wrote " + one} {
		if !strings.Contains(stdout, w) {
			t.Errorf("output does not say %q:\n%s", w, stdout)
		}
	}
	for _, s := range []string{"0/2", "1/2"} {
		code, stdout, stderr := caregap(t, append(args, "--out", sharded, "--shard", s)...)
		if code != 0 || !strings.Contains(stdout, "shard "+s) || !strings.Contains(stdout, "caregap sweep merge") {
			t.Fatalf("shard %s: exit %d: %s%s", s, code, stdout, stderr)
		}
	}
	code, stdout, stderr = caregap(t, "sweep", "merge", sharded, "--progress", "never")
	if code != 0 || !strings.Contains(stdout, "2 shards of 4 scenarios, 2 regions") {
		t.Fatalf("merge: exit %d: %s%s", code, stdout, stderr)
	}
	err := filepath.WalkDir(one, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(one, path)
		a, _ := os.ReadFile(path)
		b, err := os.ReadFile(filepath.Join(sharded, rel))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s: the shards merged differ from one process (%v)", rel, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSweepBadInput: each mistake exits 2 with a message naming it,
// before anything is written.
func TestSweepBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("axes:\n  - vary: levl\n    values: [1]\n    lever: {lever: sick_leave, start_year: 2026, target_year: 2029}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	base := []string{"sweep", "--regions", "2080", "--draws", "5", "--to", "2027", "--out", out, "--progress", "never"}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no grid", base, "--grid is required"},
		{"no such grid", append(base, "--grid", filepath.Join(dir, "none.yaml")), "no such file"},
		{"bad grid", append(base, "--grid", bad), bad + ":2: axis 0 (sick_leave.levl), field vary"},
		{"bad shard", append(base, "--grid", smallGrid, "--shard", "2/2"), `shard "2/2"`},
		{"too many scenarios", append(base, "--grid", smallGrid, "--max-scenarios", "3"), "4 scenarios, more than the limit of 3"},
		{"too little memory", append(base, "--grid", smallGrid, "--max-memory", "1", "--draws", "20000"), "--max-memory"},
		{"unknown region", append(base, "--grid", smallGrid, "--regions", "9999"), "9999"},
		{"draws", append(base, "--grid", smallGrid, "--draws", "0"), "--draws 0"},
		{"merge of no sweep", []string{"sweep", "merge", dir}, "not a sweep directory"},
		{"merge without a directory", []string{"sweep", "merge"}, "one argument"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := caregap(t, c.args...)
			if code != 2 || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, %q; want 2 and %q", code, stderr, c.want)
			}
		})
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused sweep wrote its directory")
	}
}
