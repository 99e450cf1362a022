package datasets

// Row types of every dataset, one struct per Parquet file. The engine never
// sees these: convert.go turns them into engine types. Column documentation
// (type, unit, allowed range) lives in the schema registry, schema.go, which
// the validator and the docs share.
//
// Conventions: region is a municipality code ("1480"); sex is "M" or "F";
// age is one-year age 0..100, where 100 means 100 and over; year is a
// calendar year; rates are per year.

// Region is one row of regions.parquet.
type Region struct {
	Region string `parquet:"region,dict"`
	Name   string `parquet:"name,plain"`
	Group  string `parquet:"group,dict"` // e.g. "Gothenburg region"
}

// Population is one row of population.parquet: persons on 31 December.
type Population struct {
	Region  string  `parquet:"region,dict"`
	Year    int32   `parquet:"year"`
	Age     int32   `parquet:"age"`
	Sex     string  `parquet:"sex,dict"`
	Persons float64 `parquet:"persons"`
}

// Deaths is one row of deaths.parquet: deaths during the year by age at the
// end of the year (SCB's "birth-year age").
type Deaths struct {
	Region string  `parquet:"region,dict"`
	Year   int32   `parquet:"year"`
	Age    int32   `parquet:"age"`
	Sex    string  `parquet:"sex,dict"`
	Deaths float64 `parquet:"deaths"`
}

// Births is one row of births.parquet: live births during the year by the
// mother's age and the child's sex.
type Births struct {
	Region    string  `parquet:"region,dict"`
	Year      int32   `parquet:"year"`
	MotherAge int32   `parquet:"mother_age"`
	Sex       string  `parquet:"sex,dict"`
	Births    float64 `parquet:"births"`
}

// DeathRate is one row of death_rates.parquet: the probability that a
// person of the given age at the end of the year, alive at the start of it,
// dies during the year. The rate of a year applies from that year until a
// later year's rate replaces it.
type DeathRate struct {
	Region string  `parquet:"region,dict"`
	Year   int32   `parquet:"year"`
	Age    int32   `parquet:"age"`
	Sex    string  `parquet:"sex,dict"`
	Rate   float64 `parquet:"rate"`
}

// FertilityRate is one row of fertility_rates.parquet: live births per
// woman and year by the mother's age (15..49).
type FertilityRate struct {
	Region    string  `parquet:"region,dict"`
	Year      int32   `parquet:"year"`
	MotherAge int32   `parquet:"mother_age"`
	Rate      float64 `parquet:"rate"`
}

// NetMigration is one row of net_migration.parquet: in-migrants minus
// out-migrants during the year, by age at the end of the year; may be
// negative.
type NetMigration struct {
	Region  string  `parquet:"region,dict"`
	Year    int32   `parquet:"year"`
	Age     int32   `parquet:"age"`
	Sex     string  `parquet:"sex,dict"`
	Persons float64 `parquet:"persons"`
}

// Service is one row of services.parquet: a care service.
type Service struct {
	Service string `parquet:"service,dict"` // e.g. "home_care"
	Name    string `parquet:"name,plain"`
	Area    string `parquet:"area,dict"` // "elder" or "disability"
}

// Role is one row of roles.parquet: a staff role.
type Role struct {
	Role string `parquet:"role,dict"` // e.g. "assistant_nurse"
	Name string `parquet:"name,plain"`
	// NewStaffExitRate is the yearly exit rate of staff in their first year
	// in the role, replacing the age-specific exit rate for them.
	NewStaffExitRate float64 `parquet:"new_staff_exit_rate"`
	// Entry marks roles open to people without care training.
	Entry bool `parquet:"entry"`
}

// CareUse is one row of care_use.parquet: users of a service per person,
// by region, age band (age_from..age_to inclusive) and sex, in the base
// year.
type CareUse struct {
	Region  string  `parquet:"region,dict"`
	Service string  `parquet:"service,dict"`
	AgeFrom int32   `parquet:"age_from"`
	AgeTo   int32   `parquet:"age_to"`
	Sex     string  `parquet:"sex,dict"`
	Rate    float64 `parquet:"rate"`
}

// CareStaffing is one row of care_staffing.parquet: full-time equivalents
// of care staff per user of a service.
type CareStaffing struct {
	Region     string  `parquet:"region,dict"`
	Service    string  `parquet:"service,dict"`
	FTEPerUser float64 `parquet:"fte_per_user"`
}

// RoleShare is one row of role_shares.parquet: the share of a service's
// staff FTE done by a role; the shares of a service sum to 1.
type RoleShare struct {
	Region  string  `parquet:"region,dict"`
	Service string  `parquet:"service,dict"`
	Role    string  `parquet:"role,dict"`
	Share   float64 `parquet:"share"`
}

// Workforce is one row of workforce.parquet: care staff on 31 December of
// the base year.
type Workforce struct {
	Region    string  `parquet:"region,dict"`
	Year      int32   `parquet:"year"`
	Role      string  `parquet:"role,dict"`
	Age       int32   `parquet:"age"`
	Sex       string  `parquet:"sex,dict"`
	Headcount float64 `parquet:"headcount"`
	// EmploymentRate is contracted FTE per head (1 = full time).
	EmploymentRate float64 `parquet:"employment_rate"`
	// SickLeaveRate is the share of contracted time lost to sick leave.
	SickLeaveRate float64 `parquet:"sick_leave_rate"`
}

// ExitRate is one row of exit_rates.parquet: yearly probabilities of
// leaving the sector (for any reason but retirement) and of retiring, by
// role and age.
type ExitRate struct {
	Role           string  `parquet:"role,dict"`
	Age            int32   `parquet:"age"`
	ExitRate       float64 `parquet:"exit_rate"`
	RetirementRate float64 `parquet:"retirement_rate"`
}

// CareerTransition is one row of career_transitions.parquet: the yearly
// share of staff in from_role who move to to_role.
type CareerTransition struct {
	FromRole string  `parquet:"from_role,dict"`
	ToRole   string  `parquet:"to_role,dict"`
	Rate     float64 `parquet:"rate"`
}

// TrainingPipeline is one row of training_pipelines.parquet: a stepwise
// programme run by a region. Trainees come from source_role (staff who
// upskill while they keep working) or, when it is empty, from outside the
// workforce; graduates join output_role.
type TrainingPipeline struct {
	Region        string  `parquet:"region,dict"`
	Pipeline      string  `parquet:"pipeline,dict"`
	SourceRole    string  `parquet:"source_role,dict"`
	OutputRole    string  `parquet:"output_role,dict"`
	PlacesPerYear float64 `parquet:"places_per_year"`
}

// TrainingStage is one row of training_stages.parquet: stage number stage
// (1, 2, ...) of a pipeline. A stage is entered only after the previous one
// is completed.
type TrainingStage struct {
	Pipeline       string  `parquet:"pipeline,dict"`
	Stage          int32   `parquet:"stage"`
	Name           string  `parquet:"name,plain"`
	DurationMonths float64 `parquet:"duration_months"`
	// CompletionRate is the share of those who reach the end of the stage
	// who pass it and go on.
	CompletionRate float64 `parquet:"completion_rate"`
	// DropoutRate is the yearly rate at which participants leave the stage
	// before its end.
	DropoutRate float64 `parquet:"dropout_rate"`
}

// Recruits is one row of recruits.parquet: people recruited into a role
// each year from education, other regions or abroad, by age and sex.
type Recruits struct {
	Region  string  `parquet:"region,dict"`
	Role    string  `parquet:"role,dict"`
	Age     int32   `parquet:"age"`
	Sex     string  `parquet:"sex,dict"`
	Persons float64 `parquet:"persons"`
}

// Forecast is one row of forecast.parquet, the forecast output: one
// scenario, region, year and role. FTE columns are full-time equivalents;
// flow columns are persons during the year.
type Forecast struct {
	Scenario      string  `parquet:"scenario,dict"`
	Region        string  `parquet:"region,dict"`
	Year          int32   `parquet:"year"`
	Role          string  `parquet:"role,dict"`
	DemandFTE     float64 `parquet:"demand_fte"`
	Headcount     float64 `parquet:"headcount"`
	ContractedFTE float64 `parquet:"contracted_fte"`
	EffectiveFTE  float64 `parquet:"effective_fte"`
	GapFTE        float64 `parquet:"gap_fte"`
	Exits         float64 `parquet:"exits"`
	Retirements   float64 `parquet:"retirements"`
	Recruits      float64 `parquet:"recruits"`
	Graduates     float64 `parquet:"graduates"`
	// GraduatesOut are staff who left the role for a pipeline that trains
	// them for another, net of those who dropped out or failed and came
	// back.
	GraduatesOut    float64 `parquet:"graduates_out"`
	TransfersIn     float64 `parquet:"transfers_in"`
	TransfersOut    float64 `parquet:"transfers_out"`
	MatchedEntrants float64 `parquet:"matched_entrants"`
	// InternalMovesIn and InternalMovesOut are moves inside the sector
	// (career transitions and pipelines that train another role's
	// staff); they are not in the need.
	InternalMovesIn  float64 `parquet:"internal_moves_in"`
	InternalMovesOut float64 `parquet:"internal_moves_out"`
	SupervisionFTE   float64 `parquet:"supervision_fte"`
	// The need: hires from outside the sector (package forecast).
	ReplacementNeed float64 `parquet:"replacement_need"`
	ExpansionNeed   float64 `parquet:"expansion_need"`
	GapClosingNeed  float64 `parquet:"gap_closing_need"`
	RecruitmentNeed float64 `parquet:"recruitment_need"`
}

// GapDriver is one row of decomposition.parquet: the part of a year's gap
// (FTE) that one driver contributes; the drivers of a scenario, region,
// year and role sum exactly to its gap_fte.
type GapDriver struct {
	Scenario string  `parquet:"scenario,dict"`
	Region   string  `parquet:"region,dict"`
	Year     int32   `parquet:"year"`
	Role     string  `parquet:"role,dict"`
	Driver   string  `parquet:"driver,dict"`
	FTE      float64 `parquet:"fte"`
	FTESE    float64 `parquet:"fte_se"`
}

// Bundle holds every input dataset of a forecast and its results, as rows.
// A nil or empty slice means the file is absent.
type Bundle struct {
	Regions           []Region
	Population        []Population
	Deaths            []Deaths
	Births            []Births
	DeathRates        []DeathRate
	FertilityRates    []FertilityRate
	NetMigration      []NetMigration
	Services          []Service
	Roles             []Role
	CareUse           []CareUse
	CareStaffing      []CareStaffing
	RoleShares        []RoleShare
	Workforce         []Workforce
	ExitRates         []ExitRate
	CareerTransitions []CareerTransition
	TrainingPipelines []TrainingPipeline
	TrainingStages    []TrainingStage
	Recruits          []Recruits
}

// GapBand is one row of uncertainty.parquet: the distribution of a gap
// (FTE) over the Monte Carlo draws of a forecast. Region "all" holds the
// total over the regions run, role "all_roles" the sum over the roles.
type GapBand struct {
	Scenario  string  `parquet:"scenario,dict"`
	Region    string  `parquet:"region,dict"`
	Year      int32   `parquet:"year"`
	Role      string  `parquet:"role,dict"`
	Mean      float64 `parquet:"mean_fte"`
	P10       float64 `parquet:"p10_fte"`
	P50       float64 `parquet:"p50_fte"`
	P90       float64 `parquet:"p90_fte"`
	SD        float64 `parquet:"sd_fte"`
	ProbAbove float64 `parquet:"prob_above"`
}

// PopulationBand is one row of population_bands.parquet: the distribution
// of the persons of an age group on 31 December over the Monte Carlo
// draws of a population projection. Region "all" holds the total over the
// regions run; AgeGroup is 0-19, 20-64, 65-79, 80+ or total; Sex is M, F
// or total.
type PopulationBand struct {
	Region   string  `parquet:"region,dict"`
	Year     int32   `parquet:"year"`
	AgeGroup string  `parquet:"age_group,dict"`
	Sex      string  `parquet:"sex,dict"`
	Mean     float64 `parquet:"mean"`
	P10      float64 `parquet:"p10"`
	P50      float64 `parquet:"p50"`
	P90      float64 `parquet:"p90"`
}
