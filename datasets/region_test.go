package datasets_test

import (
	"testing"

	"github.com/caregap/caregap/datasets"
)

// TestRegionOf: every dataset with a region column gives the region of a
// row; the others are not per municipality and give nil.
func TestRegionOf(t *testing.T) {
	if got := datasets.RegionOf[datasets.Workforce]()(&datasets.Workforce{Region: "1480", Role: "nurse"}); got != "1480" {
		t.Errorf("workforce: %q, want 1480", got)
	}
	if got := datasets.RegionOf[datasets.Region]()(&datasets.Region{Region: "0580", Name: "Linköping"}); got != "0580" {
		t.Errorf("regions: %q, want 0580", got)
	}
	if got := datasets.RegionOf[datasets.Candidate]()(&datasets.Candidate{CandidateID: "C1", Region: "1481"}); got != "1481" {
		t.Errorf("candidates: %q, want 1481", got)
	}
	if f := datasets.RegionOf[datasets.Role](); f != nil {
		t.Error("roles: a region accessor, want nil")
	}
	if f := datasets.RegionOf[datasets.Opening](); f != nil {
		t.Error("openings: a region accessor, want nil")
	}
	// The datasets not per municipality, by name; a new dataset must be
	// added here or have a region column.
	notRegional := map[string]bool{"services": true, "roles": true, "exit_rates": true, "career_transitions": true, "training_stages": true, "openings": true,
		"training_programmes": true, "training_completions": true, "training_certificates": true, "training_transfers": true}
	for _, s := range datasets.Schemas() {
		_, ok := s.RegionColumn()
		if ok == notRegional[s.Name] {
			t.Errorf("%s: region column %v", s.Name, ok)
		}
	}
}
