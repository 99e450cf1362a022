package training

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/caregap/caregap/engine/errkind"
)

// Site is a municipality that runs a programme, with its share of the
// programme's target.
type Site struct {
	Region string
	// Target is the number of certificates the municipality aims at over
	// the programme's period.
	Target int
}

// Participant is one person in a programme. The id is pseudonymous.
type Participant struct {
	ID string
	// Region is the employing municipality on the start day.
	Region string
	Role   string
	Start  int // day number (days since 1970-01-01)
	// Left is the day the participant left the programme without
	// finishing it (a dropout), NoDay while in progress or after
	// finishing.
	Left int
}

// Completion is an activity ticked off by a participant.
type Completion struct {
	Participant, Course, Activity string
	Day                           int
}

// Certificate is issued by the employer for a completed step.
type Certificate struct {
	Participant string
	Step        int
	Day         int
	Employer    string
}

// Transfer moves a participant, and their journey, from one municipality
// to another.
type Transfer struct {
	Participant, From, To string
	Day                   int
}

// Inputs are the records of a programme: what Replay checks and Estimate
// and Forecast use.
type Inputs struct {
	Programme    Programme
	Sites        []Site
	Participants []Participant
	Completions  []Completion
	Certificates []Certificate
	Transfers    []Transfer
}

// Rule sentinels of a journey. Replay wraps them in an *EventError.
var (
	// ErrLocked: an activity completed before its course unlocks, that is
	// before the previous course is completed (or before the start).
	ErrLocked = errkind.New(errkind.BadInput, "course not unlocked")
	// ErrUnfinished: a certificate for a step whose courses are not all
	// completed on its day.
	ErrUnfinished = errkind.New(errkind.BadInput, "step not completed")
	// ErrUnknown: a participant, course, activity, step or municipality
	// that the programme does not have.
	ErrUnknown = errkind.New(errkind.BadInput, "unknown reference")
	// ErrTwice: an activity completed twice, a step certified twice, a
	// participant listed twice.
	ErrTwice = errkind.New(errkind.BadInput, "recorded twice")
	// ErrOrder: an event out of the participant's time line: before the
	// start, after leaving, a transfer from a municipality the
	// participant is not in, or a certificate issued by another
	// employer.
	ErrOrder = errkind.New(errkind.BadInput, "out of order")
)

// Record names the kinds of record of Inputs, for EventError.
type Record string

// Records of Inputs.
const (
	Participants Record = "participants"
	Completions  Record = "completions"
	Certificates Record = "certificates"
	Transfers    Record = "transfers"
)

// EventError locates a broken rule: the record set, the 0-based index of
// the record in it, the field to blame and the rule (one of the sentinels
// above, wrapped with words).
type EventError struct {
	Record Record
	Index  int
	Field  string
	Err    error
}

func (e *EventError) Error() string {
	return fmt.Sprintf("%s %d, %s: %v", e.Record, e.Index+1, e.Field, e.Err)
}

func (e *EventError) Unwrap() error { return e.Err }

// Kind is errkind.BadInput.
func (e *EventError) Kind() errkind.Kind { return errkind.BadInput }

// Journey is one participant's progress, which they own: it moves with
// them when they change municipality.
type Journey struct {
	Participant
	// Region is the municipality the participant is in now.
	Region string
	// Done[c][a] is the day activity a of course c was completed, or
	// NoDay.
	Done [][]int
	// Certified[s-1] is the day step s was certified, or NoDay.
	Certified []int
	// Moves are the participant's transfers, in order.
	Moves []Transfer
}

// CourseDone returns the day course c was completed, the day of its last
// activity, or NoDay while an activity is missing.
func (j *Journey) CourseDone(c int) int {
	day := NoDay
	for _, d := range j.Done[c] {
		if d == NoDay {
			return NoDay
		}
		day = max(day, d)
	}
	return day
}

// Unlocked returns the day course c unlocked: the start for the first
// course, the completion of the previous course for the others; NoDay
// while it is locked.
func (j *Journey) Unlocked(c int) int {
	if c == 0 {
		return j.Start
	}
	return j.CourseDone(c - 1)
}

// Current returns the index of the first course not completed, or
// len(courses) when all are.
func (j *Journey) Current() int {
	for c := range j.Done {
		if j.CourseDone(c) == NoDay {
			return c
		}
	}
	return len(j.Done)
}

// StepDone returns the day all courses of step s were completed, or
// NoDay.
func (j *Journey) StepDone(p *Programme, s int) int {
	lo, hi := p.StepCourses(s)
	if lo == hi {
		return NoDay
	}
	day := NoDay
	for c := lo; c < hi; c++ {
		d := j.CourseDone(c)
		if d == NoDay {
			return NoDay
		}
		day = max(day, d)
	}
	return day
}

// Finished reports whether every course is completed.
func (j *Journey) Finished() bool { return j.Current() == len(j.Done) }

// Departed are the aggregate counts a municipality keeps of the
// participants who transferred away: their journeys left with them.
type Departed struct {
	Participants     int // transfers out
	CoursesCompleted int // courses they had completed when they left
	Certificates     int // steps certified when they left
}

// Register holds the journeys of a programme after Replay: each in the
// municipality the participant is in now, and per municipality the
// counts of those who left it.
type Register struct {
	Programme *Programme
	Sites     []Site
	// Journeys in the order of the participants.
	Journeys []*Journey
	// Departed per municipality.
	Departed map[string]Departed
	byID     map[string]*Journey
}

// Journey returns the journey of a participant, or nil.
func (r *Register) Journey(id string) *Journey { return r.byID[id] }

// InRegion returns the journeys now in municipality region. A
// municipality sees these, with their whole history, and only the counts
// of Departed for those who left.
func (r *Register) InRegion(region string) []*Journey {
	var out []*Journey
	for _, j := range r.Journeys {
		if j.Region == region {
			out = append(out, j)
		}
	}
	return out
}

// maxErrors bounds the problems Replay reports.
const maxErrors = 20

// Replay checks the records of in against the rules of the programme and
// builds the register of journeys. Events are applied in day order
// (completions, then transfers, then certificates on the same day):
//
//   - a participant starts in a site of the programme;
//   - an activity is completed at most once, on or after the day its
//     course unlocks (ErrLocked) and not after the participant left;
//   - a certificate is issued for a step whose courses are all completed
//     on its day (ErrUnfinished), by the participant's employer then;
//   - a transfer goes from the participant's municipality to another
//     site (ErrUnknown); the journey and its history move along and the
//     old municipality keeps counts (Departed).
//
// It returns up to 20 problems, joined; each is an *EventError. A bad
// programme gives an error wrapping ErrProgramme.
func Replay(in *Inputs) (*Register, []error) {
	p := &in.Programme
	if err := p.Validate(); err != nil {
		return nil, []error{err}
	}
	var errs []error
	add := func(rec Record, i int, field string, rule error, format string, a ...any) {
		if len(errs) < maxErrors {
			errs = append(errs, &EventError{rec, i, field, fmt.Errorf("%w: "+format, append([]any{rule}, a...)...)})
		}
	}
	sites := map[string]bool{}
	for _, s := range in.Sites {
		sites[s.Region] = true
	}
	r := &Register{Programme: p, Sites: in.Sites, Departed: map[string]Departed{}, byID: map[string]*Journey{}}
	for i, pt := range in.Participants {
		if r.byID[pt.ID] != nil {
			add(Participants, i, "participant_id", ErrTwice, "%s is listed twice", pt.ID)
			continue
		}
		if !sites[pt.Region] {
			add(Participants, i, "region", ErrUnknown, "%s does not run programme %s", pt.Region, p.Code)
		}
		if pt.Left != NoDay && pt.Left < pt.Start {
			add(Participants, i, "left_date", ErrOrder, "leaves before the start")
		}
		j := &Journey{Participant: pt, Region: pt.Region, Done: make([][]int, len(p.Courses)), Certified: make([]int, p.Steps())}
		for c := range j.Done {
			j.Done[c] = make([]int, len(p.Courses[c].Activities))
			for a := range j.Done[c] {
				j.Done[c][a] = NoDay
			}
		}
		for s := range j.Certified {
			j.Certified[s] = NoDay
		}
		r.Journeys = append(r.Journeys, j)
		r.byID[pt.ID] = j
	}
	type event struct {
		rec       Record
		i, day, c int
	}
	var evs []event
	for i, e := range in.Completions {
		evs = append(evs, event{Completions, i, e.Day, p.Course(e.Course)})
	}
	for i, e := range in.Transfers {
		evs = append(evs, event{Transfers, i, e.Day, 0})
	}
	for i, e := range in.Certificates {
		evs = append(evs, event{Certificates, i, e.Day, 0})
	}
	rank := map[Record]int{Completions: 0, Transfers: 1, Certificates: 2}
	slices.SortStableFunc(evs, func(a, b event) int {
		return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(rank[a.rec], rank[b.rec]), cmp.Compare(a.c, b.c))
	})
	within := func(rec Record, i int, j *Journey, day int, field string) bool {
		switch {
		case day < j.Start:
			add(rec, i, field, ErrOrder, "%s is before the participant's start %s", Date(day), Date(j.Start))
		case j.Left != NoDay && day > j.Left:
			add(rec, i, field, ErrOrder, "%s is after the participant left on %s", Date(day), Date(j.Left))
		default:
			return true
		}
		return false
	}
	for _, ev := range evs {
		switch ev.rec {
		case Completions:
			e := in.Completions[ev.i]
			j := r.byID[e.Participant]
			if j == nil {
				add(Completions, ev.i, "participant_id", ErrUnknown, "%s is not a participant", e.Participant)
				continue
			}
			if ev.c < 0 {
				add(Completions, ev.i, "course", ErrUnknown, "%s is not a course of %s", e.Course, p.Code)
				continue
			}
			a := slices.Index(p.Courses[ev.c].Activities, e.Activity)
			if a < 0 {
				add(Completions, ev.i, "activity", ErrUnknown, "course %s has no activity %q", e.Course, e.Activity)
				continue
			}
			if !within(Completions, ev.i, j, e.Day, "date") {
				continue
			}
			if j.Done[ev.c][a] != NoDay {
				add(Completions, ev.i, "activity", ErrTwice, "%s of %s was completed on %s already", e.Activity, e.Course, Date(j.Done[ev.c][a]))
				continue
			}
			if u := j.Unlocked(ev.c); u == NoDay || u > e.Day {
				add(Completions, ev.i, "date", ErrLocked, "%s of %s on %s, before course %s is completed", e.Activity, e.Course, Date(e.Day), p.Courses[ev.c-1].Code)
				continue
			}
			j.Done[ev.c][a] = e.Day
		case Transfers:
			e := in.Transfers[ev.i]
			j := r.byID[e.Participant]
			switch {
			case j == nil:
				add(Transfers, ev.i, "participant_id", ErrUnknown, "%s is not a participant", e.Participant)
			case !sites[e.To]:
				add(Transfers, ev.i, "to_region", ErrUnknown, "%s does not run programme %s", e.To, p.Code)
			case e.From != j.Region:
				add(Transfers, ev.i, "from_region", ErrOrder, "the participant is in %s on %s, not %s", j.Region, Date(e.Day), e.From)
			case e.To == e.From:
				add(Transfers, ev.i, "to_region", ErrOrder, "a transfer from %s to itself", e.From)
			case within(Transfers, ev.i, j, e.Day, "date"):
				d := r.Departed[e.From]
				d.Participants++
				for c := range j.Done {
					if j.CourseDone(c) != NoDay {
						d.CoursesCompleted++
					}
				}
				for _, cd := range j.Certified {
					if cd != NoDay {
						d.Certificates++
					}
				}
				r.Departed[e.From] = d
				j.Region = e.To
				j.Moves = append(j.Moves, e)
			}
		case Certificates:
			e := in.Certificates[ev.i]
			j := r.byID[e.Participant]
			switch {
			case j == nil:
				add(Certificates, ev.i, "participant_id", ErrUnknown, "%s is not a participant", e.Participant)
			case e.Step < 1 || e.Step > len(j.Certified):
				add(Certificates, ev.i, "step", ErrUnknown, "programme %s has no step %d", p.Code, e.Step)
			case j.Certified[e.Step-1] != NoDay:
				add(Certificates, ev.i, "step", ErrTwice, "step %d was certified on %s already", e.Step, Date(j.Certified[e.Step-1]))
			case j.StepDone(p, e.Step) == NoDay:
				add(Certificates, ev.i, "step", ErrUnfinished, "step %d is not completed on %s", e.Step, Date(e.Day))
			case e.Employer != j.Region:
				add(Certificates, ev.i, "employer", ErrOrder, "the participant works in %s on %s, not %s", j.Region, Date(e.Day), e.Employer)
			default:
				j.Certified[e.Step-1] = e.Day
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return r, nil
}
