package supply_test

import (
	"fmt"

	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/engine/supply"
)

// A municipality with 1000 care aides and 500 assistant nurses, all women
// aged 45, projected for one year. Care aides leave at 10 % a year,
// assistant nurses at 5 %; 2 % of care aides become assistant nurses; 40
// assistant nurses are recruited at age 25; a pipeline trains 60 care aides
// a year into assistant nurses over two six-month stages and is in its
// steady state: its 55 trainees left the care aides when they started, so
// the year begins with 945.
func ExampleStep() {
	const careAide, nurse = 0, 1
	p := &supply.Params{
		Roles:            []string{"care_aide", "assistant_nurse"},
		ExitRate:         [][population.NumAges]float64{ages(0.10), ages(0.05)},
		NewStaffExitRate: []float64{0.25, 0.15},
		EmploymentRate:   []population.Pyramid{pyramid(0.75), pyramid(0.85)},
		SickLeaveRate:    []population.Pyramid{pyramid(0.09), pyramid(0.08)},
		Transitions:      [][]float64{{0, 0.02}, {0, 0}},
		Recruits:         []population.Pyramid{{}, {population.Female: {25: 40}}},
		Pipelines: []supply.Pipeline{{
			Name: "assistant nurse programme", Source: careAide, Output: nurse, PlacesPerYear: 60,
			Stages: []supply.Stage{
				{Name: "introduction", DurationMonths: 6, CompletionRate: 1},
				{Name: "courses", DurationMonths: 6, CompletionRate: 1},
			},
		}},
	}
	if err := supply.Validate(p); err != nil {
		fmt.Println(err)
		return
	}
	base := []population.Pyramid{{population.Female: {45: 1000}}, {population.Female: {45: 500}}}
	cur, err := supply.NewState(p, base)
	if err != nil {
		fmt.Println(err)
		return
	}
	cur.SetSteadyTrainees(p)

	var next supply.State
	var f supply.Flows
	supply.Step(&next, cur, p, &f)
	for r, m := range supply.Measure(&next, p, nil) {
		fl := f.Roles[r]
		fmt.Printf("%-15s heads %6.1f  fte %5.1f  effective %5.1f  exits %5.1f  moves %+5.1f  graduates %+5.1f  recruits %4.1f\n",
			p.Roles[r], m.Headcount, m.ContractedFTE, m.EffectiveFTE, fl.Exits,
			fl.TransfersIn-fl.TransfersOut, fl.Graduates-fl.GraduatesOut, fl.Recruits)
	}
	// Output:
	// care_aide       heads  773.5  fte 580.1  effective 527.9  exits  94.5  moves -17.0  graduates -60.0  recruits  0.0
	// assistant_nurse heads  592.0  fte 503.2  effective 463.0  exits  25.0  moves +17.0  graduates +60.0  recruits 40.0
}

func ages(v float64) (x [population.NumAges]float64) {
	for a := range x {
		x[a] = v
	}
	return x
}

func pyramid(v float64) (p population.Pyramid) {
	for s := range p {
		p[s] = ages(v)
	}
	return p
}
