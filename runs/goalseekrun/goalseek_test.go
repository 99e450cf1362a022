package goalseekrun

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/datasets/defaultdata/scenarios"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/runs/forecastrun"
	"github.com/caregap/caregap/runs/labels"
)

func load(t *testing.T) (*datasets.Bundle, *datasets.MatchSet) {
	t.Helper()
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	m, err := defaultdata.LoadMatch()
	if err != nil {
		t.Fatal(err)
	}
	return b, m
}

// TestPlanMeetsTargetsInForecast is the check: on the default
// data, the written plan.yaml, read by the scenario reader and forecast
// by runs/forecastrun (what caregap forecast --scenario plan.yaml does),
// meets the target in every chosen role, municipality and year from the
// target year, within the tolerance, and keeps every other role's gap at
// most its gap without the plan (or 0).
func TestPlanMeetsTargetsInForecast(t *testing.T) {
	b, m := load(t)
	const target, year = 0.0, 2030
	chosen := []string{"assistant_nurse", "care_aide", "service_assistant", "nurse", "specialist_assistant_nurse"}
	plan, err := Prepare(Spec{Bundle: b, Match: m, TargetYear: year, Roles: chosen, Target: Target{Value: target}, NoCurve: true})
	if err != nil {
		t.Fatal(err)
	}
	run, err := plan.Run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if _, err := run.Write(dir, 0o755, true, labels.EN); err != nil {
		t.Fatal(err)
	}
	l := &datasets.ScenarioLoader{FS: os.DirFS(dir), Fallback: scenarios.FS}
	sc, err := l.Load(ScenarioFile)
	if err != nil {
		t.Fatal(err)
	}
	base, err := (&datasets.ScenarioLoader{FS: scenarios.FS}).Load("base.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fp, err := forecastrun.Prepare(forecastrun.Spec{Bundle: b, Scenarios: []*scenario.Resolved{base, sc}, NoDecomposition: true})
	if err != nil {
		t.Fatal(err)
	}
	fr, err := fp.Run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ref := map[[3]string]float64{}
	for _, r := range fr.Rows {
		if r.Scenario == "base" {
			ref[[3]string{r.Region, r.Role, itoa(r.Year)}] = r.GapFTE
		}
	}
	tol := plan.tol()
	var checked, unmet int
	s := run.Summary(labels.EN)
	for _, r := range fr.Rows {
		if r.Scenario != sc.Name || int(r.Year) < year {
			continue
		}
		allowed := target
		if !slices.Contains(chosen, r.Role) {
			allowed = math.Max(0, ref[[3]string{r.Region, r.Role, itoa(r.Year)}])
		}
		checked++
		if r.GapFTE > allowed+tol {
			if !slices.ContainsFunc(s.Unreachable, func(u Unreachable) bool {
				return u.Region == r.Region && u.Role == r.Role && u.Year == int(r.Year) && math.Abs(u.ReachedFTE-r.GapFTE) < 1e-6
			}) {
				t.Errorf("%s %s %d: gap %.4f FTE over the target %g (tolerance %g) and not reported out of reach", r.Region, r.Role, r.Year, r.GapFTE, allowed, tol)
			}
			unmet++
		}
	}
	if checked != 19*7*11 {
		t.Errorf("checked %d region-role-years, want 19 × 7 × 11", checked)
	}
	if unmet != 0 || !s.Feasible {
		t.Errorf("%d role-years unmet; the default limits allow a zero gap from %d", unmet, year)
	}
	if s.CostSEK <= 0 || s.WagesSEK <= 0 || math.Abs(s.CostSEK-run.Cost) > 1e-6*run.Cost {
		t.Errorf("cost %g, wages %g", s.CostSEK, s.WagesSEK)
	}
}

func itoa(y int32) string { return strconv.Itoa(int(y)) }
