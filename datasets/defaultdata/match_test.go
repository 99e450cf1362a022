package defaultdata

import (
	"reflect"
	"testing"

	"github.com/caregap/caregap/datasets"
)

func TestLoadMatchMatchesSynthesize(t *testing.T) {
	got, err := LoadMatch()
	if err != nil {
		t.Fatal(err)
	}
	want := SynthesizeMatch()
	if !reflect.DeepEqual(got.Candidates, want.Candidates) || !reflect.DeepEqual(got.Openings, want.Openings) ||
		!reflect.DeepEqual(got.Workplaces, want.Workplaces) {
		t.Fatal("the embedded matching files differ from SynthesizeMatch; run go generate ./datasets/defaultdata")
	}
	if err := datasets.CheckMatch(got); err != nil {
		t.Fatal(err)
	}
}

// TestMatchCalibration checks the sizes of the default matching set
// against the brief (CALIBRATION.md, projects).
func TestMatchCalibration(t *testing.T) {
	m := SynthesizeMatch()
	// "A few thousand" candidates and "a few hundred" openings.
	if n := len(m.Candidates); n < 2000 || n > 6000 {
		t.Errorf("%d candidates, want a few thousand", n)
	}
	if n := len(m.Openings); n < 150 || n > 600 {
		t.Errorf("%d openings, want a few hundred", n)
	}
	cands, sup, positions := map[string]int{}, map[string]int{}, 0
	for _, c := range m.Candidates {
		cands[c.Region]++
	}
	for _, w := range m.Workplaces {
		sup[w.Region] += int(w.SupervisorCapacity)
	}
	for _, o := range m.Openings {
		positions += int(o.Positions)
	}
	// Krokom: about 400 outside the labour market, one in ten registered.
	if n := cands["2309"]; n < 30 || n > 50 {
		t.Errorf("Krokom: %d candidates, want about 40", n)
	}
	// Linköping: the service-assistant project had 8-16 placements,
	// limited by supervisors.
	if n := sup["0580"]; n < 8 || n > 16 {
		t.Errorf("Linköping: supervisor capacity %d, want 8..16", n)
	}
	var total int
	for _, n := range sup {
		total += n
	}
	// Supervision binds: fewer supervisor places than positions.
	if total >= positions/2 {
		t.Errorf("supervisor places %d against %d positions: supervision does not bind", total, positions)
	}
	if len(cands) != 19 || len(sup) != 19 {
		t.Errorf("%d, %d municipalities, want 19", len(cands), len(sup))
	}
}

func TestGenerateMatch(t *testing.T) {
	cfg := MatchConfig{Candidates: 2000, Openings: 150, Workplaces: 60, Seed: 3}
	a := GenerateMatch(cfg)
	if len(a.Candidates) != 2000 || len(a.Openings) != 150 || len(a.Workplaces) != 60 {
		t.Fatalf("sizes %d, %d, %d", len(a.Candidates), len(a.Openings), len(a.Workplaces))
	}
	if err := datasets.CheckMatch(a); err != nil {
		t.Fatal(err)
	}
	if b := GenerateMatch(cfg); !reflect.DeepEqual(a, b) {
		t.Errorf("seed %d: two calls differ", cfg.Seed)
	}
	cfg.Seed = 4
	if b := GenerateMatch(cfg); reflect.DeepEqual(a.Candidates, b.Candidates) {
		t.Error("seeds 3 and 4 give the same candidates")
	}
	seen := map[string]bool{}
	for _, o := range a.Openings {
		seen[o.WorkplaceID] = true
	}
	if len(seen) != 60 {
		t.Errorf("openings at %d workplaces, want all 60", len(seen))
	}
}
