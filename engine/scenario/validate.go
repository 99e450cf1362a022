package scenario

import (
	"fmt"
	"math"
	"slices"
)

// rule says which fields a lever kind takes.
type rule struct {
	values   []string // value fields, exactly one required unless optional lists it
	optional []string // value fields that may be given in addition
	filters  []string // selection fields allowed
	required []string // selection fields required
}

var rules = map[Kind]rule{
	EmploymentRate:   {values: []string{"level", "change"}, filters: []string{"roles"}},
	SickLeave:        {values: []string{"level", "scale"}, filters: []string{"roles"}},
	RetirementAge:    {values: []string{"years"}, filters: []string{"roles"}},
	NewStaffExit:     {values: []string{"scale"}, filters: []string{"roles"}},
	ExitRate:         {values: []string{"scale"}, filters: []string{"roles"}},
	CareerTransition: {values: []string{"level", "change", "scale"}, filters: []string{"from", "to"}, required: []string{"from", "to"}},
	TrainingPlaces:   {values: []string{"level", "change", "scale"}, filters: []string{"pipeline"}},
	TaskShifting:     {values: []string{"share"}, optional: []string{"ratio"}, filters: []string{"from", "to", "services"}, required: []string{"from", "to"}},
	MatchedEntrants:  {values: []string{"per_year"}, optional: []string{"retention_1y", "retention_3y", "supervision_fte"}, filters: []string{"roles"}, required: []string{"roles"}},
	UseRate:          {values: []string{"scale"}, filters: []string{"services"}},
	FTEPerUser:       {values: []string{"scale"}, filters: []string{"services"}},
	Recruits:         {values: []string{"scale"}, filters: []string{"roles"}},
}

func (l *Lever) valueFields() map[string]*float64 {
	return map[string]*float64{"level": l.Level, "change": l.Change, "scale": l.Scale,
		"years": l.Years, "share": l.Share, "ratio": l.Ratio, "per_year": l.PerYear,
		"retention_1y": l.Retention1, "retention_3y": l.Retention3, "supervision_fte": l.SupervisionFTE}
}

func (l *Lever) filterSet() map[string]bool {
	return map[string]bool{"roles": len(l.Roles) > 0, "services": len(l.Services) > 0,
		"pipeline": l.Pipeline != "", "from": l.From != "", "to": l.To != ""}
}

// valueFieldOrder fixes the order fields are checked in, so errors are
// deterministic.
var valueFieldOrder = []string{"level", "change", "scale", "years", "share", "ratio", "per_year",
	"retention_1y", "retention_3y", "supervision_fte"}
var filterOrder = []string{"roles", "services", "pipeline", "from", "to"}

// Validate checks the scenario's own fields and levers (not names that
// only the data can resolve, such as roles). It returns the first problem
// as an *Error.
func (s *Scenario) Validate() error {
	if s.Name == "" {
		return &Error{Scenario: s.Name, Lever: -1, Field: "name", Err: ErrMissing}
	}
	for i := range s.Levers {
		if err := s.Levers[i].validate(); err != nil {
			err.Scenario, err.Lever = s.Name, i
			return err
		}
	}
	return nil
}

func (l *Lever) validate() *Error {
	fail := func(field string, err error, format string, a ...any) *Error {
		if format != "" {
			err = fmt.Errorf("%w: %s", err, fmt.Sprintf(format, a...))
		}
		return &Error{Field: field, Err: err}
	}
	r, ok := rules[l.Kind]
	if !ok {
		return fail("lever", ErrUnknownLever, "%q (known: %v)", l.Kind, Kinds)
	}
	switch l.Profile {
	case "", Step, Linear, FrontLoaded, BackLoaded:
	default:
		return fail("profile", ErrUnknownProfile, "%q (known: step, linear, front-loaded, back-loaded)", l.Profile)
	}
	if l.StartYear < 1900 || l.StartYear > 2200 {
		return fail("start_year", ErrValue, "%d is not a year between 1900 and 2200", l.StartYear)
	}
	if l.TargetYear == 0 {
		l.TargetYear = l.StartYear
	}
	if l.TargetYear < l.StartYear {
		return fail("target_year", ErrYears, "%d is before start_year %d", l.TargetYear, l.StartYear)
	}
	filters := l.filterSet()
	for _, f := range filterOrder {
		if filters[f] && !slices.Contains(r.filters, f) {
			return fail(f, ErrNotAllowed, "lever %s takes %v", l.Kind, r.filters)
		}
	}
	for _, f := range r.required {
		if !filters[f] {
			return fail(f, ErrMissing, "lever %s needs %s", l.Kind, f)
		}
	}
	if l.From != "" && l.From == l.To {
		return fail("to", ErrValue, "from and to are both %q", l.From)
	}
	vals := l.valueFields()
	set := 0
	for _, f := range valueFieldOrder {
		v := vals[f]
		if v == nil {
			continue
		}
		if !slices.Contains(r.values, f) && !slices.Contains(r.optional, f) {
			return fail(f, ErrNotAllowed, "lever %s takes one of %v", l.Kind, r.values)
		}
		if math.IsNaN(*v) || math.IsInf(*v, 0) {
			return fail(f, ErrValue, "%v is not a finite number", *v)
		}
		if slices.Contains(r.values, f) {
			set++
		}
		if err := checkRange(l.Kind, f, *v); err != "" {
			return fail(f, ErrValue, "%v %s", *v, err)
		}
	}
	if set == 0 {
		return fail(r.values[0], ErrMissing, "lever %s needs one of %v", l.Kind, r.values)
	}
	if set > 1 {
		return fail(r.values[0], ErrValue, "lever %s takes only one of %v", l.Kind, r.values)
	}
	return l.validatePlacements(fail)
}

// validatePlacements checks the fields only a matched_entrants lever
// takes: distribute is required and names a known distribution, and the
// retention after 3 years is not above that after 1.
func (l *Lever) validatePlacements(fail func(field string, err error, format string, a ...any) *Error) *Error {
	if l.Kind != MatchedEntrants {
		switch {
		case l.Distribute != "":
			return fail("distribute", ErrNotAllowed, "only lever %s takes it", MatchedEntrants)
		case l.SupervisorRole != "":
			return fail("supervisor_role", ErrNotAllowed, "only lever %s takes it", MatchedEntrants)
		}
		return nil
	}
	switch l.Distribute {
	case PerRegion, ByPopulation, BySupervisors:
	case "":
		return fail("distribute", ErrMissing, "say whether per_year is placed in each region (%s) or is a total shared by population (%s) or by supervisor places (%s)", PerRegion, ByPopulation, BySupervisors)
	default:
		return fail("distribute", ErrValue, "%q (known: %s, %s, %s)", l.Distribute, PerRegion, ByPopulation, BySupervisors)
	}
	if r1, r3 := l.Retention(); r3 > r1 {
		return fail("retention_3y", ErrValue, "%v is above retention_1y %v", r3, r1)
	}
	return nil
}

func checkRange(k Kind, field string, v float64) string {
	switch field {
	case "level":
		if k == TrainingPlaces {
			if v < 0 {
				return "is negative"
			}
			return ""
		}
		if v < 0 || v > 1 {
			return "is not a rate in [0, 1]"
		}
	case "change":
		if k == EmploymentRate || k == CareerTransition {
			if v < -1 || v > 1 {
				return "is not a change of a rate, in [-1, 1]"
			}
		}
	case "scale":
		if v < 0 {
			return "is a negative factor"
		}
		if v > 100 {
			return "is a factor above 100"
		}
	case "years":
		if v < -20 || v > 20 {
			return "years is outside [-20, 20]"
		}
	case "share":
		if v < 0 || v > 1 {
			return "is not a share in [0, 1]"
		}
	case "ratio":
		if v <= 0 {
			return "is not a positive ratio"
		}
	case "per_year":
		if v < 0 {
			return "is negative"
		}
	case "retention_1y", "retention_3y":
		if v < 0 || v > 1 {
			return "is not a share in [0, 1]"
		}
	case "supervision_fte":
		if v < 0 || v > 1 {
			return "is not an FTE per placement in [0, 1]"
		}
	}
	return ""
}
