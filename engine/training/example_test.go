package training_test

import (
	"fmt"

	"github.com/caregap/caregap/engine/training"
)

// The worked example of the package doc: five participants of a course,
// one still in it on the day of the data.
func ExampleAalenJohansen() {
	c := training.AalenJohansen([]training.Obs{
		{Time: 1, Cause: training.Completed},
		{Time: 2, Cause: training.Dropped},
		{Time: 3, Cause: training.Censored},
		{Time: 4, Cause: training.Completed},
		{Time: 5, Cause: training.Completed},
	})
	for i, t := range c.Times {
		fmt.Printf("day %v: at risk %d, in course %.2f, completed %.2f, dropped out %.2f\n", t, c.AtRisk[i], c.Survival[i], c.Completion[i], c.Dropout[i])
	}
	// Output:
	// day 1: at risk 5, in course 0.80, completed 0.20, dropped out 0.00
	// day 2: at risk 4, in course 0.60, completed 0.20, dropped out 0.20
	// day 3: at risk 3, in course 0.60, completed 0.20, dropped out 0.20
	// day 4: at risk 2, in course 0.30, completed 0.50, dropped out 0.20
	// day 5: at risk 1, in course 0.00, completed 0.80, dropped out 0.20
}

// A course whose endings are 80 % completions, a quarter of those in it
// ending each month, as a stage of the forecast's pipeline.
func ExampleStageFit_Stage() {
	s := training.StageFit{P: 0.8, Q: 0.25}.Stage("Course 1")
	fmt.Printf("%s: %.2f months, completion %.0f, dropout %.2f a year\n", s.Name, s.DurationMonths, s.CompletionRate, s.DropoutRate)
	// Output:
	// Course 1: 4.75 months, completion 1, dropout 0.60 a year
}
