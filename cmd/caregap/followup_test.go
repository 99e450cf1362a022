package main

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
)

// TestFollowupAgainstForecastRun runs a forecast of one municipality,
// follows it up with actuals of which one is not reported, and checks the
// table against the run's own forecast.csv: the forecast column is the
// headcount summed over roles, and 1 − (effective + supervision) /
// contracted for the sick-leave rate.
func TestFollowupAgainstForecastRun(t *testing.T) {
	dir := t.TempDir()
	run := filepath.Join(dir, "run")
	if code, _, stderr := caregap(t, "forecast", "--regions", "1481", "--to", "2026", "--no-charts", "--no-xlsx", "--progress", "never", "--out", run); code != 0 {
		t.Fatalf("forecast: exit %d: %s", code, stderr)
	}
	actuals := filepath.Join(dir, "actuals.csv")
	os.WriteFile(actuals, []byte("region,period,measure,role,value,source,status\n"+
		"1481,2025,headcount,,1890,hr,\n"+
		"1481,2025-01,sick_leave_rate,care_aide,0.1,hr,\n"+
		"1481,2025-02,sick_leave_rate,care_aide,,hr,not reported\n"+
		"1481,2024,placements_started,,20,programme,\n"+
		"1481,2024,placements_employed_12m,,15,programme,\n"), 0o644)
	out := filepath.Join(dir, "fu")
	code, stdout, stderr := caregap(t, "followup", "--actuals", actuals, "--forecast", run, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "15 of 20 = 75.0 %") || !strings.Contains(stdout, "retention_1y 0.75") {
		t.Errorf("stdout %s", stdout)
	}
	var hc, contracted, effective, supervision float64
	f, _ := os.Open(filepath.Join(run, "forecast.csv"))
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	num := func(r []string, c string) float64 { v, _ := strconv.ParseFloat(r[col[c]], 64); return v }
	for _, r := range recs[1:] {
		if r[col["scenario"]] != "base" || r[col["year"]] != "2025" {
			continue
		}
		hc += num(r, "headcount")
		if r[col["role"]] == "care_aide" {
			contracted, effective, supervision = num(r, "contracted_fte"), num(r, "effective_fte"), num(r, "supervision_fte")
		}
	}
	rows, err := datasets.ReadFile[datasets.FollowupRow](os.DirFS(out), "followup.parquet")
	if err != nil || len(rows) != 2 {
		t.Fatalf("%+v %v", rows, err)
	}
	if r := rows[0]; r.Measure != "headcount" || math.Abs(r.Forecast-hc) > 1e-6*hc || math.Abs(r.Deviation-(1890-hc)) > 1e-6*hc || r.Band != "no_band" {
		t.Errorf("headcount %+v, want forecast %g", r, hc)
	}
	if r := rows[1]; r.Measure != "sick_leave_rate" || r.Months != 1 || math.Abs(r.Forecast-(1-(effective+supervision)/contracted)) > 1e-9 {
		t.Errorf("sick leave %+v", r)
	}
}

func TestFollowupUsage(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"followup", "--actuals", "x.csv"},
		{"followup", "--out", dir},
		{"followup", "--out", dir, "--kolada", dir},
		{"followup", "--out", dir, "--actuals", filepath.Join(dir, "none.csv")},
		{"followup", "--out", dir, "--actuals", "x", "--forecast", dir, "--draws", "3"},
	} {
		if code, _, stderr := caregap(t, args...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("region,period,measure,role,value,source,status\n1481,2025,sick_leave_rate,,8.4,hr,\n"), 0o644)
	code, _, stderr := caregap(t, "followup", "--actuals", bad, "--out", filepath.Join(dir, "o"))
	if code != 2 || !strings.Contains(stderr, "bad.csv: line 2, column value") {
		t.Errorf("bad value: exit %d, %q", code, stderr)
	}
}

// TestFollowupInlineForecastBand runs the forecast from the scenario
// flags with draws, so that every row of the comparison has a band, and
// checks that an actual far from the path falls outside it.
func TestFollowupInlineForecastBand(t *testing.T) {
	dir := t.TempDir()
	actuals := filepath.Join(dir, "actuals.csv")
	os.WriteFile(actuals, []byte("region,period,measure,role,value,source,status\n1481,2025,headcount,,1890,hr,\n1481,2025,headcount,care_aide,100,hr,\n"), 0o644)
	out := filepath.Join(dir, "fu")
	code, stdout, stderr := caregap(t, "followup", "--actuals", actuals, "--regions", "1481", "--to", "2026", "--draws", "10", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "no cohort reported") || !strings.Contains(stdout, "the defaults 0.80 and 0.60") {
		t.Errorf("stdout %s", stdout)
	}
	rows, err := datasets.ReadFile[datasets.FollowupRow](os.DirFS(out), "followup.csv")
	if err != nil || len(rows) != 2 {
		t.Fatalf("%+v %v", rows, err)
	}
	for _, r := range rows {
		if r.Band == "no_band" || r.P10 > r.P90 {
			t.Errorf("no band with draws: %+v", r)
		}
	}
	// 100 care aides against about 250 forecast: the gap grows by some
	// 150 × 0.74 FTE, far above the band.
	if r := rows[1]; r.Role != "care_aide" || r.Band != "outside" || r.GapEffectFTE < 50 {
		t.Errorf("care aides %+v", r)
	}
}
