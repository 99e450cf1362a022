package labels

import (
	"testing"

	"github.com/caregap/caregap/datasets/defaultdata"
)

// Every group of the default dataset has a Swedish name of its own or is
// a municipality's name, the same in both languages.
func TestGroupsOfDefault(t *testing.T) {
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range b.Regions {
		if _, ok := groups[r.Group]; !ok {
			t.Errorf("group %q of region %s has no name", r.Group, r.Region)
		}
	}
	if got := Group(SV, "Gothenburg region"); got != "Göteborgsregionen" {
		t.Errorf("Group(sv) = %q", got)
	}
	if got := Group(EN, "Somewhere else"); got != "Somewhere else" {
		t.Errorf("unknown group = %q, want it kept", got)
	}
}
