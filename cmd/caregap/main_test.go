package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/parquet-go/parquet-go"
	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// caregap runs the command line and returns its exit status, stdout and
// stderr.
func caregap(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

var wroteLine = regexp.MustCompile(`(?m)^wrote .*$`)

// TestForecastDefaultGolden runs what `make run` runs, a matching on the
// embedded default and then every shipped scenario with the placements,
// and compares the printed forecast table with
// testdata/forecast_table.golden (refresh with -update after a deliberate
// change of the model or the default dataset).
func TestForecastDefaultGolden(t *testing.T) {
	out, matched := t.TempDir(), t.TempDir()
	if code, _, stderr := caregap(t, "match", "--out", matched); code != 0 {
		t.Fatalf("match: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := caregap(t, "forecast", "--placements", filepath.Join(matched, "assignments.parquet"), "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := wroteLine.ReplaceAllString(stdout, "wrote OUT")
	golden := filepath.Join("testdata", "forecast_table.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("table differs from %s (run with -update after a deliberate change)\ngot:\n%s\nwant:\n%s", golden, got, want)
	}

	// The outputs: every file, readable, and consistent with each other.
	for _, name := range []string{"forecast.parquet", "forecast.csv", "decomposition.parquet", "decomposition.csv", "forecast.xlsx",
		"charts/base.png", "charts/base.svg", "charts/combined.png"} {
		if st, err := os.Stat(filepath.Join(out, name)); err != nil || st.Size() == 0 {
			t.Errorf("%s missing or empty (%v)", name, err)
		}
	}
	rows, err := datasets.ReadFile[datasets.Forecast](os.DirFS(out), "forecast.parquet")
	if err != nil {
		t.Fatal(err)
	}
	// 8 scenarios (7 shipped and the placements) × 19 regions × 17 years
	// (2024-2040) × 7 roles.
	if want := 8 * 19 * 17 * 7; len(rows) != want {
		t.Fatalf("forecast.parquet has %d rows, want %d", len(rows), want)
	}
	checkWorkbook(t, filepath.Join(out, "forecast.xlsx"), len(rows))
	drivers, err := datasets.ReadFile[datasets.GapDriver](os.DirFS(out), "decomposition.parquet")
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		sc, region, role string
		year             int32
	}
	sum := map[key]float64{}
	for _, d := range drivers {
		sum[key{d.Scenario, d.Region, d.Role, d.Year}] += d.FTE
	}
	for _, r := range rows {
		k := key{r.Scenario, r.Region, r.Role, r.Year}
		if math.Abs(sum[k]-r.GapFTE) > 1e-6*math.Max(1, math.Abs(r.GapFTE)) {
			t.Fatalf("%v: drivers sum to %g, gap is %g", k, sum[k], r.GapFTE)
		}
		if math.Abs(r.DemandFTE-r.EffectiveFTE-r.GapFTE) > 1e-9 {
			t.Fatalf("%v: gap is not demand − effective FTE", k)
		}
	}
}

// exportDefault writes the embedded default dataset to a new directory.
func exportDefault(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := datasets.WriteDir(dir, b); err != nil {
		t.Fatal(err)
	}
	return dir
}

// writeRaw writes rows with parquet-go directly, bypassing the dataset
// writer's validation, to make bad files.
func writeRaw[T any](t *testing.T, path string, rows []T) {
	t.Helper()
	if err := parquet.WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
}

func TestForecastBadInput(t *testing.T) {
	type popNoPersons struct {
		Region string `parquet:"region"`
		Year   int32  `parquet:"year"`
		Age    int32  `parquet:"age"`
		Sex    string `parquet:"sex"`
	}
	type popStringPersons struct {
		Region  string `parquet:"region"`
		Year    int32  `parquet:"year"`
		Age     int32  `parquet:"age"`
		Sex     string `parquet:"sex"`
		Persons string `parquet:"persons"`
	}
	editPop := func(edit func(rows []datasets.Population) []datasets.Population) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			rows, err := datasets.ReadFile[datasets.Population](os.DirFS(dir), "population.parquet")
			if err != nil {
				t.Fatal(err)
			}
			writeRaw(t, filepath.Join(dir, "population.parquet"), edit(rows))
		}
	}
	editWorkforce := func(edit func(rows []datasets.Workforce) []datasets.Workforce) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			rows, err := datasets.ReadFile[datasets.Workforce](os.DirFS(dir), "workforce.parquet")
			if err != nil {
				t.Fatal(err)
			}
			writeRaw(t, filepath.Join(dir, "workforce.parquet"), edit(rows))
		}
	}
	scenarioFile := func(body string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name     string
		setup    func(t *testing.T, dir string)
		scenario bool     // pass dir/s.yaml as --scenario
		want     []string // substrings of the message
	}{
		{"missing column", func(t *testing.T, dir string) {
			writeRaw(t, filepath.Join(dir, "population.parquet"), []popNoPersons{{"1480", 2024, 0, "M"}})
		}, false, []string{"population.parquet", "column persons", "missing"}},
		{"wrong type", func(t *testing.T, dir string) {
			writeRaw(t, filepath.Join(dir, "population.parquet"), []popStringPersons{{"1480", 2024, 0, "M", "12"}})
		}, false, []string{"population.parquet", "column persons", "want DOUBLE"}},
		{"NaN", editPop(func(r []datasets.Population) []datasets.Population {
			r[5].Persons = math.NaN()
			return r
		}), false, []string{"population.parquet", "row 6", "persons"}},
		{"negative persons", editPop(func(r []datasets.Population) []datasets.Population {
			r[9].Persons = -3
			return r
		}), false, []string{"population.parquet", "row 10", "persons", "-3"}},
		{"duplicate key", editPop(func(r []datasets.Population) []datasets.Population {
			r[1] = r[0]
			return r
		}), false, []string{"population.parquet", "row 2", "duplicate"}},
		{"rate outside [0,1]", editWorkforce(func(r []datasets.Workforce) []datasets.Workforce {
			r[3].SickLeaveRate = 1.5
			return r
		}), false, []string{"workforce.parquet", "row 4", "sick_leave_rate"}},
		{"unknown region", editWorkforce(func(r []datasets.Workforce) []datasets.Workforce {
			r[0].Region = "9999"
			return r
		}), false, []string{"workforce.parquet", "row 1", "region", "9999"}},
		{"unknown role", editWorkforce(func(r []datasets.Workforce) []datasets.Workforce {
			r[0].Role = "doctor"
			return r
		}), false, []string{"workforce.parquet", "row 1", "role", "doctor"}},
		{"no rates to project with", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "death_rates.parquet"))
		}, false, []string{"region", "no death, fertility and migration rates"}},
		{"not parquet", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "workforce.parquet"), []byte("region,role\n1480,nurse\n"), 0o644)
		}, false, []string{"workforce.parquet", "not a parquet file"}},
		{"target year before start", scenarioFile("name: s\nlevers:\n  - lever: sick_leave\n    level: 0.05\n    start_year: 2030\n    target_year: 2026\n"),
			true, []string{"s.yaml:6", "target_year", "before"}},
		{"unknown lever", scenarioFile("name: s\nlevers:\n  - lever: four_day_week\n    scale: 0.9\n    start_year: 2026\n"),
			true, []string{"s.yaml:3", "unknown lever", "four_day_week"}},
		{"YAML typo", scenarioFile("name: s\nlevers:\n  - lever: sick_leave\n    levle: 0.05\n    start_year: 2026\n"),
			true, []string{"s.yaml:4", "levle"}},
		{"YAML syntax", scenarioFile("name: s\nlevers:\n  - lever: [sick_leave\n"),
			true, []string{"s.yaml", "invalid scenario file"}},
		{"unknown role in lever", scenarioFile("name: s\nlevers:\n  - lever: recruits\n    roles: [doctor]\n    scale: 2\n    start_year: 2026\n"),
			true, []string{"lever 1", "roles", "doctor"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := exportDefault(t)
			tc.setup(t, dir)
			out := filepath.Join(t.TempDir(), "out")
			args := []string{"forecast", "--data", dir, "--out", out, "--progress", "never"}
			if tc.scenario {
				args = append(args, "--scenario", filepath.Join(dir, "s.yaml"))
			}
			code, _, stderr := caregap(t, args...)
			if code != exitBadInput {
				t.Fatalf("exit %d, want %d; stderr: %s", code, exitBadInput, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("message lacks %q: %s", w, stderr)
				}
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("output directory was created on bad input")
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"forecast"},
		{"forecast", "--out", t.TempDir(), "--scenario", "no-such-scenario"},
		{"forecast", "--out", t.TempDir(), "--regions", "9999"},
		{"forecast", "--out", t.TempDir(), "--bogus"},
		{"population", "--from", "2024", "--to", "2020", "--out", t.TempDir()},
		{"population", "--from", "2024", "--to", "2030", "--regions", "9999", "--out", t.TempDir()},
		{"population", "--from", "2020", "--to", "2030", "--out", t.TempDir()},
		{"forecast", "--to", "2024", "--out", t.TempDir()},
		{"datasets", "validate", "/no/such/dir"},
	} {
		if code, _, stderr := caregap(t, args...); code != exitBadInput {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, stderr)
		}
	}
}

func TestDatasetsExportValidate(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := caregap(t, "datasets", "export", "--out", dir); code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	if code, stdout, stderr := caregap(t, "datasets", "validate", dir); code != 0 || !strings.Contains(stdout, "valid") {
		t.Fatalf("validate: exit %d: %s %s", code, stdout, stderr)
	}
	// A forecast on the exported files equals one on the embedded ones.
	a, b := t.TempDir(), t.TempDir()
	_, outA, _ := caregap(t, "forecast", "--scenario", "base", "--out", a, "--no-charts")
	_, outB, _ := caregap(t, "forecast", "--scenario", "base", "--data", dir, "--out", b, "--no-charts")
	if wroteLine.ReplaceAllString(outA, "") != wroteLine.ReplaceAllString(outB, "") {
		t.Fatalf("exported data forecast differently:\n%s\n%s", outA, outB)
	}
}

func TestForecastDraws(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := caregap(t, "forecast", "--scenario", "base", "--regions", "2080,2081", "--draws", "20",
		"--threshold", "50", "--out", out, "--no-charts")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "over 20 draws") {
		t.Errorf("no uncertainty table:\n%s", stdout)
	}
	bands, err := datasets.ReadFile[datasets.GapBand](os.DirFS(out), "uncertainty.parquet")
	if err != nil {
		t.Fatal(err)
	}
	// 1 scenario × (2 regions + their total) × 17 years × (7 roles + all_roles).
	if want := 3 * 17 * 8; len(bands) != want {
		t.Fatalf("%d bands, want %d", len(bands), want)
	}
	for _, b := range bands {
		if !(b.P10 <= b.P50 && b.P50 <= b.P90) {
			t.Fatalf("band out of order: %+v", b)
		}
	}
}

// TestForecastMaxMemory: with the draws' memory bounded below what they
// need at once, the forecast writes the same bands, byte for byte; a
// negative bound is a usage error.
func TestForecastMaxMemory(t *testing.T) {
	var files [2][]byte
	for i, extra := range [][]string{nil, {"--max-memory", "1"}} {
		out := t.TempDir()
		args := append([]string{"forecast", "--scenario", "base", "--regions", "2080,2081", "--draws", "1100",
			"--to", "2030", "--no-charts", "--no-xlsx", "--out", out}, extra...)
		if code, _, stderr := caregap(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", extra, code, stderr)
		}
		var err error
		if files[i], err = os.ReadFile(filepath.Join(out, "uncertainty.parquet")); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Error("--max-memory 1 wrote other bands than the draws held at once")
	}
	code, _, stderr := caregap(t, "forecast", "--draws", "10", "--max-memory", "-1", "--out", t.TempDir())
	if code != 2 || !strings.Contains(stderr, "--max-memory -1") {
		t.Errorf("--max-memory -1: exit %d, %q; want a usage error naming it", code, stderr)
	}
}

func TestForecastProgressBar(t *testing.T) {
	code, _, stderr := caregap(t, "forecast", "--scenario", "base", "--regions", "2309", "--progress", "always",
		"--no-charts", "--out", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "forecast") || !strings.Contains(stderr, "1/1") {
		t.Fatalf("no progress bar on stderr: %q", stderr)
	}
	// Off a terminal, "auto" draws nothing.
	if _, _, stderr := caregap(t, "forecast", "--scenario", "base", "--regions", "2309", "--no-charts", "--out", t.TempDir()); stderr != "" {
		t.Fatalf("progress drawn off a terminal: %q", stderr)
	}
}

// TestForecastPlacementsEmpty: a matching that placed nobody leaves the
// placements scenario equal to base; a missing file is a usage error.
func TestForecastPlacementsEmpty(t *testing.T) {
	dir := t.TempDir()
	if err := datasets.WriteParquet(filepath.Join(dir, "assignments.parquet"), []datasets.Assignment{}); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	code, _, stderr := caregap(t, "forecast", "--scenario", "base", "--regions", "2309", "--no-charts",
		"--placements", filepath.Join(dir, "assignments.parquet"), "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows, err := datasets.ReadFile[datasets.Forecast](os.DirFS(out), "forecast.parquet")
	if err != nil {
		t.Fatal(err)
	}
	gap := map[string]map[string]float64{}
	for _, r := range rows {
		if gap[r.Scenario] == nil {
			gap[r.Scenario] = map[string]float64{}
		}
		gap[r.Scenario][fmt.Sprint(r.Year, r.Role)] = r.GapFTE
	}
	if len(gap["placements"]) == 0 || !reflect.DeepEqual(gap["placements"], gap["base"]) {
		t.Fatalf("placements with nobody placed differ from base")
	}
	if code, _, _ := caregap(t, "forecast", "--placements", filepath.Join(dir, "none.parquet"), "--out", t.TempDir()); code != exitBadInput {
		t.Fatalf("missing placements file: exit %d", code)
	}
}

// checkWorkbook reads forecast.xlsx back: the gap sheet has a block per
// scenario ending in "all roles", the forecast sheet a header and n rows.
func checkWorkbook(t *testing.T, path string, n int) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("forecast.xlsx: %v", err)
	}
	defer f.Close()
	// A summary first, then a sheet per municipality by name, the drivers
	// and the data; no uncertainty without draws.
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Sammanfattning"}
	for _, r := range b.Regions {
		want = append(want, r.Name)
	}
	want = append(want, "Drivkrafter", "Data")
	if got := f.GetSheetList(); !reflect.DeepEqual(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
	summary, err := f.GetRows("Sammanfattning")
	if err != nil {
		t.Fatal(err)
	}
	// 8 scenarios × (7 roles + all roles) × 7 measures below a title, a
	// note, a blank row and the header.
	if len(summary) != 4+8*8*7 || !strings.Contains(summary[0][0], "19 kommuner") {
		t.Errorf("summary: %d rows, title %q", len(summary), summary[0])
	}
	rows, err := f.GetRows("Data")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n+1 || rows[0][0] != "Scenario" || rows[0][6] != "Personalbehov (årsarbetare)" {
		t.Errorf("data sheet: %d rows (want %d), header %v", len(rows), n+1, rows[0])
	}
}
