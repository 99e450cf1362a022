package scenario

import (
	"cmp"
	"slices"
)

// Placed is how many people a matching placed in one region (the
// workplace's municipality) and role.
type Placed struct {
	Region, Role string
	N            int
}

// Placements turns the placements of a matching run into the scenario
// "placements" that extends "base": one matched_entrants lever per region
// and role, adding per year as many entrants as the run placed there,
// every year from startYear on (profile step): a yearly programme at the
// capacity the matching found. Each lever places its count in its own
// region (distribute per_region), with the default retention and
// supervision (DefaultRetention1, DefaultRetention3, DefaultSupervisorRole,
// DefaultSupervisionFTE), written out so that the scenario states them. Levers come in region, then role order and
// are labelled "placements <region>", or "placements <region> <role>"
// when byRole (placements of several roles). A count of zero or less gets
// no lever; counts of the same region and role add up.
func Placements(placed []Placed, startYear int, byRole bool) *Scenario {
	sum := map[Placed]int{}
	var keys []Placed
	for _, p := range placed {
		k := Placed{Region: p.Region, Role: p.Role}
		if _, ok := sum[k]; !ok {
			keys = append(keys, k)
		}
		sum[k] += p.N
	}
	slices.SortFunc(keys, func(a, b Placed) int {
		return cmp.Or(cmp.Compare(a.Region, b.Region), cmp.Compare(a.Role, b.Role))
	})
	sc := &Scenario{
		Name:        "placements",
		Description: "Yearly placements from outside the labour market at the capacity a matching run found.",
		Extends:     []string{"base"},
	}
	for _, k := range keys {
		if sum[k] <= 0 {
			continue
		}
		n := float64(sum[k])
		label := "placements " + k.Region
		if byRole {
			label += " " + k.Role
		}
		sc.Levers = append(sc.Levers, Lever{
			Kind: MatchedEntrants, Label: label,
			Regions: []string{k.Region}, Roles: []string{k.Role},
			StartYear: startYear, TargetYear: startYear, Profile: Step,
			PerYear: &n, Distribute: PerRegion,
			Retention1: ptr(DefaultRetention1), Retention3: ptr(DefaultRetention3),
			SupervisorRole: DefaultSupervisorRole, SupervisionFTE: ptr(DefaultSupervisionFTE),
		})
	}
	return sc
}

func ptr(v float64) *float64 { return &v }
