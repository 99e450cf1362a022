package matchrun

import (
	"fmt"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/runs/labels"
)

// solverWords are words of the solver that a person is never told.
var solverWords = []string{"cost", "kostnad", "margin", "marginal", "reduced", "reducera", "dual", "certifi", "poäng", "point",
	"bonus", "M+", "price", "pris", "optim"}

// TestWordsSmallSet: what C1 and C3 of the small set are told follows
// from their rows: the role, the workplace, its employer and
// municipality, the distance (C1 lives at (3, 4), W1 at (0, 0): 5 km) and
// the wait from availability to start (1 February to 3 March: 30 days).
func TestWordsSmallSet(t *testing.T) {
	r := solved(t, smallSet(), "flow")
	names := []datasets.Region{{Region: "1480", Name: "Göteborg"}, {Region: "1481", Name: "Mölndal"}}
	for _, tc := range []struct {
		id   string
		lang labels.Lang
		want []string
	}{
		{"C1", labels.SV, []string{"Du har fått en plats som vårdbiträde hos Göteborg kommun (arbetsplats W1) i Göteborg",
			"med start 30 dagar efter att du kan börja", "5 km från ditt hem", "Av de 3 platser du kunde få"}},
		{"C1", labels.EN, []string{"a place as a care aide at Göteborg kommun (workplace W1) in Göteborg",
			"starting 30 days after you are available", "5 km from your home", "Of the 3 places you qualified for"}},
		// C3 at (11, 1), W2 at (12, 0): √2 = 1.4 km; available 15 March,
		// O3 starts 1 April: 17 days.
		{"C3", labels.SV, []string{"serviceassistent hos Private provider A (arbetsplats W2) i Mölndal", "1,4 km", "17 dagar"}},
		{"C4", labels.SV, []string{"inte fått någon plats", "svenska", "Det här kan ändra det: en kurs i svenska"}},
		{"C4", labels.EN, []string{"not been offered a place", "Swedish", "What could change it: a Swedish course"}},
		{"C5", labels.SV, []string{"inte fått någon plats", "3 platser", "ingen handledare", "Det här kan ändra det: fler handledare"}},
	} {
		t.Run(tc.id+"/"+string(tc.lang), func(t *testing.T) {
			e := r.Explain(index(t, r.Set, tc.id))
			e.NameRegions(names)
			got := e.Words(tc.lang)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("words %q lack %q", got, w)
				}
			}
		})
	}
	// Unnamed, a municipality is its code.
	e := r.Explain(index(t, r.Set, "C1"))
	if got := e.Words(labels.SV); !strings.Contains(got, "i kommun 1480") {
		t.Errorf("unnamed municipality: %q", got)
	}
}

// TestWordsDefaultSet: every candidate of the default set, under each
// solver and in each language, is told in words that name no cost,
// margin or price; a placed one hears the role, the employer, the
// workplace, its municipality by name and the distance; an unplaced one
// hears what would change it; and the places named as almost as good are
// within nearlyAsGood by the exact margin and take no one else's place.
func TestWordsDefaultSet(t *testing.T) {
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, r := range b.Regions {
		names[r.Region] = r.Name
	}
	for _, solver := range []string{"flow", "stable"} {
		r := defaultRun(t, solver)
		rec := NewRecord(r, 0)
		listed := 0
		for c := range rec.Candidates {
			var e *Explanation
			if solver == "flow" && c%7 == 0 {
				e = r.Explain(c) // with exact margins, for a seventh of them
			} else {
				e = rec.Explain(c)
			}
			e.NameRegions(b.Regions)
			for _, l := range labels.Langs {
				words := e.Words(l)
				low := strings.ToLower(words)
				for _, bad := range solverWords {
					if strings.Contains(low, strings.ToLower(bad)) {
						t.Fatalf("%s %s %s: %q says %q", solver, e.CandidateID, l, words, bad)
					}
				}
				p := e.Placement
				if p == nil {
					if want := map[labels.Lang]string{labels.SV: "Det här kan ändra det: ", labels.EN: "What could change it: "}[l]; !strings.Contains(words, want) {
						t.Fatalf("%s %s: %q does not say what would change it", solver, e.CandidateID, words)
					}
					continue
				}
				var km float64
				for _, k := range p.Components {
					if k.Name == "commute_km" {
						km = float64(k.Value)
					}
				}
				// The distance to one decimal, none when whole, with the
				// language's decimal sign.
				dist := strings.TrimSuffix(fmt.Sprintf("%.1f", km), ".0")
				if l == labels.SV {
					dist = strings.Replace(dist, ".", ",", 1)
				}
				for _, want := range []string{roleWord(l, p.Role), p.Employer, p.WorkplaceID, names[p.Region], " " + dist + " km"} {
					if !strings.Contains(words, want) {
						t.Fatalf("%s %s %s: %q lacks %q", solver, e.CandidateID, l, words, want)
					}
				}
			}
			if e.Placement == nil {
				continue
			}
			for _, a := range e.almostAsGood() {
				listed++
				if a.Chosen || a.Displaces || a.CostsPlacement || a.Role == e.Placement.Role && a.WorkplaceID == e.Placement.WorkplaceID {
					t.Fatalf("%s %s: %s named as almost as good", solver, e.CandidateID, a.OpeningID)
				}
				if a.Margin != nil && *a.Margin > nearlyAsGood {
					t.Fatalf("%s %s: %s has margin %g", solver, e.CandidateID, a.OpeningID, *a.Margin)
				}
			}
		}
		if listed == 0 {
			t.Errorf("%s: no placed candidate was told of a place almost as good", solver)
		}
	}
}

// TestSubsetRegions: municipalities by name or code select the candidates
// and workplaces of the small set that are in them.
func TestSubsetRegions(t *testing.T) {
	names := []datasets.Region{{Region: "1480", Name: "Göteborg"}}
	sub, codes, err := SubsetRegions(smallSet(), names, []string{"goteborg"})
	if err != nil || len(codes) != 1 || codes[0] != "1480" {
		t.Fatalf("codes %v, %v", codes, err)
	}
	if len(sub.Workplaces) != 1 || sub.Workplaces[0].WorkplaceID != "W1" || len(sub.Openings) != 2 || len(sub.Candidates) != 3 {
		t.Errorf("Göteborg: %d workplaces, %d openings, %d candidates; want W1, O1-O2 and C1, C2, C5",
			len(sub.Workplaces), len(sub.Openings), len(sub.Candidates))
	}
	// 1481 has no name here, but it is in the set.
	if _, codes, err := SubsetRegions(smallSet(), names, []string{"1481"}); err != nil || codes[0] != "1481" {
		t.Errorf("a code of the set: %v, %v", codes, err)
	}
	if _, _, err := SubsetRegions(smallSet(), names, []string{"Mölndal"}); err == nil {
		t.Error("a name the regions lack: no error")
	}
}
