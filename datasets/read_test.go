package datasets

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// encodeT returns rows as a Parquet file written by EncodeParquet.
func encodeT[T any](t testing.TB, rows []T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := EncodeParquet(&b, rows); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// rawParquet writes rows of any struct with parquet-go itself, without
// validation, to make files that Read must reject.
func rawParquet[T any](t testing.TB, rows []T) []byte {
	t.Helper()
	var b bytes.Buffer
	w := parquet.NewGenericWriter[T](&b)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func readBytes[T any](data []byte, file string) ([]T, error) {
	return Read[T](bytes.NewReader(data), int64(len(data)), file)
}

// roundTrip writes rows as Parquet and as CSV and reads them back.
func roundTrip[T any](t *testing.T, rows []T) {
	t.Helper()
	s := SchemaOf[T]()
	got, err := readBytes[T](encodeT(t, rows), s.File)
	if err != nil {
		t.Fatalf("parquet: %v", err)
	}
	if !reflect.DeepEqual(got, rows) {
		t.Errorf("parquet: got %+v, want %+v", got, rows)
	}
	var b bytes.Buffer
	if err := EncodeCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	got, err = ReadCSV[T](&b, s.CSVFile())
	if err != nil {
		t.Fatalf("csv: %v", err)
	}
	if !reflect.DeepEqual(got, rows) {
		t.Errorf("csv: got %+v, want %+v", got, rows)
	}
}

func TestRoundTrip(t *testing.T) {
	b := testBundle()
	for _, tc := range []struct {
		name string
		run  func(t *testing.T)
	}{
		{"regions", func(t *testing.T) { roundTrip(t, b.Regions) }},
		{"population", func(t *testing.T) { roundTrip(t, b.Population) }},
		{"deaths", func(t *testing.T) { roundTrip(t, b.Deaths) }},
		{"births", func(t *testing.T) { roundTrip(t, b.Births) }},
		{"death_rates", func(t *testing.T) { roundTrip(t, b.DeathRates) }},
		{"fertility_rates", func(t *testing.T) { roundTrip(t, b.FertilityRates) }},
		{"net_migration", func(t *testing.T) { roundTrip(t, b.NetMigration) }},
		{"services", func(t *testing.T) { roundTrip(t, b.Services) }},
		{"roles", func(t *testing.T) { roundTrip(t, b.Roles) }},
		{"care_use", func(t *testing.T) { roundTrip(t, b.CareUse) }},
		{"care_staffing", func(t *testing.T) { roundTrip(t, b.CareStaffing) }},
		{"role_shares", func(t *testing.T) { roundTrip(t, b.RoleShares) }},
		{"workforce", func(t *testing.T) { roundTrip(t, b.Workforce) }},
		{"exit_rates", func(t *testing.T) { roundTrip(t, b.ExitRates) }},
		{"career_transitions", func(t *testing.T) { roundTrip(t, b.CareerTransitions) }},
		{"training_pipelines", func(t *testing.T) { roundTrip(t, b.TrainingPipelines) }},
		{"training_stages", func(t *testing.T) { roundTrip(t, b.TrainingStages) }},
		{"recruits", func(t *testing.T) { roundTrip(t, b.Recruits) }},
		{"forecast", func(t *testing.T) { roundTrip(t, testForecast()) }},
		{"decomposition", func(t *testing.T) { roundTrip(t, testDrivers()) }},
		{"uncertainty", func(t *testing.T) { roundTrip(t, testBands()) }},
		{"population_bands", func(t *testing.T) { roundTrip(t, testPopulationBands()) }},
	} {
		t.Run(tc.name, tc.run)
	}
	// The four matching schemas (candidates, openings, workplaces,
	// assignments) have their round trip in match_test.go, the goal
	// seek's five in schema_costs_test.go, the six of training in
	// training_test.go.
	if n := len(Schemas()); n != 22+4+5+6+2 { // and actuals, followup: followup_test.go
		t.Errorf("%d schemas, the round trips cover 39", n)
	}
}

// TestRoundTripManyRows crosses batch and row group boundaries.
func TestRoundTripManyRows(t *testing.T) {
	var rows []Population
	for year := int32(1990); year < 2040; year++ { // 50 years × 101 ages × 2 sexes = 10100 rows
		for age := int32(0); age <= 100; age++ {
			for _, sex := range []string{"M", "F"} {
				rows = append(rows, Population{Region: "1480", Year: year, Age: age, Sex: sex, Persons: float64(age) * 1.1})
			}
		}
	}
	roundTrip(t, rows)
}

// Row structs of other shapes, to write files Read must reject or accept.
type (
	popNoPersons struct {
		Region string `parquet:"region"`
		Year   int32  `parquet:"year"`
		Age    int32  `parquet:"age"`
		Sex    string `parquet:"sex"`
	}
	popPersonsString struct {
		Region  string `parquet:"region"`
		Year    int32  `parquet:"year"`
		Age     int32  `parquet:"age"`
		Sex     string `parquet:"sex"`
		Persons string `parquet:"persons"`
	}
	popYearInt64 struct {
		Region  string  `parquet:"region"`
		Year    int64   `parquet:"year"`
		Age     int32   `parquet:"age"`
		Sex     string  `parquet:"sex"`
		Persons float64 `parquet:"persons"`
	}
	popRepeated struct {
		Region  string    `parquet:"region"`
		Year    int32     `parquet:"year"`
		Age     int32     `parquet:"age"`
		Sex     string    `parquet:"sex"`
		Persons []float64 `parquet:"persons,list"`
	}
	popOptional struct {
		Region  string   `parquet:"region,optional"`
		Year    int32    `parquet:"year"`
		Age     int32    `parquet:"age"`
		Sex     string   `parquet:"sex"`
		Persons *float64 `parquet:"persons,optional"`
	}
	popReordered struct {
		Note    string  `parquet:"note"`
		Persons float64 `parquet:"persons"`
		Sex     string  `parquet:"sex"`
		Age     int32   `parquet:"age"`
		Year    int32   `parquet:"year"`
		Region  string  `parquet:"region"`
	}
)

func ptr[T any](v T) *T { return &v }

func pop(age int32, sex string, persons float64) Population {
	return Population{Region: "1480", Year: 2024, Age: age, Sex: sex, Persons: persons}
}

// wantRowError asserts that err wraps rule and that its first *RowError
// names file, row and column, also in its message.
func wantRowError(t *testing.T, err, rule error, file string, row int, column string) {
	t.Helper()
	if !errors.Is(err, rule) {
		t.Fatalf("error %v, want %v", err, rule)
	}
	var re *RowError
	if !errors.As(err, &re) {
		t.Fatalf("error %v is not a *RowError", err)
	}
	if re.File != file || re.Row != row || re.Column != column {
		t.Errorf("RowError at %s row %d column %q, want %s row %d column %q", re.File, re.Row, re.Column, file, row, column)
	}
	msg := re.Error()
	if !strings.HasPrefix(msg, file+": ") || (column != "" && !strings.Contains(msg, "column "+column)) ||
		(row > 0 && re.Line == 0 && !strings.Contains(msg, "row "+strconv.Itoa(row))) {
		t.Errorf("message %q does not name %s, row %d, column %s", msg, file, row, column)
	}
}

func TestReadBadParquet(t *testing.T) {
	const file = "population.parquet"
	good := []Population{pop(80, "F", 10), pop(80, "M", 12), pop(81, "F", 9)}
	withRow := func(i int, r Population) []byte {
		rows := slicesClone(good)
		rows[i] = r
		return rawParquet(t, rows)
	}
	valid := encodeT(t, good)
	for _, tc := range []struct {
		name   string
		data   []byte
		rule   error
		row    int
		column string
		msg    string // the whole message of the first problem, when set
	}{
		{name: "missing column", data: rawParquet(t, []popNoPersons{{"1480", 2024, 80, "F"}}), rule: ErrMissingColumn, column: "persons",
			msg: "population.parquet: column persons: missing from the file"},
		{name: "persons as string", data: rawParquet(t, []popPersonsString{{"1480", 2024, 80, "F", "12"}}), rule: ErrWrongType, column: "persons",
			msg: "population.parquet: column persons: type BYTE_ARRAY, STRING, want DOUBLE"},
		{name: "year as int64", data: rawParquet(t, []popYearInt64{{"1480", 2024, 80, "F", 1}}), rule: ErrWrongType, column: "year"},
		{name: "repeated persons", data: rawParquet(t, []popRepeated{{"1480", 2024, 80, "F", []float64{1}}}), rule: ErrWrongType, column: "persons"},
		{name: "null", data: rawParquet(t, []popOptional{{"1480", 2024, 80, "F", ptr(1.0)}, {"1480", 2024, 81, "F", nil}}), rule: ErrMissingValue, row: 2, column: "persons"},
		{name: "NaN", data: withRow(1, pop(80, "M", math.NaN())), rule: ErrNaN, row: 2, column: "persons",
			msg: "population.parquet: row 2, column persons: NaN is not a finite number"},
		{name: "Inf", data: withRow(2, pop(81, "F", math.Inf(1))), rule: ErrNaN, row: 3, column: "persons"},
		{name: "negative persons", data: withRow(1, pop(80, "M", -3)), rule: ErrRange, row: 2, column: "persons",
			msg: "population.parquet: row 2, column persons: -3 is below the minimum 0"},
		{name: "age above 100", data: withRow(0, pop(101, "F", 1)), rule: ErrRange, row: 1, column: "age"},
		{name: "sex X", data: withRow(0, pop(80, "X", 1)), rule: ErrEnum, row: 1, column: "sex",
			msg: `population.parquet: row 1, column sex: "X" is not one of M, F`},
		{name: "empty region", data: withRow(2, Population{Year: 2024, Age: 1, Sex: "F"}), rule: ErrMissingValue, row: 3, column: "region"},
		{name: "duplicate key", data: withRow(2, pop(80, "F", 3)), rule: ErrDuplicate, row: 3, column: "region,year,age,sex",
			msg: "population.parquet: row 3, column region,year,age,sex: key (region 1480, year 2024, age 80, sex F) repeats row 1"},
		{name: "no rows", data: rawParquet(t, []Population{}), rule: ErrEmpty},
		{name: "empty file", data: nil, rule: ErrEmpty, msg: "population.parquet: empty file"},
		{name: "csv", data: []byte("region,year,age,sex,persons\n1480,2024,80,F,1\n"), rule: ErrNotParquet},
		{name: "short", data: []byte("PAR1"), rule: ErrNotParquet},
		{name: "truncated", data: valid[:len(valid)-10], rule: ErrNotParquet},
		{name: "bad footer", data: append(append([]byte("PAR1"), bytes.Repeat([]byte{0xff}, 40)...), 10, 0, 0, 0, 'P', 'A', 'R', '1'), rule: ErrCorrupt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := readBytes[Population](tc.data, file)
			if rows != nil {
				t.Errorf("rows %v with an error", rows)
			}
			wantRowError(t, err, tc.rule, file, tc.row, tc.column)
			var re *RowError
			if errors.As(err, &re) && tc.msg != "" && re.Error() != tc.msg {
				t.Errorf("message %q, want %q", re.Error(), tc.msg)
			}
		})
	}
}

func slicesClone[T any](s []T) []T { return append([]T(nil), s...) }

func TestReadOtherRules(t *testing.T) {
	t.Run("rate above 1", func(t *testing.T) {
		data := rawParquet(t, []DeathRate{{Region: "1480", Year: 2024, Age: 80, Sex: "F", Rate: 1.5}})
		_, err := readBytes[DeathRate](data, "death_rates.parquet")
		wantRowError(t, err, ErrRange, "death_rates.parquet", 1, "rate")
	})
	t.Run("negative rate", func(t *testing.T) {
		data := rawParquet(t, []Workforce{{Region: "1480", Year: 2024, Role: "x", Age: 40, Sex: "F", Headcount: 1, EmploymentRate: 0.5, SickLeaveRate: -0.1}})
		_, err := readBytes[Workforce](data, "workforce.parquet")
		wantRowError(t, err, ErrRange, "workforce.parquet", 1, "sick_leave_rate")
	})
	t.Run("age band reversed", func(t *testing.T) {
		data := rawParquet(t, []CareUse{{Region: "1480", Service: "home_care", AgeFrom: 80, AgeTo: 65, Sex: "F", Rate: 0.1}})
		_, err := readBytes[CareUse](data, "care_use.parquet")
		wantRowError(t, err, ErrRange, "care_use.parquet", 1, "age_to")
	})
	t.Run("transition to itself", func(t *testing.T) {
		data := rawParquet(t, []CareerTransition{{FromRole: "a", ToRole: "a", Rate: 0.1}})
		_, err := readBytes[CareerTransition](data, "career_transitions.parquet")
		wantRowError(t, err, ErrRange, "career_transitions.parquet", 1, "to_role")
	})
	t.Run("negative net migration is allowed", func(t *testing.T) {
		data := rawParquet(t, []NetMigration{{Region: "1480", Year: 2024, Age: 20, Sex: "M", Persons: -40}})
		if _, err := readBytes[NetMigration](data, "net_migration.parquet"); err != nil {
			t.Error(err)
		}
	})
}

// TestReadAcceptsOtherLayouts reads columns in another order, with an extra
// column, and optional columns without nulls.
func TestReadAcceptsOtherLayouts(t *testing.T) {
	want := []Population{pop(80, "F", 10), pop(81, "F", 2.5)}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"reordered with extra column", rawParquet(t, []popReordered{{"a", 10, "F", 80, 2024, "1480"}, {"b", 2.5, "F", 81, 2024, "1480"}})},
		{"optional without nulls", rawParquet(t, []popOptional{{"1480", 2024, 80, "F", ptr(10.0)}, {"1480", 2024, 81, "F", ptr(2.5)}})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readBytes[Population](tc.data, "population.parquet")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

// TestReadListsProblems checks that Read lists every problem up to 20 and
// then stops.
func TestReadListsProblems(t *testing.T) {
	var rows []Population
	for age := int32(0); age < 30; age++ {
		rows = append(rows, pop(age, "F", -1))
	}
	_, err := readBytes[Population](rawParquet(t, rows), "population.parquet")
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("error %v is not joined", err)
	}
	errs := joined.Unwrap()
	if len(errs) != maxErrors+1 {
		t.Fatalf("%d errors, want %d and a note", len(errs), maxErrors)
	}
	if !strings.Contains(errs[maxErrors].Error(), "stopped after 20 problems") {
		t.Errorf("last error %q", errs[maxErrors])
	}
	wantRowError(t, errs[19], ErrRange, "population.parquet", 20, "persons")
}

// TestReadCorruptPages flips bytes of a valid file: Read must return an
// error or valid rows, never panic.
func TestReadCorruptPages(t *testing.T) {
	data := encodeT(t, testBundle().Population)
	for i := 4; i < len(data)-8; i += 7 {
		bad := slicesClone(data)
		bad[i] ^= 0x5a
		rows, err := readBytes[Population](bad, "population.parquet")
		if err == nil {
			if verr := Validate(rows, "population.parquet"); verr != nil {
				t.Fatalf("byte %d: invalid rows without an error: %v", i, verr)
			}
		}
	}
}
