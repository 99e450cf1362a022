package api

import (
	"encoding/json"
	"math"
	"net/http"
	"slices"

	"github.com/caregap/caregap/engine/training"
	"github.com/caregap/caregap/runs/trainingrun"
	"github.com/gin-gonic/gin"
)

// SmallCount is the fewest people a count shows: a count from 1 to
// SmallCount-1 is shown as "< 5".
const SmallCount = 5

// Shown forms of a suppressed count.
const (
	// Small is a count of 1 to 4 people.
	Small = "< 5"
	// Complementary is a count hidden so that a total and its other
	// parts do not give away a small one.
	Complementary = "suppressed"
)

// suppressionRule says, in every aggregate answer, how counts are hidden.
const suppressionRule = `counts of 1 to 4 people are shown as "< 5"; where a total equals the sum of parts (begun = completed + dropped + in progress; a course's completed = the next course's begun; the total of the municipalities = their sum) and exactly one of them is hidden, the smallest other non-zero part is hidden too (or else the total), shown as "suppressed", until no such relation has a single hidden cell`

// cell is a count that may be hidden.
type cell struct {
	n      int
	hidden string // "", Small or Complementary
}

func (c *cell) MarshalJSON() ([]byte, error) {
	if c.hidden != "" {
		return json.Marshal(c.hidden)
	}
	return json.Marshal(c.n)
}

func newCell(n int) *cell {
	c := &cell{n: n}
	if n > 0 && n < SmallCount {
		c.hidden = Small
	}
	return c
}

// suppress applies the complementary rule to the groups: each group is a
// total (first) and its parts. While a group has exactly one hidden cell,
// the smallest shown non-zero part other than it is hidden, or else the
// total.
func suppress(groups [][]*cell) {
	for changed := true; changed; {
		changed = false
		for _, g := range groups {
			hidden := 0
			for _, c := range g {
				if c.hidden != "" {
					hidden++
				}
			}
			if hidden != 1 {
				continue
			}
			var pick *cell
			for _, c := range g[1:] {
				if c.hidden == "" && c.n > 0 && (pick == nil || c.n < pick.n) {
					pick = c
				}
			}
			if pick == nil && g[0].hidden == "" {
				pick = g[0]
			}
			if pick != nil {
				pick.hidden = Complementary
				changed = true
			}
		}
	}
}

type courseCounts struct {
	Course     string `json:"course"`
	Begun      *cell  `json:"begun"`
	Completed  *cell  `json:"completed"`
	Dropped    *cell  `json:"dropped"`
	InProgress *cell  `json:"in_progress"`
	Stalled    *cell  `json:"stalled"`
}

type regionCounts struct {
	Municipality string          `json:"municipality"`
	Courses      []*courseCounts `json:"courses"`
	// Certificates are the participants now here with the last step
	// certified; MovedAway those who transferred out (counts only).
	Certificates *cell `json:"certificates"`
	MovedAway    *cell `json:"moved_away"`
}

type progressView struct {
	Programme      string          `json:"programme"`
	AsOf           string          `json:"as_of"`
	StallDays      int             `json:"stall_days"`
	Suppression    string          `json:"suppression"`
	Municipalities []*regionCounts `json:"municipalities"`
	// Total is over the municipalities listed, when there are several.
	Total *regionCounts `json:"total,omitempty"`
}

// rawCounts are the counts of one municipality before suppression.
type rawCounts struct {
	begun, completed, dropped, inProgress, stalled []int
	certificates, movedAway                        int
}

// countRegion counts the journeys now in region on the run's day.
func countRegion(run *trainingrun.Run, region string) rawCounts {
	reg := run.Register
	n := len(reg.Programme.Courses)
	rc := rawCounts{begun: make([]int, n), completed: make([]int, n), dropped: make([]int, n), inProgress: make([]int, n), stalled: make([]int, n)}
	steps := reg.Programme.Steps()
	for _, j := range reg.InRegion(region) {
		for c := range n {
			if j.Unlocked(c) == training.NoDay {
				break
			}
			rc.begun[c]++
			switch {
			case j.CourseDone(c) != training.NoDay:
				rc.completed[c]++
			case j.Left != training.NoDay:
				rc.dropped[c]++
			default:
				rc.inProgress[c]++
			}
		}
		if j.Certified[steps-1] != training.NoDay {
			rc.certificates++
		}
	}
	pg := reg.Progress(region, run.AsOf, trainingrun.StallDays)
	for c, cp := range pg.Courses {
		rc.stalled[c] = cp.Stalled
	}
	rc.movedAway = reg.Departed[region].Participants
	return rc
}

func (rc rawCounts) cells(run *trainingrun.Run, region string) *regionCounts {
	out := &regionCounts{Municipality: region, Certificates: newCell(rc.certificates), MovedAway: newCell(rc.movedAway)}
	for c, co := range run.Register.Programme.Courses {
		out.Courses = append(out.Courses, &courseCounts{Course: co.Code, Begun: newCell(rc.begun[c]), Completed: newCell(rc.completed[c]),
			Dropped: newCell(rc.dropped[c]), InProgress: newCell(rc.inProgress[c]), Stalled: newCell(rc.stalled[c])})
	}
	return out
}

func (rc *rawCounts) add(o rawCounts) {
	for c := range rc.begun {
		rc.begun[c] += o.begun[c]
		rc.completed[c] += o.completed[c]
		rc.dropped[c] += o.dropped[c]
		rc.inProgress[c] += o.inProgress[c]
		rc.stalled[c] += o.stalled[c]
	}
	rc.certificates += o.certificates
	rc.movedAway += o.movedAway
}

// progressGroups are the relations between the cells of v that the
// complementary rule protects.
func progressGroups(v *progressView) [][]*cell {
	rows := v.Municipalities
	if v.Total != nil {
		rows = append([]*regionCounts{v.Total}, rows...)
	}
	var g [][]*cell
	for _, r := range rows {
		for c, cc := range r.Courses {
			g = append(g, []*cell{cc.Begun, cc.Completed, cc.Dropped, cc.InProgress})
			if c+1 < len(r.Courses) {
				g = append(g, []*cell{cc.Completed, r.Courses[c+1].Begun})
			}
		}
	}
	if v.Total != nil {
		col := func(f func(*regionCounts) *cell) {
			x := []*cell{f(v.Total)}
			for _, r := range v.Municipalities {
				x = append(x, f(r))
			}
			g = append(g, x)
		}
		col(func(r *regionCounts) *cell { return r.Certificates })
		col(func(r *regionCounts) *cell { return r.MovedAway })
		for c := range v.Total.Courses {
			col(func(r *regionCounts) *cell { return r.Courses[c].Begun })
			col(func(r *regionCounts) *cell { return r.Courses[c].Completed })
			col(func(r *regionCounts) *cell { return r.Courses[c].Dropped })
			col(func(r *regionCounts) *cell { return r.Courses[c].InProgress })
			col(func(r *regionCounts) *cell { return r.Courses[c].Stalled })
		}
	}
	return g
}

// trainingProgress answers GET /v1/training/progress.
func (s *server) trainingProgress(c *gin.Context) {
	st, err := s.training(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	// The cells are suppressed over every municipality the caller sees,
	// whichever it asks for, so that two answers never differ in what
	// they hide.
	want := c.Query("municipality")
	if _, err := trainingRegions(principal(c), st, want); err != nil {
		writeError(c, err)
		return
	}
	regions, _ := trainingRegions(principal(c), st, "")
	run := st.run
	v := &progressView{Programme: run.Register.Programme.Code, AsOf: training.Date(run.AsOf), StallDays: trainingrun.StallDays,
		Suppression: suppressionRule, Municipalities: []*regionCounts{}}
	var total *rawCounts
	for _, r := range regions {
		rc := countRegion(run, r)
		v.Municipalities = append(v.Municipalities, rc.cells(run, r))
		if total == nil {
			t := countRegion(run, "") // zero counts of the right shape
			total = &t
		}
		total.add(rc)
	}
	if len(regions) > 1 {
		v.Total = total.cells(run, "all")
	}
	suppress(progressGroups(v))
	if want != "" {
		v.Total = nil
		v.Municipalities = slices.DeleteFunc(v.Municipalities, func(r *regionCounts) bool { return r.Municipality != want })
	}
	c.JSON(http.StatusOK, v)
}

type forecastRow struct {
	Municipality string  `json:"municipality"`
	Target       int     `json:"target_certificates"`
	Issued       *cell   `json:"issued"`
	Expected     float64 `json:"expected"`
	Lo           float64 `json:"expected_lo"`
	Hi           float64 `json:"expected_hi"`
	// PacePerMonth is a number, or Small when the certificates of the
	// twelve months it stands for are 1 to 4.
	PacePerMonth any `json:"pace_per_month"`
	// TargetByPace is hidden (Complementary) when the issued count or
	// the pace is, since target, issued and pace give it and it gives
	// them back.
	TargetByPace string `json:"target_at_todays_pace,omitempty"`
	pace         float64
	targetDay    int
}

type trainingForecastView struct {
	Programme      string         `json:"programme"`
	AsOf           string         `json:"as_of"`
	Horizon        string         `json:"horizon"`
	Level          float64        `json:"level"`
	Suppression    string         `json:"suppression"`
	Municipalities []*forecastRow `json:"municipalities"`
	// Total is of the whole programme, for a caller who sees all of it.
	Total *forecastRow `json:"total,omitempty"`
}

func forecastOf(rf *training.RegionForecast, region string) *forecastRow {
	r := &forecastRow{Municipality: region, Target: rf.Target, Issued: newCell(rf.Issued), pace: rf.PacePerMonth, targetDay: rf.TargetByPace}
	if n := len(rf.Cumulative); n > 0 {
		b := rf.Cumulative[n-1]
		r.Expected, r.Lo, r.Hi = math.Round(b.Mean), math.Round(b.Lo), math.Round(b.Hi)
	}
	return r
}

// finish fills the pace and the target date once the issued count's
// suppression is settled.
func (r *forecastRow) finish() {
	yearly := int(math.Round(r.pace * 12))
	paceHidden := yearly > 0 && yearly < SmallCount
	if paceHidden {
		r.PacePerMonth = Small + " in twelve months"
	} else {
		r.PacePerMonth = math.Round(r.pace*10) / 10
	}
	switch {
	case r.targetDay == training.NoDay:
	case paceHidden || r.Issued.hidden != "":
		r.TargetByPace = Complementary
	default:
		r.TargetByPace = training.Date(r.targetDay)
	}
}

// trainingForecast answers GET /v1/training/forecast: expected
// certificates per municipality by the horizon's end, with the band.
func (s *server) trainingForecast(c *gin.Context) {
	st, err := s.training(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	p := principal(c)
	want := c.Query("municipality")
	if _, err := trainingRegions(p, st, want); err != nil {
		writeError(c, err)
		return
	}
	regions, _ := trainingRegions(p, st, "")
	fc := st.forecast()
	v := &trainingForecastView{Programme: st.run.Register.Programme.Code, AsOf: training.Date(fc.AsOf), Level: fc.Level,
		Suppression: suppressionRule, Municipalities: []*forecastRow{}}
	if n := len(fc.Months); n > 0 {
		v.Horizon = training.Date(fc.Months[n-1])[:7]
	}
	for i := range fc.Regions {
		rf := &fc.Regions[i]
		for _, r := range regions {
			if rf.Region == r {
				v.Municipalities = append(v.Municipalities, forecastOf(rf, r))
			}
		}
	}
	if len(regions) == len(st.run.Register.Sites) && len(regions) > 1 {
		v.Total = forecastOf(&fc.Total, "all")
		g := []*cell{v.Total.Issued}
		for _, r := range v.Municipalities {
			g = append(g, r.Issued)
		}
		suppress([][]*cell{g})
	}
	for _, r := range v.Municipalities {
		r.finish()
	}
	if v.Total != nil {
		v.Total.finish()
	}
	if want != "" {
		v.Total = nil
		v.Municipalities = slices.DeleteFunc(v.Municipalities, func(r *forecastRow) bool { return r.Municipality != want })
	}
	c.JSON(http.StatusOK, v)
}
