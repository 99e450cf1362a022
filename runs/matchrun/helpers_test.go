package matchrun

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/engine/match"
)

// smallSet is a hand-made matching set: two workplaces 12 km apart, in
// Göteborg (1480) and Mölndal (1481), three openings with four positions,
// five candidates. The values are made up so that every outcome occurs
// with the engine's default rules and weights: C1 and C2 are placed at
// W1; C4 has Swedish level 1, below every opening's minimum of 2 (no
// eligible opening); C3 and C5 both qualify for O3, but W2's one
// supervisor place goes to C3, the cheaper of the two, so C5 is left
// with no supervisor.
func smallSet() *datasets.MatchSet {
	return &datasets.MatchSet{
		Workplaces: []datasets.Workplace{
			{WorkplaceID: "W1", Employer: "Göteborg kommun", Region: "1480", XKm: 0, YKm: 0, SupervisorCapacity: 2},
			{WorkplaceID: "W2", Employer: "Private provider A", Region: "1481", XKm: 12, YKm: 0, SupervisorCapacity: 1},
		},
		Openings: []datasets.Opening{
			{OpeningID: "O1", WorkplaceID: "W1", Role: "service_assistant", Positions: 1, MinLanguage: 2, Hours: 38, Start: "2025-03-03"},
			{OpeningID: "O2", WorkplaceID: "W1", Role: "care_aide", Positions: 1, MinLanguage: 3, MinExperience: 1, Hours: 38, Start: "2025-03-03"},
			{OpeningID: "O3", WorkplaceID: "W2", Role: "service_assistant", Positions: 2, MinLanguage: 2, Hours: 30, Start: "2025-04-01"},
		},
		Candidates: []datasets.Candidate{
			{CandidateID: "C1", Region: "1480", XKm: 3, YKm: 4, LanguageLevel: 4, EducationLevel: 2, ExperienceYears: 2, HoursWanted: 38,
				RolePreferences: "care_aide,service_assistant", AvailableFrom: "2025-02-01", Sex: "F", BirthRegion: "sweden"},
			{CandidateID: "C2", Region: "1480", XKm: 0.5, YKm: 0, LanguageLevel: 3, EducationLevel: 1, HoursWanted: 38,
				RolePreferences: "service_assistant", AvailableFrom: "2025-03-01", Sex: "M", BirthRegion: "outside_eu"},
			{CandidateID: "C3", Region: "1481", XKm: 11, YKm: 1, LanguageLevel: 2, EducationLevel: 1, HoursWanted: 30,
				AvailableFrom: "2025-03-15", Sex: "F", BirthRegion: "eu"},
			{CandidateID: "C4", Region: "1481", XKm: 12, YKm: 1, LanguageLevel: 1, EducationLevel: 1, HoursWanted: 30,
				AvailableFrom: "2025-03-15", Sex: "M", BirthRegion: "outside_eu"},
			{CandidateID: "C5", Region: "1480", XKm: 2, YKm: 0, LanguageLevel: 5, EducationLevel: 2, HoursWanted: 30,
				RolePreferences: "service_assistant", AvailableFrom: "2025-01-10", Sex: "F", BirthRegion: "nordic"},
		},
	}
}

// unbound returns m with every workplace's supervisor capacity raised to
// the positions of its openings, so that supervision cannot bind and the
// dense solver applies.
func unbound(m *datasets.MatchSet) *datasets.MatchSet {
	out := *m
	out.Workplaces = append([]datasets.Workplace(nil), m.Workplaces...)
	pos := map[string]int32{}
	for _, o := range m.Openings {
		pos[o.WorkplaceID] += o.Positions
	}
	for i := range out.Workplaces {
		out.Workplaces[i].SupervisorCapacity = max(pos[out.Workplaces[i].WorkplaceID], 0)
	}
	return &out
}

// randomSet returns a matching set of n candidates, 4 workplaces in a
// 30 km square and 10 openings, drawn from seed. The ranges mirror the
// default data's columns (Swedish 0–6, education 0–3, hours 20–40, start
// and availability in the first quarter of 2025).
func randomSet(seed uint64, n int) *datasets.MatchSet {
	rnd := rand.New(rand.NewPCG(seed, 0))
	roles := []string{"service_assistant", "care_aide", "personal_assistant"}
	date := func() string { return fmt.Sprintf("2025-%02d-%02d", 1+rnd.IntN(3), 1+rnd.IntN(28)) }
	m := &datasets.MatchSet{}
	regions := []string{"1480", "1481"}
	for w := range 4 {
		m.Workplaces = append(m.Workplaces, datasets.Workplace{WorkplaceID: fmt.Sprintf("W%d", w+1), Employer: "Employer " + string(rune('A'+w)),
			Region: regions[w%2], XKm: 30 * rnd.Float64(), YKm: 30 * rnd.Float64(), SupervisorCapacity: int32(1 + rnd.IntN(3))})
	}
	for o := range 10 {
		m.Openings = append(m.Openings, datasets.Opening{OpeningID: fmt.Sprintf("O%d", o+1), WorkplaceID: fmt.Sprintf("W%d", 1+rnd.IntN(4)),
			Role: roles[rnd.IntN(3)], Positions: int32(1 + rnd.IntN(3)), MinLanguage: int32(rnd.IntN(4)), MinExperience: float64(rnd.IntN(3)),
			MinEducation: int32(rnd.IntN(2)), Hours: float64(20 + 5*rnd.IntN(5)), Start: date()})
	}
	for c := range n {
		prefs := ""
		if rnd.IntN(2) == 0 {
			prefs = roles[rnd.IntN(3)] + "," + roles[rnd.IntN(3)]
		}
		m.Candidates = append(m.Candidates, datasets.Candidate{CandidateID: fmt.Sprintf("C%d", c+1), Region: regions[rnd.IntN(2)],
			XKm: 30 * rnd.Float64(), YKm: 30 * rnd.Float64(), LanguageLevel: int32(rnd.IntN(7)), DrivingLicence: rnd.IntN(2) == 0,
			EducationLevel: int32(rnd.IntN(4)), ExperienceYears: float64(rnd.IntN(40)) / 10, HoursWanted: float64(20 + 5*rnd.IntN(5)),
			RolePreferences: prefs, AvailableFrom: date(), Sex: []string{"F", "M"}[rnd.IntN(2)], BirthRegion: "sweden"})
	}
	return m
}

// defaultRun builds the embedded default matching set with the engine's
// default rules and weights (what `caregap match` runs) and solves it
// with solver.
func defaultRun(t *testing.T, solver string) *Run {
	t.Helper()
	m, err := defaultdata.LoadMatch()
	if err != nil {
		t.Fatal(err)
	}
	return solved(t, m, solver)
}

// solved builds m with the default rules and weights and solves it.
func solved(t *testing.T, m *datasets.MatchSet, solver string) *Run {
	t.Helper()
	r, err := Build(m, match.Rules{}, match.CostWeights{})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if err := r.Solve(solver); err != nil {
		t.Fatalf("Solve(%q): %v", solver, err)
	}
	return r
}

// index returns the position of the candidate with id in m.
func index(t *testing.T, m *datasets.MatchSet, id string) int {
	t.Helper()
	for i, c := range m.Candidates {
		if c.CandidateID == id {
			return i
		}
	}
	t.Fatalf("no candidate %s", id)
	return -1
}
