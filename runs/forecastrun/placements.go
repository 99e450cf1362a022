package forecastrun

import (
	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/scenario"
)

// PlacementScenario counts the assignments of a matching run by region
// (the workplace's municipality) and role and returns the scenario
// "placements" of scenario.Placements: as many entrants a year, from
// startYear on. A non-empty entryRole keeps only the placements into that
// role; an empty one keeps every role, with a lever per region and role.
func PlacementScenario(assignments []datasets.Assignment, entryRole string, startYear int) *scenario.Scenario {
	placed := make([]scenario.Placed, 0, len(assignments))
	for _, a := range assignments {
		if entryRole == "" || a.Role == entryRole {
			placed = append(placed, scenario.Placed{Region: a.Region, Role: a.Role, N: 1})
		}
	}
	return scenario.Placements(placed, startYear, entryRole == "")
}
