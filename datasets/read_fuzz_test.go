package datasets

import (
	"bytes"
	"reflect"
	"testing"
)

// fuzzRead fuzzes Read and ReadCSV of row type T with the same input:
// neither may panic, and a nil error must come with rows that pass
// Validate and survive a Parquet round trip. The seeds are valid Parquet
// and CSV files of rows, and cut and emptied variants of them.
//
//	go test ./datasets -run '^$' -fuzz FuzzReadPopulation -fuzztime 60s
func fuzzRead[T any](f *testing.F, rows []T) {
	pq := encodeT(f, rows)
	var csv bytes.Buffer
	if err := EncodeCSV(&csv, rows); err != nil {
		f.Fatal(err)
	}
	f.Add(pq)
	f.Add(pq[:len(pq)/2])
	f.Add(csv.Bytes())
	f.Add(csv.Bytes()[:csv.Len()/2])
	f.Add([]byte{})
	file := SchemaOf[T]().File
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Read[T](bytes.NewReader(data), int64(len(data)), file)
		checkFuzzRows(t, got, err, file)
		got, err = ReadCSV[T](bytes.NewReader(data), file)
		checkFuzzRows(t, got, err, file)
	})
}

func checkFuzzRows[T any](t *testing.T, rows []T, err error, file string) {
	t.Helper()
	if err != nil {
		if rows != nil {
			t.Fatalf("rows with error %v", err)
		}
		return
	}
	if len(rows) == 0 {
		t.Fatal("no rows and no error")
	}
	if err := Validate(rows, file); err != nil {
		t.Fatalf("invalid rows without an error: %v", err)
	}
	var b bytes.Buffer
	if err := EncodeParquet(&b, rows); err != nil {
		t.Fatal(err)
	}
	again, err := Read[T](bytes.NewReader(b.Bytes()), int64(b.Len()), file)
	if err != nil || !reflect.DeepEqual(again, rows) {
		t.Fatalf("round trip: %v", err)
	}
}

func FuzzReadRegions(f *testing.F)        { fuzzRead(f, testBundle().Regions) }
func FuzzReadPopulation(f *testing.F)     { fuzzRead(f, testBundle().Population) }
func FuzzReadDeaths(f *testing.F)         { fuzzRead(f, testBundle().Deaths) }
func FuzzReadBirths(f *testing.F)         { fuzzRead(f, testBundle().Births) }
func FuzzReadDeathRates(f *testing.F)     { fuzzRead(f, testBundle().DeathRates) }
func FuzzReadFertilityRates(f *testing.F) { fuzzRead(f, testBundle().FertilityRates) }
func FuzzReadNetMigration(f *testing.F)   { fuzzRead(f, testBundle().NetMigration) }
func FuzzReadServices(f *testing.F)       { fuzzRead(f, testBundle().Services) }
func FuzzReadRoles(f *testing.F)          { fuzzRead(f, testBundle().Roles) }
func FuzzReadCareUse(f *testing.F)        { fuzzRead(f, testBundle().CareUse) }
func FuzzReadCareStaffing(f *testing.F)   { fuzzRead(f, testBundle().CareStaffing) }
func FuzzReadRoleShares(f *testing.F)     { fuzzRead(f, testBundle().RoleShares) }
func FuzzReadWorkforce(f *testing.F)      { fuzzRead(f, testBundle().Workforce) }
func FuzzReadExitRates(f *testing.F)      { fuzzRead(f, testBundle().ExitRates) }
func FuzzReadCareerTransitions(f *testing.F) {
	fuzzRead(f, testBundle().CareerTransitions)
}
func FuzzReadTrainingPipelines(f *testing.F) {
	fuzzRead(f, testBundle().TrainingPipelines)
}
func FuzzReadTrainingStages(f *testing.F)  { fuzzRead(f, testBundle().TrainingStages) }
func FuzzReadRecruits(f *testing.F)        { fuzzRead(f, testBundle().Recruits) }
func FuzzReadForecast(f *testing.F)        { fuzzRead(f, testForecast()) }
func FuzzReadDecomposition(f *testing.F)   { fuzzRead(f, testDrivers()) }
func FuzzReadUncertainty(f *testing.F)     { fuzzRead(f, testBands()) }
func FuzzReadPopulationBands(f *testing.F) { fuzzRead(f, testPopulationBands()) }
