package poprun_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/runs/poprun"
)

// TestPrepareRegionsByName: the regions of a projection may be given by
// name or group; a bundle without a regions file (an SCB import) takes
// the codes of its population rows.
func TestPrepareRegionsByName(t *testing.T) {
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	spec, err := poprun.Prepare(poprun.Spec{Bundle: b, Regions: []string{"Krokom", "falun", "2080"}, From: 2024, To: 2030})
	if err != nil || !slices.Equal(spec.Regions, []string{"2309", "2080"}) {
		t.Fatalf("regions %v, %v; want Krokom's and Falun's codes", spec.Regions, err)
	}
	var re *datasets.RegionError
	if _, err := poprun.Prepare(poprun.Spec{Bundle: b, Regions: []string{"Krokomm"}, From: 2024, To: 2030}); !errors.As(err, &re) ||
		!slices.Contains(re.Closest, "Krokom (2309)") {
		t.Errorf("a misspelt name: %v", err)
	}
	noNames := &datasets.Bundle{Population: b.Population}
	if spec, err := poprun.Prepare(poprun.Spec{Bundle: noNames, Regions: []string{"2309"}, From: 2024, To: 2030}); err != nil ||
		!slices.Equal(spec.Regions, []string{"2309"}) {
		t.Errorf("a code of the population rows alone: %v", err)
	}
}
