package main

import (
	"os"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
)

func TestPopulationDraws(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := caregap(t, "population", "--from", "2024", "--to", "2030", "--regions", "2080,2309",
		"--draws", "20", "--seed", "5", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "Population in 2030 over 20 draws") {
		t.Errorf("no bands printed:\n%s", stdout)
	}
	bands, err := datasets.ReadFile[datasets.PopulationBand](os.DirFS(out), "population_bands.parquet")
	if err != nil {
		t.Fatal(err)
	}
	// (2 regions + their total) × 6 years × 5 age groups × 3 sexes.
	if want := 3 * 6 * 5 * 3; len(bands) != want {
		t.Fatalf("%d bands, want %d", len(bands), want)
	}
	if code, _, _ := caregap(t, "population", "--from", "2024", "--to", "2030", "--draws", "-1", "--out", t.TempDir()); code == 0 {
		t.Error("--draws -1 accepted")
	}
}
