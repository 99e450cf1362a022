package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caregap/caregap/api/auth"
	"github.com/caregap/caregap/datasets"
)

// Municipalities of the embedded training records: Borlänge and Falun.
const (
	borlange = "2081"
	falun    = "2080"
)

// trainingAPI is a test API with training tokens besides newTestAPI's:
// adm (administrator of Borlänge), adm2 (of Falun), lead (a planner of
// the four municipalities), planner1 (a planner of Borlänge), and a
// participant token for a person in progress in each of the two: me
// (Borlänge) and you (Falun).
type trainingAPI struct {
	*testAPI
	set     *datasets.TrainingSet
	me, you string // participant ids
}

func newTrainingAPI(t *testing.T) *trainingAPI {
	t.Helper()
	ta := newTestAPI(t, nil)
	set, err := loadDefaultTraining()
	if err != nil {
		t.Fatal(err)
	}
	tr := &trainingAPI{testAPI: ta, set: set}
	tr.me = inProgressIn(t, set, borlange)
	tr.you = inProgressIn(t, set, falun)
	path := ta.dir + "/tokens.json"
	f, err := auth.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	for name, scope := range map[string][]string{"adm": {borlange}, "adm2": {falun}} {
		tok, _, err := f.Add(auth.Administrator, scope, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		ta.tokens[name] = tok
	}
	for name, scope := range map[string][]string{"lead": {borlange, falun, "2026", "2082"}, "planner1": {borlange}} {
		tok, _, err := f.Add(auth.Planner, scope, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		ta.tokens[name] = tok
	}
	for name, id := range map[string]string{"me": tr.me, "you": tr.you} {
		tok, _, err := f.AddParticipant(id, time.Now(), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		ta.tokens[name] = tok
	}
	if err := auth.Save(path, f); err != nil {
		t.Fatal(err)
	}
	return tr
}

// regionOf is where participant id is after the records' transfers,
// computed here from the rows.
func regionOf(set *datasets.TrainingSet, id string) string {
	region, last := "", ""
	for _, p := range set.Participants {
		if p.ParticipantID == id {
			region = p.Region
		}
	}
	for _, tr := range set.Transfers {
		if tr.ParticipantID == id && tr.Date >= last {
			region, last = tr.ToRegion, tr.Date
		}
	}
	return region
}

// inProgressIn is a participant who never moved or left, still in the
// first course's follow-up or later with an activity open: one with
// fewer completions than activities in all.
func inProgressIn(t *testing.T, set *datasets.TrainingSet, region string) string {
	t.Helper()
	done := map[string]int{}
	for _, c := range set.Completions {
		done[c.ParticipantID]++
	}
	for _, p := range set.Participants {
		if p.Region == region && p.LeftDate == "" && regionOf(set, p.ParticipantID) == region && done[p.ParticipantID] > 3 && done[p.ParticipantID] < len(set.Programmes)-3 {
			return p.ParticipantID
		}
	}
	t.Fatalf("no participant in progress in %s", region)
	return ""
}

// numbers collects every number in a JSON document, with its key.
func numbers(v any, key string, out map[string][]float64) {
	switch x := v.(type) {
	case map[string]any:
		for k, y := range x {
			numbers(y, k, out)
		}
	case []any:
		for _, y := range x {
			numbers(y, key, out)
		}
	case float64:
		out[key] = append(out[key], x)
	}
}

// TestTrainingAccessMatrix calls every training route as every role and
// checks who gets what: personal rows only to the participant and the
// administrator of their municipality now, out of scope answering as a
// missing participant; aggregates only with counts of 0 or at least 5.
func TestTrainingAccessMatrix(t *testing.T) {
	tr := newTrainingAPI(t)
	const missing = "p99999999"
	everyone := []string{"planner", "planner1", "lead", "officer", "admin", "adm", "adm2", "me", "you"}
	personalIDs := map[string]bool{}
	for _, p := range tr.set.Participants {
		personalIDs[p.ParticipantID] = true
	}

	type want struct {
		route string
		who   map[string]int // caller → status; missing callers: 403
	}
	routes := []want{
		{"/v1/training/programmes", map[string]int{"planner": 200, "planner1": 200, "lead": 200, "officer": 200, "admin": 200, "adm": 200, "adm2": 200, "me": 200, "you": 200}},
		{"/v1/training/progress", map[string]int{"planner": 200, "planner1": 200, "lead": 200, "admin": 200, "adm": 200, "adm2": 200}},
		{"/v1/training/forecast", map[string]int{"planner": 200, "planner1": 200, "lead": 200, "admin": 200, "adm": 200, "adm2": 200}},
		{"/v1/training/participants", map[string]int{"adm": 200, "adm2": 200}},
		{"/v1/training/participants/" + tr.me, map[string]int{"adm": 200, "adm2": 404, "me": 200, "you": 404}},
		{"/v1/training/participants/" + tr.you, map[string]int{"adm": 404, "adm2": 200, "me": 404, "you": 200}},
		{"/v1/training/participants/" + missing, map[string]int{"adm": 404, "adm2": 404, "me": 404, "you": 404}},
		{"/v1/training/participants/" + tr.me + "/journey", map[string]int{"adm": 200, "adm2": 404, "me": 200, "you": 404}},
		{"/v1/training/participants/" + tr.you + "/journey", map[string]int{"adm": 404, "adm2": 200, "me": 404, "you": 200}},
		{"/v1/training/progress?municipality=" + falun, map[string]int{"planner": 404, "planner1": 404, "lead": 200, "admin": 200, "adm": 404, "adm2": 200}},
		{"/v1/training/participants?municipality=" + falun, map[string]int{"adm": 404, "adm2": 200}},
	}
	for _, rt := range routes {
		if r := tr.do("GET", rt.route, "", nil); r.code != http.StatusUnauthorized {
			t.Errorf("no token GET %s: %d, want 401", rt.route, r.code)
		}
		for _, who := range everyone {
			code, ok := rt.who[who]
			if !ok {
				code = http.StatusForbidden
			}
			r := tr.do("GET", rt.route, who, nil)
			if r.code != code {
				t.Errorf("%s GET %s: %d, want %d: %.200s", who, rt.route, r.code, code, r.body)
				continue
			}
			if code != 200 {
				p := r.problem(t)
				if code == 404 && strings.Contains(rt.route, "/participants/") {
					// Another municipality's or participant's row answers
					// as a missing one.
					ref := tr.do("GET", strings.Replace(rt.route, tr.me, missing, 1), who, nil)
					ref = map[bool]resp{true: tr.do("GET", strings.Replace(rt.route, tr.you, missing, 1), who, nil), false: ref}[strings.Contains(rt.route, tr.you)]
					q := ref.problem(t)
					if ref.code != 404 || strings.ReplaceAll(strings.ReplaceAll(p.Detail, tr.me, missing), tr.you, missing) != q.Detail {
						t.Errorf("%s GET %s: %q, missing one %d %q", who, rt.route, p.Detail, ref.code, q.Detail)
					}
				}
				continue
			}
			tr.checkBody(t, who, rt.route, r.body, personalIDs)
		}
	}
}

// checkBody checks a successful answer: an aggregate has no participant
// id and no count from 1 to 4; a personal answer holds only people the
// caller may see.
func (tr *trainingAPI) checkBody(t *testing.T, who, route string, body []byte, ids map[string]bool) {
	t.Helper()
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("%s %s: %v", who, route, err)
	}
	personal := strings.Contains(route, "/participants")
	if !personal {
		for id := range ids {
			if bytes.Contains(body, []byte(`"`+id+`"`)) {
				t.Errorf("%s GET %s holds participant id %s", who, route, id)
				break
			}
		}
		nums := map[string][]float64{}
		numbers(doc, "", nums)
		for k, xs := range nums {
			switch k {
			case "begun", "completed", "dropped", "in_progress", "stalled", "certificates", "moved_away", "issued":
				for _, x := range xs {
					if x > 0 && x < SmallCount {
						t.Errorf("%s GET %s: %s = %v shown", who, route, k, x)
					}
				}
			}
		}
		if strings.Contains(route, "/progress") {
			var v struct {
				Municipalities []struct{ Municipality string }
			}
			_ = json.Unmarshal(body, &v)
			for _, m := range v.Municipalities {
				if !tr.sees(who, m.Municipality) {
					t.Errorf("%s GET %s holds municipality %s", who, route, m.Municipality)
				}
			}
		}
		return
	}
	// Personal rows: every participant shown is the caller, or in the
	// administrator's municipality now.
	var list struct {
		Items []struct {
			ID           string `json:"participant_id"`
			Municipality string
		}
	}
	var one struct {
		ID          string `json:"participant_id"`
		Participant struct {
			ID string `json:"participant_id"`
		}
	}
	_ = json.Unmarshal(body, &list)
	_ = json.Unmarshal(body, &one)
	shown := []string{one.ID, one.Participant.ID}
	for _, it := range list.Items {
		shown = append(shown, it.ID)
	}
	for _, id := range shown {
		if id == "" {
			continue
		}
		if who == "me" && id != tr.me || who == "you" && id != tr.you {
			t.Errorf("%s GET %s shows participant %s", who, route, id)
		}
		if (who == "adm" || who == "adm2") && !tr.sees(who, regionOf(tr.set, id)) {
			t.Errorf("%s GET %s shows participant %s of %s", who, route, id, regionOf(tr.set, id))
		}
	}
	if strings.HasSuffix(route, "/participants") {
		wantN := 0
		for _, p := range tr.set.Participants {
			if tr.sees(who, regionOf(tr.set, p.ParticipantID)) {
				wantN++
			}
		}
		if len(list.Items) != wantN {
			t.Errorf("%s GET %s: %d rows, want %d", who, route, len(list.Items), wantN)
		}
	}
}

// sees reports whether the test caller's scope holds region.
func (tr *trainingAPI) sees(who, region string) bool {
	switch who {
	case "adm", "planner1":
		return region == borlange
	case "adm2":
		return region == falun
	case "lead", "admin":
		return true
	}
	return false
}

// TestTrainingSuppressionNoDifferencing: in the lead's progress, no
// relation between cells (begun = completed + dropped + in progress; a
// course's completed = the next one's begun; the total = the sum of the
// municipalities) has exactly one hidden cell, and the shown counts
// agree with the rows: the first course's begun is everyone now there.
func TestTrainingSuppressionNoDifferencing(t *testing.T) {
	tr := newTrainingAPI(t)
	r := tr.do("GET", "/v1/training/progress", "lead", nil)
	if r.code != 200 {
		t.Fatalf("%d %s", r.code, r.body)
	}
	var v struct {
		Municipalities []struct {
			Municipality string
			Courses      []map[string]any
			Certificates any
		}
		Total *struct {
			Courses      []map[string]any
			Certificates any
		}
	}
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatal(err)
	}
	if v.Total == nil || len(v.Municipalities) != 4 {
		t.Fatalf("want 4 municipalities and a total: %s", r.body)
	}
	hidden := func(x any) bool { _, ok := x.(string); return ok }
	single := func(what string, xs ...any) {
		n := 0
		for _, x := range xs {
			if hidden(x) {
				n++
			}
		}
		if n == 1 {
			t.Errorf("%s: exactly one hidden cell in %v", what, xs)
		}
	}
	rows := [][]map[string]any{v.Total.Courses}
	for _, m := range v.Municipalities {
		rows = append(rows, m.Courses)
		begun := 0
		for _, p := range tr.set.Participants {
			if regionOf(tr.set, p.ParticipantID) == m.Municipality {
				begun++
			}
		}
		if got := m.Courses[0]["begun"]; !hidden(got) && int(got.(float64)) != begun {
			t.Errorf("%s: intro begun %v, the rows say %d", m.Municipality, got, begun)
		}
	}
	for _, cs := range rows {
		for c, cc := range cs {
			single("begun = completed + dropped + in progress", cc["begun"], cc["completed"], cc["dropped"], cc["in_progress"])
			if c+1 < len(cs) {
				single("completed = next begun", cc["completed"], cs[c+1]["begun"])
			}
		}
	}
	for c := range v.Total.Courses {
		for _, k := range []string{"begun", "completed", "dropped", "in_progress", "stalled"} {
			xs := []any{v.Total.Courses[c][k]}
			for _, m := range v.Municipalities {
				xs = append(xs, m.Courses[c][k])
			}
			single("total "+k, xs...)
		}
	}
	// Asking for one municipality hides what the whole answer hides.
	for _, m := range v.Municipalities {
		one := tr.do("GET", "/v1/training/progress?municipality="+m.Municipality, "lead", nil)
		var w struct {
			Municipalities []struct{ Courses []map[string]any }
		}
		if err := json.Unmarshal(one.body, &w); err != nil || len(w.Municipalities) != 1 {
			t.Fatalf("%s: %v %s", m.Municipality, err, one.body)
		}
		for c := range m.Courses {
			for k, x := range m.Courses[c] {
				if hidden(x) != hidden(w.Municipalities[0].Courses[c][k]) {
					t.Errorf("%s %d %s: %v alone, %v in the whole", m.Municipality, c, k, w.Municipalities[0].Courses[c][k], x)
				}
			}
		}
	}
}

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
