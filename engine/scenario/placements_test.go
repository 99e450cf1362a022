package scenario

import "testing"

func TestPlacements(t *testing.T) {
	// One service-assistant placement in 0580 and one in 2309, one care
	// aide in 0580, given in no particular order.
	placed := []Placed{{"2309", "service_assistant", 1}, {"0580", "care_aide", 1}, {"0580", "service_assistant", 1}}
	sc := Placements(placed[1:2:2], 2026, false) // care aides only
	if len(sc.Levers) != 1 || sc.Levers[0].Label != "placements 0580" {
		t.Errorf("one role: %+v", sc.Levers)
	}
	sc = Placements([]Placed{placed[0], placed[2]}, 2026, false)
	if sc.Name != "placements" || len(sc.Extends) != 1 || sc.Extends[0] != "base" {
		t.Errorf("scenario %+v", sc)
	}
	if len(sc.Levers) != 2 {
		t.Fatalf("%d levers, want 2", len(sc.Levers))
	}
	for i, want := range []string{"0580", "2309"} {
		l := sc.Levers[i]
		if l.Kind != MatchedEntrants || l.Regions[0] != want || l.Roles[0] != "service_assistant" ||
			*l.PerYear != 1 || l.StartYear != 2026 || l.Profile != Step || l.Phase(2040) != 1 || l.Phase(2025) != 0 ||
			l.Distribute != PerRegion || *l.Retention1 != DefaultRetention1 || *l.Retention3 != DefaultRetention3 ||
			l.SupervisorRole != DefaultSupervisorRole || *l.SupervisionFTE != DefaultSupervisionFTE {
			t.Errorf("lever %d: %+v", i, l)
		}
	}
	if err := sc.Validate(); err != nil {
		t.Fatal(err)
	}
	all := Placements(append(placed, Placed{"0580", "care_aide", 2}, Placed{"9999", "nurse", 0}), 2026, true)
	if len(all.Levers) != 3 || all.Levers[0].Roles[0] != "care_aide" || *all.Levers[0].PerYear != 3 ||
		all.Levers[0].Label != "placements 0580 care_aide" {
		t.Errorf("every role: %+v", all.Levers)
	}
	if err := all.Validate(); err != nil {
		t.Fatal(err)
	}
}
