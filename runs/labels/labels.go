package labels

import "strings"

// Lang is a language of the labels.
type Lang string

// The languages. Swedish is the default: the planners are Swedish
// municipal staff.
const (
	SV Lang = "sv"
	EN Lang = "en"
)

// Langs lists the languages, the default first.
var Langs = []Lang{SV, EN}

// ParseLang returns the language a tag names ("sv", "en", "sv-SE",
// "en-GB", any case) and whether it is one of Langs.
func ParseLang(tag string) (Lang, bool) {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	switch Lang(tag) {
	case SV:
		return SV, true
	case EN:
		return EN, true
	}
	return SV, false
}

// name is a label in both languages.
type name struct{ sv, en string }

func (n name) in(l Lang) string {
	if l == EN {
		return n.en
	}
	return n.sv
}

// lookup returns the label of code in table t, or fallback, or the code.
func lookup(t map[string]name, l Lang, code, fallback string) string {
	if n, ok := t[code]; ok {
		return n.in(l)
	}
	if fallback != "" {
		return fallback
	}
	return code
}

var roles = map[string]name{
	"assistant_nurse":            {"Undersköterska", "Assistant nurse"},
	"care_aide":                  {"Vårdbiträde", "Care aide"},
	"service_assistant":          {"Serviceassistent", "Service assistant"},
	"support_worker":             {"Stödassistent", "Support worker"},
	"personal_assistant":         {"Personlig assistent", "Personal assistant"},
	"nurse":                      {"Sjuksköterska", "Nurse"},
	"specialist_assistant_nurse": {"Specialistundersköterska", "Specialist assistant nurse"},
}

// Role is the name of a role code; fallback (the dataset's name, or "")
// is used for a code this package does not know.
func Role(l Lang, code, fallback string) string { return lookup(roles, l, code, fallback) }

var services = map[string]name{
	"home_care":           {"Hemtjänst", "Home care"},
	"residential_care":    {"Särskilt boende", "Residential care"},
	"lss_housing":         {"Bostad med särskild service (LSS)", "LSS housing with special service"},
	"daily_activities":    {"Daglig verksamhet (LSS)", "Daily activities (LSS)"},
	"personal_assistance": {"Personlig assistans", "Personal assistance"},
}

// Service is the name of a service code, with a fallback as in Role.
func Service(l Lang, code, fallback string) string { return lookup(services, l, code, fallback) }

var areas = map[string]name{
	"elder":      {"Äldreomsorg", "Elder care"},
	"disability": {"Funktionsstöd", "Disability support"},
}

// Area is the name of a care area ("elder", "disability").
func Area(l Lang, code string) string { return lookup(areas, l, code, "") }

var levers = map[string]name{
	"employment_rate":   {"Heltid som norm (sysselsättningsgrad)", "Full time as the norm (employment rate)"},
	"sick_leave":        {"Lägre sjukfrånvaro", "Lower sick leave"},
	"retirement_age":    {"Senare pension", "Later retirement"},
	"new_staff_exit":    {"Färre nyanställda som slutar", "Fewer new staff leaving"},
	"exit_rate":         {"Färre som slutar", "Fewer staff leaving"},
	"career_transition": {"Karriärvägar", "Career paths"},
	"training_places":   {"Utbildningsplatser", "Training places"},
	"task_shifting":     {"Uppgiftsväxling", "Task shifting"},
	"matched_entrants":  {"Matchade nyanställda", "Matched entrants"},
	"use_rate":          {"Friskare åldrande (nyttjandegrad)", "Healthier ageing (use rate)"},
	"fte_per_user":      {"Personal per brukare", "Staff per user"},
	"recruits":          {"Rekrytering", "Recruitment"},
}

// Lever is the name of a lever kind (engine/scenario.Kind).
func Lever(l Lang, kind string) string { return lookup(levers, l, kind, "") }

var drivers = map[string]name{
	"base_gap":           {"Gap basåret", "Gap in the base year"},
	"demography":         {"Demografi", "Demography"},
	"exits":              {"Avgångar", "Exits"},
	"retirement":         {"Pensioneringar", "Retirement"},
	"recruitment":        {"Rekrytering", "Recruitment"},
	"training":           {"Utbildning", "Training"},
	"career_transitions": {"Karriärbyten", "Career moves"},
	"matched_entrants":   {"Matchade nyanställda", "Matched entrants"},
	"part_time":          {"Deltid", "Part time"},
	"sick_leave":         {"Sjukfrånvaro", "Sick leave"},
	"levers":             {"Åtgärder", "Levers"},
}

// Driver is the name of a gap driver: one of engine/forecast's Driver*
// constants, or a lever's share of the gap, "lever:NAME" or
// "lever:NAME#2" (forecast.LeverDrivers), where NAME is a lever kind or
// the label a scenario gave the lever. A lever kind is named in l and a
// label is kept as written; a repeat keeps its "#2".
func Driver(l Lang, d string) string {
	if n, ok := drivers[d]; ok {
		return n.in(l)
	}
	rest, ok := strings.CutPrefix(d, "lever:")
	if !ok {
		return d
	}
	suffix := ""
	if i := strings.LastIndexByte(rest, '#'); i >= 0 {
		rest, suffix = rest[:i], " "+rest[i:]
	}
	return Lever(l, rest) + suffix
}

var sexes = map[string]name{"F": {"Kvinnor", "Women"}, "M": {"Män", "Men"}}

// Sex is the name of a sex code ("F", "M").
func Sex(l Lang, code string) string { return lookup(sexes, l, code, "") }
