package datasets

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

func koladaKPIs(t *testing.T) map[string]KPIMeasure {
	t.Helper()
	f, err := os.Open("testdata/kolada_kpis.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := ReadKPIMap(f, "kolada_kpis.csv")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// The fixture's pages, read by hand: the totals (gender T) of TEST01 are
// 8.4 % (2081, 2024), null with status Missing (2080, 2024), a true 0
// (2081, 2025) and 7.5 % (2080, 2025); K and M rows and the unmapped
// OTHER1 are dropped.
func TestFollowupKoladaPagesAndNulls(t *testing.T) {
	rows, err := ReadKoladaDir(os.DirFS("testdata/kolada"), koladaKPIs(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		region, period string
		value          float64
		reported       bool
		status         string
	}{{"2081", "2024", 0.084, true, ""}, {"2080", "2024", 0, false, "Missing"}, {"2081", "2025", 0, true, ""}, {"2080", "2025", 0.075, true, ""}}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(rows), len(want), rows)
	}
	for i, w := range want {
		r := rows[i]
		v, ok := r.Number()
		if r.Region != w.region || r.Period != w.period || ok != w.reported || math.Abs(v-w.value) > 1e-12 || r.Status != w.status ||
			r.Measure != MeasureSickLeaveRate || r.Source != "kolada:TEST01" {
			t.Errorf("row %d = %+v, want %+v", i, r, w)
		}
	}
	if rows[0].Value != "0.084" {
		t.Errorf("8.4 %% scaled by 0.01 is %q, want 0.084", rows[0].Value)
	}
	if rows[1].Value != "" {
		t.Errorf("a null became %q, want empty", rows[1].Value)
	}
	// The null survives a CSV round trip as a null, never as 0.
	var b strings.Builder
	if err := EncodeCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	back, err := ReadCSV[Actual](strings.NewReader(b.String()), "actuals.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := back[1].Number(); ok || back[1].Value != "" {
		t.Errorf("after CSV: %+v, want not reported", back[1])
	}
	if _, ok := back[2].Number(); !ok {
		t.Errorf("after CSV the reported 0 is %+v, want reported", back[2])
	}
}

func TestFollowupKoladaBrokenChain(t *testing.T) {
	page1, _ := os.ReadFile("testdata/kolada/page-1.json")
	page2, _ := os.ReadFile("testdata/kolada/page-2.json")
	kpis := koladaKPIs(t)
	// Only the first page saved: its next_url names a page that is missing.
	_, err := ReadKoladaDir(fstest.MapFS{"p1.json": {Data: page1}}, kpis)
	var ke *KoladaError
	if !errors.Is(err, ErrPages) || !errors.As(err, &ke) || ke.File != "p1.json" || ke.Path != "next_url" {
		t.Errorf("missing page: %v", err)
	}
	// A page after the last one.
	_, err = ReadKoladaDir(fstest.MapFS{"a.json": {Data: page2}, "b.json": {Data: page1}}, kpis)
	if !errors.Is(err, ErrPages) || !strings.Contains(err.Error(), "a.json") {
		t.Errorf("page after the last: %v", err)
	}
}

func TestFollowupKoladaBadInputNamed(t *testing.T) {
	kpis := koladaKPIs(t)
	cases := []struct {
		page, path string
		rule       error
	}{
		{`{"values":[{"kpi":"TEST01","municipality":"2081","period":2024,"values":[{"gender":"T","value":"8,4"}]}],"next_url":null}`, "values[0].values[0].value", ErrSyntax},
		{`{"values":[{"kpi":"TEST01","municipality":"2081","period":2024,"values":[{"gender":"X","value":1}]}],"next_url":null}`, "values[0].values[0].gender", ErrEnum},
		{`{"values":[{"kpi":"TEST01","municipality":"Falun","period":2024,"values":[]}],"next_url":null}`, "values[0].municipality", ErrSyntax},
		{`{"values":[{"kpi":"TEST01","municipality":"2081","period":"24","values":[]}],"next_url":null}`, "values[0].period", ErrSyntax},
		{`{"values":[{"kpi":"TEST01","municipality":"2081","period":2024,"values":[{"gender":"T","value":170}]}],"next_url":null}`, "", ErrRange},
		{`{"next_url":null}`, "values", ErrMissingValue},
		{`{"values":[`, "", ErrSyntax},
	}
	for i, c := range cases {
		_, err := ReadKolada(fstest.MapFS{"p.json": {Data: []byte(c.page)}}, []string{"p.json"}, kpis)
		if !errors.Is(err, c.rule) {
			t.Errorf("case %d: %v, want %v", i, err, c.rule)
			continue
		}
		var ke *KoladaError
		if c.path != "" && (!errors.As(err, &ke) || ke.Path != c.path || ke.File != "p.json") {
			t.Errorf("case %d: %v, want the path %s", i, err, c.path)
		}
	}
}

func TestFollowupActualsRules(t *testing.T) {
	head := "region,period,measure,role,value,source,status\n"
	good := head + "2081,2025-03,sick_leave_rate,,0.071,hr,\n2081,2025,headcount,care_aide,,hr,not reported\n"
	rows, err := ReadCSV[Actual](strings.NewReader(good), "actuals.csv")
	if err != nil {
		t.Fatal(err)
	}
	if rows[0].Year() != 2025 || rows[0].Month() != 3 || rows[1].Month() != 0 {
		t.Errorf("periods: %+v", rows)
	}
	if _, ok := rows[1].Number(); ok {
		t.Errorf("an empty value is reported: %+v", rows[1])
	}
	for _, c := range []struct{ line, col string }{
		{"2081,2025,sick_leave_rate,,7.1,hr,", "value"},
		{"2081,2025-13,headcount,,3,hr,", "period"},
		{"2081,2025,headcount,,-3,hr,", "value"},
		{"2081,2025,headcount,,3 st,hr,", "value"},
		{"2081,2025,overtime,,3,hr,", "measure"},
	} {
		_, err := ReadCSV[Actual](strings.NewReader(head+c.line+"\n"), "actuals.csv")
		var re *RowError
		if !errors.As(err, &re) || re.Column != c.col || re.Line != 2 {
			t.Errorf("%s: %v, want line 2, column %s", c.line, err, c.col)
		}
	}
	_, err = ReadCSV[Actual](strings.NewReader(head+"2081,2025,headcount,,3,hr,\n2081,2025,headcount,,4,hr,\n"), "actuals.csv")
	if !errors.Is(err, ErrDuplicate) {
		t.Errorf("duplicate: %v", err)
	}
}

func TestFollowupKPIMapBad(t *testing.T) {
	for i, c := range []string{"kpi\nX\n", "kpi,measure\nX,overtime\n", "kpi,measure,scale\nX,headcount,-1\n", "kpi,measure\nX,headcount\nX,headcount\n"} {
		if _, err := ReadKPIMap(strings.NewReader(c), "map.csv"); err == nil || !strings.Contains(err.Error(), "map.csv") {
			t.Errorf("case %d: %v", i, err)
		}
	}
}

func TestFollowupRoundTrips(t *testing.T) {
	roundTrip(t, []Actual{
		{Region: "2081", Period: "2025-03", Measure: MeasureSickLeaveRate, Role: "care_aide", Value: "0.071", Source: "hr"},
		{Region: "2081", Period: "2025", Measure: MeasureHeadcount, Value: "", Source: "kolada:TEST01", Status: "Missing"},
	})
	roundTrip(t, []FollowupRow{
		{Measure: MeasureHeadcount, Scenario: "base", Region: "2081", Year: 2025, Role: "all_roles", Actual: 140, Forecast: 150, Deviation: -10, GapEffectFTE: 7.5, P10: 1, P90: 9, Band: BandOutside},
		{Measure: MeasureSickLeaveRate, Scenario: "base", Region: "2081", Year: 2025, Role: "care_aide", Months: 2, Actual: 0.13, Forecast: 0.1, Deviation: 0.03, GapEffectFTE: 2.4, Band: BandNone},
	})
}

// FuzzFollowupKolada: no saved page, however broken, panics the reader,
// and every row it accepts passes the actuals schema.
func FuzzFollowupKolada(f *testing.F) {
	for _, name := range []string{"page-1.json", "page-2.json"} {
		data, err := os.ReadFile("testdata/kolada/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"values":[{"kpi":"TEST01","municipality":"2081","period":2024,"values":[{"gender":"T","value":null}]}],"next_url":null}`))
	kpis := map[string]KPIMeasure{"TEST01": {KPI: "TEST01", Measure: MeasureHeadcount, Scale: 1}}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ReadKolada(fstest.MapFS{"p.json": {Data: data}}, []string{"p.json"}, kpis)
		if err != nil {
			return
		}
		var b strings.Builder
		if err := EncodeCSV(&b, rows); err != nil {
			t.Fatalf("accepted rows fail the schema: %v", err)
		}
		back, err := ReadCSV[Actual](strings.NewReader(b.String()), "actuals.csv")
		if err != nil || len(back) != len(rows) {
			t.Fatalf("accepted rows do not read back: %v", err)
		}
		for i := range rows {
			if (rows[i].Value == "") != (back[i].Value == "") {
				t.Errorf("row %d: a null changed: %q → %q", i, rows[i].Value, back[i].Value)
			}
		}
	})
}
