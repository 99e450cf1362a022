package training

import (
	"fmt"
	"slices"

	"github.com/caregap/caregap/engine/errkind"
)

// Activities of a course, in the order a participant usually does them.
const (
	Preparation = "preparation"
	Session     = "session"
	FollowUp    = "follow_up"
)

// Activities lists the activity kinds a course may have.
var Activities = []string{Preparation, Session, FollowUp}

// NoDay marks a day that has not come: an activity not done, a course not
// completed, a participant who has not left.
const NoDay = -1 << 31

// DaysPerMonth is the mean length of a month in days (365.25/12), the
// unit in which estimates and forecasts speak of time.
const DaysPerMonth = 365.25 / 12

// Course is one course of a programme.
type Course struct {
	Code, Name string
	// Step is the step the course belongs to, numbered from 1; a
	// certificate is issued for a step once all its courses are
	// completed.
	Step int
	// Activities are the activities a participant must complete to
	// complete the course (Preparation, Session, FollowUp).
	Activities []string
}

// Programme is a stepwise programme: its courses in unlock order. Course
// k unlocks on the day course k-1 is completed; course 0 on the day the
// participant starts. Steps are numbered 1..n and their courses are
// contiguous in that order.
type Programme struct {
	Code    string
	Courses []Course
}

// ErrProgramme: a programme without courses, a course without activities,
// a course code or activity listed twice, or steps out of order.
var ErrProgramme = errkind.New(errkind.BadInput, "bad programme")

// Validate checks the structure of p.
func (p *Programme) Validate() error {
	if len(p.Courses) == 0 {
		return fmt.Errorf("programme %s: %w: no courses", p.Code, ErrProgramme)
	}
	seen := map[string]bool{}
	for i, c := range p.Courses {
		if seen[c.Code] {
			return fmt.Errorf("programme %s: %w: course %s listed twice", p.Code, ErrProgramme, c.Code)
		}
		seen[c.Code] = true
		switch {
		case i == 0 && c.Step != 1:
			return fmt.Errorf("programme %s: %w: the first course %s is in step %d, not 1", p.Code, ErrProgramme, c.Code, c.Step)
		case i > 0 && c.Step != p.Courses[i-1].Step && c.Step != p.Courses[i-1].Step+1:
			return fmt.Errorf("programme %s: %w: course %s jumps from step %d to %d", p.Code, ErrProgramme, c.Code, p.Courses[i-1].Step, c.Step)
		}
		if len(c.Activities) == 0 {
			return fmt.Errorf("programme %s: %w: course %s has no activities", p.Code, ErrProgramme, c.Code)
		}
		for j, a := range c.Activities {
			if !slices.Contains(Activities, a) {
				return fmt.Errorf("programme %s: %w: course %s: activity %q is not one of %v", p.Code, ErrProgramme, c.Code, a, Activities)
			}
			if slices.Contains(c.Activities[:j], a) {
				return fmt.Errorf("programme %s: %w: course %s: activity %s listed twice", p.Code, ErrProgramme, c.Code, a)
			}
		}
	}
	return nil
}

// Course returns the index of the course of the given code, or -1.
func (p *Programme) Course(code string) int {
	return slices.IndexFunc(p.Courses, func(c Course) bool { return c.Code == code })
}

// Steps returns the number of steps.
func (p *Programme) Steps() int { return p.Courses[len(p.Courses)-1].Step }

// StepCourses returns the indexes [lo, hi) of the courses of step s, or
// lo == hi when there is no such step.
func (p *Programme) StepCourses(s int) (lo, hi int) {
	lo = slices.IndexFunc(p.Courses, func(c Course) bool { return c.Step == s })
	if lo < 0 {
		return 0, 0
	}
	hi = lo
	for hi < len(p.Courses) && p.Courses[hi].Step == s {
		hi++
	}
	return lo, hi
}

// LastOfStep reports whether course c completes its step.
func (p *Programme) LastOfStep(c int) bool {
	return c == len(p.Courses)-1 || p.Courses[c+1].Step != p.Courses[c].Step
}
