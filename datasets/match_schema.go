package datasets

import (
	"strings"
	"time"
)

// dateLayout is the layout of date columns: ISO 8601 calendar dates.
const dateLayout = "2006-01-02"

// Levels of the matching datasets.
const (
	// MaxLanguageLevel is the highest Swedish level: 0 none, 1..6 the CEFR
	// levels A1, A2, B1, B2, C1, C2 (SFI courses A-D reach about A1-B1).
	MaxLanguageLevel = 6
	// MaxEducationLevel is the highest education level: 0 less than
	// compulsory school, 1 compulsory school, 2 upper secondary, 3
	// post-secondary.
	MaxEducationLevel = 3
)

// BirthRegions are the birth-region groups of candidates, as in SCB's
// integration statistics.
var BirthRegions = []string{"sweden", "nordic", "eu", "outside_eu"}

// Occupation is an occupation-name concept of the JobTech taxonomy
// (Arbetsförmedlingen) with its SSYK 2012 unit group.
type Occupation struct {
	ID    string // concept id, e.g. Y3QA_5pk_uXd
	SSYK  string // four digits, e.g. 5321
	Label string // Swedish name
}

// Occupations are the occupation-name concepts of the care sector's entry
// roles that the matching knows: an opening naming one of them must have
// its SSYK code (or leave ssyk empty to take it). Other concept ids are
// allowed with any four-digit SSYK code.
var Occupations = []Occupation{
	{"Y3QA_5pk_uXd", "5321", "undersköterska, hemtjänst och äldreboende"},
	{"4zLr_jP5_peZ", "5330", "vårdbiträde"},
	{"eU1q_zvL_9Rf", "5343", "personlig assistent"},
	{"LxhG_of8_eMi", "5342", "stödassistent"},
}

// OccupationSSYK returns the SSYK code of a known occupation-name concept
// id (Occupations), and false for an id it does not know.
func OccupationSSYK(id string) (string, bool) {
	for _, o := range Occupations {
		if o.ID == id {
			return o.SSYK, true
		}
	}
	return "", false
}

// checkOccupation checks an opening's occupation_id against its ssyk; it
// returns the column to blame and the problem, or nil. The patterns of
// both columns are checked before.
func checkOccupation(id, ssyk string) (string, error) {
	if id == "" {
		return "", nil
	}
	for _, o := range Occupations {
		if o.ID != id {
			continue
		}
		if ssyk != "" && ssyk != o.SSYK {
			return "ssyk", ruleErr(ErrEnum, "occupation %s (%s) is SSYK %s, not %s", id, o.Label, o.SSYK, ssyk)
		}
		return "", nil
	}
	if ssyk == "" {
		return "ssyk", ruleErr(ErrMissingValue, "empty, but the SSYK code of occupation %s is not known here; give its four digits", id)
	}
	return "", nil
}

// openingSSYK is the SSYK code of an opening: its ssyk, or the code of its
// known occupation_id when ssyk is empty.
func openingSSYK(o *Opening) string {
	if o.SSYK != "" {
		return o.SSYK
	}
	ssyk, _ := OccupationSSYK(o.OccupationID)
	return ssyk
}

func colCoord(name, doc string) Column {
	return colFloat(name, "km", -posInf, posInf, doc+" SWEREF 99 TM in km, or any planar km grid that the candidates and workplaces of a run share.")
}

func colDate(name, doc string) Column {
	return colCode(name, doc+" ISO date YYYY-MM-DD, years 1900..2100.")
}

// parseDate parses a date column; it returns the day number (days since
// 1970-01-01) or a rule error.
func parseDate(s string) (int, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return 0, ruleErr(ErrSyntax, "%q is not a date YYYY-MM-DD", s)
	}
	if t.Year() < 1900 || t.Year() > 2100 {
		return 0, ruleErr(ErrRange, "%s is not between 1900 and 2100", s)
	}
	return int(t.Unix() / 86400), nil
}

// Date returns the ISO date of day number d (days since 1970-01-01).
func Date(d int) string { return time.Unix(int64(d)*86400, 0).UTC().Format(dateLayout) }

// SplitRoles splits a role_preferences value into its role codes, most
// preferred first.
func SplitRoles(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func checkRolePrefs(s string) error {
	roles := SplitRoles(s)
	for i, r := range roles {
		if r == "" {
			return ruleErr(ErrMissingValue, "role %d of %q is empty", i+1, s)
		}
		for _, q := range roles[:i] {
			if q == r {
				return ruleErr(ErrDuplicate, "role %s is listed twice", r)
			}
		}
	}
	return nil
}

// registerMatch registers the datasets of matching: candidates, openings
// and workplaces in, assignments out.
func registerMatch(set *schemaSet) {
	register[Candidate](set, Schema{
		Name: "candidates", Doc: "People outside the labour market looking for an entry role or work placement in care (matching input).",
		Key: []string{"candidate_id"},
		Columns: []Column{
			colCode("candidate_id", "Pseudonymous id; never a personal identity number."),
			colCode("region", "Municipality code of the municipality that owns the record, e.g. 0580 (Linköping)."),
			colCoord("x_km", "Home location, easting."),
			colCoord("y_km", "Home location, northing."),
			colInt("language_level", "level", 0, MaxLanguageLevel, "Swedish: 0 none, 1..6 CEFR A1, A2, B1, B2, C1, C2."),
			colBool("driving_licence", "Holds a driving licence (category B)."),
			colInt("education_level", "level", 0, MaxEducationLevel, "Highest completed: 0 less than compulsory school, 1 compulsory school, 2 upper secondary, 3 post-secondary."),
			colFloat("experience_years", "years", 0, 60, "Years of work in care."),
			colFloat("hours_wanted", "hours per week", 0, 60, "Hours a week the person wants to work; 0 means any."),
			colFloat("max_commute_km", "km", 0, 500, "Longest acceptable distance to the workplace; 0 means the run's default limit."),
			colText("role_preferences", "Role codes the person wants, most preferred first, separated by commas (e.g. care_aide,service_assistant); empty means no preference."),
			colDate("available_from", "First day the person can start."),
			sexCol("M or F; for the equality report only, never used to match."),
			colEnum("birth_region", "Birth region group; for the equality report only, never used to match.", BirthRegions...),
			mayBeAbsent(colBool("certified_assistant_nurse", "Holds Socialstyrelsen's certificate of the protected title undersköterska (bevis om skyddad yrkestitel), required since 1 July 2023 for roles of SSYK 5321."), "false"),
		},
	}, func(r *Candidate) (string, error) {
		if _, err := parseDate(r.AvailableFrom); err != nil {
			return "available_from", err
		}
		if err := checkRolePrefs(r.RolePreferences); err != nil {
			return "role_preferences", err
		}
		return "", nil
	})
	register[Opening](set, Schema{
		Name: "openings", Doc: "Entry roles and work placements offered at workplaces (matching input).",
		Key: []string{"opening_id"},
		Columns: []Column{
			colCode("opening_id", "Opening id."),
			colCode("workplace_id", "Workplace of the opening; must be listed in workplaces."),
			colCode("role", "Role code, e.g. service_assistant, care_aide, personal_assistant."),
			colInt("positions", "persons", 0, 10000, "Persons the opening can take."),
			colInt("min_language_level", "level", 0, MaxLanguageLevel, "Lowest Swedish level accepted (as language_level); a hard rule."),
			colBool("needs_licence", "The role drives (home care); candidates without a licence are not eligible."),
			colFloat("min_experience_years", "years", 0, 60, "Experience wanted; a shortfall costs, it does not exclude."),
			colInt("min_education_level", "level", 0, MaxEducationLevel, "Education wanted (as education_level); a shortfall costs, it does not exclude."),
			colFloat("hours", "hours per week", 0, 60, "Hours a week of the opening; 0 means any."),
			colDate("start", "Start date; candidates available later are not eligible."),
			occupationCol(),
			ssykCol(),
		},
	}, func(r *Opening) (string, error) {
		if _, err := parseDate(r.Start); err != nil {
			return "start", err
		}
		return checkOccupation(r.OccupationID, r.SSYK)
	})
	register[Workplace](set, Schema{
		Name: "workplaces", Doc: "Care units offering openings, with the placements their supervisors can take (matching input).",
		Key: []string{"workplace_id"},
		Columns: []Column{
			colCode("workplace_id", "Workplace id."),
			colCode("employer", "Employer, e.g. the municipality's elder-care administration."),
			colCode("region", "Municipality code of the workplace."),
			colCoord("x_km", "Location, easting."),
			colCoord("y_km", "Location, northing."),
			colInt("supervisor_capacity", "persons", 0, 10000, "Placements the workplace's supervisors can take on over all its openings."),
		},
	}, nil)
	register[Assignment](set, Schema{
		Name: "assignments", Doc: "Placements of a matching run with the cost of each pair and its named components.", Output: true,
		Key: []string{"candidate_id"},
		Columns: []Column{
			colCode("candidate_id", "Candidate placed."),
			colCode("opening_id", "Opening the candidate is placed at."),
			colCode("workplace_id", "Workplace of the opening."),
			colCode("region", "Municipality code of the workplace."),
			colCode("role", "Role of the opening."),
			colOutput("cost", "points", "Cost of the pair: Σ weight × component, as the solver used it (rounded to 1/scale)."),
			colFloat("commute_km", "km", 0, posInf, "Distance from home to the workplace."),
			colFloat("preference_rank", "places", 0, posInf, "Place of the role in the candidate's list, 0 = first; the list's length when not listed."),
			colFloat("not_preferred", "0 or 1", 0, 1, "1 when the candidate listed roles but not this one."),
			colFloat("experience_gap", "years", 0, posInf, "Years short of the opening's min_experience_years."),
			colFloat("education_gap", "levels", 0, posInf, "Levels short of the opening's min_education_level."),
			colFloat("hours_mismatch", "hours per week", 0, posInf, "Difference between the hours wanted and the opening's hours."),
			colFloat("wait_days", "days", 0, posInf, "Days between the candidate's availability and the opening's start."),
		},
	}, nil)
}

// mayBeAbsent marks c as a column that older files lack, read as def.
func mayBeAbsent(c Column, def string) Column {
	c.MayBeAbsent = true
	c.Doc += " May be absent from the file (sets written before it existed): then " + def + "."
	return c
}

func occupationCol() Column {
	c := colText("occupation_id", "Occupation-name concept id of the JobTech taxonomy (Arbetsförmedlingen), e.g. Y3QA_5pk_uXd undersköterska hemtjänst/äldreboende (SSYK 5321), 4zLr_jP5_peZ vårdbiträde (5330), eU1q_zvL_9Rf personlig assistent (5343), LxhG_of8_eMi stödassistent (5342); a known id must agree with ssyk, another needs ssyk. Empty when unknown.")
	c.Pattern, c.PatternDoc = `[0-9A-Za-z]{4}_[0-9A-Za-z]{3}_[0-9A-Za-z]{3}`, "empty or a concept id: 4, 3 and 3 letters or digits joined by _"
	return mayBeAbsent(c, "empty")
}

func ssykCol() Column {
	c := colText("ssyk", "SSYK 2012 unit group of the role; empty takes the code of a known occupation_id, or none. Openings of 5321 (undersköterskor, hemtjänst, hemsjukvård, äldreboende och habilitering) take only candidates with certified_assistant_nurse (the protected title, since 1 July 2023).")
	c.Pattern, c.PatternDoc = `[0-9]{4}`, "empty or four digits"
	return mayBeAbsent(c, "empty")
}
