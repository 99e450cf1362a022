package defaultdata

import (
	"testing"

	"github.com/caregap/caregap/datasets"
)

// TestLeverCostsValid: the default prices and limits pass their schemas,
// every role of the default dataset has a wage, every row names a source,
// and the wages are the SCB monthly salaries × 12 × 1.40 they cite,
// rounded to the thousand.
func TestLeverCostsValid(t *testing.T) {
	if err := datasets.Validate(LeverCosts(), "lever_costs"); err != nil {
		t.Fatal(err)
	}
	if err := datasets.Validate(LeverLimits(), "lever_limits"); err != nil {
		t.Fatal(err)
	}
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	wages := map[string]float64{}
	for _, c := range LeverCosts() {
		if c.Lever == "wage" {
			wages[c.Role] = c.RunSEK
		}
	}
	for _, r := range b.Roles {
		if wages[r.Role] == 0 {
			t.Errorf("role %s has no wage", r.Role)
		}
	}
	monthly := map[string]float64{"assistant_nurse": 30400, "care_aide": 27500, "personal_assistant": 27600,
		"support_worker": 29500, "nurse": 41600, "specialist_assistant_nurse": 32000, "service_assistant": 26500}
	for role, m := range monthly {
		if want := m * 12 * 1.40; wages[role] < want-500 || wages[role] > want+500 {
			t.Errorf("%s: wage %g, want %g rounded", role, wages[role], want)
		}
	}
}
