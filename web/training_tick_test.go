package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var tickFormRe = regexp.MustCompile(`name="course" value="([^"]+)"><input type="hidden" name="activity" value="([^"]+)">`)

// A participant ticks off an activity on the page: it is recorded with
// today's date and leaves the to-do list; a tick the journey rules refuse
// (a duplicate, a locked course) is shown in the API's words with the
// API's status and records nothing; another's journey cannot be ticked,
// nor any without the session's CSRF token.
func TestTrainingParticipantTicks(t *testing.T) {
	_, by := trainingPeople(t)
	ts := newTrainingServer(t)
	c := ts.client(t)
	c.signInTo("participant_active")
	me := ts.active
	_, _, body := c.do("GET", "/ui/training/me?id="+me, nil, nil)
	forms := tickFormRe.FindAllStringSubmatch(body, -1)
	if len(forms) == 0 {
		t.Fatalf("no activity to tick off on the participant's own journey: %.2000s", body)
	}
	course, activity := forms[0][1], forms[0][2]
	tick := func(id, course, activity, csrf string) (int, http.Header, string) {
		return c.do("POST", "/ui/training/me/completions", url.Values{"csrf": {csrf}, "id": {id}, "course": {course}, "activity": {activity}}, nil)
	}

	if code, _, _ := tick(me, course, activity, "not-the-token"); code != http.StatusForbidden {
		t.Errorf("a tick without the CSRF token: %d, want 403", code)
	}
	code, hdr, body := tick(me, course, activity, c.csrf)
	if code != http.StatusSeeOther || !strings.HasPrefix(hdr.Get("Location"), "/ui/training/me?") {
		t.Fatalf("tick %s/%s: %d %s %s", course, activity, code, hdr.Get("Location"), alertOf(body))
	}
	_, _, body = c.do("GET", hdr.Get("Location"), nil, nil)
	if !strings.Contains(body, "Registrerat:") {
		t.Errorf("the recorded tick is not confirmed: %.1500s", body)
	}
	for _, f := range tickFormRe.FindAllStringSubmatch(body, -1) {
		if f[1] == course && f[2] == activity {
			t.Errorf("%s/%s is still to do after its tick", course, activity)
		}
	}
	var j journeyView
	ts.apiJSON(t, "participant_active", "/v1/training/participants/"+me, &j)
	done := false
	for _, jc := range j.Courses {
		if jc.Course == course && jc.Activities[activity] != "" {
			done = true
		}
	}
	if !done {
		t.Errorf("the API's journey does not have %s/%s done", course, activity)
	}

	// A duplicate: refused by the rules, in words, nothing recorded.
	code, _, body = tick(me, course, activity, c.csrf)
	if code < 400 || code >= 500 || !strings.Contains(body, `role="alert"`) || !strings.Contains(body, "Det gick inte att registrera") {
		t.Errorf("a duplicate tick: %d %.800s", code, body)
	}
	// A course not yet unlocked.
	locked := ""
	for _, jc := range j.Courses {
		if jc.Unlocked == "" {
			locked = jc.Course
		}
	}
	if locked != "" {
		if code, _, body := tick(me, locked, "preparation", c.csrf); code < 400 || code >= 500 || !strings.Contains(body, `role="alert"`) {
			t.Errorf("a tick in locked course %s: %d %.800s", locked, code, body)
		}
	}
	// A participant who has left has nothing to tick off.
	l := ts.client(t)
	l.signInTo("participant")
	if _, _, body := l.do("GET", "/ui/training/me?id="+by["2081"][0], nil, nil); by["2081"][0] != me && tickFormRe.MatchString(body) {
		t.Errorf("a participant who left is offered ticks")
	}
	// Another participant's journey does not exist for this one.
	other := by["2081"][0]
	if other == me {
		other = by["2081"][1]
	}
	if code, _, _ := tick(other, course, activity, c.csrf); code != http.StatusNotFound {
		t.Errorf("a tick in another's journey: %d, want 404", code)
	}
}

var alertRe = regexp.MustCompile(`role="alert">([^<]*)<`)

// alertOf is the problem a page shows, for a test's message.
func alertOf(body string) string {
	if m := alertRe.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}
