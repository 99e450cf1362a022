package supply

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/population"
)

// Sentinel errors wrapped by *ParamError; test with errors.Is.
var (
	// ErrRate: a rate or share outside [0, 1], or NaN.
	ErrRate = errkind.New(errkind.BadInput, "rate outside [0, 1]")
	// ErrTransitionSum: the transition shares out of a role sum above 1.
	ErrTransitionSum = errkind.New(errkind.BadInput, "transition shares sum above 1")
	// ErrRoleIndex: a pipeline names a role index that does not exist.
	ErrRoleIndex = errkind.New(errkind.BadInput, "role index out of range")
	// ErrSameRole: a pipeline's source and output are the same role.
	ErrSameRole = errkind.New(errkind.BadInput, "source and output are the same role")
	// ErrNoStages: a pipeline has no stages.
	ErrNoStages = errkind.New(errkind.BadInput, "pipeline has no stages")
	// ErrDuration: a stage duration is not positive and finite.
	ErrDuration = errkind.New(errkind.BadInput, "duration not positive and finite")
	// ErrNegative: a count is negative, infinite or NaN.
	ErrNegative = errkind.New(errkind.BadInput, "count negative or not finite")
)

// ParamError reports one out-of-range value in Params or in a base-year
// headcount.
type ParamError struct {
	Role     string  // role name, when the value belongs to a role
	Pipeline string  // pipeline name, when the value belongs to a pipeline
	Field    string  // Params field, e.g. "ExitRate" or "Stages[1].DurationMonths"
	At       string  // position within the field, e.g. "age 67", "F age 30", "to care_aide"; may be empty
	Value    float64 // the offending value
	Err      error   // one of the sentinels above
}

func (e *ParamError) Error() string {
	s := "supply: "
	switch {
	case e.Pipeline != "":
		s += "pipeline " + strconv.Quote(e.Pipeline) + ": "
	case e.Role != "":
		s += "role " + strconv.Quote(e.Role) + ": "
	}
	s += e.Field
	if e.At != "" {
		s += " at " + e.At
	}
	return s + " = " + strconv.FormatFloat(e.Value, 'g', -1, 64) + ": " + e.Err.Error()
}

func (e *ParamError) Unwrap() error { return e.Err }

// Kind is errkind.BadInput: a parameter or headcount is out of range.
func (e *ParamError) Kind() errkind.Kind { return errkind.BadInput }

// maxErrors bounds the number of errors Validate joins.
const maxErrors = 20

type collector struct {
	errs []error
}

func (c *collector) add(e *ParamError) {
	if len(c.errs) < maxErrors {
		c.errs = append(c.errs, e)
	}
}

func (c *collector) err() error { return errors.Join(c.errs...) }

func isRate(v float64) bool  { return v >= 0 && v <= 1 } // false for NaN
func isCount(v float64) bool { return v >= 0 && !math.IsInf(v, 1) }

// Validate checks the values of p and returns nil or the *ParamError values
// it found (at most the first out-of-range value of each field and role,
// and at most 20 in all), joined with errors.Join. It panics when a slice
// has the wrong length (see Params).
func Validate(p *Params) error {
	p.checkShape()
	var c collector
	for r, name := range p.Roles {
		validateRole(&c, p, r, name)
	}
	if !isProfile(&p.MatchedProfile) {
		sex, a, v := firstBad(&p.MatchedProfile, isCount)
		c.add(&ParamError{Field: "MatchedProfile", At: sexAge(sex, a), Value: v, Err: ErrNegative})
	}
	for i := range p.Pipelines {
		validatePipeline(&c, p, &p.Pipelines[i])
	}
	return c.err()
}

func validateRole(c *collector, p *Params, r int, name string) {
	ages := func(field string, v *[population.NumAges]float64) {
		for a, x := range v {
			if !isRate(x) {
				c.add(&ParamError{Role: name, Field: field, At: "age " + strconv.Itoa(a), Value: x, Err: ErrRate})
				return
			}
		}
	}
	pyramid := func(field string, v *population.Pyramid, ok func(float64) bool, err error) {
		if sex, a, x := firstBad(v, ok); a >= 0 {
			c.add(&ParamError{Role: name, Field: field, At: sexAge(sex, a), Value: x, Err: err})
		}
	}
	if p.ExitRate != nil {
		ages("ExitRate", &p.ExitRate[r])
	}
	if p.RetirementRate != nil {
		ages("RetirementRate", &p.RetirementRate[r])
	}
	if p.NewStaffExitRate != nil && !isRate(p.NewStaffExitRate[r]) {
		c.add(&ParamError{Role: name, Field: "NewStaffExitRate", Value: p.NewStaffExitRate[r], Err: ErrRate})
	}
	if p.EmploymentRate != nil {
		pyramid("EmploymentRate", &p.EmploymentRate[r], isRate, ErrRate)
	}
	if p.SickLeaveRate != nil {
		pyramid("SickLeaveRate", &p.SickLeaveRate[r], isRate, ErrRate)
	}
	if p.Recruits != nil {
		pyramid("Recruits", &p.Recruits[r], isCount, ErrNegative)
	}
	if p.MatchedEntrants != nil && !isCount(p.MatchedEntrants[r]) {
		c.add(&ParamError{Role: name, Field: "MatchedEntrants", Value: p.MatchedEntrants[r], Err: ErrNegative})
	}
	if p.Supervision != nil && !isCount(p.Supervision[r]) {
		c.add(&ParamError{Role: name, Field: "Supervision", Value: p.Supervision[r], Err: ErrNegative})
	}
	if p.Transitions != nil && p.Transitions[r] != nil {
		var sum float64
		ok := true
		for to, x := range p.Transitions[r] {
			if to == r {
				continue
			}
			if !isRate(x) {
				c.add(&ParamError{Role: name, Field: "Transitions", At: "to " + p.Roles[to], Value: x, Err: ErrRate})
				ok = false
				break
			}
			sum += x
		}
		// Shares read from data may sum to 1 with rounding to the last
		// digit; allow for that.
		if ok && sum > 1+1e-12 {
			c.add(&ParamError{Role: name, Field: "Transitions", Value: sum, Err: ErrTransitionSum})
		}
	}
}

func validatePipeline(c *collector, p *Params, pl *Pipeline) {
	nr := len(p.Roles)
	add := func(field string, v float64, err error) {
		c.add(&ParamError{Pipeline: pl.Name, Field: field, Value: v, Err: err})
	}
	if pl.Source < NoSource || pl.Source >= nr {
		add("Source", float64(pl.Source), ErrRoleIndex)
	}
	if pl.Output < 0 || pl.Output >= nr {
		add("Output", float64(pl.Output), ErrRoleIndex)
	} else if pl.Source == pl.Output {
		add("Source", float64(pl.Source), ErrSameRole)
	}
	if !isCount(pl.PlacesPerYear) {
		add("PlacesPerYear", pl.PlacesPerYear, ErrNegative)
	}
	if len(pl.Stages) == 0 {
		add("Stages", 0, ErrNoStages)
	}
	for k := range pl.Stages {
		st := &pl.Stages[k]
		field := func(f string) string { return fmt.Sprintf("Stages[%d].%s", k, f) }
		if !(st.DurationMonths > 0 && !math.IsInf(st.DurationMonths, 1)) {
			add(field("DurationMonths"), st.DurationMonths, ErrDuration)
		}
		if !isRate(st.CompletionRate) {
			add(field("CompletionRate"), st.CompletionRate, ErrRate)
		}
		if !isRate(st.DropoutRate) {
			add(field("DropoutRate"), st.DropoutRate, ErrRate)
		}
	}
}

// firstBad returns the first sex, age and value of v for which ok is false,
// or age -1.
func firstBad(v *population.Pyramid, ok func(float64) bool) (population.Sex, int, float64) {
	for s := range population.NumSexes {
		for a, x := range v[s] {
			if !ok(x) {
				return population.Sex(s), a, x
			}
		}
	}
	return 0, -1, 0
}

func isProfile(v *population.Pyramid) bool {
	_, a, _ := firstBad(v, isCount)
	return a < 0
}

func sexAge(s population.Sex, a int) string {
	return s.String() + " age " + strconv.Itoa(a)
}
