package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
)

// TestGoalseekCommand: caregap goalseek writes the plan and its tables,
// prints the result, and the plan runs through caregap forecast.
func TestGoalseekCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "gs")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"goalseek", "--target-year", "2030", "--regions", "2309", "--max-gap", "2%",
		"--levers", "employment_rate,sick_leave,recruits", "--out", out}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"caregap goalseek: 1 regions, gap at most 2 % per role", "Plan cost", "marginal cost", "Cost curve", "wrote " + out} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
	for _, f := range []string{"plan.yaml", "summary.json", "goalseek_levers.parquet", "goalseek_levers.csv", "goalseek_targets.csv",
		"goalseek_curve.csv", "lever_costs.csv", "lever_limits.csv", "lp/2309.lp"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	stdout.Reset()
	if code := run(context.Background(), []string{"forecast", "--scenario", filepath.Join(out, "plan.yaml"), "--regions", "2309",
		"--no-decomposition", "--no-charts", "--no-xlsx", "--out", filepath.Join(out, "fc")}, &stdout, &stderr); code != exitOK {
		t.Fatalf("forecast of the plan: exit %d: %s", code, stderr.String())
	}
}

// TestGoalseekBadInput: wrong flags and files are the user's error (exit
// 2), named by flag or by file, row and column.
func TestGoalseekBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "costs.csv")
	costs := defaultdata.LeverCosts()
	var b bytes.Buffer
	if err := datasets.EncodeCSV(&b, costs[:3]); err != nil {
		t.Fatal(err)
	}
	b.WriteString("recruits,,,,2025,hours,1,0,x\n")
	if err := os.WriteFile(bad, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"goalseek", "--out", dir}, "--target-year is required"},
		{[]string{"goalseek", "--target-year", "2030"}, "--out is required"},
		{[]string{"goalseek", "--target-year", "2030", "--max-gap", "a lot", "--out", dir}, `--max-gap "a lot"`},
		{[]string{"goalseek", "--target-year", "2024", "--out", dir}, "target year 2024"},
		{[]string{"goalseek", "--target-year", "2030", "--roles", "pilot", "--out", dir}, `role "pilot"`},
		{[]string{"goalseek", "--target-year", "2030", "--levers", "use_rate", "--out", dir}, `lever "use_rate"`},
		{[]string{"goalseek", "--target-year", "2030", "--costs", filepath.Join(dir, "none.csv"), "--out", dir}, "no such file"},
		{[]string{"goalseek", "--target-year", "2030", "--costs", bad, "--out", dir}, `costs.csv: line 5, column unit: "hours" is not the unit of recruits`},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), tc.args, &stdout, &stderr); code != exitBadInput || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, stderr.String(), tc.want)
		}
	}
}
