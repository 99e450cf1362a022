package matchrun_test

import (
	"fmt"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/match"
	"github.com/caregap/caregap/runs/matchrun"
)

// Two candidates for two openings at a workplace whose supervisor can
// take on one newcomer: the one who lives closer is placed at the role
// they listed first. The rows are made up.
func ExampleBuild() {
	m := &datasets.MatchSet{
		Workplaces: []datasets.Workplace{
			{WorkplaceID: "W1", Employer: "Göteborg kommun", Region: "1480", SupervisorCapacity: 1},
		},
		Openings: []datasets.Opening{
			{OpeningID: "O1", WorkplaceID: "W1", Role: "service_assistant", Positions: 1, MinLanguage: 2, Hours: 38, Start: "2025-03-03"},
			{OpeningID: "O2", WorkplaceID: "W1", Role: "care_aide", Positions: 1, MinLanguage: 2, Hours: 38, Start: "2025-03-03"},
		},
		Candidates: []datasets.Candidate{
			{CandidateID: "C1", Region: "1480", XKm: 6, YKm: 8, LanguageLevel: 3, HoursWanted: 38, AvailableFrom: "2025-03-03"},
			{CandidateID: "C2", Region: "1480", XKm: 1.5, YKm: 2, LanguageLevel: 4, HoursWanted: 38, AvailableFrom: "2025-02-24",
				RolePreferences: "service_assistant,care_aide"},
		},
	}
	// The zero rules and weights are the engine's defaults, as `caregap
	// match` uses them.
	r, err := matchrun.Build(m, match.Rules{}, match.CostWeights{})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := r.Solve("flow"); err != nil {
		fmt.Println(err)
		return
	}
	msg, err := r.Verify()
	fmt.Println(msg, err)
	for _, a := range r.Assignments() {
		fmt.Printf("%s at %s: %.1f points (%.1f km, %.0f days of waiting)\n", a.CandidateID, a.OpeningID, a.Cost, a.CommuteKm, a.WaitDays)
	}
	for c := range m.Candidates {
		fmt.Println(r.Explain(c).Text)
	}
	// Output:
	// optimality verified: most placed, then least cost (dual certificate checked independently) <nil>
	// C2 at O1: 2.9 points (2.5 km, 7 days of waiting)
	// You qualified for 2 openings, but their workplaces had no supervisor free to take on another person this round.
	// You are offered a place as service assistant at W1 (Göteborg kommun, municipality 1480). It is 2.5 km from your home. It starts 7 days after you are available. You qualified for 2 openings; this one fits you best once everyone's placements are taken into account.
}
