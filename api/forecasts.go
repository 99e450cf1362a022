package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"os"
	"slices"
	"time"

	"github.com/caregap/caregap/api/auth"
	"github.com/caregap/caregap/api/store"
	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata/scenarios"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/runs/forecastrun"
	"github.com/gin-gonic/gin"
)

// ForecastRequest is the body of POST /v1/forecasts.
type ForecastRequest struct {
	// Dataset is the dataset id; "" means "default".
	Dataset string `json:"dataset"`
	// Scenarios are shipped or created scenario names; none means every
	// shipped scenario.
	Scenarios []string `json:"scenarios"`
	// Regions are municipality codes; none means every region of the
	// dataset in the caller's scope.
	Regions []string `json:"regions"`
	// ToYear is the last year; 0 means 2040.
	ToYear int `json:"to_year"`
	// Draws is the number of Monte Carlo draws (0: none, at most 1000).
	Draws int `json:"draws"`
	// Seed of the draws; 0 means 1.
	Seed uint64 `json:"seed"`
	// Threshold is the gap whose exceedance probability the draws report.
	Threshold float64 `json:"threshold"`
	// Decomposition lever by lever; nil means true.
	Decomposition *bool `json:"decomposition"`
}

// Validate checks the fields that need no data.
func (r *ForecastRequest) Validate() error {
	if r.ToYear != 0 && (r.ToYear < 2000 || r.ToYear > 2100) {
		return errorf(KindValidation, "to_year %d: not a year between 2000 and 2100", r.ToYear)
	}
	if r.Draws < 0 {
		return errorf(KindValidation, "draws %d: must be 0 or more", r.Draws)
	}
	if math.IsNaN(r.Threshold) || math.IsInf(r.Threshold, 0) || math.Abs(r.Threshold) > 1e9 {
		return errorf(KindValidation, "threshold: a gap in FTE between -1e9 and 1e9")
	}
	return nil
}

// checkLimits checks the counts of the request against l.
func (r *ForecastRequest) checkLimits(l *Limits) error {
	if len(r.Scenarios) > l.Scenarios {
		return overLimit("scenarios", len(r.Scenarios), l.Scenarios, "max-scenarios")
	}
	if r.Draws > l.Draws {
		return overLimit("draws", r.Draws, l.Draws, "max-draws")
	}
	return l.checkRegions(len(r.Regions))
}

// jobView is a job as the API shows it.
type jobView struct {
	ID       string            `json:"id"`
	Kind     string            `json:"kind"`
	Status   string            `json:"status"`
	Regions  []string          `json:"regions"`
	Request  json.RawMessage   `json:"request"`
	Error    string            `json:"error,omitempty"`
	Created  time.Time         `json:"created"`
	Started  *time.Time        `json:"started,omitempty"`
	Finished *time.Time        `json:"finished,omitempty"`
	Files    []string          `json:"files,omitempty"`
	Rows     int               `json:"rows,omitempty"`
	Links    map[string]string `json:"links"`
	Progress *JobProgress      `json:"progress,omitempty"` // while running (progress.go)
}

func viewJob(j *store.Job) jobView {
	v := jobView{ID: j.ID, Kind: j.Kind, Status: j.Status, Regions: j.Regions, Request: json.RawMessage(j.Request),
		Error: j.Error, Created: j.Created, Links: map[string]string{"self": "/v1/forecasts/" + j.ID}, Progress: progressOf(j.ID)}
	if !j.Started.IsZero() {
		v.Started = &j.Started
	}
	if !j.Finished.IsZero() {
		v.Finished = &j.Finished
	}
	if j.Run != nil {
		v.Files, v.Rows = j.Run.Files, j.Run.Rows
		v.Links["results"] = "/v1/forecasts/" + j.ID + "/results"
		v.Links["comparison"] = "/v1/forecasts/" + j.ID + "/comparison"
	}
	return v
}

// newID returns a fresh job id: prefix ("fc", "pp", "mt") and 16 random
// hex digits.
func newID(prefix string) string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return prefix + "_" + hex.EncodeToString(b[:])
}

func newJobID() string { return newID("fc") }

// visible reports whether p may see job j: every region it ran is in
// p's scope.
func visible(p *auth.Principal, j *store.Job) bool {
	if p.All() {
		return true
	}
	for _, r := range j.Regions {
		if !p.InScope(r) {
			return false
		}
	}
	return true
}

// job returns forecast job id if p may see it; otherwise not found, as
// for a job that does not exist.
func (s *server) job(ctx context.Context, p *auth.Principal, id string) (*store.Job, error) {
	return s.jobOf(ctx, p, id, "forecast", "forecast", visible)
}

// jobOf returns the job id of kind if p sees it; otherwise, and for a job
// that does not exist, the same not-found answer naming what.
func (s *server) jobOf(ctx context.Context, p *auth.Principal, id, kind, what string, sees func(*auth.Principal, *store.Job) bool) (*store.Job, error) {
	if !store.ValidName(id) {
		return nil, notFound(what, id)
	}
	j, err := s.storedJob(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (j.Kind != kind || !sees(p, j))) {
		return nil, notFound(what, id)
	}
	return j, err
}

// createForecast validates the request against the data, queues the run
// and answers 202 with the job.
func (s *server) createForecast(c *gin.Context) {
	ctx := c.Request.Context()
	p := principal(c)
	var req ForecastRequest
	if err := decodeJSON(c.Request.Body, &req); err != nil {
		writeError(c, err)
		return
	}
	if err := req.Validate(); err != nil {
		writeError(c, err)
		return
	}
	if err := req.checkLimits(&s.Limits); err != nil {
		writeError(c, err)
		return
	}
	if req.Dataset == "" {
		req.Dataset = DefaultDataset
	}
	if req.ToYear == 0 {
		req.ToYear = 2040
	}
	if len(req.Scenarios) == 0 {
		req.Scenarios = slices.Clone(scenarios.Names)
	}
	if _, err := s.scopedDataset(ctx, p, req.Dataset, true); err != nil { // scope first, before any file
		writeError(c, datasetError(p, req.Dataset, err))
		return
	}
	b, err := s.loadBundle(ctx, req.Dataset)
	if err != nil {
		writeError(c, datasetError(p, req.Dataset, err))
		return
	}
	var scs []*scenario.Resolved
	for _, n := range req.Scenarios {
		r, _, err := s.loadScenario(ctx, p, n)
		if err != nil {
			if kind, _, _ := classify(err); kind == KindNotFound {
				err = errorf(KindValidation, "scenario %q not found", n)
			}
			writeError(c, err)
			return
		}
		if err := s.Limits.checkLevers(r.Name, len(r.Levers)); err != nil {
			writeError(c, err)
			return
		}
		if slices.ContainsFunc(scs, func(x *scenario.Resolved) bool { return x.Name == r.Name }) {
			writeError(c, errorf(KindValidation, "scenario %q named twice", n))
			return
		}
		scs = append(scs, r)
	}
	known := make([]string, len(b.Regions))
	for i, r := range b.Regions {
		known[i] = r.Region
	}
	req.Regions = resolveNames(p, known, b.Regions, req.Regions)
	if req.Regions, err = requestRegions(p, req.Dataset, known, req.Regions); err != nil {
		writeError(c, err)
		return
	}
	// Placements shared by supervisor places take them from the dataset's
	// matching set; without one the forecast names the lever that needs it.
	var workplaces []datasets.Workplace
	if forecastrun.NeedsSupervisors(scs) {
		if set, err := s.loadMatchSet(ctx, req.Dataset); err == nil {
			workplaces = set.Workplaces
		}
	}
	plan, err := forecastrun.Prepare(forecastrun.Spec{
		Bundle: b, Regions: req.Regions, Scenarios: scs, ToYear: req.ToYear,
		NoDecomposition: req.Decomposition != nil && !*req.Decomposition,
		Draws:           req.Draws, Seed: req.Seed, Threshold: req.Threshold, Workers: 1,
		Workplaces: workplaces,
	})
	if err != nil {
		writeError(c, err)
		return
	}
	if err := s.Limits.checkYears(req.ToYear - plan.BaseYear()); err != nil {
		writeError(c, err)
		return
	}
	j := &store.Job{ID: newJobID(), Kind: "forecast", Owner: p.ID, Regions: req.Regions}
	s.submitJob(c, j, req, "/v1/forecasts/", viewJob, func(jctx context.Context) {
		s.runJob(jctx, j.ID, []any{"kind", "forecast", "regions", len(plan.Regions), "scenarios", len(plan.Scenarios)},
			func(ctx context.Context) ([]string, int, error) { return s.forecastFiles(ctx, j.ID, plan) })
	})
}

// submitJob records job j with its request, queues run, and answers 202
// with the job as view shows it (and its Location under path); a full
// queue removes the record and answers 429.
func (s *server) submitJob(c *gin.Context, j *store.Job, req any, path string, view func(*store.Job) jobView, run func(context.Context)) {
	ctx := c.Request.Context()
	reqJSON, _ := json.Marshal(req)
	j.Request = string(reqJSON)
	if err := s.Store.CreateJob(ctx, j); err != nil {
		writeError(c, err)
		return
	}
	safe := func(ctx context.Context) {
		defer func() {
			if r := recover(); r != nil { // a bug, not the data: record it, keep serving
				s.Logger.Error("job panicked", "job_id", j.ID)
				_ = os.RemoveAll(s.Store.RunDir(j.ID))
				_ = s.Store.FinishJob(context.Background(), j.ID, store.Failed, "internal error", nil)
			}
		}()
		run(ctx)
	}
	if err := s.Queue.Submit(j.ID, safe); err != nil {
		_ = s.Store.DeleteJob(context.Background(), j.ID)
		writeError(c, err)
		return
	}
	j, err := s.Store.Job(ctx, j.ID)
	if err != nil {
		writeError(c, err)
		return
	}
	c.Header("Location", path+j.ID)
	c.JSON(http.StatusAccepted, view(j))
}

// forecastFiles runs plan and writes its run directory: nothing of it
// exists unless every file was written.
func (s *server) forecastFiles(ctx context.Context, id string, plan *forecastrun.Plan) ([]string, int, error) {
	defer untrack(id)
	run, err := plan.Run(ctx, trackProgress(id))
	if err != nil {
		return nil, 0, err
	}
	files, err := run.Write(s.Store.RunDir(id), 0o700, forecastrun.Files{})
	if err != nil {
		return nil, 0, err
	}
	return files, len(run.Rows), ctx.Err()
}

func (s *server) listForecasts(c *gin.Context) { s.listJobs(c, "forecast", visible, viewJob) }

// listJobs answers the jobs of kind that the caller sees, as view shows
// them.
func (s *server) listJobs(c *gin.Context, kind string, sees func(*auth.Principal, *store.Job) bool, view func(*store.Job) jobView) {
	p := principal(c)
	js, err := s.Store.Jobs(c.Request.Context(), kind)
	if err != nil {
		writeError(c, err)
		return
	}
	out := []jobView{}
	for _, j := range js {
		if sees(p, j) {
			out = append(out, view(j))
		}
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}

func (s *server) getForecast(c *gin.Context) {
	j, err := s.job(c.Request.Context(), principal(c), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, viewJob(j))
}

// cancelForecast cancels a queued or running job; a finished one is a
// conflict.
func (s *server) cancelForecast(c *gin.Context) {
	j, err := s.job(c.Request.Context(), principal(c), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	s.cancelJob(c, j, "forecast", viewJob)
}

// cancelJob cancels queued or running job j of kind what and answers
// with its view; a finished job is a conflict.
func (s *server) cancelJob(c *gin.Context, j *store.Job, what string, view func(*store.Job) jobView) {
	ctx := c.Request.Context()
	var err error
	switch j.Status {
	case store.Queued:
		if ok, err := s.Store.CancelQueued(ctx, j.ID); err != nil {
			writeError(c, err)
			return
		} else if ok {
			break
		}
		fallthrough // it started meanwhile
	case store.Running:
		s.cancelMu.Lock()
		s.cancelled[j.ID] = true
		s.cancelMu.Unlock()
		ok, err := s.Store.MarkCancelling(ctx, j.ID)
		if err != nil {
			writeError(c, err)
			return
		}
		if !ok { // it ended meanwhile
			s.cancelMu.Lock()
			delete(s.cancelled, j.ID)
			s.cancelMu.Unlock()
			break
		}
		s.Queue.Cancel(j.ID)
	case store.Cancelling: // cancelled before: wait for its end again
	default:
		writeError(c, errorf(KindConflict, "%s %q is %s and cannot be cancelled", what, j.ID, j.Status))
		return
	}
	// Wait briefly so the answer shows the job's end when it is quick;
	// otherwise it shows "cancelling".
	for range 25 {
		if j, err = s.Store.Job(ctx, j.ID); err != nil || !j.Active() {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, view(j))
}
