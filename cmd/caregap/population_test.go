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
