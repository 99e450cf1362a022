package labels_test

import (
	"testing"

	"github.com/caregap/caregap/runs/labels"
)

func TestMunicipalities(t *testing.T) {
	lk := labels.Municipality{Code: "0580", Name: "Linköping"}
	dalarna := []labels.Municipality{{"2080", "Falun"}, {"2081", "Borlänge"}, {"2026", "Gagnef"}, {"2082", "Säter"}, {"2309", "Krokom"}}
	for _, c := range []struct {
		lang labels.Lang
		ms   []labels.Municipality
		of   int
		want string
	}{
		{labels.SV, []labels.Municipality{lk}, 19, "Linköping (0580)"},
		{labels.EN, []labels.Municipality{{Code: "S001"}}, 290, "municipality S001"},
		{labels.SV, dalarna[:3], 19, "3 kommuner: Falun, Borlänge, Gagnef"},
		{labels.EN, dalarna[:3], 19, "3 municipalities: Falun, Borlänge, Gagnef"},
		{labels.SV, dalarna, 19, "5 kommuner: Falun, Borlänge, Gagnef, Säter och 1 till"},
		{labels.EN, dalarna, 5, "5 municipalities"},
		{labels.SV, dalarna[:2], 0, "2 kommuner: Falun, Borlänge"},
	} {
		if got := labels.Municipalities(c.lang, c.ms, c.of); got != c.want {
			t.Errorf("Municipalities(%s, %d of %d) = %q; want %q", c.lang, len(c.ms), c.of, got, c.want)
		}
	}
}

func TestScenario(t *testing.T) {
	if got := labels.Scenario(labels.SV, "full-time"); got != "Heltid som norm" {
		t.Errorf("full-time: %q", got)
	}
	if got := labels.Scenario(labels.EN, "my-plan"); got != "my-plan" {
		t.Errorf("a scenario of the user's is named as written: %q", got)
	}
}
