package datasets

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/caregap/caregap/engine/errkind"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// RegionError is a municipality given by code or name that the dataset
// does not have, or a name that several of its municipalities share. Its
// message suggests the closest names, for example
//
//	municipality "Linkopng": not a code, name or group of the dataset; closest: Linköping (0580); "caregap regions" lists them
//
// It wraps ErrUnknownRef.
type RegionError struct {
	// Value is the code or name as given.
	Value string
	// Closest are the nearest municipalities ("Linköping (0580)") and
	// groups ("group Gothenburg region, 13 municipalities"), best first,
	// at most three; with Ambiguous, every municipality of that name.
	Closest []string
	// Ambiguous: the name is that of several municipalities.
	Ambiguous bool
}

func (e *RegionError) Error() string {
	var b strings.Builder
	if e.Ambiguous {
		fmt.Fprintf(&b, "municipality %q: the name of %d municipalities (%s); give the code", e.Value, len(e.Closest), strings.Join(e.Closest, ", "))
		return b.String()
	}
	fmt.Fprintf(&b, "municipality %q: not a code, name or group of the dataset", e.Value)
	if len(e.Closest) > 0 {
		fmt.Fprintf(&b, "; closest: %s", strings.Join(e.Closest, "; "))
	}
	b.WriteString(`; "caregap regions" lists them`)
	return b.String()
}

// Unwrap returns ErrUnknownRef.
func (e *RegionError) Unwrap() error { return ErrUnknownRef }

// Kind is errkind.BadInput: the caller named a municipality that is not
// there.
func (e *RegionError) Kind() errkind.Kind { return errkind.BadInput }

// ResolveRegions returns the municipality codes that given names, in the
// order given and without repeats. Each value is one of:
//
//   - a code of known ("0580"; a code of fewer than four digits is read
//     with its leading zeros, "580");
//   - a municipality's name, in any case and with or without its
//     diacritics ("Linköping", "linkoping", "LINKÖPING"), optionally
//     followed by "kommun" ("Linköpings kommun");
//   - the name of a group (Region.Group, "Gothenburg region", or the part
//     before a parenthesis, "Dalarna" for "Dalarna (stepwise training)"):
//     every municipality of the group, in the order of known.
//
// A code is tried first, then a name, then a group. A value that is none
// of them, or a name shared by several municipalities, is a *RegionError.
// Blank values are skipped; no values return nil (callers read nil as
// every region).
func ResolveRegions(known []Region, given []string) ([]string, error) {
	var out []string
	add := func(code string) {
		if !slices.Contains(out, code) {
			out = append(out, code)
		}
	}
	var ix *regionIndex
	for _, v := range given {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		if ix == nil {
			ix = newRegionIndex(known)
		}
		codes, err := ix.resolve(v)
		if err != nil {
			return nil, err
		}
		for _, c := range codes {
			add(c)
		}
	}
	return out, nil
}

// regionIndex looks up codes, folded names and folded groups.
type regionIndex struct {
	known  []Region
	codes  map[string]bool
	names  map[string][]int // folded name → indices into known
	groups map[string][]int // folded group (and its part before "(") → members
	folded []string         // folded name of known[i]
}

func newRegionIndex(known []Region) *regionIndex {
	ix := &regionIndex{known: known, codes: map[string]bool{}, names: map[string][]int{}, groups: map[string][]int{},
		folded: make([]string, len(known))}
	for i, r := range known {
		ix.codes[r.Region] = true
		if r.Name != "" {
			ix.folded[i] = foldName(r.Name)
			ix.names[ix.folded[i]] = append(ix.names[ix.folded[i]], i)
		}
		if r.Group == "" {
			continue
		}
		for _, g := range groupKeys(r.Group) {
			ix.groups[g] = append(ix.groups[g], i)
		}
	}
	return ix
}

// groupKeys returns the folded keys a group is known by: its whole name
// and, when it has a parenthesised note, the part before it.
func groupKeys(group string) []string {
	keys := []string{foldName(group)}
	if i := strings.IndexByte(group, '('); i > 0 {
		if k := foldName(group[:i]); k != "" && k != keys[0] {
			keys = append(keys, k)
		}
	}
	return keys
}

func (ix *regionIndex) resolve(v string) ([]string, error) {
	if ix.codes[v] {
		return []string{v}, nil
	}
	if isDigits(v) && len(v) < 4 {
		if c := strings.Repeat("0", 4-len(v)) + v; ix.codes[c] {
			return []string{c}, nil
		}
	}
	f := foldName(v)
	keys := []string{f}
	if rest, ok := strings.CutSuffix(f, " kommun"); ok {
		keys = append(keys, rest, strings.TrimSuffix(rest, "s"))
	}
	for _, k := range keys {
		if idx := ix.names[k]; len(idx) == 1 {
			return []string{ix.known[idx[0]].Region}, nil
		} else if len(idx) > 1 {
			e := &RegionError{Value: v, Ambiguous: true}
			for _, i := range idx {
				e.Closest = append(e.Closest, describeRegion(ix.known[i]))
			}
			return nil, e
		}
	}
	for _, k := range keys {
		if idx := ix.groups[k]; len(idx) > 0 {
			codes := make([]string, len(idx))
			for j, i := range idx {
				codes[j] = ix.known[i].Region
			}
			return codes, nil
		}
	}
	return nil, &RegionError{Value: v, Closest: ix.closest(f)}
}

// closest returns up to three municipalities and groups whose folded
// names are nearest to f by edit distance (a name that begins with f
// counts as distance 0), within a third of f's length (at least 2). For a
// value of digits it compares codes.
func (ix *regionIndex) closest(f string) []string {
	type cand struct {
		text string
		d    int
	}
	limit := max(2, len([]rune(f))/3)
	var cs []cand
	consider := func(key, text string) {
		if key == "" {
			return
		}
		d := editDistance(f, key)
		if strings.HasPrefix(key, f) && len(f) >= 3 {
			d = 0
		}
		if d <= limit {
			cs = append(cs, cand{text, d})
		}
	}
	digits := isDigits(f)
	for i, r := range ix.known {
		if digits {
			consider(r.Region, describeRegion(r))
		} else {
			consider(ix.folded[i], describeRegion(r))
		}
	}
	if !digits {
		var groups []string
		for _, r := range ix.known {
			if r.Group != "" && !slices.Contains(groups, r.Group) {
				groups = append(groups, r.Group)
			}
		}
		for _, g := range groups {
			n := len(ix.groups[foldName(g)])
			if n == 1 && ix.folded[ix.groups[foldName(g)][0]] == foldName(g) {
				continue // a group of one municipality of its name
			}
			best := -1
			for _, k := range groupKeys(g) {
				d := editDistance(f, k)
				if strings.HasPrefix(k, f) && len(f) >= 3 {
					d = 0
				}
				if best < 0 || d < best {
					best = d
				}
			}
			if best <= limit {
				cs = append(cs, cand{fmt.Sprintf("group %s, %d municipalities", g, n), best})
			}
		}
	}
	slices.SortStableFunc(cs, func(a, b cand) int { return a.d - b.d })
	var out []string
	for _, c := range cs {
		if len(out) == 3 {
			break
		}
		if !slices.Contains(out, c.text) {
			out = append(out, c.text)
		}
	}
	return out
}

// describeRegion gives a municipality as "Linköping (0580)", or its code
// when it has no name.
func describeRegion(r Region) string {
	if r.Name == "" {
		return r.Region
	}
	return fmt.Sprintf("%s (%s)", r.Name, r.Region)
}

// foldName is the form names are compared in: lower case, without
// diacritics (å, ä → a; ö → o; é → e), with hyphens, underscores and runs of
// spaces as one space.
func foldName(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	plain, _, err := transform.String(t, s)
	if err != nil {
		plain = s
	}
	plain = strings.Map(func(r rune) rune {
		switch r {
		case '-', '_':
			return ' '
		case 'ø':
			return 'o'
		case 'æ':
			return 'a'
		}
		return unicode.ToLower(r)
	}, plain)
	return strings.Join(strings.Fields(plain), " ")
}

func isDigits(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev, cur := make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			sub := prev[j-1]
			if ra[i-1] != rb[j-1] {
				sub++
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, sub)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
