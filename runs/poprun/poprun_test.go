package poprun_test

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/datasets/scb"
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

// scbBundle imports the real SCB exports of datasets/scb/testdata (five
// municipalities around Luleå, 2006..2024; see its README).
func scbBundle(t *testing.T) *datasets.Bundle {
	t.Helper()
	b, err := scb.ImportDir(os.DirFS("../../datasets/scb/testdata"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPrepareRefusesBadSettings(t *testing.T) {
	b := scbBundle(t)
	for _, tc := range []struct {
		name string
		spec poprun.Spec
	}{
		{"rate share above 1", poprun.Spec{RateShare: 1.5}},
		{"negative rate share", poprun.Spec{RateShare: -0.5}},
		{"recency above 1", poprun.Spec{Recency: 2}},
		{"damping above 1", poprun.Spec{Damping: 1.1}},
		{"negative damping", poprun.Spec{Damping: -0.1}},
		{"negative bound", poprun.Spec{Bound: -1}},
		{"NaN bound", poprun.Spec{Bound: math.NaN()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec := tc.spec
			spec.Bundle, spec.From, spec.To = b, 2017, 2024
			if _, err := poprun.Prepare(spec); errkind.Of(err) != errkind.BadInput {
				t.Errorf("err %v, want bad input", err)
			}
		})
	}
}

// TestRecipeSettings: on SCB's registers each setting of the recipe
// reaches the rates it governs, and every projection keeps the accounts.
func TestRecipeSettings(t *testing.T) {
	b := scbBundle(t)
	const from, to = 2017, 2040
	rates := func(set func(*poprun.Spec)) *population.Rates {
		t.Helper()
		spec := poprun.Spec{Bundle: b, Regions: []string{"2560"}, From: from, To: to}
		if set != nil {
			set(&spec)
		}
		ps, err := poprun.Prepare(spec)
		if err != nil {
			t.Fatal(err)
		}
		projs, err := poprun.Project(ps)
		if err != nil {
			t.Fatal(err)
		}
		p := projs[0]
		for k := range p.Flows {
			if v := population.CheckAccounts(&p.Pop[k], &p.Pop[k+1], &p.Flows[k]); v > 1e-9 {
				t.Fatalf("%d: accounts off by %g", from+k+1, v)
			}
		}
		rs, err := poprun.Rates(ps)
		if err != nil {
			t.Fatal(err)
		}
		return rs[0](to)
	}
	def := rates(nil)
	counts := rates(func(s *poprun.Spec) { s.CountsOnly = true })
	allRates := rates(func(s *poprun.Spec) { s.RateShare = 1 })
	undamped := rates(func(s *poprun.Spec) { s.Damping, s.Bound = 1, math.Inf(1) })
	anchored := rates(func(s *poprun.Spec) { s.Anchor = true })
	flat := rates(func(s *poprun.Spec) { s.NoTrend = true })

	// Women aged 30 in Älvsbyn: net migration held half as a rate by
	// default, wholly as a count or wholly as a rate on request.
	const sex, age = population.Female, 30
	if counts.NetMigrationRate[sex][age] != 0 || allRates.NetMigration[sex][age] != 0 {
		t.Error("counts only or rates only hold the other part")
	}
	if got, want := def.NetMigration[sex][age], counts.NetMigration[sex][age]/2; math.Abs(got-want) > 1e-12 {
		t.Errorf("default count %v, want half of %v", got, want)
	}
	if got, want := def.NetMigrationRate[sex][age], allRates.NetMigrationRate[sex][age]/2; math.Abs(got-want) > 1e-15 {
		t.Errorf("default rate %v, want half of %v", got, want)
	}
	// Men of 85 in 2040: mortality falls with the trend, less when damped
	// and bounded; the national anchor gives another path.
	q := func(r *population.Rates) float64 { return r.Death[population.Male][85] }
	if !(q(undamped) < q(def) && q(def) < q(flat)) {
		t.Errorf("q(85) in %d: undamped %v, default %v, no trend %v; want increasing", to, q(undamped), q(def), q(flat))
	}
	if q(anchored) == q(def) || !(q(anchored) < q(flat)) {
		t.Errorf("q(85) in %d: anchored %v, default %v, no trend %v", to, q(anchored), q(def), q(flat))
	}
}
