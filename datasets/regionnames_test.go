package datasets_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/engine/errkind"
)

// known is a small list of municipalities as regions.parquet holds them
// (codes and names as SCB gives them; the groups made up for the test).
var known = []datasets.Region{
	{Region: "1480", Name: "Göteborg", Group: "Gothenburg region"},
	{Region: "1481", Name: "Mölndal", Group: "Gothenburg region"},
	{Region: "1407", Name: "Öckerö", Group: "Gothenburg region"},
	{Region: "2080", Name: "Falun", Group: "Dalarna (stepwise training)"},
	{Region: "2026", Name: "Gagnef", Group: "Dalarna (stepwise training)"},
	{Region: "0580", Name: "Linköping", Group: "Linköping"},
	{Region: "1462", Name: "Lilla Edet", Group: "Gothenburg region"},
}

func TestResolveRegions(t *testing.T) {
	for _, tc := range []struct {
		name  string
		given []string
		want  []string
	}{
		{"codes", []string{"2080", "0580"}, []string{"2080", "0580"}},
		{"code without its leading zero", []string{"580"}, []string{"0580"}},
		{"name", []string{"Linköping"}, []string{"0580"}},
		{"any case", []string{"LINKÖPING", "mölndal"}, []string{"0580", "1481"}},
		{"without å, ä, ö", []string{"linkoping", "ockero", "Goteborg"}, []string{"0580", "1407", "1480"}},
		{"with kommun", []string{"Linköpings kommun", "Falun kommun"}, []string{"0580", "2080"}},
		{"spaces and hyphens", []string{" lilla-edet ", "LILLA  EDET"}, []string{"1462"}},
		{"a group, in the order of the list", []string{"gothenburg region"}, []string{"1480", "1481", "1407", "1462"}},
		{"a group by its name before the note", []string{"Dalarna"}, []string{"2080", "2026"}},
		{"a name before the group of the same name", []string{"Linköping"}, []string{"0580"}},
		{"order kept, repeats dropped", []string{"Falun", "0580", "2080", "dalarna"}, []string{"2080", "0580", "2026"}},
		{"blanks skipped", []string{"", "  ", "Gagnef"}, []string{"2026"}},
		{"none", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := datasets.ResolveRegions(known, tc.given)
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("ResolveRegions(%q) = %q, %v; want %q", tc.given, got, err, tc.want)
			}
		})
	}
}

func TestResolveRegionsUnknown(t *testing.T) {
	for _, tc := range []struct {
		value   string
		closest []string // each must be suggested
	}{
		{"Linkopng", []string{"Linköping (0580)"}}, // and not the group of Linköping alone
		{"Gothenburg", []string{"group Gothenburg region, 4 municipalities", "Göteborg (1480)"}},
		{"Molndal stad", nil},
		{"1408", []string{"Öckerö (1407)"}},
		{"Stockholm", nil},
	} {
		t.Run(tc.value, func(t *testing.T) {
			_, err := datasets.ResolveRegions(known, []string{"Falun", tc.value})
			var re *datasets.RegionError
			if !errors.As(err, &re) {
				t.Fatalf("err %v, want a *RegionError", err)
			}
			if !errors.Is(err, datasets.ErrUnknownRef) || errkind.Of(err) != errkind.BadInput {
				t.Errorf("err %v: not an unknown reference of kind bad input", err)
			}
			msg := err.Error()
			if re.Value != tc.value || !strings.Contains(msg, `"`+tc.value+`"`) || !strings.Contains(msg, `"caregap regions" lists them`) {
				t.Errorf("message %q does not name %q and the command that lists the municipalities", msg, tc.value)
			}
			for _, c := range tc.closest {
				if !slices.Contains(re.Closest, c) || !strings.Contains(msg, c) {
					t.Errorf("closest %q, message %q: want %q suggested", re.Closest, msg, c)
				}
			}
			if slices.ContainsFunc(re.Closest, func(c string) bool { return strings.HasPrefix(c, "group Linköping") }) {
				t.Errorf("closest %q: the group of Linköping alone is Linköping", re.Closest)
			}
			if len(re.Closest) > 3 {
				t.Errorf("%d suggestions, want at most 3", len(re.Closest))
			}
		})
	}
	if _, err := datasets.ResolveRegions(nil, []string{"0580"}); err == nil {
		t.Error("a code resolved against no municipalities")
	}
}

func TestResolveRegionsAmbiguous(t *testing.T) {
	twins := append(slices.Clone(known), datasets.Region{Region: "9999", Name: "Falun"})
	_, err := datasets.ResolveRegions(twins, []string{"falun"})
	var re *datasets.RegionError
	if !errors.As(err, &re) || !re.Ambiguous || len(re.Closest) != 2 {
		t.Fatalf("err %v, want an ambiguous name of two municipalities", err)
	}
	if got, err := datasets.ResolveRegions(twins, []string{"9999"}); err != nil || !slices.Equal(got, []string{"9999"}) {
		t.Errorf("the code of one of them: %q, %v", got, err)
	}
}

// TestResolveDefaultRegions: every municipality of the embedded default
// resolves by its code, its name and its name without diacritics, and
// every group to the municipalities listed with it.
func TestResolveDefaultRegions(t *testing.T) {
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	plain := strings.NewReplacer("å", "a", "ä", "a", "ö", "o", "Å", "A", "Ä", "A", "Ö", "O")
	for _, r := range b.Regions {
		for _, v := range []string{r.Region, r.Name, strings.ToLower(plain.Replace(r.Name)), strings.ToUpper(r.Name)} {
			got, err := datasets.ResolveRegions(b.Regions, []string{v})
			if err != nil || !slices.Equal(got, []string{r.Region}) {
				t.Errorf("%q: %q, %v; want %s", v, got, err, r.Region)
			}
		}
	}
	groups := map[string][]string{}
	for _, r := range b.Regions {
		groups[r.Group] = append(groups[r.Group], r.Region)
	}
	for g, members := range groups {
		got, err := datasets.ResolveRegions(b.Regions, []string{g})
		if len(members) == 1 {
			continue // a group named as its one municipality (Linköping, Krokom)
		}
		if err != nil || !slices.Equal(got, members) {
			t.Errorf("group %q: %q, %v; want %q", g, got, err, members)
		}
	}
}
