package api

import (
	"encoding/json"
	"net/http"
	"testing"
)

// TestResultPaging pages a result table through the API: the paging
// parameters reach the JSON page, bad ones are validation problems, and an
// offset near the largest integer is an empty page, not a crash. The
// encoding itself is tested with datasets.AppendJSONPage.
func TestResultPaging(t *testing.T) {
	ta := newTestAPI(t, nil)
	j := ta.forecast("planner", small(""))
	url := "/v1/forecasts/" + j.ID + "/results?year=2030"
	for _, c := range []struct {
		name, query string
		code        int
		// limit and offset of the page; next is its next_offset, -1 for
		// null.
		limit, offset, next int
	}{
		{"default", "", http.StatusOK, 1000, 0, -1},
		{"first", "&limit=2", http.StatusOK, 2, 0, 2},
		{"second", "&limit=2&offset=2", http.StatusOK, 2, 2, 4},
		{"overflow", "&limit=10&offset=9223372036854775802", http.StatusOK, 10, 9223372036854775802, -1}, // MaxInt64-5
		{"limit 0", "&limit=0", http.StatusBadRequest, 0, 0, 0},
		{"limit too large", "&limit=10001", http.StatusBadRequest, 0, 0, 0},
		{"negative offset", "&offset=-1", http.StatusBadRequest, 0, 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := ta.do("GET", url+c.query, "planner", nil)
			if r.code != c.code {
				t.Fatalf("%d, want %d: %s", r.code, c.code, r.body)
			}
			if c.code != http.StatusOK {
				r.problem(t)
				return
			}
			if ct := r.hdr.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			var p page
			if err := json.Unmarshal(r.body, &p); err != nil {
				t.Fatalf("not JSON: %v: %s", err, r.body)
			}
			if p.Limit != c.limit || p.Offset != c.offset || p.Total < 5 {
				t.Errorf("limit %d offset %d total %d, want %d %d and a few rows", p.Limit, p.Offset, p.Total, c.limit, c.offset)
			}
			switch {
			case c.next == -1 && p.NextOffset != nil:
				t.Errorf("next_offset %d, want null", *p.NextOffset)
			case c.next >= 0 && (p.NextOffset == nil || *p.NextOffset != c.next):
				t.Errorf("next_offset %v, want %d", p.NextOffset, c.next)
			}
			if want := min(max(p.Total-min(p.Offset, p.Total), 0), p.Limit); len(p.Items) != want {
				t.Errorf("%d items, want %d", len(p.Items), want)
			}
		})
	}
}
