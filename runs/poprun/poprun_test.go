package poprun_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/runs/poprun"
)

func TestPrepareRefusesBadSpecs(t *testing.T) {
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		spec poprun.Spec
	}{
		{"no years", poprun.Spec{Bundle: b}},
		{"to before from", poprun.Spec{Bundle: b, From: 2024, To: 2020}},
		{"too long", poprun.Spec{Bundle: b, From: 2024, To: 2200}},
		{"negative window", poprun.Spec{Bundle: b, From: 2024, To: 2030, Window: -1}},
		{"unknown region", poprun.Spec{Bundle: b, From: 2024, To: 2030, Regions: []string{"0000"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := poprun.Prepare(tc.spec); errkind.Of(err) != errkind.BadInput {
				t.Errorf("err %v, want bad input", err)
			}
		})
	}
}

// TestGivenRates: without deaths and births the data's rates are used as
// given, and the projection keeps the accounts; Write leaves the whole
// file or nothing.
func TestGivenRates(t *testing.T) {
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	spec, err := poprun.Prepare(poprun.Spec{Bundle: b, From: 2024, To: 2030})
	if err != nil {
		t.Fatal(err)
	}
	if len(spec.Regions) != 19 {
		t.Errorf("%d regions, want the default's 19", len(spec.Regions))
	}
	projs, err := poprun.Project(spec)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range projs {
		for k := range p.Flows {
			if v := population.CheckAccounts(&p.Pop[k], &p.Pop[k+1], &p.Flows[k]); v > 1e-9 {
				t.Errorf("%s %d: accounts off by %g", spec.Regions[i], 2025+k, v)
			}
		}
	}
	rows := poprun.Rows(spec, projs)
	// 19 regions × the 6 projected years (2025..2030) × 101 ages × 2 sexes.
	if len(rows) != 19*6*101*2 {
		t.Errorf("%d rows", len(rows))
	}
	dir := filepath.Join(t.TempDir(), "p")
	if err := poprun.Write(dir, 0o755, rows, true); err != nil {
		t.Fatal(err)
	}
	back, err := datasets.ReadFile[datasets.Population](os.DirFS(dir), "population.parquet")
	if err != nil || len(back) != len(rows) {
		t.Fatalf("read back %d rows: %v", len(back), err)
	}
	if _, err := os.Stat(filepath.Join(dir, "population.csv")); err != nil {
		t.Error(err)
	}
}
