package datasets_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/caregap/caregap/datasets"
)

// Write population rows as Parquet and read them back.
func ExampleRead() {
	rows := []datasets.Population{
		{Region: "1480", Year: 2024, Age: 80, Sex: "F", Persons: 3120},
		{Region: "1480", Year: 2024, Age: 80, Sex: "M", Persons: 2210},
	}
	var buf bytes.Buffer
	if err := datasets.EncodeParquet(&buf, rows); err != nil {
		fmt.Println(err)
		return
	}
	got, err := datasets.Read[datasets.Population](bytes.NewReader(buf.Bytes()), int64(buf.Len()), "population.parquet")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range got {
		fmt.Println(r.Region, r.Year, r.Age, r.Sex, r.Persons)
	}
	// Output:
	// 1480 2024 80 F 3120
	// 1480 2024 80 M 2210
}

// A CSV file with a bad value: the error names the line and the column,
// and wraps the rule it breaks.
func ExampleReadCSV() {
	in := "region,year,age,sex,persons\n" +
		"1480,2024,80,F,3120\n" +
		"1480,2024,80,M,-3\n"
	_, err := datasets.ReadCSV[datasets.Population](strings.NewReader(in), "population.csv")
	fmt.Println(err)
	fmt.Println(errors.Is(err, datasets.ErrRange))
	var re *datasets.RowError
	if errors.As(err, &re) {
		fmt.Println(re.Row, re.Line, re.Column)
	}
	// Output:
	// population.csv: line 3, column persons: -3 is below the minimum 0
	// true
	// 2 3 persons
}

// Check finds problems that span files.
func ExampleCheck() {
	b := &datasets.Bundle{
		Regions: []datasets.Region{{Region: "1480", Name: "Göteborg"}},
		Population: []datasets.Population{
			{Region: "1480", Year: 2024, Age: 80, Sex: "F", Persons: 3120},
			{Region: "1408", Year: 2024, Age: 80, Sex: "M", Persons: 2210},
		},
	}
	fmt.Println(datasets.Check(b))
	// Output:
	// population.parquet: row 2, column region: "1408" is not in regions.parquet
}
