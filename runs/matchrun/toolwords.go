package matchrun

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/runs/labels"
)

// toolWords are the sentences of the caseworker's tools in one language.
type toolWords struct {
	kept, keptNone, moved, movedOut, displaced, displacedOut, why, newPlace string
	budget, noBudget                                                        string
	best, given, nearly, worse, takes, none, swap, fewer                    string
	balance, rate, rateMin, rateMax, price0, price, priceFit, neverCost     string
}

var swedishTools = toolWords{
	kept:         "Du behåller din plats som %s %s.",
	keptNone:     "Du har fortfarande ingen plats; inget som ändrats den här gången gav dig en.",
	moved:        "Din plats har ändrats: du erbjuds nu en plats som %s %s i stället för som %s %s.",
	movedOut:     "Din plats som %s %s har tyvärr gått till någon annan, och det fanns ingen annan plats för dig den här gången.",
	displaced:    "Platsen du hade finns inte längre kvar i samma form. Du erbjuds i stället en plats som %s %s.",
	displacedOut: "Platsen du hade finns inte längre kvar i samma form, och det fanns ingen annan plats för dig den här gången.",
	why:          "Ändringen gjordes för att fler skulle få en plats eller för att platserna skulle passa alla bättre; %s.",
	newPlace:     "Nu när platserna fördelades om har du fått en plats som %s %s.",
	budget:       "högst %s fick byta plats",
	noBudget:     "så få som möjligt fick byta plats",
	best:         "De platser som passar dig bäst:",
	given:        "den plats du har fått",
	nearly:       "passar nästan lika bra, och du skulle kunna få den utan att någon annan förlorar sin plats",
	worse:        "skulle gå att ordna, men då skulle andras placeringar passa dem sämre",
	takes:        "då skulle någon annan inte få någon plats",
	none:         "Det finns ingen plats som du uppfyller alla krav för den här omgången.",
	swap:         "gick till en annan sökande; du kunde få den bara om någon annan fick stå utan plats",
	fewer:        "då skulle färre personer få en plats totalt",
	balance:      "Den här omgången fördelades platserna också så att %s fick en plats i liknande takt i varje kommun: %s.",
	rate:         "mellan %s och %s %% av %s",
	rateMin:      "minst %s %% av %s",
	rateMax:      "högst %s %% av %s",
	price0:       "Ingen blev utan plats för det, och platserna passar lika bra.",
	priceFit:     "Lika många fick en plats som annars, men platserna passar i genomsnitt lite sämre.",
	price:        "Det gjorde att %s färre fick en plats än annars, och platserna passar i genomsnitt lite sämre.",
	neverCost:    "Kön och var man är född påverkar aldrig hur väl en plats bedöms passa en person.",
}

var englishTools = toolWords{
	kept:         "You keep your place as %s %s.",
	keptNone:     "You still have no place; nothing that changed this time gave you one.",
	moved:        "Your place has changed: you are now offered a place as %s %s instead of as %s %s.",
	movedOut:     "Your place as %s %s has gone to someone else, and there was no other place for you this time.",
	displaced:    "The place you had is no longer offered as it was. You are offered a place as %s %s instead.",
	displacedOut: "The place you had is no longer offered as it was, and there was no other place for you this time.",
	why:          "The change was made so that more people have a place or the places fit everyone better; %s.",
	newPlace:     "Now that the places were shared out again, you are offered a place as %s %s.",
	budget:       "at most %s could change places",
	noBudget:     "as few people as possible changed places",
	best:         "The places that fit you best:",
	given:        "the place you have been offered",
	nearly:       "fits almost as well, and you could have it without anyone else losing their place",
	worse:        "could be arranged, but others' places would then fit them less well",
	takes:        "someone else would then have no place",
	none:         "There is no place whose requirements you meet this round.",
	swap:         "went to someone else; you could have it only if another person went without a place",
	fewer:        "fewer people in all would then have a place",
	balance:      "This round the places were also shared so that %s had a place at similar rates in each municipality: %s.",
	rate:         "between %s and %s %% of %s",
	rateMin:      "at least %s %% of %s",
	rateMax:      "at most %s %% of %s",
	price0:       "Nobody went without a place for it, and the places fit just as well.",
	priceFit:     "As many people had a place as otherwise, but the places fit a little less well on average.",
	price:        "It meant %s fewer people had a place than otherwise, and the places fit a little less well on average.",
	neverCost:    "Sex and country of birth never affect how well a place is judged to fit a person.",
}

func toolsIn(l labels.Lang) *toolWords {
	if l == labels.EN {
		return &englishTools
	}
	return &swedishTools
}

// nameOf is an opening with its municipality's name from known.
func nameOf(o *RecordOpening, known []datasets.Region) Opening {
	op := Opening{OpeningID: o.OpeningID, Role: o.Role, WorkplaceID: o.WorkplaceID, Employer: o.Employer, Region: o.Region}
	for _, r := range known {
		if r.Region == o.Region {
			op.RegionName = r.Name
		}
	}
	return op
}

// Words is what an officer reads to candidate c (an index into the run's
// candidates) about the re-matching, in l, with municipality names from
// known: whether the person keeps their place, was moved and why, lost an
// earlier place that is gone, or was newly placed. It never speaks of
// costs or prices.
func (rm *Rematched) Words(l labels.Lang, r *Run, c int, known []datasets.Region) string {
	t, w := toolsIn(l), wordsIn(l)
	id := r.Set.Candidates[c].CandidateID
	find := func(ms []Move) *Move {
		for i := range ms {
			if ms[i].CandidateID == id {
				return &ms[i]
			}
		}
		return nil
	}
	role := func(o *RecordOpening) string { return w.as(roleWord(l, o.Role)) }
	place := func(o *RecordOpening) string { op := nameOf(o, known); return w.place(&op) }
	why := fmt.Sprintf(t.why, t.noBudget)
	if rm.MaxMoves >= 0 {
		why = fmt.Sprintf(t.why, fmt.Sprintf(t.budget, w.count(rm.MaxMoves, personWord(l, 1), personWord(l, 2))))
	}
	switch rm.Status(c) {
	case "kept":
		o := r.opening(int(r.Result.Assign[c]))
		return fmt.Sprintf(t.kept, role(&o), place(&o))
	case "moved":
		m := find(rm.Moved)
		if m.To == nil {
			return fmt.Sprintf(t.movedOut, role(m.From), place(m.From)) + " " + why
		}
		return fmt.Sprintf(t.moved, role(m.To), place(m.To), role(m.From), place(m.From)) + " " + why
	case "displaced":
		m := find(rm.Displaced)
		if m.To == nil {
			return t.displacedOut
		}
		return fmt.Sprintf(t.displaced, role(m.To), place(m.To))
	case "new":
		o := r.opening(int(r.Result.Assign[c]))
		return fmt.Sprintf(t.newPlace, role(&o), place(&o))
	}
	return t.keptNone
}

func personWord(l labels.Lang, n int) string {
	switch {
	case l == labels.EN && n == 1:
		return "person"
	case l == labels.EN:
		return "people"
	case n == 1:
		return "person"
	}
	return "personer"
}

// Words lists the person's best places in l, in plain words: the one
// given, and for each other whether it fits almost as well and could be
// had without anyone losing their place, could be arranged at others'
// expense, or would leave someone else without a place.
func (op *Options) Words(l labels.Lang, known []datasets.Region) string {
	t, w := toolsIn(l), wordsIn(l)
	if len(op.Options) == 0 {
		return t.none
	}
	var b strings.Builder
	b.WriteString(t.best)
	type seen struct{ role, workplace string }
	said := map[seen]bool{}
	i := 0
	for _, o := range op.Options {
		// Two openings of one role at one workplace are one place to the
		// person: the better one speaks for both.
		if said[seen{o.Role, o.WorkplaceID}] {
			continue
		}
		said[seen{o.Role, o.WorkplaceID}] = true
		i++
		ro := RecordOpening{OpeningID: o.OpeningID, Role: o.Role, WorkplaceID: o.WorkplaceID, Employer: o.Employer, Region: o.Region}
		named := nameOf(&ro, known)
		var how string
		switch {
		case o.Chosen:
			how = t.given
		case !op.Placed && o.Displaces:
			how = t.fewer
		case !op.Placed:
			how = t.swap
		case o.Displaces:
			how = t.takes
		case o.ForceCost <= nearlyAsGood:
			how = t.nearly
		default:
			how = t.worse
		}
		fmt.Fprintf(&b, " %d) %s %s – %s.", i, roleWord(l, o.Role), w.place(&named), how)
	}
	return b.String()
}

// Words says in plain words, in l, how the places were shared under the
// bounds (municipalities named from known) and what it cost, for the
// officer and the people placed; group
// attributes never entered how well a place fits, and it says so.
func (bl *Balance) Words(l labels.Lang, known []datasets.Region) string {
	t, w := toolsIn(l), wordsIn(l)
	pct := func(x float64) string { return wordsIn(l).number(100 * x) }
	var parts []string
	for _, b := range bl.Bounds {
		who := groupWord(l, b.Attribute, b.Group)
		if b.Region != "" {
			where := w.municipality + " " + b.Region
			for _, r := range known {
				if r.Region == b.Region && r.Name != "" {
					where = r.Name
				}
			}
			who += " " + w.in + " " + where
		}
		switch {
		case b.MinRate > 0 && b.MaxRate < 1:
			parts = append(parts, fmt.Sprintf(t.rate, pct(b.MinRate), pct(b.MaxRate), who))
		case b.MinRate > 0:
			parts = append(parts, fmt.Sprintf(t.rateMin, pct(b.MinRate), who))
		default:
			parts = append(parts, fmt.Sprintf(t.rateMax, pct(b.MaxRate), who))
		}
	}
	all := map[labels.Lang]map[string]string{
		labels.SV: {"sex": "kvinnor och män", "birth_region": "personer födda i olika delar av världen"},
		labels.EN: {"sex": "women and men", "birth_region": "people born in different parts of the world"},
	}[l][bl.Attribute]
	s := fmt.Sprintf(t.balance, all, strings.Join(parts, "; "))
	if bl.LostPlacements > 0 {
		s += " " + fmt.Sprintf(t.price, strconv.Itoa(bl.LostPlacements))
	} else if bl.ExtraCost > 0 {
		s += " " + t.priceFit
	} else {
		s += " " + t.price0
	}
	return s + " " + t.neverCost
}

// groupWord names a group in a sentence: "kvinnor", "födda utanför EU",
// or every group of the attribute.
func groupWord(l labels.Lang, attr, group string) string {
	if group == "" {
		return map[labels.Lang]string{labels.SV: "varje grupp", labels.EN: "each group"}[l]
	}
	var s string
	if attr == "sex" {
		s = labels.Sex(l, group)
	} else {
		s = labels.BirthRegion(l, group)
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}
