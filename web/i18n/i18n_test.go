package i18n

import (
	"testing"

	"github.com/caregap/caregap/runs/labels"
)

func TestCatalogComplete(t *testing.T) {
	if m := Missing(); len(m) > 0 {
		t.Errorf("keys without both languages: %v", m)
	}
	for _, k := range Keys() {
		if T(labels.SV, k) == T(labels.EN, k) && len(T(labels.SV, k)) > 12 {
			t.Logf("%s: the same text in both languages: %q", k, T(labels.SV, k))
		}
	}
}

func TestNumber(t *testing.T) {
	for _, c := range []struct {
		v   float64
		dec int
		sv  string
		en  string
	}{
		{1234.56, 1, "1\u202f234,6", "1,234.6"},
		{-6209, 0, "\u22126\u202f209", "-6,209"},
		{999, 0, "999", "999"},
		{1000000, 0, "1\u202f000\u202f000", "1,000,000"},
		{-0.04, 1, "0,0", "0.0"},
		{0.5, 2, "0,50", "0.50"},
	} {
		if got := Number(labels.SV, c.v, c.dec); got != c.sv {
			t.Errorf("Number(sv, %v, %d) = %q, want %q", c.v, c.dec, got, c.sv)
		}
		if got := Number(labels.EN, c.v, c.dec); got != c.en {
			t.Errorf("Number(en, %v, %d) = %q, want %q", c.v, c.dec, got, c.en)
		}
	}
	if got := Percent(labels.SV, 3.44, 1); got != "3,4\u00a0%" {
		t.Errorf("Percent = %q", got)
	}
}
