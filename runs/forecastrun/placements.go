package forecastrun

import (
	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/scenario"
)

// PlacementScenario counts the assignments of a matching run by region
// (the workplace's municipality) and role and returns the scenario
// "placements" of scenario.Placements: as many placements a year in each
// region as the matching made there (distribute per_region), from
// startYear on, each with the default retention after 1 and 3 years and
// the default supervision by assistant nurses. The forecast takes in the
// retained share and takes the supervision from the supervisors' FTE. A non-empty entryRole keeps only the placements into that
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
