package trainingrun_test

import (
	"fmt"

	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/engine/training"
	"github.com/caregap/caregap/runs/trainingrun"
)

// Estimate the embedded (synthetic, illustrative) records as they stand
// on their last day and print the stages of the forecast's pipeline.
func ExampleBuild() {
	set, err := defaultdata.LoadTraining()
	if err != nil {
		panic(err)
	}
	r, err := trainingrun.Build(set, "", training.NoDay)
	if err != nil {
		panic(err)
	}
	s := r.Summary()
	fmt.Printf("%s on %s: %d participants, %d in progress\n", s.Programme, s.AsOf, s.Participants, s.InProgress)
	stages, err := r.Stages()
	if err != nil {
		panic(err)
	}
	for _, st := range stages {
		fmt.Printf("%d %-20.20s %4.1f months, dropout %.2f a year\n", st.Stage, st.Name, st.DurationMonths, st.DropoutRate)
	}
	// Output:
	// stepwise_dalarna on 2026-11-30: 1150 participants, 366 in progress
	// 1 Introduction course   2.1 months, dropout 0.47 a year
	// 2 Course 1: the LSS ac  4.7 months, dropout 0.81 a year
	// 3 Course 2: disabiliti  4.7 months, dropout 0.59 a year
	// 4 Course 3: communicat  4.9 months, dropout 0.52 a year
	// 5 Course 4: challengin  5.2 months, dropout 0.44 a year
	// 6 Course 5: health, me  5.3 months, dropout 0.27 a year
}
