package datasets

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

func testLeverCosts() []LeverCost {
	return []LeverCost{
		{Lever: "wage", Role: "assistant_nurse", Year: 2025, Unit: "FTE-year", RunSEK: 511000, Source: "SCB"},
		{Lever: "training_places", Region: "1480", Pipeline: "adult_education_an", Year: 2025, Unit: "training place-year", RunSEK: 60000, Source: "assumption"},
		{Lever: "recruits", Year: 2025, Unit: "recruit", OneOffSEK: 60000, Source: "assumption"},
	}
}

func testLeverLimits() []LeverLimit {
	return []LeverLimit{
		{Lever: "employment_rate", Limit: 1, Ramp: 0.03, Source: "full time"},
		{Lever: "matched_entrants", Region: "2309", Limit: 15, Ramp: 5, Source: "assumption"},
	}
}

// TestGoalSeekRoundTrip: the goal seek's five datasets through Parquet
// and CSV.
func TestGoalSeekRoundTrip(t *testing.T) {
	roundTrip(t, testLeverCosts())
	roundTrip(t, testLeverLimits())
	roundTrip(t, []GoalSeekLever{{Region: "1480", Lever: "employment_rate", AppliesTo: "nurse", Intensity: 0.04, Unit: "rate change",
		Limit: 0.08, StartYear: 2025, TargetYear: 2030, Quantity: 12.5, CostUnit: "FTE-year of extra hours", CostSEK: 1.5e6}})
	roundTrip(t, []GoalSeekTarget{{Region: "1480", Role: "nurse", Year: 2030, Constraint: "target", DemandFTE: 100, ReferenceGap: 5,
		GapFTE: 0, Met: true, Binding: true, MarginalSEK: 4.2e6}})
	roundTrip(t, []GoalSeekCurvePoint{{Region: "all", Level: 0, LevelUnit: "FTE", CostSEK: 1e9}})
}

// TestGoalSeekRules: each rule of the two inputs, named by file, row and
// column.
func TestGoalSeekRules(t *testing.T) {
	for _, tc := range []struct {
		name, csv, want string
		rule            error
	}{
		{"wrong unit", "lever,region,role,pipeline,year,unit,one_off_sek,running_sek,source\nrecruits,,,,2025,FTE-year,1,0,x\n",
			`lever_costs.csv: line 2, column unit: "FTE-year" is not the unit of recruits, "recruit"`, ErrEnum},
		{"wage without role", "lever,region,role,pipeline,year,unit,one_off_sek,running_sek,source\nwage,,,,2025,FTE-year,0,500000,x\n",
			"lever_costs.csv: line 2, column role: a wage row names its role", ErrMissingValue},
		{"pipeline on another lever", "lever,region,role,pipeline,year,unit,one_off_sek,running_sek,source\nrecruits,,,p,2025,recruit,1,0,x\n",
			"lever_costs.csv: line 2, column pipeline: only training_places rows name a pipeline, not recruits", ErrRange},
		{"negative cost", "lever,region,role,pipeline,year,unit,one_off_sek,running_sek,source\nrecruits,,,,2025,recruit,-1,0,x\n",
			"lever_costs.csv: line 2, column one_off_sek: -1 is below the minimum 0", ErrRange},
		{"bad region", "lever,region,role,pipeline,year,unit,one_off_sek,running_sek,source\nrecruits,Göteborg,,,2025,recruit,1,0,x\n",
			"lever_costs.csv: line 2, column region:", ErrSyntax},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadGoalSeekFS(fstest.MapFS{
				"lever_costs.csv":  {Data: []byte(tc.csv)},
				"lever_limits.csv": {Data: []byte("lever,region,limit,ramp_per_year,source\nrecruits,,0.5,0.1,x\n")},
			})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, tc.rule) {
				t.Errorf("got %v, want %q (%v)", err, tc.want, tc.rule)
			}
		})
	}
	_, err := ReadGoalSeekFS(fstest.MapFS{"lever_limits.csv": {Data: []byte("lever,region,limit,ramp_per_year,source\nemployment_rate,,1.2,0.1,x\n")}})
	for _, want := range []string{"lever_costs.parquet: missing; a goal seek needs lever_costs", "lever_limits.csv: line 2, column limit: 1.2 is above 1"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want %q", err, want)
		}
	}
}
