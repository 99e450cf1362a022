package followuprun

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/runs/forecastrun"
)

func testBook() *forecastrun.Book {
	return &forecastrun.Book{
		Rows: []datasets.Forecast{
			{Scenario: "base", Region: "2081", Year: 2025, Role: "care_aide", Headcount: 100, ContractedFTE: 80, EffectiveFTE: 72, GapFTE: 10},
			{Scenario: "base", Region: "2081", Year: 2025, Role: "nurse", Headcount: 50, ContractedFTE: 45, EffectiveFTE: 40, GapFTE: 5},
			{Scenario: "other", Region: "2081", Year: 2025, Role: "nurse", Headcount: 1, ContractedFTE: 1, EffectiveFTE: 1},
		},
		Bands: []datasets.GapBand{{Scenario: "base", Region: "2081", Year: 2025, Role: "all_roles", P10: 10, P90: 25}},
	}
}

// By hand: headcount 140 against 150 (all roles), effect 10 × 112/150 =
// 7.4667, gap 15 + 7.4667 = 22.47 inside 10..25; the null month is left out, so
// the sick-leave rate of care_aide is 0.12 against 1 − 72/80 = 0.1 with
// no band for the role; retention 12 months 8 of 10.
func TestFollowupRunCompare(t *testing.T) {
	actuals := []datasets.Actual{
		{Region: "2081", Period: "2025", Measure: "headcount", Value: "140", Source: "hr"},
		{Region: "2081", Period: "2025-01", Measure: "sick_leave_rate", Role: "care_aide", Value: "0.12", Source: "hr"},
		{Region: "2081", Period: "2025-02", Measure: "sick_leave_rate", Role: "care_aide", Value: "", Source: "hr"},
		{Region: "2081", Period: "2024", Measure: "placements_started", Value: "10", Source: "hr"},
		{Region: "2081", Period: "2024", Measure: "placements_employed_12m", Value: "8", Source: "hr"},
	}
	res, err := Compare(actuals, testBook(), "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Scenario != "base" || len(res.Rows) != 2 {
		t.Fatalf("%+v", res)
	}
	h, s := res.Rows[0], res.Rows[1]
	if h.Measure != "headcount" || h.Deviation != -10 || math.Abs(h.GapEffectFTE-10*112.0/150) > 1e-9 || h.Band != "inside" {
		t.Errorf("headcount %+v", h)
	}
	if s.Months != 1 || math.Abs(s.Actual-0.12) > 1e-12 || math.Abs(s.Forecast-0.1) > 1e-12 || s.Band != "no_band" {
		t.Errorf("sick leave %+v", s)
	}
	if res.Retention12m.K != 8 || res.Retention12m.N != 10 || !res.Measured || math.Abs(res.Retention1y-0.8) > 1e-12 {
		t.Errorf("retention %+v", res)
	}
	var sick *MeasureSummary
	for i := range res.Measures {
		if res.Measures[i].Measure == "sick_leave_rate" {
			sick = &res.Measures[i]
		}
	}
	if sick == nil || sick.NotReported != 1 || len(sick.Periods) != 1 || sick.NoBand != 1 {
		t.Errorf("summary %+v", res.Measures)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if err := res.Write(dir); err != nil {
		t.Fatal(err)
	}
	back, err := datasets.ReadFile[datasets.FollowupRow](os.DirFS(dir), "followup.parquet")
	if err != nil || len(back) != 2 || back[0] != h {
		t.Errorf("read back %+v %v", back, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "followup.csv")); err != nil {
		t.Error(err)
	}
	if _, err := Compare(actuals, testBook(), "nosuch"); !errors.Is(err, ErrNoScenario) {
		t.Errorf("unknown scenario: %v", err)
	}
	if err := (&Result{}).Write(dir); !errors.Is(err, ErrNothingToCompare) {
		t.Errorf("nothing to write: %v", err)
	}
}

func TestFollowupReadActualsDir(t *testing.T) {
	dir := t.TempDir()
	head := "region,period,measure,role,value,source,status\n"
	os.WriteFile(filepath.Join(dir, "a.csv"), []byte(head+"2081,2025,headcount,,140,hr,\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.csv"), []byte(head+"2081,2025,sick_leave_rate,,,hr,\n"), 0o644)
	rows, err := ReadActuals(dir)
	if err != nil || len(rows) != 2 {
		t.Fatalf("%+v %v", rows, err)
	}
	os.WriteFile(filepath.Join(dir, "c.csv"), []byte(head+"2081,2025,headcount,,141,hr,\n"), 0o644)
	if _, err := ReadActuals(dir); !errors.Is(err, datasets.ErrDuplicate) {
		t.Errorf("a key in two files: %v", err)
	}
	if _, err := ReadActuals(t.TempDir()); !errors.Is(err, datasets.ErrMissingFile) {
		t.Errorf("empty dir: %v", err)
	}
}

func TestFollowupReadKolada(t *testing.T) {
	rows, err := ReadKolada("../../datasets/testdata/kolada", "../../datasets/testdata/kolada_kpis.csv")
	if err != nil || len(rows) != 4 || rows[1].Value != "" {
		t.Errorf("%+v %v", rows, err)
	}
}
