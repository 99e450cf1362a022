package scenario

import (
	"fmt"
	"slices"

	"github.com/caregap/caregap/engine/errkind"
)

// Kind names a lever.
type Kind string

// The levers. Each names the inputs it changes and the values it takes.
const (
	// EmploymentRate raises contracted FTE per head (full time as the
	// norm): level (rates below it rise towards it) or change.
	EmploymentRate Kind = "employment_rate"
	// SickLeave changes the share of contracted time lost to sick leave:
	// level (rates above it fall towards it) or scale.
	SickLeave Kind = "sick_leave"
	// RetirementAge shifts retirement rates to older ages by years.
	RetirementAge Kind = "retirement_age"
	// NewStaffExit scales the exit rate of staff in their first year
	// (mentorship): scale.
	NewStaffExit Kind = "new_staff_exit"
	// ExitRate scales the exit rate of established staff: scale.
	ExitRate Kind = "exit_rate"
	// CareerTransition changes the yearly rate from one role to another:
	// level, change or scale.
	CareerTransition Kind = "career_transition"
	// TrainingPlaces changes a pipeline's places per year (all pipelines
	// when none is named): level, change or scale.
	TrainingPlaces Kind = "training_places"
	// TaskShifting moves share of the from role's demand (in the named
	// services only, when services are given) to the to role, with ratio
	// FTE of to per FTE moved (default 1).
	TaskShifting Kind = "task_shifting"
	// MatchedEntrants places per_year people from outside the labour
	// market into each named role. distribute (required) says how
	// per_year reaches the regions the lever acts in: per_region, in each
	// of them; population, a total shared among them by base-year
	// population; supervisor_places, a total shared by the placements
	// their supervisors can take on. Placements carry a retention (retention_1y,
	// retention_3y) and take supervision_fte FTE of supervisor_role's
	// time per placement during the placement year.
	MatchedEntrants Kind = "matched_entrants"
	// UseRate scales care use rates at a given age (healthier ageing).
	UseRate Kind = "use_rate"
	// FTEPerUser scales the staff needed per user (productivity, welfare
	// technology).
	FTEPerUser Kind = "fte_per_user"
	// Recruits scales the yearly recruits of the named roles.
	Recruits Kind = "recruits"
)

// Kinds lists every lever kind, in the order of the documentation.
var Kinds = []Kind{EmploymentRate, SickLeave, RetirementAge, NewStaffExit, ExitRate,
	CareerTransition, TrainingPlaces, TaskShifting, MatchedEntrants, UseRate, FTEPerUser, Recruits}

// Profile is a phasing profile.
type Profile string

// The profiles; the zero value means Linear.
const (
	Step         Profile = "step"
	Linear       Profile = "linear"
	FrontLoaded  Profile = "front-loaded"
	BackLoaded   Profile = "back-loaded"
	defaultPhase         = Linear
)

// Scenario is a named set of levers, as written in a scenario file.
type Scenario struct {
	Name        string   `json:"name" yaml:"name"`
	Description string   `json:"description,omitempty" yaml:"description,omitempty"`
	Extends     []string `json:"extends,omitempty" yaml:"extends,omitempty"`
	Levers      []Lever  `json:"levers,omitempty" yaml:"levers,omitempty"`
}

// Lever is one change. Which value fields apply depends on Kind (see the
// Kind constants); Validate enforces it.
type Lever struct {
	Kind Kind `json:"lever" yaml:"lever"`
	// Label names the lever in the decomposition; default "<kind>".
	Label    string   `json:"label,omitempty" yaml:"label,omitempty"`
	Regions  []string `json:"regions,omitempty" yaml:"regions,omitempty"`
	Roles    []string `json:"roles,omitempty" yaml:"roles,omitempty"`
	Services []string `json:"services,omitempty" yaml:"services,omitempty"`
	Pipeline string   `json:"pipeline,omitempty" yaml:"pipeline,omitempty"`
	From     string   `json:"from,omitempty" yaml:"from,omitempty"`
	To       string   `json:"to,omitempty" yaml:"to,omitempty"`

	StartYear  int     `json:"start_year" yaml:"start_year"`
	TargetYear int     `json:"target_year" yaml:"target_year"`
	Profile    Profile `json:"profile,omitempty" yaml:"profile,omitempty"`

	Level   *float64 `json:"level,omitempty" yaml:"level,omitempty"`
	Change  *float64 `json:"change,omitempty" yaml:"change,omitempty"`
	Scale   *float64 `json:"scale,omitempty" yaml:"scale,omitempty"`
	Years   *float64 `json:"years,omitempty" yaml:"years,omitempty"`
	Share   *float64 `json:"share,omitempty" yaml:"share,omitempty"`
	Ratio   *float64 `json:"ratio,omitempty" yaml:"ratio,omitempty"`
	PerYear *float64 `json:"per_year,omitempty" yaml:"per_year,omitempty"`

	// Distribute says how a matched_entrants lever's per_year reaches the
	// regions: PerRegion or ByPopulation. Required for that lever.
	Distribute Distribution `json:"distribute,omitempty" yaml:"distribute,omitempty"`
	// Retention1 and Retention3 are the shares of placed persons still
	// employed 1 and 3 years after the placement [DefaultRetention1,
	// DefaultRetention3].
	Retention1 *float64 `json:"retention_1y,omitempty" yaml:"retention_1y,omitempty"`
	Retention3 *float64 `json:"retention_3y,omitempty" yaml:"retention_3y,omitempty"`
	// SupervisorRole is the role whose staff supervise placements
	// [DefaultSupervisorRole]; SupervisionFTE the FTE of its time per
	// placement during the placement year [DefaultSupervisionFTE].
	SupervisorRole string   `json:"supervisor_role,omitempty" yaml:"supervisor_role,omitempty"`
	SupervisionFTE *float64 `json:"supervision_fte,omitempty" yaml:"supervision_fte,omitempty"`

	// RegionShare is each region's share of the per_year of a lever
	// distributed by population or by supervisor places, set by the
	// forecast from the regions it runs; not read from files.
	RegionShare map[string]float64 `json:"-" yaml:"-"`
}

// Distribution says how a matched_entrants lever's per_year reaches the
// regions it acts in.
type Distribution string

const (
	// PerRegion: per_year placements in each region the lever acts in.
	PerRegion Distribution = "per_region"
	// ByPopulation: per_year placements in all, shared among the regions
	// the lever acts in (all regions run, when it names none) in
	// proportion to their base-year population.
	ByPopulation Distribution = "population"
	// BySupervisors: per_year placements in all, shared among the regions
	// the lever acts in in proportion to the placements their supervisors
	// can take on (the matching's workplaces, supervisor_capacity).
	BySupervisors Distribution = "supervisor_places"
)

// Shared reports whether per_year is a total shared among regions.
func (d Distribution) Shared() bool { return d == ByPopulation || d == BySupervisors }

// Defaults of a matched_entrants lever.
const (
	// DefaultRetention1 and DefaultRetention3 are assumptions: labour
	// market programmes for people far from the labour market report
	// that most placed persons stay through the first year and a little
	// over half are still employed after three; no Swedish care-sector
	// follow-up was found. Set retention_1y and retention_3y from the
	// programme's own follow-up where there is one.
	DefaultRetention1 = 0.8
	DefaultRetention3 = 0.6
	// DefaultSupervisorRole supervises placements.
	DefaultSupervisorRole = "assistant_nurse"
	// DefaultSupervisionFTE is an assumption: about four hours a week of
	// a supervisor's time over the placement year (0.1 of a 40-hour
	// week).
	DefaultSupervisionFTE = 0.1
)

// Retention returns the lever's retention after 1 and 3 years, or the
// defaults.
func (l *Lever) Retention() (r1, r3 float64) {
	r1, r3 = DefaultRetention1, DefaultRetention3
	if l.Retention1 != nil {
		r1 = *l.Retention1
	}
	if l.Retention3 != nil {
		r3 = *l.Retention3
	}
	return r1, r3
}

// Supervision returns the role supervising the lever's placements and the
// FTE of its time per placement, or the defaults.
func (l *Lever) Supervision() (role string, fte float64) {
	role, fte = DefaultSupervisorRole, DefaultSupervisionFTE
	if l.SupervisorRole != "" {
		role = l.SupervisorRole
	}
	if l.SupervisionFTE != nil {
		fte = *l.SupervisionFTE
	}
	return role, fte
}

// Name returns the lever's label, or its kind.
func (l *Lever) Name() string {
	if l.Label != "" {
		return l.Label
	}
	return string(l.Kind)
}

// Phase returns the lever's strength p(year) ∈ [0, 1].
func (l *Lever) Phase(year int) float64 {
	if year < l.StartYear {
		return 0
	}
	if l.Profile == Step || year >= l.TargetYear {
		return 1
	}
	x := float64(year-l.StartYear) / float64(l.TargetYear-l.StartYear)
	switch l.Profile {
	case FrontLoaded:
		return 1 - (1-x)*(1-x)
	case BackLoaded:
		return x * x
	default:
		return x
	}
}

// AppliesTo reports whether the lever acts in region.
func (l *Lever) AppliesTo(region string) bool {
	return len(l.Regions) == 0 || slices.Contains(l.Regions, region)
}

// Apply returns v₀ changed by the lever's value at phase p: level, change
// or scale, whichever is set (Validate ensures exactly one where the kind
// allows several).
func (l *Lever) Apply(v0, p float64) float64 {
	switch {
	case l.Level != nil:
		return v0 + p*(*l.Level-v0)
	case l.Change != nil:
		return v0 + p**l.Change
	case l.Scale != nil:
		return v0 * (1 + p*(*l.Scale-1))
	}
	return v0
}

// Error is a problem with one lever or field of a scenario.
type Error struct {
	Scenario string
	Lever    int    // 0-based index in Levers, -1 for the scenario itself
	Field    string // YAML key, e.g. "target_year"
	Err      error
}

func (e *Error) Error() string {
	if e.Lever < 0 {
		return fmt.Sprintf("scenario %q, field %s: %v", e.Scenario, e.Field, e.Err)
	}
	return fmt.Sprintf("scenario %q, lever %d, field %s: %v", e.Scenario, e.Lever+1, e.Field, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Kind is errkind.BadInput: a scenario the user wrote breaks a rule.
func (e *Error) Kind() errkind.Kind { return errkind.BadInput }

// Sentinel rules broken by a scenario.
var (
	ErrUnknownLever   = errkind.New(errkind.BadInput, "unknown lever")
	ErrUnknownProfile = errkind.New(errkind.BadInput, "unknown profile")
	ErrYears          = errkind.New(errkind.BadInput, "target year before start year")
	ErrValue          = errkind.New(errkind.BadInput, "invalid value")
	ErrMissing        = errkind.New(errkind.BadInput, "missing value")
	ErrNotAllowed     = errkind.New(errkind.BadInput, "not allowed for this lever")
	ErrUnknownName    = errkind.New(errkind.BadInput, "unknown scenario")
	ErrCycle          = errkind.New(errkind.BadInput, "scenarios extend each other in a cycle")
)
