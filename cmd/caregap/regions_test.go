package main

import (
	"encoding/csv"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/xuri/excelize/v2"
)

// TestRegionsCmd: caregap regions lists the embedded default's
// municipalities, a group's alone, as CSV, and those of a dataset
// directory; an unknown group is bad input naming the closest.
func TestRegionsCmd(t *testing.T) {
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := caregap(t, "regions")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 1+len(b.Regions) || strings.Fields(lines[0])[0] != "code" {
		t.Fatalf("%d lines:\n%s", len(lines), stdout)
	}
	for i, r := range b.Regions {
		if f := strings.Fields(lines[1+i]); f[0] != r.Region || !strings.Contains(lines[1+i], r.Name) || !strings.Contains(lines[1+i], r.Group) {
			t.Errorf("line %q, want %s %s %s", lines[1+i], r.Region, r.Name, r.Group)
		}
	}
	code, stdout, stderr = caregap(t, "regions", "--group", "dalarna", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var dalarna [][]string
	for _, r := range b.Regions {
		if strings.HasPrefix(r.Group, "Dalarna") {
			dalarna = append(dalarna, []string{r.Region, r.Name, r.Group})
		}
	}
	if !slices.EqualFunc(recs[1:], dalarna, slices.Equal) || !slices.Equal(recs[0], []string{"code", "name", "group"}) {
		t.Errorf("csv %q, want %q", recs, dalarna)
	}
	dir := t.TempDir()
	if err := datasets.WriteParquet(dir+"/regions.parquet", []datasets.Region{{Region: "0999", Name: "Testby", Group: "Test"}}); err != nil {
		t.Fatal(err)
	}
	if code, stdout, _ = caregap(t, "regions", "--dataset", dir); code != 0 || !strings.Contains(stdout, "Testby") {
		t.Errorf("--dataset: exit %d:\n%s", code, stdout)
	}
	code, _, stderr = caregap(t, "regions", "--group", "Dalarn")
	if code != exitBadInput || !strings.Contains(stderr, "closest: group Dalarna (stepwise training), 4 municipalities") {
		t.Errorf("a group misspelt: exit %d, %s", code, stderr)
	}
	for _, args := range [][]string{{"--group", "Gotland"}, {"--format", "json"}, {"--dataset", "/no/such/dir"}} {
		if code, _, stderr := caregap(t, append([]string{"regions"}, args...)...); code != exitBadInput {
			t.Errorf("%v: exit %d, %s", args, code, stderr)
		}
	}
}

// TestForecastByName: --regions takes names; the table's title names the
// municipality, never "all regions"; the spreadsheet and charts follow
// --lang.
func TestForecastByName(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := caregap(t, "forecast", "--scenario", "base", "--regions", "linkoping", "--to", "2030", "--lang", "en", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	first := strings.SplitN(stdout, "\n", 2)[0]
	if !strings.Contains(first, "Linköping (0580)") || strings.Contains(stdout, "all regions") {
		t.Errorf("title %q", first)
	}
	f, err := excelize.OpenFile(out + "/forecast.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Summary", "Linköping", "Drivers", "Data"}) {
		t.Errorf("sheets %q", got)
	}
	svg, err := os.ReadFile(out + "/charts/base.svg")
	if err != nil || !strings.Contains(string(svg), ">Assistant nurse<") || !strings.Contains(string(svg), "Linköping (0580)") {
		t.Errorf("base.svg: %v", err)
	}
	for _, args := range [][]string{{"--regions", "Linkopng"}, {"--lang", "fi"}} {
		code, _, stderr := caregap(t, append([]string{"forecast", "--scenario", "base", "--out", t.TempDir()}, args...)...)
		if code != exitBadInput {
			t.Errorf("%v: exit %d", args, code)
		}
		if args[0] == "--regions" && (!strings.Contains(stderr, "Linköping (0580)") || !strings.Contains(stderr, "caregap regions")) {
			t.Errorf("%v: %s", args, stderr)
		}
	}
	// Three municipalities by group: the title lists them.
	code, stdout, _ = caregap(t, "forecast", "--scenario", "base", "--regions", "Krokom,2080", "--to", "2026", "--no-charts", "--no-xlsx", "--out", t.TempDir())
	if first := strings.SplitN(stdout, "\n", 2)[0]; code != 0 || !strings.Contains(first, "2 municipalities: Krokom, Falun") {
		t.Errorf("exit %d, title %q", code, first)
	}
}

// TestMatchByName: match --regions takes names and keeps the candidates
// and workplaces of those municipalities only.
func TestMatchByName(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := caregap(t, "match", "--regions", "krokom", "--out", out, "--progress", "never")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "caregap match: Krokom (2309); ") {
		t.Errorf("title %q", strings.SplitN(stdout, "\n", 2)[0])
	}
	rep := readReport(t, out)
	if len(rep.ByRegion) != 1 || rep.ByRegion[0].Group != "2309" {
		t.Errorf("report by municipality %+v, want Krokom's alone", rep.ByRegion)
	}
}
