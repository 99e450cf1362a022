package datasets_test

import (
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"github.com/caregap/caregap/datasets"
)

// page is the shape of a JSON page as clients read it.
type page struct {
	Columns    []string         `json:"columns"`
	Items      []map[string]any `json:"items"`
	Total      int              `json:"total"`
	Limit      int              `json:"limit"`
	Offset     int              `json:"offset"`
	NextOffset *int             `json:"next_offset"`
}

// pageRows are forecast rows with strings that need escaping, non-ASCII,
// and floats of every size.
var pageRows = []datasets.Forecast{
	{Scenario: `quote " and \ backslash`, Region: "1480", Year: 2030, Role: "undersköterska", DemandFTE: 1234.5678, GapFTE: -1e-7},
	{Scenario: "tab\tnewline\n", Region: "2309", Year: 2040, Role: "nurse", DemandFTE: 1e21, Headcount: 3},
	{Scenario: "base", Region: "0580", Year: 2025, Role: "care_aide", EffectiveFTE: 0.1},
}

// TestAppendJSONPageIsJSON checks the hand-written JSON encoder against
// encoding/json: strings that need escaping, non-ASCII, floats of every
// size, and the paging fields.
func TestAppendJSONPageIsJSON(t *testing.T) {
	rows := pageRows
	b := datasets.AppendJSONPage(nil, rows, 0, 2)
	var p page
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b)
	}
	if p.Total != 3 || p.Limit != 2 || p.NextOffset == nil || *p.NextOffset != 2 || len(p.Items) != 2 {
		t.Fatalf("paging: %+v", p)
	}
	for i, item := range p.Items {
		want, _ := json.Marshal(map[string]any{"scenario": rows[i].Scenario, "role": rows[i].Role,
			"demand_fte": rows[i].DemandFTE, "gap_fte": rows[i].GapFTE, "year": rows[i].Year})
		var w map[string]any
		json.Unmarshal(want, &w)
		for k, v := range w {
			if item[k] != v {
				t.Errorf("row %d, %s: %v, want %v", i, k, item[k], v)
			}
		}
	}
	s := datasets.SchemaOf[datasets.Forecast]()
	if len(p.Columns) != len(s.Columns) || len(p.Items[0]) != len(s.Columns) {
		t.Errorf("%d columns, %d keys, schema has %d", len(p.Columns), len(p.Items[0]), len(s.Columns))
	}
	for i, c := range p.Columns {
		if c != s.Columns[i].Name {
			t.Errorf("column %d is %s, schema says %s", i, c, s.Columns[i].Name)
		}
	}
}

// TestAppendJSONPagePaging covers the paging fields, pages past the end
// and offsets that would overflow offset+limit.
func TestAppendJSONPagePaging(t *testing.T) {
	for _, c := range []struct {
		name                  string
		offset, limit         int
		items                 int
		next                  int // -1 for null
		wantOffset, wantLimit int
	}{
		{"first", 0, 2, 2, 2, 0, 2},
		{"last", 2, 2, 1, -1, 2, 2},
		{"all", 0, 1000, 3, -1, 0, 1000},
		{"exact", 0, 3, 3, -1, 0, 3},
		{"past the end", 5, 10, 0, -1, 5, 10},
		{"limit zero", 1, 0, 0, 1, 1, 0},
		{"overflow", math.MaxInt64 - 5, 10, 0, -1, math.MaxInt64 - 5, 10},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := datasets.AppendJSONPage(nil, pageRows, c.offset, c.limit)
			var p page
			if err := json.Unmarshal(b, &p); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, b)
			}
			if len(p.Items) != c.items || p.Offset != c.wantOffset || p.Limit != c.wantLimit || p.Total != len(pageRows) {
				t.Errorf("%d items, offset %d, limit %d, total %d; want %d, %d, %d, %d", len(p.Items), p.Offset, p.Limit, p.Total, c.items, c.wantOffset, c.wantLimit, len(pageRows))
			}
			if c.next < 0 && p.NextOffset != nil || c.next >= 0 && (p.NextOffset == nil || *p.NextOffset != c.next) {
				t.Errorf("next_offset %v, want %d (-1: null)", p.NextOffset, c.next)
			}
		})
	}
}

// TestAppendJSONPageBytes pins the bytes of a page: clients and the API's
// golden answers depend on them, key order included.
func TestAppendJSONPageBytes(t *testing.T) {
	rows := []datasets.Role{
		{Role: "nurse", Name: `Nurse "RN"`, NewStaffExitRate: 0.125, Entry: false},
		{Role: "assistant_nurse", Name: "Undersköterska", NewStaffExitRate: math.NaN(), Entry: true},
	}
	got := string(datasets.AppendJSONPage(nil, rows, 0, 5))
	want := `{"columns":["role","name","new_staff_exit_rate","entry"],"items":[` +
		`{"role":"nurse","name":"Nurse \"RN\"","new_staff_exit_rate":0.125,"entry":false},` +
		`{"role":"assistant_nurse","name":"Undersköterska","new_staff_exit_rate":null,"entry":true}],` +
		`"total":2,"limit":5,"offset":0,"next_offset":null}`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := string(datasets.AppendJSONPage([]byte("x"), rows[:0], 0, 1)); got != `x{"columns":["role","name","new_staff_exit_rate","entry"],"items":[],"total":0,"limit":1,"offset":0,"next_offset":null}` {
		t.Errorf("empty page appended to x: %s", got)
	}
}

// TestAppendJSONPageAllocs: a buffer with room for the page is not
// reallocated, and a nil one is allocated once.
func TestAppendJSONPageAllocs(t *testing.T) {
	rows := benchRows(100)
	dst := datasets.AppendJSONPage(nil, rows, 0, len(rows))
	if n := testing.AllocsPerRun(20, func() { dst = datasets.AppendJSONPage(dst[:0], rows, 0, len(rows)) }); n != 0 {
		t.Errorf("%v allocations into a large enough buffer, want 0", n)
	}
	if n := testing.AllocsPerRun(20, func() { _ = datasets.AppendJSONPage(nil, rows, 0, len(rows)) }); n != 1 {
		t.Errorf("%v allocations into nil, want 1", n)
	}
}

func TestAppendJSONPageNegative(t *testing.T) {
	for _, c := range [][2]int{{-1, 10}, {0, -1}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("offset %d, limit %d: no panic", c[0], c[1])
				}
			}()
			datasets.AppendJSONPage(nil, pageRows, c[0], c[1])
		}()
	}
}

func ExampleAppendJSONPage() {
	rows := []datasets.GapDriver{
		{Scenario: "base", Region: "1480", Year: 2030, Role: "assistant_nurse", Driver: "demography", FTE: 412.5},
		{Scenario: "base", Region: "1480", Year: 2030, Role: "assistant_nurse", Driver: "sick_leave", FTE: 38},
	}
	fmt.Printf("%s\n", datasets.AppendJSONPage(nil, rows, 0, 1))
	// Output:
	// {"columns":["scenario","region","year","role","driver","fte","fte_se"],"items":[{"scenario":"base","region":"1480","year":2030,"role":"assistant_nurse","driver":"demography","fte":412.5,"fte_se":0}],"total":2,"limit":1,"offset":0,"next_offset":1}
}

// benchRows returns n forecast rows of one region and role over 16 years,
// the shape of a result query.
func benchRows(n int) []datasets.Forecast {
	rows := make([]datasets.Forecast, n)
	for i := range rows {
		rows[i] = datasets.Forecast{Scenario: "base", Region: "1480", Year: int32(2025 + i%16), Role: "assistant_nurse",
			DemandFTE: 1234.5678 + float64(i), Headcount: 1500, ContractedFTE: 1312.5, EffectiveFTE: 1180.25, GapFTE: -12.25}
	}
	return rows
}

// BenchmarkAppendJSONPage encodes pages of forecast rows; compare runs with
//
//	go test -run '^$' -bench AppendJSONPage -count 10 ./datasets > new.txt
//	benchstat old.txt new.txt
func BenchmarkAppendJSONPage(b *testing.B) {
	for _, n := range []int{10, 1000} {
		rows := benchRows(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			var dst []byte
			for b.Loop() {
				dst = datasets.AppendJSONPage(dst[:0], rows, 0, n)
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
