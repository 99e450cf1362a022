package web

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/caregap/caregap/engine/training"

	"github.com/caregap/caregap/api/auth"
	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
)

// trainingPeople are the training records' participants by the
// municipality they are in now, read from the records themselves.
func trainingPeople(t testing.TB) (*datasets.TrainingSet, map[string][]string) {
	t.Helper()
	set, err := defaultdata.LoadTraining()
	if err != nil {
		t.Fatal(err)
	}
	where := map[string]string{}
	for _, p := range set.Participants {
		where[p.ParticipantID] = p.Region
	}
	last := map[string]string{}
	for _, tr := range set.Transfers {
		if tr.Date >= last[tr.ParticipantID] {
			where[tr.ParticipantID], last[tr.ParticipantID] = tr.ToRegion, tr.Date
		}
	}
	by := map[string][]string{}
	for id, r := range where {
		by[r] = append(by[r], id)
	}
	for _, ids := range by {
		slices.Sort(ids)
	}
	return set, by
}

// newTrainingServer is newTestServer's page with the training roles
// added: administrators of Borlänge (2081) and Falun (2080), a planner of
// both, and a participant now in Borlänge.
func newTrainingServer(t testing.TB) *testServer {
	t.Helper()
	set, by := trainingPeople(t)
	active := activeParticipant(t, set, by["2081"])
	ts := startTestServer(t, 4, []testToken{
		{name: "planner", role: auth.Planner, scope: []string{"2081", "2080"}},
		{name: "adm_borlange", role: auth.Administrator, scope: []string{"2081"}},
		{name: "adm_falun", role: auth.Administrator, scope: []string{"2080"}},
		{name: "admin", role: auth.Admin, scope: []string{auth.AllRegions}},
		{name: "officer", role: auth.Officer, scope: []string{"2081"}},
		{name: "participant", participant: by["2081"][0]},
		{name: "participant_active", participant: active},
	})
	ts.active = active
	return ts
}

// activeParticipant is the first of ids whose journey is in progress
// (neither left nor finished) in the embedded set.
func activeParticipant(t testing.TB, set *datasets.TrainingSet, ids []string) string {
	t.Helper()
	ins, _, err := datasets.TrainingInputs(set)
	if err != nil {
		t.Fatal(err)
	}
	reg, errs := training.Replay(ins[0])
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, id := range ids {
		if j := reg.Journey(id); j != nil && j.Left == training.NoDay && j.Current() < len(reg.Programme.Courses) {
			return id
		}
	}
	t.Fatal("no participant in progress")
	return ""
}

// signInTo signs in as name and returns where the sign-in sent it.
func (c *client) signInTo(name string) string {
	c.t.Helper()
	c.do("GET", "/ui/signin", nil, nil)
	code, hdr, body := c.do("POST", "/ui/signin", url.Values{"csrf": {c.csrf}, "token": {c.srv.tokens[name]}}, nil)
	if code != http.StatusSeeOther {
		c.t.Fatalf("sign-in as %s: %d %s", name, code, body)
	}
	return hdr.Get("Location")
}

// apiJSON reads an API route as name, straight from the API.
func (ts *testServer) apiJSON(t *testing.T, name, path string, v any) {
	t.Helper()
	req, _ := http.NewRequest("GET", ts.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+ts.tokens[name])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("%s as %s: %d", path, name, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

var peopleRowRe = regexp.MustCompile(`<a href="/ui/training/participants/([^"]+)">`)

// An administrator signs in to the training page and sees exactly the
// participants now in their municipality, and the filter keeps the
// stalled ones; another municipality's participant is not found.
func TestTrainingAdministrator(t *testing.T) {
	set, by := trainingPeople(t)
	ts := newTrainingServer(t)
	c := ts.client(t)
	if to := c.signInTo("adm_borlange"); to != "/ui/training" {
		t.Fatalf("an administrator starts on %q", to)
	}
	code, _, body := c.do("GET", "/ui/training", nil, nil)
	if code != 200 || !strings.Contains(body, "Framsteg per kurs") || !strings.Contains(body, `id="tr-people"`) {
		t.Fatalf("training page: %d %.400s", code, body)
	}
	var got []string
	for _, m := range peopleRowRe.FindAllStringSubmatch(body, -1) {
		got = append(got, m[1])
	}
	slices.Sort(got)
	if !slices.Equal(got, by["2081"]) {
		t.Errorf("the administrator of 2081 sees %d participants, the records have %d there", len(got), len(by["2081"]))
	}
	for _, id := range by["2080"][:20] {
		if strings.Contains(body, ">"+id+"<") {
			t.Errorf("Falun's participant %s is on Borlänge's page", id)
		}
	}
	// The stalled filter: the rows the API marks stalled, and only those.
	var api struct {
		Items []participantRow `json:"items"`
	}
	ts.apiJSON(t, "adm_borlange", "/v1/training/participants", &api)
	var stalled []string
	for _, p := range api.Items {
		if p.Stalled {
			stalled = append(stalled, p.ID)
		}
	}
	slices.Sort(stalled)
	_, _, body = c.do("GET", "/ui/training?municipality=2081&stalled=1", nil, nil)
	got = got[:0]
	for _, m := range peopleRowRe.FindAllStringSubmatch(body, -1) {
		got = append(got, m[1])
	}
	slices.Sort(got)
	if len(stalled) == 0 || !slices.Equal(got, stalled) {
		t.Errorf("stalled filter: %d rows, the API marks %d stalled", len(got), len(stalled))
	}
	// One journey: every completion of the records is on it.
	id := by["2081"][0]
	code, _, body = c.do("GET", "/ui/training/participants/"+id, nil, nil)
	if code != 200 {
		t.Fatalf("journey of %s: %d", id, code)
	}
	for _, co := range set.Completions {
		if co.ParticipantID == id && !strings.Contains(body, co.Date) {
			t.Errorf("journey of %s lacks the %s of %s on %s", id, co.Activity, co.Course, co.Date)
		}
	}
	if code, _, _ := c.do("GET", "/ui/training/participants/"+by["2080"][0], nil, nil); code != http.StatusNotFound {
		t.Errorf("Falun's participant's journey for Borlänge's administrator: %d", code)
	}
	// English.
	if _, _, body := c.do("GET", "/ui/training?lang=en", nil, nil); !strings.Contains(body, "Progress per course") {
		t.Error("no English page")
	}
}

var progressRowRe = regexp.MustCompile(`(?s)<tr><th scope="row">([^<]+)</th>(.*?)</tr>`)
var cellRe = regexp.MustCompile(`<td class="[^"]*">([^<]*)</td>`)

// A planner sees aggregates only: no personal row, no participant id, and
// every count the API hides reads "< 5" or "–", never a number, in the
// table and in the chart's data.
func TestTrainingPlannerAggregatesOnly(t *testing.T) {
	_, by := trainingPeople(t)
	ts := newTrainingServer(t)
	c := ts.client(t)
	if to := c.signInTo("planner"); to != "/" {
		t.Fatalf("a planner starts on %q", to)
	}
	for _, muni := range []string{"2081", "2080"} {
		code, _, body := c.do("GET", "/ui/training?municipality="+muni, nil, nil)
		if code != 200 || !strings.Contains(body, `id="tr-aggregates"`) {
			t.Fatalf("planner's page: %d %.300s", code, body)
		}
		if strings.Contains(body, "tr-people") || strings.Contains(body, "/ui/training/participants/") {
			t.Error("a planner's page has personal rows")
		}
		for _, ids := range by {
			for _, id := range ids {
				if strings.Contains(body, id+"<") || strings.Contains(body, id+"\"") {
					t.Fatalf("participant %s is on the planner's page", id)
				}
			}
		}
		var prog trainingProgress
		ts.apiJSON(t, "planner", "/v1/training/progress?municipality="+muni, &prog)
		// The first rows with a row header are the progress table's, in
		// the programme's order.
		var rows [][]string
		for _, m := range progressRowRe.FindAllStringSubmatch(body, -1) {
			var cells []string
			for _, cm := range cellRe.FindAllStringSubmatch(m[2], -1) {
				cells = append(cells, html.UnescapeString(cm[1]))
			}
			rows = append(rows, cells)
		}
		hidden := 0
		if len(rows) < len(prog.Municipalities[0].Courses) {
			t.Fatalf("%s: %d rows on the page", muni, len(rows))
		}
		for ci, co := range prog.Municipalities[0].Courses {
			cells := rows[ci]
			if len(cells) != 5 {
				t.Fatalf("%s: course %s has cells %q", muni, co.Course, cells)
			}
			for i, n := range []*count{co.Begun, co.Completed, co.Dropped, co.InProgress, co.Stalled} {
				switch {
				case n.Hidden == "< 5":
					hidden++
					if cells[i] != "< 5" {
						t.Errorf("%s %s column %d: the API hides it as < 5, the page shows %q", muni, co.Course, i, cells[i])
					}
				case n.Hidden != "":
					hidden++
					if cells[i] != "–" {
						t.Errorf("%s %s column %d: the API hides it, the page shows %q", muni, co.Course, i, cells[i])
					}
				default:
					if digits(cells[i]) != strconv.Itoa(n.N) {
						t.Errorf("%s %s column %d: %q, the API says %d", muni, co.Course, i, cells[i], n.N)
					}
				}
			}
		}
		// The certificates and moves of each municipality, after the
		// progress table.
		var all trainingProgress
		ts.apiJSON(t, "planner", "/v1/training/progress", &all)
		for k, m := range all.Municipalities {
			cells := rows[len(prog.Municipalities[0].Courses)+k]
			for i, n := range []*count{m.Certificates, m.MovedAway} {
				want := "< 5"
				switch {
				case n.Shown():
					want = strconv.Itoa(n.N)
					cells[i] = digits(cells[i])
				case n.Hidden != "< 5":
					want = "–"
				}
				if cells[i] != want {
					t.Errorf("%s: column %d of %s's certificates and moves reads %q, the API's %+v", muni, i, m.Municipality, cells[i], n)
				}
			}
		}
		if hidden > 0 && !strings.Contains(body, "1–4 personer") {
			t.Errorf("%s: hidden counts without the note", muni)
		}
		// The chart's data: a hidden count is null.
		spec := regexp.MustCompile(`(?s)<script type="application/json" id="chart-progress-data">(.*?)</script>`).FindStringSubmatch(body)
		if spec == nil {
			t.Fatal("no progress chart")
		}
		var sp trainingSpec
		if err := json.Unmarshal([]byte(spec[1]), &sp); err != nil {
			t.Fatal(err)
		}
		for i, co := range prog.Municipalities[0].Courses {
			for k, n := range []*count{co.Completed, co.Dropped, co.InProgress, co.Stalled} {
				if p := sp.Series[k].Data[i]; (p == nil) != !n.Shown() || p != nil && int(*p) != n.N {
					t.Errorf("%s %s series %d: the chart draws %v for %+v", muni, co.Course, k, p, n)
				}
			}
		}
	}
	if code, _, _ := c.do("GET", "/ui/training/participants/"+by["2081"][0], nil, nil); code != http.StatusNotFound {
		t.Errorf("a planner opens a journey: %d", code)
	}
	// An officer has no training page.
	o := ts.client(t)
	o.signInTo("officer")
	if code, _, _ := o.do("GET", "/ui/training", nil, nil); code != http.StatusNotFound {
		t.Errorf("an officer's training page: %d", code)
	}
}

// A participant signs in to their own journey and no one else's.
func TestTrainingParticipant(t *testing.T) {
	_, by := trainingPeople(t)
	ts := newTrainingServer(t)
	c := ts.client(t)
	if to := c.signInTo("participant"); to != "/ui/training/me" {
		t.Fatalf("a participant starts on %q", to)
	}
	code, _, body := c.do("GET", "/ui/training/me", nil, nil)
	if code != 200 || !strings.Contains(body, `name="id"`) {
		t.Fatalf("participant's page: %d", code)
	}
	me := by["2081"][0]
	code, _, body = c.do("GET", "/ui/training/me?id="+me, nil, nil)
	if code != 200 || !strings.Contains(body, "Deltagare "+me) {
		t.Errorf("own journey: %d", code)
	}
	if code, _, _ := c.do("GET", "/ui/training/me?id="+by["2081"][1], nil, nil); code != http.StatusNotFound {
		t.Errorf("another's journey: %d", code)
	}
	if code, _, _ := c.do("GET", "/ui/training", nil, nil); code != http.StatusNotFound {
		t.Errorf("a participant's training overview: %d", code)
	}
	if code, hdr, _ := c.do("GET", "/", nil, nil); code != http.StatusSeeOther || hdr.Get("Location") != "/ui/training/me" {
		t.Errorf("/ for a participant: %d %s", code, hdr.Get("Location"))
	}
}

// digits keeps the digits of a formatted number.
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}
