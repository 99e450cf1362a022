package i18n

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/caregap/caregap/runs/labels"
)

// T returns the message key in lang, formatted with args as fmt.Sprintf
// does when there are any. An unknown key returns the key itself, so a
// missing message shows on the page rather than breaking it (and the
// catalogue test fails).
func T(lang labels.Lang, key string, args ...any) string {
	m, ok := catalog[key]
	if !ok {
		return key
	}
	s := m.sv
	if lang == labels.EN {
		s = m.en
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Has reports whether key is in the catalogue.
func Has(key string) bool { _, ok := catalog[key]; return ok }

// Keys returns every key of the catalogue.
func Keys() []string {
	out := make([]string, 0, len(catalog))
	for k := range catalog {
		out = append(out, k)
	}
	return out
}

// Missing returns the keys that lack a message in one of the languages.
func Missing() []string {
	var out []string
	for k, m := range catalog {
		if strings.TrimSpace(m.sv) == "" || strings.TrimSpace(m.en) == "" {
			out = append(out, k)
		}
	}
	return out
}

// Number formats v with dec decimals as lang writes numbers: Swedish
// groups thousands with a narrow no-break space and uses a decimal comma
// (SS 03 01 11 / Språkrådet), English a comma and a point. The minus is
// U+2212 in Swedish. NaN and infinities print as "–".
func Number(lang labels.Lang, v float64, dec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', dec, 64)
	if r, _ := strconv.ParseFloat(s, 64); r == 0 {
		v = 0 // no "-0"
	}
	intPart, frac, _ := strings.Cut(s, ".")
	group, point, minus := ",", ".", "-"
	if lang != labels.EN {
		group, point, minus = "\u202f", ",", "\u2212"
	}
	var b strings.Builder
	if v < 0 {
		b.WriteString(minus)
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(point)
		b.WriteString(frac)
	}
	return b.String()
}

// Percent formats v (a percentage, 12.5 for 12.5 %) with dec decimals and
// the sign, with a no-break space before "%" as both languages' style
// guides ask.
func Percent(lang labels.Lang, v float64, dec int) string {
	return Number(lang, v, dec) + "\u00a0%"
}
