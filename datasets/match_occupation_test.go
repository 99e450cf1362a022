package datasets

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// oldCandidate and oldOpening are the rows of matching sets written
// before certified_assistant_nurse, occupation_id and ssyk existed.
type oldCandidate struct {
	CandidateID     string  `parquet:"candidate_id"`
	Region          string  `parquet:"region"`
	XKm             float64 `parquet:"x_km"`
	YKm             float64 `parquet:"y_km"`
	LanguageLevel   int32   `parquet:"language_level"`
	DrivingLicence  bool    `parquet:"driving_licence"`
	EducationLevel  int32   `parquet:"education_level"`
	ExperienceYears float64 `parquet:"experience_years"`
	HoursWanted     float64 `parquet:"hours_wanted"`
	MaxCommuteKm    float64 `parquet:"max_commute_km"`
	RolePreferences string  `parquet:"role_preferences"`
	AvailableFrom   string  `parquet:"available_from"`
	Sex             string  `parquet:"sex"`
	BirthRegion     string  `parquet:"birth_region"`
}

type oldOpening struct {
	OpeningID     string  `parquet:"opening_id"`
	WorkplaceID   string  `parquet:"workplace_id"`
	Role          string  `parquet:"role"`
	Positions     int32   `parquet:"positions"`
	MinLanguage   int32   `parquet:"min_language_level"`
	NeedsLicence  bool    `parquet:"needs_licence"`
	MinExperience float64 `parquet:"min_experience_years"`
	MinEducation  int32   `parquet:"min_education_level"`
	Hours         float64 `parquet:"hours"`
	Start         string  `parquet:"start"`
}

// TestMatchOldFormat reads a matching set in the format before the
// occupation keys and the title certificate, as Parquet and as CSV: the
// new columns read as their documented defaults, no key and not certified.
func TestMatchOldFormat(t *testing.T) {
	m := testMatchSet()
	var cands []oldCandidate
	for _, c := range m.Candidates {
		cands = append(cands, oldCandidate{c.CandidateID, c.Region, c.XKm, c.YKm, c.LanguageLevel, c.DrivingLicence,
			c.EducationLevel, c.ExperienceYears, c.HoursWanted, c.MaxCommuteKm, c.RolePreferences, c.AvailableFrom, c.Sex, c.BirthRegion})
	}
	var ops []oldOpening
	for _, o := range m.Openings {
		ops = append(ops, oldOpening{o.OpeningID, o.WorkplaceID, o.Role, o.Positions, o.MinLanguage, o.NeedsLicence,
			o.MinExperience, o.MinEducation, o.Hours, o.Start})
	}
	csvOf := func(header string, rows ...string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(header + "\n" + strings.Join(rows, "\n") + "\n")}
	}
	for name, fsys := range map[string]fstest.MapFS{
		"parquet": {
			"candidates.parquet": {Data: rawParquet(t, cands)},
			"openings.parquet":   {Data: rawParquet(t, ops)},
			"workplaces.parquet": {Data: encodeT(t, m.Workplaces)},
		},
		"csv": {
			"candidates.csv": csvOf("candidate_id,region,x_km,y_km,language_level,driving_licence,education_level,experience_years,hours_wanted,max_commute_km,role_preferences,available_from,sex,birth_region",
				"C1,0580,537,6475,4,true,2,1,40,0,care_aide,2025-01-15,F,outside_eu"),
			"openings.csv": csvOf("opening_id,workplace_id,role,positions,min_language_level,needs_licence,min_experience_years,min_education_level,hours,start",
				"O1,W1,care_aide,1,3,false,0,1,40,2025-02-03"),
			"workplaces.csv": csvOf("workplace_id,employer,region,x_km,y_km,supervisor_capacity", "W1,Linköping kommun,0580,536,6475,1"),
		},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := ReadMatchFS(fsys)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range got.Candidates {
				if c.CertifiedAssistantNurse {
					t.Errorf("%s: certified without the column", c.CandidateID)
				}
			}
			for _, o := range got.Openings {
				if o.OccupationID != "" || o.SSYK != "" {
					t.Errorf("%s: occupation %q, ssyk %q without the columns", o.OpeningID, o.OccupationID, o.SSYK)
				}
			}
			cs, os, _, err := MatchInputs(got)
			if err != nil {
				t.Fatal(err)
			}
			if cs[0].CertifiedAssistantNurse || os[0].SSYK != "" || os[0].OccupationID != "" {
				t.Errorf("engine rows %+v, %+v: want no key and not certified", cs[0], os[0])
			}
		})
	}
}

// TestOccupationKeys checks that a known concept id without ssyk takes its
// SSYK code, and that the keys and the certificate reach the engine.
func TestOccupationKeys(t *testing.T) {
	m := testMatchSet()
	m.Openings[0].OccupationID = "Y3QA_5pk_uXd"
	m.Openings[1].OccupationID, m.Openings[1].SSYK = "4zLr_jP5_peZ", "5330"
	m.Openings[2].OccupationID, m.Openings[2].SSYK = "abcd_efg_hij", "5329"
	m.Candidates[0].CertifiedAssistantNurse = true
	got, err := ReadMatchFS(matchFS(t, m))
	if err != nil {
		t.Fatal(err)
	}
	cs, os, _, err := MatchInputs(got)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"5321", "5330", "5329"} {
		if os[i].SSYK != want || os[i].OccupationID != m.Openings[i].OccupationID {
			t.Errorf("opening %d: occupation %q ssyk %q, want %q %q", i, os[i].OccupationID, os[i].SSYK, m.Openings[i].OccupationID, want)
		}
	}
	if !cs[0].CertifiedAssistantNurse || cs[1].CertifiedAssistantNurse {
		t.Errorf("certified: %v %v, want true false", cs[0].CertifiedAssistantNurse, cs[1].CertifiedAssistantNurse)
	}
	for _, o := range Occupations {
		if ssyk, ok := OccupationSSYK(o.ID); !ok || ssyk != o.SSYK || len(ssyk) != 4 {
			t.Errorf("OccupationSSYK(%s) = %q, %v", o.ID, ssyk, ok)
		}
	}
}

// TestOccupationErrors checks that bad keys are errors naming the file,
// the row, the column and the rule, in Parquet and in CSV.
func TestOccupationErrors(t *testing.T) {
	cases := []struct {
		name, id, ssyk, column string
		rule                   error
	}{
		{"id pattern", "Y3QA-5pk-uXd", "5321", "occupation_id", ErrSyntax},
		{"ssyk pattern", "", "532", "ssyk", ErrSyntax},
		{"ssyk letters", "", "53a1", "ssyk", ErrSyntax},
		{"known id, other ssyk", "Y3QA_5pk_uXd", "5330", "ssyk", ErrEnum},
		{"unknown id, no ssyk", "abcd_efg_hij", "", "ssyk", ErrMissingValue},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := testMatchSet()
			m.Openings[1].OccupationID, m.Openings[1].SSYK = tc.id, tc.ssyk
			fsys := matchFS(t, &MatchSet{Candidates: m.Candidates, Workplaces: m.Workplaces})
			fsys["openings.parquet"] = &fstest.MapFile{Data: rawParquet(t, m.Openings)} // the writer would refuse them
			_, err := ReadMatchFS(fsys)
			checkRowErr(t, err, "openings.parquet", 2, 0, tc.column, tc.rule)

			csv := "opening_id,workplace_id,role,positions,min_language_level,needs_licence,min_experience_years,min_education_level,hours,start,occupation_id,ssyk\n" +
				"O1,W1,care_aide,1,3,false,0,1,40,2025-02-03,,\n" +
				"O2,W1,care_aide,1,3,false,0,1,40,2025-02-03," + tc.id + "," + tc.ssyk + "\n"
			_, err = ReadCSV[Opening](strings.NewReader(csv), "openings.csv")
			checkRowErr(t, err, "openings.csv", 2, 3, tc.column, tc.rule)
		})
	}
}

func checkRowErr(t *testing.T, err error, file string, row, line int, column string, rule error) {
	t.Helper()
	var re *RowError
	if !errors.As(err, &re) || !errors.Is(err, rule) {
		t.Fatalf("err = %v, want a *RowError wrapping %v", err, rule)
	}
	if re.File != file || re.Row != row || re.Line != line || re.Column != column {
		t.Errorf("error at %s row %d line %d column %s, want %s row %d line %d column %s: %v",
			re.File, re.Row, re.Line, re.Column, file, row, line, column, err)
	}
	if !strings.Contains(err.Error(), file) || !strings.Contains(err.Error(), column) {
		t.Errorf("message %q does not name %s and %s", err, file, column)
	}
}
