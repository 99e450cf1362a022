package api

import (
	"bytes"
	"encoding/json"
	"net/http"
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
