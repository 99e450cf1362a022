package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/caregap/caregap/web/session"
)

// todoCourse is a course the participant may work on now: unlocked, not
// completed, with the activities not yet ticked off, in their order.
type todoCourse struct {
	Course, Name string
	Activities   []todoActivity
}

type todoActivity struct {
	Code, Name string
}

// todo is what the participant can tick off now: the activities of the
// courses that are unlocked and not completed. The API checks every tick
// against the journey rules; this only leaves out what cannot be ticked.
func (v *view) todo(j *journeyView) []todoCourse {
	var out []todoCourse
	for _, c := range j.Courses {
		if c.Unlocked == "" || c.Completed != "" {
			continue
		}
		t := todoCourse{Course: c.Course, Name: v.courseName(c.Course, map[string]string{c.Course: c.Name})}
		for _, a := range sortedActivities(c.Activities) {
			if c.Activities[a] == "" {
				t.Activities = append(t.Activities, todoActivity{Code: a, Name: v.T(activityKey(a))})
			}
		}
		if len(t.Activities) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// sortedActivities is the keys of a course's activities in their order
// (activityOrder), unknown ones last by name.
func sortedActivities(acts map[string]string) []string {
	keys := make([]string, 0, len(acts))
	for k := range acts {
		keys = append(keys, k)
	}
	rank := func(k string) int {
		if i := slices.Index(activityOrder, k); i >= 0 {
			return i
		}
		return len(activityOrder)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		if a < b {
			return -1
		}
		return 1
	})
	return keys
}

// tickActivity is POST /ui/training/me/completions: the participant ticks
// off one activity of their own journey, today. The API checks the
// journey rules (unlock order, duplicates) and that the journey is the
// token's own; a rule broken is shown above the journey in the API's
// words, and nothing is recorded.
func (h *Handler) tickActivity(w http.ResponseWriter, r *http.Request, s *session.Session) {
	id := r.PostFormValue("id")
	req := map[string]string{"course": r.PostFormValue("course"), "activity": r.PostFormValue("activity")}
	a, err := h.call(r.Context(), s, http.MethodPost, "/v1/training/participants/"+pathEscape(id)+"/completions", nil, req, "", "")
	if err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	switch {
	case a.OK():
		q := url.Values{"id": {id}, "ticked": {req["course"] + "/" + req["activity"]}}
		http.Redirect(w, r, "/ui/training/me?"+q.Encode(), http.StatusSeeOther)
	case a.Status == http.StatusNotFound:
		h.failAPI(w, r, s, &apiError{Status: a.Status, Detail: a.Detail()})
	default:
		h.showJourneyStatus(w, r, s, id, "myjourney", a.Status, a.Detail())
	}
}
