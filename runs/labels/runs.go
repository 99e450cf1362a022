package labels

import (
	"fmt"
	"strings"
)

var scenarios = map[string]name{
	"base":             {"Bas (som i dag)", "Base (as today)"},
	"full-time":        {"Heltid som norm", "Full time as the norm"},
	"sick-leave":       {"Lägre sjukfrånvaro", "Lower sick leave"},
	"later-retirement": {"Senare pension", "Later retirement"},
	"training":         {"Utbildning och karriärvägar", "Training and career paths"},
	"task-shifting":    {"Nya ingångsyrken (uppgiftsväxling)", "New entry roles (task shifting)"},
	"combined":         {"Alla åtgärder", "All levers together"},
	"placements":       {"Matchade placeringar", "Matched placements"},
}

// Scenario is the name of a shipped scenario (datasets/defaultdata/
// scenarios, and "placements" of a matching run); any other scenario is
// named as its file names it.
func Scenario(l Lang, name string) string { return lookup(scenarios, l, name, "") }

// Municipality is one municipality a run covers: its code and its name
// ("" when the dataset has none).
type Municipality struct{ Code, Name string }

func (m Municipality) label() string {
	if m.Name == "" {
		return m.Code
	}
	return m.Name
}

// Municipalities says which municipalities a run covers, as a title
// shows it: one as "Linköping (0580)"; every one of a dataset of of
// municipalities as "19 kommuner" ("19 municipalities"); a few as
// "3 kommuner: Falun, Borlänge, Gagnef", and more than four as
// "12 kommuner: Göteborg, Mölndal, Kungälv, Härryda och 8 till". of is 0
// when the dataset's size is unknown; then the names are listed as for a
// subset.
func Municipalities(l Lang, ms []Municipality, of int) string {
	n := len(ms)
	word := name{"kommuner", "municipalities"}.in(l)
	switch {
	case n == 0:
		return "0 " + word
	case n == 1:
		if ms[0].Name == "" {
			return fmt.Sprintf("%s %s", name{"kommun", "municipality"}.in(l), ms[0].Code)
		}
		return fmt.Sprintf("%s (%s)", ms[0].Name, ms[0].Code)
	case n == of:
		return fmt.Sprintf("%d %s", n, word)
	}
	const listed = 4
	names := make([]string, 0, listed)
	for _, m := range ms[:min(n, listed)] {
		names = append(names, m.label())
	}
	list := strings.Join(names, ", ")
	if n > listed {
		list += fmt.Sprintf(name{" och %d till", " and %d more"}.in(l), n-listed)
	}
	return fmt.Sprintf("%d %s: %s", n, word, list)
}
