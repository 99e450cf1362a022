package labels_test

import (
	"testing"

	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/runs/labels"
)

func TestParseLang(t *testing.T) {
	for tag, want := range map[string]labels.Lang{"sv": labels.SV, "sv-SE": labels.SV, "EN": labels.EN, "en_GB": labels.EN} {
		if got, ok := labels.ParseLang(tag); !ok || got != want {
			t.Errorf("ParseLang(%q) = %q, %v; want %q", tag, got, ok, want)
		}
	}
	if got, ok := labels.ParseLang("fi"); ok || got != labels.SV {
		t.Errorf(`ParseLang("fi") = %q, %v; want the default and false`, got, ok)
	}
}

func TestRoleFallback(t *testing.T) {
	cases := []struct {
		lang                 labels.Lang
		code, fallback, want string
	}{
		{labels.SV, "assistant_nurse", "x", "Undersköterska"},
		{labels.EN, "assistant_nurse", "x", "Assistant nurse"},
		{labels.SV, "cook", "Cook (kock)", "Cook (kock)"},
		{labels.EN, "cook", "", "cook"},
	}
	for _, c := range cases {
		if got := labels.Role(c.lang, c.code, c.fallback); got != c.want {
			t.Errorf("Role(%s, %q, %q) = %q; want %q", c.lang, c.code, c.fallback, got, c.want)
		}
	}
}

// Every lever kind and every driver the forecast reports has a name in
// both languages, distinct from its code.
func TestEveryCodeNamed(t *testing.T) {
	for _, l := range labels.Langs {
		for _, k := range scenario.Kinds {
			if got := labels.Lever(l, string(k)); got == string(k) || got == "" {
				t.Errorf("%s: lever %s has no name", l, k)
			}
		}
		for _, d := range []string{forecast.DriverBaseGap, forecast.DriverDemography, forecast.DriverExits,
			forecast.DriverRetirement, forecast.DriverRecruitment, forecast.DriverTraining, forecast.DriverCareer,
			forecast.DriverMatched, forecast.DriverPartTime, forecast.DriverSickLeave, forecast.DriverLevers} {
			if got := labels.Driver(l, d); got == d {
				t.Errorf("%s: driver %s has no name", l, d)
			}
		}
	}
}

func TestLeverDriver(t *testing.T) {
	if got := labels.Driver(labels.SV, "lever:sick_leave#2"); got != "Lägre sjukfrånvaro #2" {
		t.Errorf("got %q", got)
	}
	if got := labels.Driver(labels.EN, "lever:more hours"); got != "more hours" {
		t.Errorf("a label is kept as written: got %q", got)
	}
}
