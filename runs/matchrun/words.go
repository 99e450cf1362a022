package matchrun

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/runs/labels"
)

// NameRegions gives the explanation's municipalities their names from
// known (a dataset's regions), for Words; a code known lacks keeps no
// name and is shown as a code.
func (e *Explanation) NameRegions(known []datasets.Region) {
	name := func(code string) string {
		if i := slices.IndexFunc(known, func(r datasets.Region) bool { return r.Region == code }); i >= 0 {
			return known[i].Name
		}
		return ""
	}
	e.RegionName = name(e.Region)
	if e.Placement != nil {
		e.Placement.RegionName = name(e.Placement.Region)
	}
	for i := range e.Alternatives {
		e.Alternatives[i].RegionName = name(e.Alternatives[i].Region)
	}
}

// nearlyAsGood is how much worse, in the cost's points, another place may
// be and still be named as almost as good (5 km of commute, or 100 days
// of waiting): about the smallest difference a person notices.
const nearlyAsGood = 5.0

// Words is what an officer reads to the person, in l: for a placed
// candidate, the role, the workplace and its municipality, when it starts
// and how far it is, why it was chosen, and the places that would have
// fitted almost as well; for an unplaced one, why not and what would
// change it. It speaks of places, distance, start and wishes, never of
// the solver's costs, margins or prices.
func (e *Explanation) Words(l labels.Lang) string {
	w := wordsIn(l)
	if e.Status == "placed" && e.Placement != nil {
		return e.placedWords(l, w)
	}
	var b strings.Builder
	b.WriteString(w.notPlaced)
	switch e.Status {
	case "no_eligible_opening":
		b.WriteString(" " + w.noEligible)
		if r, ok := w.rules[e.Rule]; ok {
			fmt.Fprintf(&b, w.mostlyBecause, r.why)
			fmt.Fprintf(&b, " "+w.wouldChange, r.change)
		} else {
			b.WriteString(".")
			fmt.Fprintf(&b, " "+w.wouldChange, w.nextRound)
		}
	case "openings_full":
		full := w.full
		if e.Eligible == 1 {
			full = w.full1
		}
		fmt.Fprintf(&b, " "+full, w.places(e.Eligible))
		fmt.Fprintf(&b, " "+w.wouldChange, w.fullChange)
	case "no_supervisor":
		fmt.Fprintf(&b, " "+w.noSupervisor, w.places(e.Eligible))
		fmt.Fprintf(&b, " "+w.wouldChange, w.supervisorChange)
	case "room_left":
		fmt.Fprintf(&b, " "+w.roomLeft, w.places(e.Eligible))
		fmt.Fprintf(&b, " "+w.wouldChange, w.fullChange)
	default:
		fmt.Fprintf(&b, " "+w.wouldChange, w.nextRound)
	}
	return b.String()
}

func (e *Explanation) placedWords(l labels.Lang, w *explainWords) string {
	p := e.Placement
	comp := map[string]float64{}
	for _, c := range p.Components {
		comp[c.Name] = float64(c.Value)
	}
	var b strings.Builder
	start := w.startNow
	if d := math.Round(comp["wait_days"]); d > 0 {
		start = fmt.Sprintf(w.startAfter, w.days(int(d)))
	}
	fmt.Fprintf(&b, w.offered, w.as(roleWord(l, p.Role)), w.place(&p.Opening), start)
	if km, ok := comp["commute_km"]; ok {
		fmt.Fprintf(&b, " "+w.distance, w.number(km))
	}
	// Why: what fits; then what does not, and what follows from it.
	var why, but []string
	if km, ok := comp["commute_km"]; ok && km <= 5 {
		why = append(why, w.close)
	}
	switch rank := comp["preference_rank"]; {
	case comp["not_preferred"] > 0:
		but = append(but, w.notWished)
	case rank == 0:
		why = append(why, w.wished)
	default:
		why = append(why, fmt.Sprintf(w.choice, w.ordinal(int(rank)+1)))
	}
	if _, ok := comp["hours_mismatch"]; ok {
		if h := math.Round(comp["hours_mismatch"]); h == 0 {
			why = append(why, w.hoursFit)
		} else {
			but = append(but, fmt.Sprintf(w.hoursOff, w.hours(int(h))))
		}
	}
	if x, ed := comp["experience_gap"], comp["education_gap"]; x > 0 || ed > 0 {
		switch {
		case x > 0 && ed > 0:
			but = append(but, fmt.Sprintf(w.moreBoth, w.years(x)))
		case x > 0:
			but = append(but, fmt.Sprintf(w.moreExperience, w.years(x)))
		default:
			but = append(but, w.moreEducation)
		}
	} else if _, ok := comp["experience_gap"]; ok {
		why = append(why, w.qualified)
	}
	if len(why) > 0 {
		fmt.Fprintf(&b, " "+w.because, w.list(why))
	}
	for _, s := range but {
		b.WriteString(" " + capitalise(s) + ".")
	}
	if e.Eligible > 1 {
		fmt.Fprintf(&b, " "+w.bestOf, w.places(e.Eligible))
	}
	// A place that would have suited the person by at least a point (a
	// km of commute, 20 days of waiting) better went to someone else.
	better := slices.ContainsFunc(e.Alternatives, func(a Alternative) bool { return !a.Chosen && a.Cost <= p.Cost-1 })
	if better {
		b.WriteString(" " + w.betterTaken)
		if e.ReducedCosts {
			b.WriteString(" " + w.betterWhy)
		}
	}
	if alts := e.almostAsGood(); len(alts) > 0 {
		names := make([]string, len(alts))
		for i := range alts {
			names[i] = roleWord(l, alts[i].Role) + " " + w.place(&alts[i].Opening)
		}
		fmt.Fprintf(&b, " "+w.alternatives, strings.Join(names, "; "))
	}
	return b.String()
}

// almostAsGood returns up to three other places, best first, that would
// have fitted within nearlyAsGood of the chosen one without taking
// someone else's place: by the exact margin when the run has it, else
// the certificate's bound, else (no certificate) the difference in cost
// to the person.
func (e *Explanation) almostAsGood() []Alternative {
	type cand struct {
		a Alternative
		d float64
	}
	var cs []cand
	for _, a := range e.Alternatives {
		if a.Chosen || a.Displaces || a.CostsPlacement || a.Role == e.Placement.Role && a.WorkplaceID == e.Placement.WorkplaceID {
			continue // the place given, another opening of it, or one that costs someone theirs
		}
		var d float64
		switch {
		case a.Margin != nil:
			d = *a.Margin
		case a.ReducedCost != nil:
			d = *a.ReducedCost
		default:
			d = math.Abs(a.Cost - e.Placement.Cost)
		}
		if d <= nearlyAsGood {
			cs = append(cs, cand{a, d})
		}
	}
	slices.SortStableFunc(cs, func(x, y cand) int { return cmp.Compare(x.d, y.d) })
	out := make([]Alternative, 0, 3)
	for _, c := range cs {
		if len(out) == 3 {
			break
		}
		// Two openings of one role at one workplace are one place to the
		// person.
		if !slices.ContainsFunc(out, func(a Alternative) bool { return a.Role == c.a.Role && a.WorkplaceID == c.a.WorkplaceID }) {
			out = append(out, c.a)
		}
	}
	return out
}

// roleWord is a role's name as it stands inside a sentence: "undersköterska",
// "assistant nurse".
func roleWord(l labels.Lang, code string) string {
	name := labels.Role(l, code, strings.ReplaceAll(code, "_", " "))
	r, n := utf8.DecodeRuneInString(name)
	return string(unicode.ToLower(r)) + name[n:]
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// rule is what an eligibility rule asks, and what would let the person
// through it.
type rule struct{ why, change string }

// explainWords are the sentences of Words in one language; the %s take
// the parts named beside them.
type explainWords struct {
	lang                                               labels.Lang
	offered                                            string // role, place, start
	startNow, startAfter                               string
	distance                                           string
	because                                            string
	close, wished, choice, hoursFit, qualified         string
	notWished, hoursOff, moreExperience, moreEducation string
	moreBoth                                           string
	bestOf, betterTaken, betterWhy, alternatives       string
	notPlaced, noEligible, mostlyBecause, wouldChange  string
	full, full1, noSupervisor, roomLeft                string
	fullChange, supervisorChange, nextRound            string
	rules                                              map[string]rule
	and, at, in, municipality, workplace               string
	place1, placeN, day1, dayN, hour1, hourN           string
	year1, yearN                                       string // "%s year's", "%s years'"
	ordinals                                           []string
	decimal                                            string
}

func wordsIn(l labels.Lang) *explainWords {
	if l == labels.EN {
		return &englishWords
	}
	return &swedishWords
}

var swedishWords = explainWords{
	lang:       labels.SV,
	offered:    "Du har fått en plats som %s %s, med start %s.",
	startNow:   "så snart du kan börja",
	startAfter: "%s efter att du kan börja",
	distance:   "Arbetsplatsen ligger %s km från ditt hem.",
	because:    "Platsen valdes för att %s.",
	close:      "den ligger nära dig", wished: "yrket är ett du önskade", choice: "yrket är ditt %s val",
	hoursFit: "arbetstiden stämmer med den du vill ha", qualified: "du har den erfarenhet och utbildning platsen önskar",
	notWished:      "yrket är inte ett av dem du önskade, men du uppfyller kraven och det fanns plats",
	hoursOff:       "arbetstiden skiljer sig %s i veckan från den du vill ha",
	moreExperience: "platsen önskar %s mer erfarenhet än du har, så du får extra stöd i början",
	moreEducation:  "platsen önskar en högre utbildning än du har, så du får extra stöd i början",
	moreBoth:       "platsen önskar %s mer erfarenhet och en högre utbildning än du har, så du får extra stöd i början",
	bestOf:         "Av de %s du kunde få var det här den som passade bäst när allas placeringar vägdes ihop.",
	betterTaken:    "Några platser som hade passat dig bättre gick till andra sökande.",
	betterWhy:      "Det gjorde att fler fick en plats, eller att de passade andra ännu bättre.",
	alternatives:   "Andra platser som hade passat nästan lika bra: %s.",
	notPlaced:      "Du har inte fått någon plats den här omgången.",
	noEligible:     "Ingen av platserna uppfyllde alla krav för dig",
	mostlyBecause:  "; de flesta föll bort för att %s.",
	wouldChange:    "Det här kan ändra det: %s.",
	full:           "Du uppfyllde kraven för %s, men alla var redan tillsatta.",
	full1:          "Du uppfyllde kraven för %s, men den var redan tillsatt.",
	noSupervisor:   "Du uppfyllde kraven för %s, men arbetsplatserna hade ingen handledare ledig för fler nya.",
	roomLeft:       "Du uppfyllde kraven för %s där det fanns plats kvar, men de gick till andra sökande som passade bättre.",
	fullChange:     "nya platser i nästa omgång, eller om du kan tänka dig fler yrken eller att resa längre",
	supervisorChange: "fler handledare på arbetsplatserna i nästa omgång, eller om du kan tänka dig arbetsplatser " +
		"längre bort eller fler yrken",
	nextRound: "nya platser i nästa omgång",
	rules: map[string]rule{
		"commute":  {"de ligger längre bort än du kan resa", "om du kan resa längre till arbetet, eller när det kommer platser närmare dig"},
		"language": {"de kräver bättre svenska än du har i dag", "en kurs i svenska, så att du når den nivå platserna kräver"},
		"licence":  {"de kräver körkort", "ett körkort, eller platser där man inte behöver köra bil"},
		"start":    {"de börjar innan du kan börja", "platser som börjar senare, eller om du kan börja tidigare"},
		"hours":    {"arbetstiden skiljer sig för mycket från den du vill ha", "om du kan tänka dig fler eller färre timmar i veckan"},
		"role":     {"yrkena inte är bland dem du vill arbeta med", "om du kan tänka dig fler yrken än dem du har valt"},
		"protected_title": {"yrket kräver skyddad yrkestitel undersköterska",
			"ett bevis om skyddad yrkestitel undersköterska från Socialstyrelsen, eller om du kan tänka dig andra yrken"},
	},
	and: "och", at: "hos", in: "i", municipality: "kommun", workplace: "arbetsplats",
	place1: "plats", placeN: "platser", day1: "dag", dayN: "dagar", hour1: "timme", hourN: "timmar",
	year1: "%s års", yearN: "%s års",
	ordinals: []string{"första", "andra", "tredje", "fjärde", "femte", "sjätte"},
	decimal:  ",",
}

var englishWords = explainWords{
	lang:       labels.EN,
	offered:    "You have been offered a place as %s %s, starting %s.",
	startNow:   "as soon as you are available",
	startAfter: "%s after you are available",
	distance:   "The workplace is %s km from your home.",
	because:    "It was chosen because %s.",
	close:      "it is close to you", wished: "the role is one you asked for", choice: "the role is your %s choice",
	hoursFit: "the hours are the ones you want", qualified: "you have the experience and education it asks for",
	notWished:      "the role is not one you asked for, but you meet its requirements and it had room",
	hoursOff:       "its hours differ by %s a week from the ones you want",
	moreExperience: "it asks for %s more experience than you have, so you will get extra support at first",
	moreEducation:  "it asks for more education than you have, so you will get extra support at first",
	moreBoth:       "it asks for %s more experience and more education than you have, so you will get extra support at first",
	bestOf:         "Of the %s you qualified for, this one fitted best once everyone's placements were weighed together.",
	betterTaken:    "Some places that would have suited you better went to other people.",
	betterWhy:      "That let more people have a place, or suited them even better.",
	alternatives:   "Other places that would have fitted almost as well: %s.",
	notPlaced:      "You have not been offered a place this round.",
	noEligible:     "None of the places met all their requirements for you",
	mostlyBecause:  "; most were ruled out because %s.",
	wouldChange:    "What could change it: %s.",
	full:           "You qualified for %s, but all of them were already taken.",
	full1:          "You qualified for %s, but it was already taken.",
	noSupervisor:   "You qualified for %s, but their workplaces had no supervisor free to take on another newcomer.",
	roomLeft:       "You qualified for %s that still had room, but they went to other people who fitted them better.",
	fullChange:     "new places in the next round, or being open to more roles or a longer journey",
	supervisorChange: "more supervisors at the workplaces in the next round, or being open to workplaces farther away " +
		"or to more roles",
	nextRound: "new places in the next round",
	rules: map[string]rule{
		"commute":  {"they are farther from your home than you can travel", "being able to travel farther to work, or places opening closer to you"},
		"language": {"they ask for more Swedish than you have today", "a Swedish course that brings you to the level the places ask for"},
		"licence":  {"they need a driving licence", "a driving licence, or places where you need not drive"},
		"start":    {"they start before you are available", "places that start later, or being able to start earlier"},
		"hours":    {"their hours are too far from the ones you want", "being open to more or fewer hours a week"},
		"role":     {"their roles are not among those you asked for", "being open to more roles than the ones you chose"},
		"protected_title": {"the role needs the protected title undersköterska",
			"Socialstyrelsen's certificate of the protected title undersköterska, or being open to other roles"},
	},
	and: "and", at: "at", in: "in", municipality: "municipality", workplace: "workplace",
	place1: "place", placeN: "places", day1: "day", dayN: "days", hour1: "hour", hourN: "hours",
	year1: "%s year's", yearN: "%s years'",
	ordinals: []string{"first", "second", "third", "fourth", "fifth", "sixth"},
	decimal:  ".",
}

// place is "hos Linköping kommun (arbetsplats W0580-03) i Linköping".
func (w *explainWords) place(o *Opening) string {
	where := o.RegionName
	if where == "" {
		where = w.municipality + " " + o.Region
	}
	return fmt.Sprintf("%s %s (%s %s) %s %s", w.at, o.Employer, w.workplace, o.WorkplaceID, w.in, where)
}

// as is the role after "som"/"as": English takes an article.
func (w *explainWords) as(role string) string {
	if w.lang != labels.EN || role == "" {
		return role
	}
	if strings.ContainsRune("aeiou", rune(role[0])) {
		return "an " + role
	}
	return "a " + role
}

func (w *explainWords) count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func (w *explainWords) places(n int) string { return w.count(n, w.place1, w.placeN) }
func (w *explainWords) days(n int) string   { return w.count(n, w.day1, w.dayN) }
func (w *explainWords) hours(n int) string  { return w.count(n, w.hour1, w.hourN) }

// years is an amount of experience: "1 year's", "1.5 years'".
func (w *explainWords) years(x float64) string {
	n := w.number(x)
	if n == "1" {
		return fmt.Sprintf(w.year1, n)
	}
	return fmt.Sprintf(w.yearN, n)
}

func (w *explainWords) ordinal(n int) string {
	if n >= 1 && n <= len(w.ordinals) {
		return w.ordinals[n-1]
	}
	if w.lang == labels.EN {
		return strconv.Itoa(n) + "th"
	}
	return strconv.Itoa(n) + ":e"
}

// number writes x with one decimal (none when it is whole) and the
// language's decimal sign: 1,8 or 1.8.
func (w *explainWords) number(x float64) string {
	s := strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", w.decimal, 1)
}

// list joins parts as "a, b och c".
func (w *explainWords) list(parts []string) string {
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " " + w.and + " " + parts[len(parts)-1]
}
