package api

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/caregap/caregap/datasets"
)

// TestAppendPageIsJSON checks the hand-written JSON encoder against
// encoding/json: strings that need escaping, non-ASCII, floats of every
// size, and the paging fields.
func TestAppendPageIsJSON(t *testing.T) {
	rows := []datasets.Forecast{
		{Scenario: `quote " and \ backslash`, Region: "1480", Year: 2030, Role: "undersköterska", DemandFTE: 1234.5678, GapFTE: -1e-7},
		{Scenario: "tab\tnewline\n", Region: "2309", Year: 2040, Role: "nurse", DemandFTE: 1e21, Headcount: 3},
		{Scenario: "base", Region: "0580", Year: 2025, Role: "care_aide", EffectiveFTE: 0.1},
	}
	b := appendPage(nil, codecOf[datasets.Forecast](), reflect.ValueOf(rows), 0, 2, 2, 0)
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
	if len(p.Columns) != len(p.Items[0]) {
		t.Errorf("%d columns, %d keys", len(p.Columns), len(p.Items[0]))
	}
	last := appendPage(nil, codecOf[datasets.Forecast](), reflect.ValueOf(rows), 2, 3, 2, 2)
	if err := json.Unmarshal(last, &p); err != nil || p.NextOffset != nil {
		t.Fatalf("last page: %v %+v", err, p)
	}
}
