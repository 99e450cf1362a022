package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
)

// scbDir holds real SCB exports for five municipalities around Luleå
// (see its README); tests may read it, the binary never needs it.
const scbDir = "../../datasets/scb/testdata"

func TestPopulationFromSCB(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := caregap(t, "population", "--import-scb", scbDir, "--from", "2017", "--to", "2024", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"2580", "2514", "80+", "naive error"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	rows, err := datasets.ReadFile[datasets.Population](os.DirFS(out), "population.parquet")
	if err != nil {
		t.Fatal(err)
	}
	// 5 municipalities × 7 projected years × 2 sexes × 101 ages.
	if want := 5 * 7 * 2 * 101; len(rows) != want {
		t.Fatalf("%d rows, want %d", len(rows), want)
	}

	// The same through an import to Parquet first.
	data := t.TempDir()
	if code, _, stderr := caregap(t, "datasets", "import-scb", scbDir, "--out", data); code != 0 {
		t.Fatalf("import-scb: exit %d: %s", code, stderr)
	}
	out2 := t.TempDir()
	code, stdout2, stderr := caregap(t, "population", "--data", data, "--from", "2017", "--to", "2024", "--out", out2)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if wroteLine.ReplaceAllString(stdout, "") != wroteLine.ReplaceAllString(stdout2, "") {
		t.Fatalf("projection from the Parquet import differs:\n%s\n%s", stdout, stdout2)
	}
	if _, err := os.Stat(filepath.Join(out2, "population.csv")); err != nil {
		t.Fatal(err)
	}
}

func TestPopulationDefault(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := caregap(t, "population", "--from", "2024", "--to", "2040", "--regions", "2080,2309", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "2080") || strings.Contains(stdout, "1480") {
		t.Fatalf("unexpected regions:\n%s", stdout)
	}
}

// TestPopulationSettings: --anchor national and the recipe's settings
// reach the projection; bad values are usage errors (exit 2).
func TestPopulationSettings(t *testing.T) {
	run := func(args ...string) (int, string, string) {
		t.Helper()
		base := []string{"population", "--import-scb", scbDir, "--from", "2017", "--to", "2024", "--regions", "2580", "--out", t.TempDir()}
		code, stdout, stderr := caregap(t, append(base, args...)...)
		return code, wroteLine.ReplaceAllString(stdout, ""), stderr
	}
	code, def, stderr := run()
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, args := range [][]string{
		{"--anchor", "national"},
		{"--rate-share", "0"},
		{"--recency", "1"},
		{"--replacement", "0"},
		{"--replacement", "0.5"},
		{"--damping", "1", "--bound", "10"},
	} {
		code, out, stderr := run(args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		if out == def {
			t.Errorf("%v: the same projection as the defaults", args)
		}
	}
	// The defaults spelt out give the defaults.
	if _, out, _ := run("--rate-share", "0.5", "--recency", "0.9", "--replacement", "1", "--damping", "0.95", "--bound", "0.15"); out != def {
		t.Error("the defaults spelt out differ from the defaults")
	}
	for _, args := range [][]string{
		{"--anchor", "regional"},
		{"--rate-share", "2"},
		{"--recency", "0"},
		{"--damping", "1.5"},
		{"--replacement", "-0.1"},
		{"--bound", "0"},
	} {
		if code, _, stderr := run(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2: %s", args, code, stderr)
		}
	}
}
