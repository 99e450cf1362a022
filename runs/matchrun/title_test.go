package matchrun

import (
	"strings"
	"testing"

	"github.com/caregap/caregap/runs/labels"
)

// TestWordsProtectedTitle: when every opening is an assistant-nurse post
// (SSYK 5321), C1, eligible for all three otherwise, has no eligible
// opening, the protected title is blamed, and the person is told so in
// plain words; C1 with the certificate is placed.
func TestWordsProtectedTitle(t *testing.T) {
	m := smallSet()
	for i := range m.Openings {
		m.Openings[i].Role, m.Openings[i].OccupationID, m.Openings[i].SSYK = "assistant_nurse", "Y3QA_5pk_uXd", "5321"
	}
	r := solved(t, m, "flow")
	e := r.Explain(index(t, r.Set, "C1"))
	if e.Status != "no_eligible_opening" || e.Rule != "protected_title" {
		t.Fatalf("C1: status %s, rule %s; want no_eligible_opening, protected_title", e.Status, e.Rule)
	}
	for _, tc := range []struct {
		lang labels.Lang
		want []string
	}{
		{labels.SV, []string{"yrket kräver skyddad yrkestitel undersköterska", "bevis om skyddad yrkestitel undersköterska"}},
		{labels.EN, []string{"the role needs the protected title undersköterska", "certificate of the protected title"}},
	} {
		got := e.Words(tc.lang)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: words %q lack %q", tc.lang, got, w)
			}
		}
	}
	m.Candidates[index(t, r.Set, "C1")].CertifiedAssistantNurse = true
	r = solved(t, m, "flow")
	if e := r.Explain(index(t, r.Set, "C1")); e.Status != "placed" {
		t.Errorf("certified C1: status %s, want placed", e.Status)
	}
}
