package training

import (
	"cmp"
	"slices"
)

// CourseProgress counts a municipality's participants in one course on
// a day.
type CourseProgress struct {
	Course string
	// InCourse are those in progress whose current course this is;
	// Stalled the part of them stalled (see Progress).
	InCourse, Stalled int
	// Completed are those who have completed the course.
	Completed int
}

// Stall is a participant in progress without any activity for a while.
type Stall struct {
	ID     string
	Course string
	// Since is the day of the last completed activity, or of the start.
	Since int
	Days  int
}

// Progress is what a municipality's administrator follows: per course
// how many are in it, stalled in it and through it; who is stalled, the
// longest first; who completed the last step and awaits a certificate;
// and the counts kept of those who moved away.
type Progress struct {
	Region              string
	AsOf                int
	Courses             []CourseProgress
	Stalled             []Stall
	AwaitingCertificate []string
	Left                int
	Departed            Departed
}

// Progress returns the progress of the journeys now in region on day
// asOf. A participant in progress is stalled when their last activity
// (or start) is more than stallDays days before asOf.
func (r *Register) Progress(region string, asOf, stallDays int) Progress {
	p := r.Programme
	out := Progress{Region: region, AsOf: asOf, Departed: r.Departed[region], Courses: make([]CourseProgress, len(p.Courses))}
	for c := range p.Courses {
		out.Courses[c].Course = p.Courses[c].Code
	}
	last := p.Steps()
	for _, j := range r.InRegion(region) {
		if j.Start > asOf {
			continue
		}
		cur := currentOn(j, asOf)
		for c := range cur {
			out.Courses[c].Completed++
		}
		switch {
		case j.Left != NoDay && j.Left <= asOf:
			out.Left++
		case cur == len(p.Courses):
			if d := j.Certified[last-1]; d == NoDay || d > asOf {
				out.AwaitingCertificate = append(out.AwaitingCertificate, j.ID)
			}
		default:
			out.Courses[cur].InCourse++
			since := j.Start
			for _, days := range j.Done {
				for _, d := range days {
					if d != NoDay && d <= asOf {
						since = max(since, d)
					}
				}
			}
			if asOf-since > stallDays {
				out.Courses[cur].Stalled++
				out.Stalled = append(out.Stalled, Stall{ID: j.ID, Course: p.Courses[cur].Code, Since: since, Days: asOf - since})
			}
		}
	}
	slices.SortFunc(out.Stalled, func(a, b Stall) int { return cmp.Or(cmp.Compare(b.Days, a.Days), cmp.Compare(a.ID, b.ID)) })
	return out
}
