package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/caregap/caregap/runs/labels"
	"github.com/caregap/caregap/web/session"
)

// The training follow-up (/ui/training): for a municipal training
// administrator, progress per course (begun, completed, dropped, in
// progress, stalled) as a chart with its table, the participants of their
// municipalities with a filter for stalled ones, one participant's
// journey, and the certificate forecast against the target with its
// band. Planners and admins get the same page with aggregates only. Each
// number comes from the API's /v1/training routes with the session's
// token, so the API decides who sees personal rows, suppresses counts of
// 1 to 4 people ("< 5") and audit-logs every personal read; the page
// shows a hidden count as the API words it and never as a number
// (training_view.go). A participant gets a page of their own journey.

// Roles of the training views.
var (
	trainingRoles      = []string{"administrator", "planner", "admin"}
	administratorRoles = []string{"administrator"}
	participantRoles   = []string{"participant"}
)

// count is a count the API may hide: a number, or "< 5" / "suppressed".
type count struct {
	N      int
	Hidden string
}

func (c *count) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &c.Hidden)
	}
	return json.Unmarshal(b, &c.N)
}

// Shown reports a count given as a number.
func (c *count) Shown() bool { return c != nil && c.Hidden == "" }

type trainingCourse struct {
	Course     string   `json:"course"`
	Name       string   `json:"name"`
	Step       int      `json:"step"`
	Activities []string `json:"activities"`
}

type trainingProgramme struct {
	Programme string           `json:"programme"`
	AsOf      string           `json:"as_of"`
	Courses   []trainingCourse `json:"courses"`
	Sites     []struct {
		Municipality string `json:"municipality"`
		Target       int    `json:"target_certificates"`
	} `json:"sites"`
}

type courseProgress struct {
	Course     string `json:"course"`
	Begun      *count `json:"begun"`
	Completed  *count `json:"completed"`
	Dropped    *count `json:"dropped"`
	InProgress *count `json:"in_progress"`
	Stalled    *count `json:"stalled"`
}

type regionProgress struct {
	Municipality string            `json:"municipality"`
	Courses      []*courseProgress `json:"courses"`
	Certificates *count            `json:"certificates"`
	MovedAway    *count            `json:"moved_away"`
}

type trainingProgress struct {
	AsOf           string            `json:"as_of"`
	StallDays      int               `json:"stall_days"`
	Municipalities []*regionProgress `json:"municipalities"`
	Total          *regionProgress   `json:"total"`
}

type certificateRow struct {
	Municipality string          `json:"municipality"`
	Target       int             `json:"target_certificates"`
	Issued       *count          `json:"issued"`
	Expected     float64         `json:"expected"`
	Lo           float64         `json:"expected_lo"`
	Hi           float64         `json:"expected_hi"`
	Pace         json.RawMessage `json:"pace_per_month"`
	TargetByPace string          `json:"target_at_todays_pace"`
}

type certificateForecast struct {
	AsOf           string            `json:"as_of"`
	Horizon        string            `json:"horizon"`
	Level          float64           `json:"level"`
	Municipalities []*certificateRow `json:"municipalities"`
	Total          *certificateRow   `json:"total"`
}

// participantRow is the API's personal row of a participant.
type participantRow struct {
	ID                string `json:"participant_id"`
	Municipality      string `json:"municipality"`
	Role              string `json:"role"`
	Start             string `json:"start_date"`
	Status            string `json:"status"`
	CurrentCourse     string `json:"current_course"`
	DaysSinceActivity *int   `json:"days_since_activity"`
	Stalled           bool   `json:"stalled"`
	Certificate       string `json:"certificate_date"`
}

type journeyCourse struct {
	Course     string            `json:"course"`
	Name       string            `json:"name"`
	Step       int               `json:"step"`
	Unlocked   string            `json:"unlocked"`
	Completed  string            `json:"completed"`
	Activities map[string]string `json:"activities"`
}

type journeyMove struct {
	From string `json:"from_region"`
	To   string `json:"to_region"`
	Date string `json:"date"`
}

type journeyView struct {
	participantRow
	Courses      []journeyCourse   `json:"courses"`
	Certificates map[string]string `json:"certificates"`
	Moves        []journeyMove     `json:"moves"`
}

// trainingData is the administrator's (or planner's) page.
type trainingData struct {
	Personal  bool // the caller sees personal rows (an administrator)
	AsOf      string
	StallDays int
	Munis     []option // the municipalities of the programme in scope
	Muni      string   // the one chosen
	Progress  *chartBox2
	Places    *table
	Forecast  *chartBox2
	Horizon   string
	People    []personLine
	Stalled   bool // the filter: stalled participants only
	NPeople   int
	NStalled  int
}

// personLine is a participant's row as the page shows it.
type personLine struct {
	ID, Role, Start, Status, Course, Days, Certificate string
	Stalled                                            bool
}

// trainingWho finds the role and scope of a token that whoami does not
// admit: a training administrator may read the progress of the
// programme's municipalities in their scope (the scope it answers), a
// participant may read the programme only.
func (h *Handler) trainingWho(ctx context.Context, token string) (role string, scope []string, ok bool) {
	s := &session.Session{Token: token}
	a, err := h.get(ctx, s, "/v1/training/programmes", nil)
	if err != nil || !a.OK() {
		return "", nil, false
	}
	var pr trainingProgress
	a, err = h.get(ctx, s, "/v1/training/progress", nil)
	switch {
	case err != nil:
		return "", nil, false
	case a.Status == http.StatusForbidden:
		return "participant", nil, true
	case !a.OK() || a.Decode(&pr) != nil:
		return "", nil, false
	}
	for _, m := range pr.Municipalities {
		scope = append(scope, m.Municipality)
	}
	return "administrator", scope, true
}

// startOf is the start page of a role: the training follow-up for a
// training administrator, their own journey for a participant, else the
// overview.
func startOf(role string) string {
	switch role {
	case "administrator":
		return "/ui/training"
	case "participant":
		return "/ui/training/me"
	}
	return "/"
}

// startPage is /: the overview (home.go), or the start page of a
// training role, which has no overview.
func (h *Handler) startPage(w http.ResponseWriter, r *http.Request, s *session.Session) {
	if to := startOf(s.Role); to != "/" {
		http.Redirect(w, r, to, http.StatusSeeOther)
		return
	}
	h.home(w, r, s)
}

// trainingPage shows the follow-up of the municipalities in scope.
func (h *Handler) trainingPage(w http.ResponseWriter, r *http.Request, s *session.Session) {
	v := h.newView(r, s, "", "training")
	v.Title = v.T("tr.title")
	ctx := r.Context()
	var prog trainingProgramme
	if err := h.getJSON(ctx, s, "/v1/training/programmes", nil, &prog); err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	var pr trainingProgress
	if err := h.getJSON(ctx, s, "/v1/training/progress", nil, &pr); err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	var fc certificateForecast
	if err := h.getJSON(ctx, s, "/v1/training/forecast", nil, &fc); err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	d := &trainingData{Personal: s.Role == "administrator", AsOf: pr.AsOf, StallDays: pr.StallDays, Horizon: fc.Horizon}
	names := h.muniNames()
	for _, m := range pr.Municipalities {
		d.Munis = append(d.Munis, option{m.Municipality, nameOf(names, m.Municipality)})
	}
	d.Muni = r.URL.Query().Get("municipality")
	if !slices.ContainsFunc(d.Munis, func(o option) bool { return o.Value == d.Muni }) {
		d.Muni = ""
	}
	courseNames := map[string]string{}
	for _, c := range prog.Courses {
		courseNames[c.Course] = c.Name
	}
	var chosen *regionProgress
	switch {
	case d.Muni != "":
		for _, m := range pr.Municipalities {
			if m.Municipality == d.Muni {
				chosen = m
			}
		}
	case pr.Total != nil:
		chosen = pr.Total
	case len(pr.Municipalities) > 0:
		chosen, d.Muni = pr.Municipalities[0], pr.Municipalities[0].Municipality
	}
	place := v.T("tr.allmunis")
	if d.Muni != "" {
		place = nameOf(names, d.Muni)
	}
	if chosen != nil {
		d.Progress = v.progressChart(chosen, courseNames, place)
	}
	d.Places = v.placesTable(pr.Municipalities, names)
	d.Forecast = v.forecastChart(&fc, names)
	if d.Personal {
		q := url.Values{}
		if d.Muni != "" {
			q.Set("municipality", d.Muni)
		}
		var ps struct {
			Items []participantRow `json:"items"`
		}
		if err := h.getJSON(ctx, s, "/v1/training/participants", q, &ps); err != nil {
			h.failAPI(w, r, s, err)
			return
		}
		d.Stalled = r.URL.Query().Get("stalled") == "1"
		for _, p := range ps.Items {
			d.NPeople++
			if p.Stalled {
				d.NStalled++
			}
			if d.Stalled && !p.Stalled {
				continue
			}
			d.People = append(d.People, v.personLine(p, courseNames))
		}
	}
	v.Data = d
	h.render(w, http.StatusOK, "training", "", v)
}

func (v *view) personLine(p participantRow, courseNames map[string]string) personLine {
	l := personLine{ID: p.ID, Role: labels.Role(v.Lang, p.Role, p.Role), Start: p.Start,
		Status: v.T(statusKey(p.Status)), Certificate: p.Certificate, Stalled: p.Stalled}
	if p.CurrentCourse != "" {
		l.Course = v.courseName(p.CurrentCourse, courseNames)
	}
	if p.DaysSinceActivity != nil {
		l.Days = strconv.Itoa(*p.DaysSinceActivity)
	}
	return l
}

// statusKey is the message key of a participant's status.
func statusKey(s string) string {
	switch s {
	case "in_progress":
		return "tr.status.in_progress"
	case "finished":
		return "tr.status.finished"
	case "left":
		return "tr.status.left"
	}
	return "tr.status.other"
}

// muniNames names the municipalities of the default dataset.
func (h *Handler) muniNames() map[string]string {
	out := map[string]string{}
	if b := h.defaults(); b != nil {
		for _, r := range b.Regions {
			out[r.Region] = r.Name
		}
	}
	return out
}

func nameOf(names map[string]string, code string) string {
	if n := names[code]; n != "" {
		return n
	}
	return code
}

// journeyPage shows one participant's journey to an administrator of
// their municipality (the API answers 404 to anyone else).
func (h *Handler) journeyPage(w http.ResponseWriter, r *http.Request, s *session.Session) {
	h.showJourney(w, r, s, r.PathValue("id"), "training")
}

// myJourneyPage is a participant's own page: their journey, found by the
// participant id given with their token.
func (h *Handler) myJourneyPage(w http.ResponseWriter, r *http.Request, s *session.Session) {
	id := r.URL.Query().Get("id")
	if id == "" {
		v := h.newView(r, s, "", "myjourney")
		v.Title = v.T("tr.my.title")
		v.Data = (*journeyData)(nil)
		h.render(w, http.StatusOK, "trainingjourney", "", v)
		return
	}
	h.showJourney(w, r, s, id, "myjourney")
}

type journeyData struct {
	J       *journeyView
	Line    personLine
	Muni    string
	Courses *table
	Moves   []string
	Mine    bool
	Active  bool         // the participant's own journey, in progress
	Todo    []todoCourse // what can be ticked off now
	Ticked  string       // the tick just recorded, in words
	Problem string       // a tick the rules refused, in the API's words
}

func (h *Handler) showJourney(w http.ResponseWriter, r *http.Request, s *session.Session, id, nav string) {
	h.showJourneyStatus(w, r, s, id, nav, http.StatusOK, "")
}

// showJourneyStatus shows a journey with the status and, if not empty,
// the problem to show above it (a tick the rules refused).
func (h *Handler) showJourneyStatus(w http.ResponseWriter, r *http.Request, s *session.Session, id, nav string, status int, problem string) {
	v := h.newView(r, s, "", nav)
	var j journeyView
	if err := h.getJSON(r.Context(), s, "/v1/training/participants/"+pathEscape(id), nil, &j); err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	v.Title = v.T("tr.journey.title", j.ID)
	names := h.muniNames()
	courseNames := map[string]string{}
	for _, c := range j.Courses {
		courseNames[c.Course] = c.Name
	}
	d := &journeyData{J: &j, Line: v.personLine(j.participantRow, courseNames), Muni: nameOf(names, j.Municipality),
		Courses: v.journeyTable(&j), Mine: nav == "myjourney", Problem: problem}
	if d.Mine && j.Status == "in_progress" {
		d.Active, d.Todo = true, v.todo(&j)
		if t := r.URL.Query().Get("ticked"); t != "" && status == http.StatusOK {
			d.Ticked = v.tickedText(&j, t)
		}
	}
	for _, m := range j.Moves {
		d.Moves = append(d.Moves, v.T("tr.move", nameOf(names, m.From), nameOf(names, m.To), m.Date))
	}
	v.Data = d
	h.render(w, status, "trainingjourney", "", v)
}

// tickedText confirms a tick ("course/activity") in words, if the journey
// has it done.
func (v *view) tickedText(j *journeyView, ticked string) string {
	for _, c := range j.Courses {
		for a, when := range c.Activities {
			if c.Course+"/"+a == ticked && when != "" {
				return v.T("tr.ticked", v.T(activityKey(a)), v.courseName(c.Course, map[string]string{c.Course: c.Name}), when)
			}
		}
	}
	return ""
}

// activityOrder is the order of a course's activities.
var activityOrder = []string{"preparation", "session", "follow_up", "followup"}

func (v *view) journeyTable(j *journeyView) *table {
	t := &table{Caption: v.T("tr.journey.caption", j.ID),
		Head: []string{v.T("tr.course"), v.T("tr.unlocked"), v.T("tr.activities"), v.T("tr.completedon")}}
	for _, c := range j.Courses {
		acts := ""
		keys := sortedActivities(c.Activities)
		for i, k := range keys {
			if i > 0 {
				acts += "; "
			}
			when := c.Activities[k]
			if when == "" {
				when = v.T("tr.notdone")
			}
			acts += fmt.Sprintf("%s: %s", v.T(activityKey(k)), when)
		}
		t.Rows = append(t.Rows, []tcell{{Text: v.courseName(c.Course, map[string]string{c.Course: c.Name}), Header: true}, {Text: orDash(c.Unlocked)}, {Text: acts}, {Text: orDash(c.Completed)}})
	}
	return t
}

// activityKey is the message key of an activity.
func activityKey(k string) string {
	switch k {
	case "preparation":
		return "tr.act.preparation"
	case "session":
		return "tr.act.session"
	case "follow_up", "followup":
		return "tr.act.followup"
	}
	return "tr.act.other"
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
