package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/caregap/caregap/api/auth"
	"github.com/caregap/caregap/api/store"
	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/training"
	"github.com/caregap/caregap/runs/trainingrun"
	"github.com/gin-gonic/gin"
)

// audit writes who read or wrote the personal rows of ids through the
// route: ids only, never more of the people. A failed write of the log
// fails the request, so that no personal row goes out unlogged.
func (s *server) audit(c *gin.Context, ids []string) error {
	p := principal(c)
	return s.Store.Audit(c.Request.Context(), store.AuditEntry{Token: p.ID, Role: string(p.Role),
		Route: c.Request.Method + " " + c.FullPath(), Participants: ids})
}

// visibleJourney returns the journey of id if the caller may see it: the
// participant itself, or an administrator of the municipality the
// participant is in now. Anything else answers as a missing participant.
func visibleJourney(p *auth.Principal, st *trainingState, id string) (*training.Journey, error) {
	j := st.run.Register.Journey(id)
	switch {
	case j == nil:
	case p.Role == auth.Participant && p.Subject == id:
		return j, nil
	case p.Role == auth.Administrator && p.InScope(j.Region):
		return j, nil
	}
	return nil, notFound("participant", id)
}

// participantRow is what an administrator's list shows of a person.
type participantRow struct {
	ID           string `json:"participant_id"`
	Municipality string `json:"municipality"`
	Role         string `json:"role"`
	Start        string `json:"start_date"`
	// Status is in_progress, finished or left.
	Status        string `json:"status"`
	CurrentCourse string `json:"current_course,omitempty"`
	// DaysSinceActivity are the days since the last activity (or the
	// start) of a participant in progress; Stalled when more than
	// StallDays.
	DaysSinceActivity *int   `json:"days_since_activity,omitempty"`
	Stalled           bool   `json:"stalled"`
	Certificate       string `json:"certificate_date,omitempty"`
}

func rowOf(run *trainingrun.Run, j *training.Journey) participantRow {
	p := run.Register.Programme
	r := participantRow{ID: j.ID, Municipality: j.Region, Role: j.Role, Start: training.Date(j.Start)}
	cur := j.Current()
	switch {
	case j.Left != training.NoDay:
		r.Status = "left"
	case cur == len(p.Courses):
		r.Status = "finished"
	default:
		r.Status = "in_progress"
		r.CurrentCourse = p.Courses[cur].Code
		since := j.Start
		for _, days := range j.Done {
			for _, d := range days {
				if d != training.NoDay {
					since = max(since, d)
				}
			}
		}
		days := run.AsOf - since
		r.DaysSinceActivity = &days
		r.Stalled = days > trainingrun.StallDays
	}
	if d := j.Certified[p.Steps()-1]; d != training.NoDay {
		r.Certificate = training.Date(d)
	}
	return r
}

// trainingParticipants answers GET /v1/training/participants: the
// personal rows of the participants now in the administrator's
// municipalities (or the one asked for).
func (s *server) trainingParticipants(c *gin.Context) {
	st, err := s.training(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	regions, err := trainingRegions(principal(c), st, c.Query("municipality"))
	if err != nil {
		writeError(c, err)
		return
	}
	rows := []participantRow{}
	var ids []string
	for _, j := range st.run.Register.Journeys {
		if slices.Contains(regions, j.Region) {
			rows = append(rows, rowOf(st.run, j))
			ids = append(ids, j.ID)
		}
	}
	if err := s.audit(c, ids); err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"as_of": training.Date(st.run.AsOf), "stall_days": trainingrun.StallDays, "items": rows})
}

type journeyCourse struct {
	Course     string            `json:"course"`
	Name       string            `json:"name"`
	Step       int               `json:"step"`
	Unlocked   string            `json:"unlocked,omitempty"`
	Completed  string            `json:"completed,omitempty"`
	Activities map[string]string `json:"activities"` // activity → date, "" when not done
}

type participantView struct {
	participantRow
	Courses      []journeyCourse            `json:"courses"`
	Certificates map[string]string          `json:"certificates"` // step → date
	Moves        []trainingrun.PortableMove `json:"moves"`
}

// trainingParticipant answers GET /v1/training/participants/{id}.
func (s *server) trainingParticipant(c *gin.Context) {
	st, err := s.training(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	id := c.Param("id")
	j, err := visibleJourney(principal(c), st, id)
	if err != nil {
		writeError(c, err)
		return
	}
	if err := s.audit(c, []string{id}); err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, journeyView(st.run, j))
}

func journeyView(run *trainingrun.Run, j *training.Journey) participantView {
	p := run.Register.Programme
	day := func(d int) string {
		if d == training.NoDay {
			return ""
		}
		return training.Date(d)
	}
	v := participantView{participantRow: rowOf(run, j), Certificates: map[string]string{}, Moves: []trainingrun.PortableMove{}}
	for ci, co := range p.Courses {
		jc := journeyCourse{Course: co.Code, Name: co.Name, Step: co.Step, Unlocked: day(j.Unlocked(ci)), Completed: day(j.CourseDone(ci)), Activities: map[string]string{}}
		for a, act := range co.Activities {
			jc.Activities[act] = day(j.Done[ci][a])
		}
		v.Courses = append(v.Courses, jc)
	}
	for s, d := range j.Certified {
		if d != training.NoDay {
			v.Certificates[fmt.Sprint(s+1)] = training.Date(d)
		}
	}
	for _, m := range j.Moves {
		v.Moves = append(v.Moves, trainingrun.PortableMove{FromRegion: m.From, ToRegion: m.To, Date: training.Date(m.Day)})
	}
	return v
}

// trainingJourney answers GET /v1/training/participants/{id}/journey: the
// portable journey file.
func (s *server) trainingJourney(c *gin.Context) {
	st, err := s.training(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	id := c.Param("id")
	if _, err := visibleJourney(principal(c), st, id); err != nil {
		writeError(c, err)
		return
	}
	j, err := trainingrun.Export(st.set, id, st.run.AsOf)
	if err != nil {
		writeError(c, err)
		return
	}
	var buf bytes.Buffer
	if err := j.Encode(&buf); err != nil {
		writeError(c, err)
		return
	}
	if err := s.audit(c, []string{id}); err != nil {
		writeError(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="journey-`+id+`.json"`)
	c.Data(http.StatusOK, mediaJSON, buf.Bytes())
}

// errTrainingRule: a tick or an import breaks a rule of the programme's
// journeys; the detail names the rule.
var errTrainingRule = errkind.New(errkind.BadInput, "training rule")

// ruleNames name the engine's journey rules for a caller.
var ruleNames = []struct {
	err  error
	name string
}{
	{training.ErrLocked, "unlock order"},
	{training.ErrTwice, "duplicate"},
	{datasets.ErrDuplicate, "duplicate"},
	{datasets.ErrUnknownRef, "known reference"},
	{training.ErrOrder, "time line"},
	{training.ErrUnfinished, "completed step"},
	{training.ErrUnknown, "known reference"},
}

// ruleError names the rule err breaks, with the engine's words.
func ruleError(what string, err error) error {
	for _, r := range ruleNames {
		if errors.Is(err, r.err) {
			msg := err.Error()
			var ev *training.EventError
			var re *datasets.RowError
			switch {
			case errors.As(err, &ev):
				msg = ev.Err.Error()
			case errors.Is(err, datasets.ErrDuplicate):
				msg = "it is recorded already"
			case errors.As(err, &re):
				msg = re.Err.Error()
			}
			return fmt.Errorf("%w: %s breaks the rule %q: %s", errTrainingRule, what, r.name, msg)
		}
	}
	return err
}

type tickRequest struct {
	Course   string `json:"course"`
	Activity string `json:"activity"`
	// Date is an ISO date, not after today; empty: today.
	Date string `json:"date"`
}

// today is the UTC day of the request, as an ISO date.
var today = func() string { return time.Now().UTC().Format(time.DateOnly) }

// addTrainingEvent checks e against the current records under the
// writers' lock and stores it; it returns the records with e applied.
func (s *server) addTrainingEvent(ctx context.Context, e store.TrainingEvent, what string) (*datasets.TrainingSet, error) {
	tc := s.trainingCache()
	tc.mu.Lock()
	defer tc.mu.Unlock()
	st, err := s.trainingLocked(ctx, tc)
	if err != nil {
		return nil, err
	}
	set, err := applyTrainingEvent(st.set, e)
	if err == nil {
		err = datasets.CheckTraining(set)
	}
	if err != nil {
		return nil, ruleError(what, err)
	}
	if _, err := s.Store.AddTrainingEvent(ctx, e); err != nil {
		return nil, err
	}
	return set, nil
}

// trainingTick answers POST /v1/training/participants/{id}/completions:
// the participant ticks off one activity.
func (s *server) trainingTick(c *gin.Context) {
	p := principal(c)
	id := c.Param("id")
	st, err := s.training(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	if _, err := visibleJourney(p, st, id); err != nil || p.Subject != id {
		writeError(c, notFound("participant", id))
		return
	}
	var req tickRequest
	if err := decodeJSON(c.Request.Body, &req); err != nil {
		writeError(c, err)
		return
	}
	if req.Course == "" || req.Activity == "" {
		writeError(c, errorf(KindValidation, "course and activity are required"))
		return
	}
	if req.Date == "" {
		req.Date = today()
	}
	if _, err := time.Parse(time.DateOnly, req.Date); err != nil || req.Date > today() {
		writeError(c, errorf(KindValidation, "date %q: an ISO date (YYYY-MM-DD) not after today %s", req.Date, today()))
		return
	}
	row := datasets.TrainingCompletion{ParticipantID: id, Course: req.Course, Activity: req.Activity, Date: req.Date}
	body, _ := json.Marshal(row)
	what := fmt.Sprintf("activity %s of course %s on %s", req.Activity, req.Course, req.Date)
	if _, err := s.addTrainingEvent(c.Request.Context(), store.TrainingEvent{Dataset: DefaultDataset, Kind: store.TrainingTick,
		Participant: id, Body: string(body), Token: p.ID}, what); err != nil {
		writeError(c, err)
		return
	}
	if err := s.audit(c, []string{id}); err != nil {
		writeError(c, err)
		return
	}
	st, err = s.training(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, journeyView(st.run, st.run.Register.Journey(id)))
}

// trainingImport answers POST /v1/training/imports: an administrator
// takes in a participant's portable journey; the participant moves to
// the administrator's municipality (?municipality=, needed when the
// scope has several) today.
func (s *server) trainingImport(c *gin.Context) {
	p := principal(c)
	st, err := s.training(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	to := c.Query("municipality")
	if to == "" {
		regions, _ := trainingRegions(p, st, "")
		if len(regions) != 1 {
			writeError(c, errorf(KindValidation, "municipality: name the municipality of yours the participant moves to (?municipality=)"))
			return
		}
		to = regions[0]
	} else if _, err := trainingRegions(p, st, to); err != nil {
		writeError(c, err)
		return
	}
	j, err := trainingrun.DecodeJourney(c.Request.Body)
	if err != nil {
		writeError(c, err)
		return
	}
	id := j.Participant.ParticipantID
	if cur := st.run.Register.Journey(id); cur != nil && p.InScope(cur.Region) {
		writeError(c, errorf(KindConflict, "participant %s is in %s already", id, cur.Region))
		return
	}
	from := j.Region
	body, err := json.Marshal(importBody{Journey: j, To: to, Date: today()})
	if err != nil {
		writeError(c, err)
		return
	}
	if _, err := s.addTrainingEvent(c.Request.Context(), store.TrainingEvent{Dataset: DefaultDataset, Kind: store.TrainingImport,
		Participant: id, Body: string(body), Token: p.ID}, "the journey of "+id); err != nil {
		writeError(c, err)
		return
	}
	if err := s.audit(c, []string{id}); err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"participant_id": id, "from": from, "to": to, "date": today()})
}
