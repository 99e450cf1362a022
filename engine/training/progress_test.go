package training

import "testing"

func TestProgress(t *testing.T) {
	in := &Inputs{
		Programme: twoCourses(),
		Sites:     []Site{{"2081", 5}, {"2080", 5}},
		Participants: []Participant{
			{ID: "done", Region: "2081", Start: 100, Left: NoDay},
			{ID: "stalled", Region: "2081", Start: 100, Left: NoDay},
			{ID: "active", Region: "2081", Start: 150, Left: NoDay},
			{ID: "left", Region: "2081", Start: 100, Left: 120},
			{ID: "moved", Region: "2081", Start: 100, Left: NoDay},
		},
		Completions: []Completion{
			{"done", "a", Preparation, 101}, {"done", "a", Session, 102}, {"done", "b", Session, 103}, {"done", "b", FollowUp, 104}, {"done", "c", Session, 105},
			{"stalled", "a", Preparation, 110},
			{"active", "a", Preparation, 190}, {"active", "a", Session, 195},
			{"moved", "a", Preparation, 101}, {"moved", "a", Session, 102},
		},
		Transfers: []Transfer{{"moved", "2081", "2080", 130}},
	}
	r, errs := Replay(in)
	if errs != nil {
		t.Fatal(errs)
	}
	// Day 200: "stalled" has done nothing for 90 days (since day 110),
	// "active" for 5; with a limit of 60 days only the first is stalled.
	p := r.Progress("2081", 200, 60)
	if len(p.Stalled) != 1 || p.Stalled[0] != (Stall{ID: "stalled", Course: "a", Since: 110, Days: 90}) {
		t.Errorf("stalled %+v", p.Stalled)
	}
	want := []CourseProgress{{Course: "a", InCourse: 1, Stalled: 1, Completed: 2}, {Course: "b", InCourse: 1, Completed: 1}, {Course: "c", Completed: 1}}
	for i, w := range want {
		if p.Courses[i] != w {
			t.Errorf("course %s: %+v, want %+v", w.Course, p.Courses[i], w)
		}
	}
	if len(p.AwaitingCertificate) != 1 || p.AwaitingCertificate[0] != "done" || p.Left != 1 {
		t.Errorf("awaiting %v, left %d", p.AwaitingCertificate, p.Left)
	}
	// The journey that moved is counted in 2080, with its history; 2081
	// keeps the count.
	if p.Departed.Participants != 1 || r.Progress("2080", 200, 60).Courses[0].Completed != 1 {
		t.Errorf("departed %+v", p.Departed)
	}
}
