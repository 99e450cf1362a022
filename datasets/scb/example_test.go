package scb_test

import (
	"fmt"
	"strings"

	"github.com/caregap/caregap/datasets/scb"
)

func ExampleRead() {
	// The first lines of an SCB population export (TAB638): marital
	// statuses are summed, "100+" becomes age 100.
	const export = "\"Region\",\"Civilstand\",\"Alder\",\"Kon\",\"BE0101N1 2024\"\r\n" +
		"\"2580\",\"OG\",\"100+\",\"2\",1\r\n" +
		"\"2580\",\"ÄNKL\",\"100+\",\"2\",11\r\n"
	table, b, err := scb.Read(strings.NewReader(export), "population.csv", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(table)
	for _, r := range b.Population {
		fmt.Printf("%s %d age %d %s: %.0f\n", r.Region, r.Year, r.Age, r.Sex, r.Persons)
	}

	_, _, err = scb.Read(strings.NewReader(strings.Replace(export, `"2",11`, `"3",11`, 1)), "population.csv", nil)
	fmt.Println(err)
	// Output:
	// population
	// 2580 2024 age 100 F: 12
	// population.csv: line 3, column Kon: sex "3" is not 1 or 2: not an allowed value
}
