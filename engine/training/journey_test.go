package training

import (
	"errors"
	"testing"
)

func twoCourses() Programme {
	return Programme{Code: "p", Courses: []Course{
		{Code: "a", Name: "A", Step: 1, Activities: []string{Preparation, Session}},
		{Code: "b", Name: "B", Step: 1, Activities: []string{Session, FollowUp}},
		{Code: "c", Name: "C", Step: 2, Activities: []string{Session}},
	}}
}

func TestReplayRules(t *testing.T) {
	base := func() *Inputs {
		return &Inputs{
			Programme:    twoCourses(),
			Sites:        []Site{{"2081", 5}, {"2080", 5}},
			Participants: []Participant{{ID: "x", Region: "2081", Start: 100, Left: NoDay}},
			Completions: []Completion{
				{"x", "a", Preparation, 101}, {"x", "a", Session, 110},
				{"x", "b", Session, 110}, {"x", "b", FollowUp, 130},
			},
			Certificates: []Certificate{{"x", 1, 140, "2080"}},
			Transfers:    []Transfer{{"x", "2081", "2080", 120}},
		}
	}
	r, errs := Replay(base())
	if errs != nil {
		t.Fatal(errs)
	}
	j := r.Journey("x")
	if j.Unlocked(1) != 110 || j.CourseDone(1) != 130 || j.StepDone(r.Programme, 1) != 130 {
		t.Errorf("unlock %d, done %d", j.Unlocked(1), j.CourseDone(1))
	}
	if j.Current() != 2 || j.Certified[0] != 140 || j.Region != "2080" {
		t.Errorf("journey %+v", j)
	}
	// The municipality left keeps counts only: one participant, who had
	// completed course a.
	if d := r.Departed["2081"]; d != (Departed{Participants: 1, CoursesCompleted: 1}) || len(r.InRegion("2081")) != 0 {
		t.Errorf("2081 keeps %+v and sees %d journeys", d, len(r.InRegion("2081")))
	}
	cases := []struct {
		name   string
		mutate func(*Inputs)
		rec    Record
		index  int
		field  string
		rule   error
	}{
		{"locked", func(in *Inputs) { in.Completions[2].Day = 105 }, Completions, 2, "date", ErrLocked},
		{"unfinished", func(in *Inputs) { in.Certificates[0].Day = 125 }, Certificates, 0, "step", ErrUnfinished},
		{"unknown step", func(in *Inputs) { in.Certificates[0].Step = 3 }, Certificates, 0, "step", ErrUnknown},
		{"unknown site", func(in *Inputs) { in.Transfers[0].To = "2026" }, Transfers, 0, "to_region", ErrUnknown},
		{"employer before the move", func(in *Inputs) { in.Transfers[0].Day = 150 }, Certificates, 0, "employer", ErrOrder},
		{"twice", func(in *Inputs) { in.Completions = append(in.Completions, Completion{"x", "a", Session, 111}) }, Completions, 4, "activity", ErrTwice},
		{"before start", func(in *Inputs) { in.Completions[0].Day = 99 }, Completions, 0, "date", ErrOrder},
		{"after leaving", func(in *Inputs) { in.Participants[0].Left = 125 }, Completions, 3, "date", ErrOrder},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := base()
			c.mutate(in)
			_, errs := Replay(in)
			if len(errs) == 0 {
				t.Fatal("no error")
			}
			var ev *EventError
			if !errors.As(errs[0], &ev) || ev.Record != c.rec || ev.Index != c.index || ev.Field != c.field || !errors.Is(ev, c.rule) {
				t.Errorf("got %v, want %s %d %s %v", errs[0], c.rec, c.index+1, c.field, c.rule)
			}
		})
	}
}

func TestUntil(t *testing.T) {
	in := &Inputs{
		Programme:    twoCourses(),
		Sites:        []Site{{"2081", 5}},
		Participants: []Participant{{ID: "x", Region: "2081", Start: 100, Left: 200}, {ID: "y", Region: "2081", Start: 300, Left: NoDay}},
		Completions:  []Completion{{"x", "a", Preparation, 101}, {"x", "a", Session, 160}},
	}
	cut := in.Until(150)
	if len(cut.Participants) != 1 || cut.Participants[0].Left != NoDay || len(cut.Completions) != 1 {
		t.Errorf("Until(150) = %+v", cut)
	}
	if in.LastDay() != 300 {
		t.Errorf("LastDay %d, want 300", in.LastDay())
	}
}

func TestProgrammeValidate(t *testing.T) {
	p := twoCourses()
	p.Courses[2].Step = 3
	if err := p.Validate(); !errors.Is(err, ErrProgramme) {
		t.Errorf("a step skipped: %v", err)
	}
	p = twoCourses()
	p.Courses[0].Activities = []string{Session, Session}
	if err := p.Validate(); !errors.Is(err, ErrProgramme) {
		t.Errorf("an activity twice: %v", err)
	}
	p = twoCourses()
	if lo, hi := p.StepCourses(1); lo != 0 || hi != 2 || !p.LastOfStep(1) || p.LastOfStep(0) || p.Steps() != 2 {
		t.Errorf("step 1 is courses [%d, %d)", lo, hi)
	}
}
