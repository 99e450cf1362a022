package defaultdata

import (
	"math"
	"testing"

	"github.com/caregap/caregap/datasets"
)

// TestMatchOccupations checks the occupation keys and the protected title
// of the default matching set: every keyed opening's SSYK code is its
// concept's, a few openings need the title, and about the assumed share
// of candidates with care experience and upper-secondary education hold
// it, and no one else.
func TestMatchOccupations(t *testing.T) {
	m := SynthesizeMatch()
	titled := 0
	for _, o := range m.Openings {
		want, ok := roleOccupations[o.Role]
		if o.OccupationID != want.ID || o.SSYK != want.SSYK || (ok && want.SSYK == "") {
			t.Errorf("%s (%s): occupation %q ssyk %q, want %q %q", o.OpeningID, o.Role, o.OccupationID, o.SSYK, want.ID, want.SSYK)
		}
		if ssyk, known := datasets.OccupationSSYK(o.OccupationID); o.OccupationID != "" && (!known || ssyk != o.SSYK) {
			t.Errorf("%s: %s is not a known concept of SSYK %s", o.OpeningID, o.OccupationID, o.SSYK)
		}
		if o.SSYK == "5321" {
			titled++
		}
	}
	if titled < 5 || titled > len(m.Openings)/5 {
		t.Errorf("%d of %d openings need the protected title, want a few", titled, len(m.Openings))
	}
	var qualified, certified int
	for _, c := range m.Candidates {
		q := c.ExperienceYears > 0 && c.EducationLevel >= 2
		if q {
			qualified++
		}
		if c.CertifiedAssistantNurse {
			certified++
			if !q {
				t.Errorf("%s is certified without care experience and upper-secondary education", c.CandidateID)
			}
		}
	}
	// certifiedShare of the qualified, binomial: within 4 standard deviations.
	p := certifiedShare
	mean, sd := p*float64(qualified), math.Sqrt(p*(1-p)*float64(qualified))
	if d := float64(certified) - mean; d*d > 16*sd*sd {
		t.Errorf("%d of %d qualified candidates certified, want about %.0f", certified, qualified, mean)
	}
	t.Logf("%d openings need the title; %d of %d qualified candidates certified", titled, certified, qualified)
}
