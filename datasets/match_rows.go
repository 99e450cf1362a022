package datasets

// Row types of the matching datasets: the three inputs of a matching run
// (candidates, openings, workplaces) and its placements (assignments).
// match_schema.go documents their columns; match_convert.go turns them
// into engine/match types.

// Candidate is one row of candidates.parquet: a person outside the labour
// market who looks for an entry role or a work placement in care. The id
// is pseudonymous. Sex and birth region are kept for the equality report
// only; they never enter eligibility or cost.
type Candidate struct {
	CandidateID string  `parquet:"candidate_id,plain"`
	Region      string  `parquet:"region,dict"`
	XKm         float64 `parquet:"x_km"`
	YKm         float64 `parquet:"y_km"`
	// LanguageLevel is the level of Swedish, 0 (none) to 6 (CEFR C2).
	LanguageLevel   int32   `parquet:"language_level"`
	DrivingLicence  bool    `parquet:"driving_licence"`
	EducationLevel  int32   `parquet:"education_level"`
	ExperienceYears float64 `parquet:"experience_years"`
	HoursWanted     float64 `parquet:"hours_wanted"`
	MaxCommuteKm    float64 `parquet:"max_commute_km"`
	// RolePreferences are role codes, most preferred first, separated by
	// commas; empty means no preference.
	RolePreferences string `parquet:"role_preferences,plain"`
	AvailableFrom   string `parquet:"available_from,plain"` // ISO date
	Sex             string `parquet:"sex,dict"`
	BirthRegion     string `parquet:"birth_region,dict"`
	// CertifiedAssistantNurse: holds Socialstyrelsen's certificate of the
	// protected title undersköterska (required since 1 July 2023). Older
	// files lack the column: false.
	CertifiedAssistantNurse bool `parquet:"certified_assistant_nurse"`
}

// Opening is one row of openings.parquet: an entry role or work placement
// with one or more positions at a workplace.
type Opening struct {
	OpeningID     string  `parquet:"opening_id,plain"`
	WorkplaceID   string  `parquet:"workplace_id,dict"`
	Role          string  `parquet:"role,dict"`
	Positions     int32   `parquet:"positions"`
	MinLanguage   int32   `parquet:"min_language_level"`
	NeedsLicence  bool    `parquet:"needs_licence"`
	MinExperience float64 `parquet:"min_experience_years"`
	MinEducation  int32   `parquet:"min_education_level"`
	Hours         float64 `parquet:"hours"`
	Start         string  `parquet:"start,plain"` // ISO date
	// OccupationID is the JobTech taxonomy's occupation-name concept id
	// and SSYK its SSYK 2012 unit group (four digits); both empty when
	// unknown, as in older files, which lack the columns.
	OccupationID string `parquet:"occupation_id,dict"`
	SSYK         string `parquet:"ssyk,dict"`
}

// Workplace is one row of workplaces.parquet: a care unit and how many
// placements its supervisors can take on over all its openings.
type Workplace struct {
	WorkplaceID        string  `parquet:"workplace_id,plain"`
	Employer           string  `parquet:"employer,dict"`
	Region             string  `parquet:"region,dict"`
	XKm                float64 `parquet:"x_km"`
	YKm                float64 `parquet:"y_km"`
	SupervisorCapacity int32   `parquet:"supervisor_capacity"`
}

// Assignment is one row of assignments.parquet: a candidate placed at an
// opening by a matching run, with the cost of the pair and its named
// components (unweighted, in their own units), so that an officer can
// explain the placement to the person.
type Assignment struct {
	CandidateID    string  `parquet:"candidate_id,plain"`
	OpeningID      string  `parquet:"opening_id,plain"`
	WorkplaceID    string  `parquet:"workplace_id,dict"`
	Region         string  `parquet:"region,dict"`
	Role           string  `parquet:"role,dict"`
	Cost           float64 `parquet:"cost"`
	CommuteKm      float64 `parquet:"commute_km"`
	PreferenceRank float64 `parquet:"preference_rank"`
	NotPreferred   float64 `parquet:"not_preferred"`
	ExperienceGap  float64 `parquet:"experience_gap"`
	EducationGap   float64 `parquet:"education_gap"`
	HoursMismatch  float64 `parquet:"hours_mismatch"`
	WaitDays       float64 `parquet:"wait_days"`
}

// MatchSet holds the three inputs of a matching run. ReadMatchFS fills it
// and CheckMatch checks the references between its files.
type MatchSet struct {
	Candidates []Candidate
	Openings   []Opening
	Workplaces []Workplace

	// files are the names the rows were read from (Parquet or CSV), for
	// the errors of CheckMatch; empty means the registry's Parquet names.
	files [3]string
}
