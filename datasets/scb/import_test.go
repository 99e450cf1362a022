package scb_test

import (
	"os"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/scb"
)

// realDir holds the SCB exports described in its README.md; the test
// reads them from testdata (see its README for the source and licence).
const realDir = "testdata"

// regions are the five municipalities of the exports, from the README.
var regions = []struct{ code, name string }{
	{"2580", "Luleå"},
	{"2582", "Boden"},
	{"2581", "Piteå"},
	{"2560", "Älvsbyn"},
	{"2514", "Kalix"},
}

func importReal(t testing.TB, opt *scb.Options) *datasets.Bundle {
	t.Helper()
	b, err := scb.ImportDir(os.DirFS(realDir), opt)
	if err != nil {
		t.Fatalf("import %s: %v", realDir, err)
	}
	return b
}

func TestImportRealFiles(t *testing.T) {
	// Row counts from the README: 19 years (2006..2024) × regions × ages
	// or mothers' ages × 2 sexes; 101 ages (0..99, 100+), 35 mothers'
	// ages (15..48, 49+); 5 municipalities, 6 regions with Sweden ("00").
	const years = 19
	tests := []struct {
		name                string
		opt                 *scb.Options
		pop, deaths, births int
	}{
		{"municipalities", nil, years * 5 * 101 * 2, years * 5 * 101 * 2, years * 5 * 35 * 2},
		{"with Sweden", &scb.Options{KeepNational: true}, years * 5 * 101 * 2, years * 6 * 101 * 2, years * 6 * 35 * 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := importReal(t, tt.opt)
			if len(b.Population) != tt.pop || len(b.Deaths) != tt.deaths || len(b.Births) != tt.births {
				t.Errorf("rows: population %d, deaths %d, births %d; want %d, %d, %d",
					len(b.Population), len(b.Deaths), len(b.Births), tt.pop, tt.deaths, tt.births)
			}
		})
	}

	b := importReal(t, nil)
	// 2024 totals from the README.
	want := map[string]float64{"2580": 79645, "2582": 28049, "2581": 42447, "2560": 7774, "2514": 15391}
	got := map[string]float64{}
	for _, r := range b.Population {
		if r.Year == 2024 {
			got[r.Region] += r.Persons
		}
	}
	for _, reg := range regions {
		if got[reg.code] != want[reg.code] {
			t.Errorf("%s %s 2024: %v persons, want %v", reg.code, reg.name, got[reg.code], want[reg.code])
		}
	}
	for _, r := range b.Births {
		if r.MotherAge < 15 || r.MotherAge > 49 {
			t.Fatalf("mother's age %d outside 15..49", r.MotherAge)
		}
	}
	// Every region has a full history that the engine accepts.
	for _, reg := range regions {
		h, err := datasets.PopulationHistory(reg.code, b.Population, b.Deaths, b.Births)
		if err != nil {
			t.Fatalf("%s: %v", reg.name, err)
		}
		if h.FirstYear != 2006 || h.LastYear() != 2024 {
			t.Errorf("%s: history %d..%d, want 2006..2024", reg.name, h.FirstYear, h.LastYear())
		}
	}
}
