package lap_test

import (
	"fmt"

	"github.com/caregap/caregap/benchmarks/lap"
)

// The geometric class: rows are candidates, columns openings, the cost
// the default cost model of engine/match in tenths (commute km plus
// preference and penalty terms). Same class, n and seed, same matrix.
func ExampleGenerate() {
	c := lap.Generate("geometric", 3, 1)
	for i := range 3 {
		fmt.Println(c[i*3 : i*3+3])
	}
	// Output:
	// [1307 1260 837]
	// [1007 984 424]
	// [1169 1089 537]
}
