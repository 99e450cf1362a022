package defaultdata_test

import (
	"fmt"

	"github.com/caregap/caregap/datasets/defaultdata"
)

func ExampleLoadMatch() {
	m, err := defaultdata.LoadMatch()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(m.Candidates), "candidates,", len(m.Openings), "openings,", len(m.Workplaces), "workplaces")
	// Output:
	// 3610 candidates, 242 openings, 95 workplaces
}
