package datasets

import (
	"slices"
	"testing"
)

func TestRowValues(t *testing.T) {
	row := GapDriver{Scenario: "base", Region: "1480", Year: 2030, Role: "nurse", Driver: "demography", FTE: 1.5, FTESE: 0.25}
	if got, want := ColumnNames[GapDriver](), []string{"scenario", "region", "year", "role", "driver", "fte", "fte_se"}; !slices.Equal(got, want) {
		t.Errorf("columns %v, want %v", got, want)
	}
	got := RowValues(nil, &row)
	want := []any{"base", "1480", int32(2030), "nurse", "demography", 1.5, 0.25}
	if !slices.Equal(got, want) {
		t.Errorf("values %v, want %v", got, want)
	}
	// Schema order is the struct's field order for every row type, which
	// RowValues relies on.
	for _, s := range Schemas() {
		if s.rowType.NumField() != len(s.Columns) {
			t.Errorf("%s: %d fields, %d columns", s.Name, s.rowType.NumField(), len(s.Columns))
			continue
		}
		for i := range s.Columns {
			if tag := s.rowType.Field(i).Tag.Get("parquet"); tag != s.Columns[i].Name && !startsWith(tag, s.Columns[i].Name+",") {
				t.Errorf("%s: field %d is %q, column %q", s.Name, i, tag, s.Columns[i].Name)
			}
		}
	}
}

func startsWith(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }
