package scb_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/scb"
)

// crlf turns the LF line ends of a fixture into the CRLF of SCB exports.
func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

// popCSV is a cut of population_2006_2024.csv's layout: two marital
// statuses, two years, the open top group.
var popCSV = crlf(`"Region","Civilstand","Alder","Kon","BE0101N1 2023","BE0101N1 2024"
"2580","OG","0","1",368,329
"2580","OG","0","2",283,293
"2580","OG","100+","2",1,0
"2580","ÄNKL","0","1",0,0
"2580","ÄNKL","100+","2",9,11
"2582","OG","0","1",100,101
`)

var deathsCSV = crlf(`"Region","Alder","Kon","BE0101D8 2024"
"00","80","1",2000
"2580","80","1",12
"2580","80","2",9
`)

var birthsCSV = `Region,AlderModer,Kon,BE0101E2 2024
2580,-14,1,1
2580,15,1,2
2580,48,2,3
2580,49+,2,4
`

func TestReadTables(t *testing.T) {
	pop := []datasets.Population{
		// Region order as first seen; within it year, sex M then F, age.
		{Region: "2580", Year: 2023, Age: 0, Sex: "M", Persons: 368},
		{Region: "2580", Year: 2023, Age: 0, Sex: "F", Persons: 283},
		{Region: "2580", Year: 2023, Age: 100, Sex: "F", Persons: 1 + 9},
		{Region: "2580", Year: 2024, Age: 0, Sex: "M", Persons: 329},
		{Region: "2580", Year: 2024, Age: 0, Sex: "F", Persons: 293},
		{Region: "2580", Year: 2024, Age: 100, Sex: "F", Persons: 0 + 11},
		{Region: "2582", Year: 2023, Age: 0, Sex: "M", Persons: 100},
		{Region: "2582", Year: 2024, Age: 0, Sex: "M", Persons: 101},
	}
	tests := []struct {
		name   string
		in     string
		opt    *scb.Options
		table  scb.Table
		pop    []datasets.Population
		deaths []datasets.Deaths
		births []datasets.Births
	}{
		{name: "population", in: popCSV, table: scb.PopulationTable, pop: pop},
		{name: "population with BOM and LF", in: "\uFEFF" + strings.ReplaceAll(popCSV, "\r\n", "\n"), table: scb.PopulationTable, pop: pop},
		{name: "deaths without Sweden", in: deathsCSV, table: scb.DeathsTable, deaths: []datasets.Deaths{
			{Region: "2580", Year: 2024, Age: 80, Sex: "M", Deaths: 12},
			{Region: "2580", Year: 2024, Age: 80, Sex: "F", Deaths: 9},
		}},
		{name: "deaths with Sweden", in: deathsCSV, opt: &scb.Options{KeepNational: true}, table: scb.DeathsTable, deaths: []datasets.Deaths{
			{Region: "00", Year: 2024, Age: 80, Sex: "M", Deaths: 2000},
			{Region: "2580", Year: 2024, Age: 80, Sex: "M", Deaths: 12},
			{Region: "2580", Year: 2024, Age: 80, Sex: "F", Deaths: 9},
		}},
		{name: "births fold mothers' ages", in: birthsCSV, table: scb.BirthsTable, births: []datasets.Births{
			{Region: "2580", Year: 2024, MotherAge: 15, Sex: "M", Births: 1 + 2},
			{Region: "2580", Year: 2024, MotherAge: 48, Sex: "F", Births: 3},
			{Region: "2580", Year: 2024, MotherAge: 49, Sex: "F", Births: 4},
		}},
		{name: "labels and reordered columns", in: "Kon,Ålder,BE0101D8 2020,Region\nkvinnor,105+,2,\"2580 Luleå\"\nkvinnor,101,1,2580\nmän,7 år,1,2580\n",
			table: scb.DeathsTable, deaths: []datasets.Deaths{
				{Region: "2580", Year: 2020, Age: 7, Sex: "M", Deaths: 1},
				{Region: "2580", Year: 2020, Age: 100, Sex: "F", Deaths: 3},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table, b, err := scb.Read(strings.NewReader(tt.in), "test.csv", tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if table != tt.table {
				t.Errorf("table %v, want %v", table, tt.table)
			}
			if !equal(b.Population, tt.pop) || !equal(b.Deaths, tt.deaths) || !equal(b.Births, tt.births) {
				t.Errorf("got\n%+v\n%+v\n%+v\nwant\n%+v\n%+v\n%+v", b.Population, b.Deaths, b.Births, tt.pop, tt.deaths, tt.births)
			}
		})
	}
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestReadErrors(t *testing.T) {
	const h = "Region,Alder,Kon,BE0101D8 2023,BE0101D8 2024\n"
	tests := []struct {
		name   string
		in     string
		rule   error
		line   int
		column string
	}{
		{"empty file", "", datasets.ErrEmpty, 0, ""},
		{"header only", h, datasets.ErrEmpty, 0, ""},
		{"not an SCB table", "Fodelseregion,Kon,Alder,000005MP 2026\n300,1,0,89\n", scb.ErrUnknownTable, 1, ""},
		{"no sex column", "Region,Alder,BE0101D8 2024\n2580,1,2\n", datasets.ErrMissingColumn, 1, ""},
		{"stray column", "Region,Alder,Kon,Extra,BE0101D8 2024\n", datasets.ErrUnknownColumn, 1, ""},
		{"mixed tables", "Region,Alder,Kon,BE0101D8 2024,BE0101N1 2024\n", datasets.ErrUnknownColumn, 1, ""},
		{"year twice", "Region,Alder,Kon,BE0101D8 2024,BE0101D8 2024\n", datasets.ErrUnknownColumn, 1, ""},
		{"bad year", "Region,Alder,Kon,BE0101D8 20x4\n", datasets.ErrUnknownColumn, 1, ""},
		{"births with Alder", "Region,Alder,AlderModer,Kon,BE0101E2 2024\n", datasets.ErrUnknownColumn, 1, ""},
		{"sex 3", h + "2580,1,1,0,0\n2580,1,3,0,0\n", datasets.ErrEnum, 3, "Kon"},
		{"text value", h + "2580,1,1,0,x\n", datasets.ErrSyntax, 2, "BE0101D8 2024"},
		{"negative", h + "2580,1,1,-1,0\n", datasets.ErrRange, 2, "BE0101D8 2023"},
		{"missing value", h + "2580,1,1,..,0\n", datasets.ErrMissingValue, 2, "BE0101D8 2023"},
		{"infinite", h + "2580,1,1,Inf,0\n", datasets.ErrNaN, 2, "BE0101D8 2023"},
		{"open group below 100", h + "2580,99+,1,0,0\n", datasets.ErrRange, 2, "Alder"},
		{"age text", h + "2580,totalt,1,0,0\n", datasets.ErrSyntax, 2, "Alder"},
		{"region text", h + "Luleå,1,1,0,0\n", datasets.ErrSyntax, 2, "Region"},
		{"duplicate", h + "2580,1,1,0,0\n2580,2,1,0,0\n2580,1,1,0,0\n", datasets.ErrDuplicate, 4, "Region"},
		{"short row", h + "2580,1,1,0\n", datasets.ErrSyntax, 2, ""},
		{"bad quote", h + "2580,\"1,1,0,0\n", datasets.ErrSyntax, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := scb.Read(strings.NewReader(tt.in), "in.csv", nil)
			if !errors.Is(err, tt.rule) {
				t.Fatalf("got %v, want %v", err, tt.rule)
			}
			var re *datasets.RowError
			if !errors.As(err, &re) {
				t.Fatalf("%v is not a *datasets.RowError", err)
			}
			if re.File != "in.csv" || re.Line != tt.line || re.Column != tt.column {
				t.Errorf("located at %s line %d column %q, want line %d column %q (%v)", re.File, re.Line, re.Column, tt.line, tt.column, err)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		header []string
		want   scb.Table
	}{
		{[]string{"Region", "Civilstand", "Alder", "Kon", "BE0101N1 2006"}, scb.PopulationTable},
		{[]string{"Region", "Alder", "Kon", "BE0101D8 2006"}, scb.DeathsTable},
		{[]string{"Region", "AlderModer", "Kon", "BE0101E2 2006"}, scb.BirthsTable},
	}
	for _, tt := range tests {
		if got, err := scb.Detect(tt.header); err != nil || got != tt.want {
			t.Errorf("%v: got %v, %v; want %v", tt.header, got, err, tt.want)
		}
	}
	if _, err := scb.Detect([]string{"a", "b"}); !errors.Is(err, scb.ErrUnknownTable) {
		t.Errorf("unknown header: got %v", err)
	}
}

func TestImportDir(t *testing.T) {
	fsys := fstest.MapFS{
		"population.csv": {Data: []byte(popCSV)},
		"deaths.CSV":     {Data: []byte(deathsCSV)},
		"births.csv":     {Data: []byte(birthsCSV)},
		"forecast.csv":   {Data: []byte("Fodelseregion,Kon,Alder,000005MP 2026\n300,1,0,89\n")},
		"README.md":      {Data: []byte("not a table")},
		"sub/other.csv":  {Data: []byte(popCSV)},
	}
	b, err := scb.ImportDir(fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Population) != 8 || len(b.Deaths) != 2 || len(b.Births) != 3 {
		t.Errorf("rows: %d population, %d deaths, %d births; want 8, 2, 3", len(b.Population), len(b.Deaths), len(b.Births))
	}

	dup := fstest.MapFS{"a.csv": {Data: []byte(deathsCSV)}, "b.csv": {Data: []byte(deathsCSV)}}
	if _, err := scb.ImportDir(dup, nil); !errors.Is(err, datasets.ErrDuplicate) {
		t.Errorf("duplicate files: got %v", err)
	}
	none := fstest.MapFS{"forecast.csv": fsys["forecast.csv"]}
	if _, err := scb.ImportDir(none, nil); !errors.Is(err, datasets.ErrMissingFile) {
		t.Errorf("no tables: got %v", err)
	}
	bad := fstest.MapFS{"deaths.csv": {Data: []byte(deathsCSV + "2580,80,9,1\r\n")}}
	var re *datasets.RowError
	if _, err := scb.ImportDir(bad, nil); !errors.As(err, &re) || re.File != "deaths.csv" || re.Line != 5 {
		t.Errorf("bad file: got %v", err)
	}
}

func FuzzRead(f *testing.F) {
	for _, s := range []string{popCSV, deathsCSV, birthsCSV, "Region,Alder,Kon,BE0101D8 2024\n2580,100+,1,3\n", "\"", ""} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, national bool) {
		table, b, err := scb.Read(bytes.NewReader(data), "fuzz.csv", &scb.Options{KeepNational: national})
		if err != nil {
			var re *datasets.RowError
			if !errors.As(err, &re) || re.File != "fuzz.csv" {
				t.Fatalf("error %v is not a located *datasets.RowError", err)
			}
			return
		}
		check := func(region, sex string, age, lo, hi int32, v float64) {
			if region == "" || (region == scb.NationalRegion && !national) || (sex != "M" && sex != "F") ||
				age < lo || age > hi || !(v >= 0) || v > 1e308 {
				t.Fatalf("%v row out of bounds: %q %q %d %v", table, region, sex, age, v)
			}
		}
		for _, r := range b.Population {
			check(r.Region, r.Sex, r.Age, 0, 100, r.Persons)
		}
		for _, r := range b.Deaths {
			check(r.Region, r.Sex, r.Age, 0, 100, r.Deaths)
		}
		for _, r := range b.Births {
			check(r.Region, r.Sex, r.MotherAge, 15, 49, r.Births)
		}
	})
}
