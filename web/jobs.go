package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/caregap/caregap/web/i18n"
	"github.com/caregap/caregap/web/session"
)

// job is a job as the API shows it.
type job struct {
	ID       string          `json:"id"`
	Kind     string          `json:"kind"`
	Status   string          `json:"status"`
	Regions  []string        `json:"regions"`
	Request  json.RawMessage `json:"request"`
	Error    string          `json:"error"`
	Created  time.Time       `json:"created"`
	Started  *time.Time      `json:"started"`
	Finished *time.Time      `json:"finished"`
	Files    []string        `json:"files"`
	Rows     int             `json:"rows"`
	Progress *struct {
		Stage string `json:"stage"`
		Done  int    `json:"done"`
		Total int    `json:"total"`
	} `json:"progress"`
}

// forecastRequest is the part of a forecast job's request the page shows.
type forecastRequest struct {
	Scenarios []string `json:"scenarios"`
	Regions   []string `json:"regions"`
	ToYear    int      `json:"to_year"`
	Draws     int      `json:"draws"`
}

// Active reports a job not yet ended.
func (j *job) Active() bool {
	return j.Status == "queued" || j.Status == "running" || j.Status == "cancelling"
}

// Succeeded reports a job with results.
func (j *job) Succeeded() bool { return j.Status == "succeeded" }

// Forecast is the job's request as a forecast's.
func (j *job) Forecast() forecastRequest {
	var r forecastRequest
	_ = json.Unmarshal(j.Request, &r)
	return r
}

// Percent is the progress in percent, -1 when unknown.
func (j *job) Percent() int {
	if j.Progress == nil || j.Progress.Total <= 0 {
		return -1
	}
	return min(100, 100*j.Progress.Done/j.Progress.Total)
}

// Has reports whether the run wrote file.
func (j *job) Has(file string) bool {
	for _, f := range j.Files {
		if f == file {
			return true
		}
	}
	return false
}

// Elapsed is the time the job has run, or ran, in whole seconds.
func (j *job) Elapsed() int {
	if j.Started == nil {
		return 0
	}
	end := time.Now()
	if j.Finished != nil {
		end = *j.Finished
	}
	return int(end.Sub(*j.Started).Seconds())
}

func (h *Handler) jobOf(r *http.Request, s *session.Session, kind, id string) (*job, error) {
	var j job
	err := h.getJSON(r.Context(), s, "/v1/"+kind+"/"+pathEscape(id), nil, &j)
	return &j, err
}

func (h *Handler) jobsOf(r *http.Request, s *session.Session, kind string) ([]job, error) {
	var l struct {
		Items []job `json:"items"`
	}
	err := h.getJSON(r.Context(), s, "/v1/"+kind, nil, &l)
	// Newest first.
	for i, j := 0, len(l.Items)-1; i < j; i, j = i+1, j-1 {
		l.Items[i], l.Items[j] = l.Items[j], l.Items[i]
	}
	return l.Items, err
}

// statusView is the fragment of a running job: its status and progress,
// polled by htmx until the job ends; then the browser reloads the page,
// which shows the results.
type statusView struct {
	Job   *job
	Poll  string // the URL polled
	Back  string // the page to reload at the end
	Poll1 int    // the poll interval in ms
}

func (h *Handler) jobStatus(w http.ResponseWriter, r *http.Request, s *session.Session, kind, page string) {
	j, err := h.jobOf(r, s, kind, r.PathValue("id"))
	if err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	back := "/ui/" + kind + "/" + url.PathEscape(j.ID)
	if !j.Active() {
		w.Header().Set("HX-Redirect", back)
	}
	v := h.newView(r, s, "", "")
	v.Data = statusOnly{Status: &statusView{Job: j, Poll: back + "/status", Back: back, Poll1: int(h.opt.Poll.Milliseconds())}}
	h.render(w, http.StatusOK, page, "status", v)
}

// statusOnly is the data of the status fragment alone.
type statusOnly struct{ Status *statusView }

func (h *Handler) cancelJob(w http.ResponseWriter, r *http.Request, s *session.Session, kind string) {
	a, err := h.call(r.Context(), s, http.MethodDelete, "/v1/"+kind+"/"+pathEscape(r.PathValue("id")), nil, nil, "", "")
	if err != nil {
		h.failAPI(w, r, s, err)
		return
	}
	if !a.OK() {
		h.failAPI(w, r, s, &apiError{Status: a.Status, Detail: a.Detail()})
		return
	}
	http.Redirect(w, r, "/ui/"+kind+"/"+url.PathEscape(r.PathValue("id")), http.StatusSeeOther)
}

// statusText is the job status in the view's language.
func statusText(v *view, status string) string { return i18n.T(v.Lang, "status."+status) }
