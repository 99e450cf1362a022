package defaultdata_test

import (
	"fmt"

	"github.com/caregap/caregap/datasets/defaultdata"
)

func ExampleLoad() {
	b, err := defaultdata.Load()
	if err != nil {
		fmt.Println(err)
		return
	}
	groups := map[string]int{}
	for _, r := range b.Regions {
		groups[r.Group]++
	}
	fmt.Println(len(b.Regions), "municipalities, base year", b.Workforce[0].Year)
	for _, g := range []string{"Gothenburg region", "Dalarna (stepwise training)", "Linköping", "Krokom"} {
		fmt.Printf("%s: %d\n", g, groups[g])
	}
	// Output:
	// 19 municipalities, base year 2024
	// Gothenburg region: 13
	// Dalarna (stepwise training): 4
	// Linköping: 1
	// Krokom: 1
}

func ExampleGenerate() {
	b := defaultdata.Generate(defaultdata.GenerateConfig{Regions: 50, Seed: 1})
	fmt.Println(len(b.Regions), b.Regions[0].Region, b.Regions[49].Region, len(b.Workforce))
	// Output:
	// 50 S001 S050 37100
}
