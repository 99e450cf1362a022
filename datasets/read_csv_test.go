package datasets

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestReadCSVBad(t *testing.T) {
	const file = "population.csv"
	const header = "region,year,age,sex,persons\n"
	for _, tc := range []struct {
		name   string
		in     string
		rule   error
		line   int
		row    int
		column string
		msg    string // the whole message of the first problem, when set
	}{
		{name: "missing column", in: "region,year,age,sex\n1480,2024,80,F\n", rule: ErrMissingColumn, line: 1, column: "persons",
			msg: "population.csv: line 1, column persons: missing from the header"},
		{name: "unknown column", in: "region,year,age,sex,persons,note\n1480,2024,80,F,1,x\n", rule: ErrUnknownColumn, line: 1, column: "note"},
		{name: "column twice", in: "region,year,age,sex,persons,age\n1480,2024,80,F,1,80\n", rule: ErrUnknownColumn, line: 1, column: "age"},
		{name: "not a number", in: header + "1480,2024,80,F,1\n1480,2024,81,F,abc\n", rule: ErrSyntax, line: 3, row: 2, column: "persons",
			msg: `population.csv: line 3, column persons: "abc" is not a number`},
		{name: "not an integer", in: header + "1480,2024,80.5,F,1\n", rule: ErrSyntax, line: 2, row: 1, column: "age"},
		{name: "year overflows int32", in: header + "1480,99999999999,80,F,1\n", rule: ErrRange, line: 2, row: 1, column: "year"},
		{name: "empty number", in: header + "1480,2024,80,F,\n", rule: ErrMissingValue, line: 2, row: 1, column: "persons"},
		{name: "negative", in: header + "1480,2024,80,F,1\n1480,2024,81,F,-3\n", rule: ErrRange, line: 3, row: 2, column: "persons",
			msg: "population.csv: line 3, column persons: -3 is below the minimum 0"},
		{name: "NaN", in: header + "1480,2024,80,F,NaN\n", rule: ErrNaN, line: 2, row: 1, column: "persons"},
		{name: "sex", in: header + "1480,2024,80,K,1\n", rule: ErrEnum, line: 2, row: 1, column: "sex"},
		{name: "duplicate", in: header + "1480,2024,80,F,1\n\n1480,2024,80,F,2\n", rule: ErrDuplicate, line: 4, row: 2, column: "region,year,age,sex"},
		{name: "bad quote", in: header + "1480,2024,80,\"F,1\n", rule: ErrSyntax, line: 2},
		{name: "field count", in: header + "1480,2024,80,F\n", rule: ErrSyntax, line: 2},
		{name: "empty", in: "", rule: ErrEmpty},
		{name: "header only", in: header, rule: ErrEmpty},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := ReadCSV[Population](strings.NewReader(tc.in), file)
			if rows != nil {
				t.Errorf("rows %v with an error", rows)
			}
			if !errors.Is(err, tc.rule) {
				t.Fatalf("error %v, want %v", err, tc.rule)
			}
			var re *RowError
			if !errors.As(err, &re) {
				t.Fatalf("error %v is not a *RowError", err)
			}
			if re.File != file || re.Line != tc.line || re.Row != tc.row || re.Column != tc.column {
				t.Errorf("RowError %+v, want line %d row %d column %q", re, tc.line, tc.row, tc.column)
			}
			if tc.msg != "" && re.Error() != tc.msg {
				t.Errorf("message %q, want %q", re.Error(), tc.msg)
			}
		})
	}
}

// TestReadCSVSpreadsheet reads a CSV file as a spreadsheet in a Swedish
// locale writes it (see testdata/README.md).
func TestReadCSVSpreadsheet(t *testing.T) {
	f, err := os.Open("testdata/population_excel_sv.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := ReadCSV[Population](f, "population_excel_sv.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []Population{pop(80, "F", 3120.5), pop(80, "M", 2210), pop(100, "F", 41.25)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestReadCSVColumnOrderAndSpaces(t *testing.T) {
	in := "persons, sex ,age,year,region,\n 10 ,F,80,2024,1480,\n"
	got, err := ReadCSV[Population](strings.NewReader(in), "population.csv")
	if err != nil {
		t.Fatal(err)
	}
	if want := []Population{pop(80, "F", 10)}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestReadCSVBool(t *testing.T) {
	in := "role,name,new_staff_exit_rate,entry\na,A,0.1,true\nb,B,0.1,FALSE\nc,C,0.1,yes\n"
	_, err := ReadCSV[Role](strings.NewReader(in), "roles.csv")
	var re *RowError
	if !errors.Is(err, ErrSyntax) || !errors.As(err, &re) || re.Line != 4 || re.Column != "entry" {
		t.Errorf("error %v, want a syntax error at line 4, column entry", err)
	}
}
