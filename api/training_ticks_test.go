package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// journeyOf is the participant's journey view as the API answers it.
type journeyOf struct {
	Status        string
	CurrentCourse string `json:"current_course"`
	Municipality  string
	Courses       []struct {
		Course     string
		Unlocked   string
		Activities map[string]string
	}
}

func (tr *trainingAPI) journey(t *testing.T, who, id string) journeyOf {
	t.Helper()
	r := tr.do("GET", "/v1/training/participants/"+id, who, nil)
	if r.code != 200 {
		t.Fatalf("%s GET %s: %d %s", who, id, r.code, r.body)
	}
	var j journeyOf
	if err := json.Unmarshal(r.body, &j); err != nil {
		t.Fatal(err)
	}
	return j
}

// TestTrainingTicksAndTransfer: a participant ticks an open activity of
// their current course; a tick of a locked course or a repeated one is
// refused naming the rule; another's journey cannot be ticked. The
// participant's journey, imported by Falun's administrator, moves
// access: Borlänge's administrator no longer sees the person. Every
// personal read and write is in the audit log, with ids only.
func TestTrainingTicksAndTransfer(t *testing.T) {
	tr := newTrainingAPI(t)
	j := tr.journey(t, "me", tr.me)
	if j.Status != "in_progress" {
		t.Fatalf("participant %s is %s", tr.me, j.Status)
	}
	var course, open, locked string
	for i, c := range j.Courses {
		if c.Course == j.CurrentCourse {
			course = c.Course
			for a, d := range c.Activities {
				if d == "" {
					open = a
				}
			}
			if i+1 < len(j.Courses) && j.Courses[i+1].Unlocked == "" {
				locked = j.Courses[i+1].Course
			}
		}
	}
	if open == "" || locked == "" {
		t.Fatalf("no open activity or locked course in %+v", j)
	}
	tick := func(who, id, course, act string) resp {
		return tr.do("POST", "/v1/training/participants/"+id+"/completions", who,
			strings.NewReader(`{"course":"`+course+`","activity":"`+act+`"}`), "Content-Type", "application/json")
	}
	lockedAct := "preparation"
	for _, c := range tr.set.Programmes {
		if c.Course == locked {
			lockedAct = c.Activity
			break
		}
	}
	r := tick("me", tr.me, locked, lockedAct)
	if r.code != http.StatusBadRequest || !strings.Contains(r.problem(t).Detail, `"unlock order"`) {
		t.Errorf("locked tick: %d %s, want 400 naming the unlock order", r.code, r.body)
	}
	if r := tick("me", tr.me, course, open); r.code != http.StatusCreated {
		t.Fatalf("tick: %d %s", r.code, r.body)
	}
	if got := tr.journey(t, "me", tr.me); got.Courses[slices.IndexFunc(got.Courses, func(c struct {
		Course     string
		Unlocked   string
		Activities map[string]string
	}) bool {
		return c.Course == course
	})].Activities[open] == "" {
		t.Errorf("the tick of %s %s is not in the journey", course, open)
	}
	if r := tick("me", tr.me, course, open); r.code != http.StatusBadRequest || !strings.Contains(r.problem(t).Detail, `"duplicate"`) {
		t.Errorf("repeated tick: %d %s, want 400 naming duplicates", r.code, r.body)
	}
	if r := tick("me", tr.you, course, open); r.code != http.StatusNotFound {
		t.Errorf("tick of another's journey: %d, want 404", r.code)
	}
	for _, who := range []string{"adm", "admin", "planner"} {
		if r := tick(who, tr.me, course, open); r.code != http.StatusForbidden {
			t.Errorf("%s ticks: %d, want 403", who, r.code)
		}
	}

	// The participant exports; Falun's administrator imports.
	exp := tr.do("GET", "/v1/training/participants/"+tr.me+"/journey", "me", nil)
	if exp.code != 200 {
		t.Fatalf("export: %d %s", exp.code, exp.body)
	}
	if r := tr.do("POST", "/v1/training/imports", "adm", bytes.NewReader(exp.body), "Content-Type", "application/json"); r.code != http.StatusConflict {
		t.Errorf("import into the participant's own municipality: %d, want 409", r.code)
	}
	if r := tr.do("POST", "/v1/training/imports", "planner", bytes.NewReader(exp.body), "Content-Type", "application/json"); r.code != http.StatusForbidden {
		t.Errorf("planner imports: %d, want 403", r.code)
	}
	if r := tr.do("POST", "/v1/training/imports", "adm2", bytes.NewReader(exp.body), "Content-Type", "application/json"); r.code != http.StatusCreated {
		t.Fatalf("import: %d %s", r.code, r.body)
	}
	if r := tr.do("GET", "/v1/training/participants/"+tr.me, "adm", nil); r.code != http.StatusNotFound {
		t.Errorf("the old municipality's administrator after the move: %d, want 404", r.code)
	}
	if got := tr.journey(t, "adm2", tr.me); got.Municipality != falun || got.Courses[0].Activities == nil {
		t.Errorf("the new municipality sees %+v", got)
	}
	if got := tr.journey(t, "me", tr.me); got.Municipality != falun {
		t.Errorf("the participant is in %s, want %s", got.Municipality, falun)
	}
	list := tr.do("GET", "/v1/training/participants", "adm", nil)
	if bytes.Contains(list.body, []byte(`"`+tr.me+`"`)) {
		t.Error("the old municipality still lists the participant")
	}

	log, err := tr.store.AuditLog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	routes := map[string]int{}
	for _, e := range log {
		routes[e.Route]++
		if e.Token == "" || e.Role == "" {
			t.Errorf("audit entry without token or role: %+v", e)
		}
		if strings.Contains(e.Route, "/participants/:id") && !slices.Equal(e.Participants, []string{tr.me}) {
			t.Errorf("audit entry %+v, want participant %s", e, tr.me)
		}
		if e.Route == "GET /v1/training/progress" {
			t.Errorf("an aggregate read is in the audit log: %+v", e)
		}
	}
	for _, rt := range []string{"GET /v1/training/participants/:id", "POST /v1/training/participants/:id/completions",
		"GET /v1/training/participants/:id/journey", "POST /v1/training/imports", "GET /v1/training/participants"} {
		if routes[rt] == 0 {
			t.Errorf("no audit entry of %s: %v", rt, routes)
		}
	}
	var buf bytes.Buffer
	if err := tr.store.WriteAuditLog(context.Background(), &buf); err != nil || bytes.Contains(buf.Bytes(), []byte("start_date")) {
		t.Errorf("audit log holds more than ids: %v", err)
	}
}

// TestTrainingImportNewAndBadInput: a journey of a person these records
// lack joins with its rows and a transfer; a tick dated after today, a
// body that is no journey, or an import into a municipality out of scope
// are refused.
func TestTrainingImportNewAndBadInput(t *testing.T) {
	tr := newTrainingAPI(t)
	exp := tr.do("GET", "/v1/training/participants/"+tr.you+"/journey", "you", nil)
	if exp.code != 200 {
		t.Fatalf("export: %d", exp.code)
	}
	other := bytes.ReplaceAll(exp.body, []byte(`"`+tr.you+`"`), []byte(`"q00001"`))
	if r := tr.do("POST", "/v1/training/imports?municipality="+falun, "adm", bytes.NewReader(other), "Content-Type", "application/json"); r.code != http.StatusNotFound {
		t.Errorf("import into a municipality out of scope: %d, want 404", r.code)
	}
	if r := tr.do("POST", "/v1/training/imports", "adm", bytes.NewReader(other), "Content-Type", "application/json"); r.code != http.StatusCreated {
		t.Fatalf("import of a new person: %d %s", r.code, r.body)
	}
	j := tr.journey(t, "adm", "q00001")
	if j.Municipality != borlange || j.Courses[0].Activities["preparation"] == "" {
		t.Errorf("imported journey %+v", j)
	}
	if r := tr.do("GET", "/v1/training/participants/q00001", "adm2", nil); r.code != http.StatusNotFound {
		t.Errorf("the exporting municipality sees the new person's copy: %d", r.code)
	}
	if r := tr.do("POST", "/v1/training/imports", "adm", strings.NewReader(`{"format":"x"}`), "Content-Type", "application/json"); r.code != http.StatusBadRequest {
		t.Errorf("not a journey: %d, want 400", r.code)
	}
	r := tr.do("POST", "/v1/training/participants/"+tr.me+"/completions", "me",
		strings.NewReader(`{"course":"intro","activity":"preparation","date":"2999-01-01"}`), "Content-Type", "application/json")
	if r.code != http.StatusBadRequest || !strings.Contains(r.problem(t).Detail, "not after today") {
		t.Errorf("a tick in the future: %d %s", r.code, r.body)
	}
}
