package datasets

import (
	"cmp"
	"slices"

	"github.com/caregap/caregap/engine/scenario"
)

// PlacementScenario turns the placements of a matching run into a
// scenario named "placements" that extends "base": one matched_entrants
// lever per region (the workplace's municipality), labelled
// "placements <region>", adding per year as many entrants to entryRole as
// the run placed in that region and role, every year from startYear on
// (profile step): a yearly programme at the capacity the matching found.
// An empty entryRole takes every role, with one lever per region and
// role. Regions and roles are in sorted order; a region with no placement
// gets no lever.
func PlacementScenario(assignments []Assignment, entryRole string, startYear int) *scenario.Scenario {
	type key struct{ region, role string }
	count := map[key]int{}
	var keys []key
	for _, a := range assignments {
		if entryRole != "" && a.Role != entryRole {
			continue
		}
		k := key{a.Region, a.Role}
		if count[k] == 0 {
			keys = append(keys, k)
		}
		count[k]++
	}
	slices.SortFunc(keys, func(a, b key) int {
		if a.region != b.region {
			return cmp.Compare(a.region, b.region)
		}
		return cmp.Compare(a.role, b.role)
	})
	sc := &scenario.Scenario{
		Name:        "placements",
		Description: "Yearly placements from outside the labour market at the capacity a matching run found.",
		Extends:     []string{"base"},
	}
	for _, k := range keys {
		n := float64(count[k])
		label := "placements " + k.region
		if entryRole == "" {
			label += " " + k.role
		}
		sc.Levers = append(sc.Levers, scenario.Lever{
			Kind: scenario.MatchedEntrants, Label: label,
			Regions: []string{k.region}, Roles: []string{k.role},
			StartYear: startYear, TargetYear: startYear, Profile: scenario.Step,
			PerYear: &n,
		})
	}
	return sc
}
