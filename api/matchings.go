package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"

	"github.com/caregap/caregap/api/auth"
	"github.com/caregap/caregap/api/store"
	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/runs/labels"
	"github.com/caregap/caregap/runs/matchrun"
	"github.com/gin-gonic/gin"
)

// Matchings: who sees what.
//
// A matching job is visible to a caller whose scope holds at least one of
// the job's municipalities (an admin sees every job). Everything under it
// is then filtered per candidate: assignments, placements and the report
// cover only the candidates whose municipality is in the caller's scope,
// and a candidate outside it answers 404 exactly as a missing one. The
// report says which scope it covers. Cancelling needs every municipality
// of the job in scope, as for forecasts.

// MatchingRequest is the body of POST /v1/matchings.
type MatchingRequest struct {
	// Dataset is "default" (the embedded matching set) or an uploaded
	// dataset with candidates, openings and workplaces; "" means default.
	Dataset string `json:"dataset"`
	// Solver is flow (default), dense or stable.
	Solver string `json:"solver"`
	// Regions are municipality codes: the run takes the candidates of
	// these municipalities and the workplaces (with their openings) in
	// them. None means every municipality of the dataset in scope.
	Regions []string `json:"regions"`
}

// maxAlternatives is the number of alternatives a stored run keeps per
// candidate, cheapest first (the chosen opening is always kept).
const maxAlternatives = 10

func newMatchingID() string { return newID("mt") }

func viewMatching(j *store.Job) jobView {
	v := viewJob(j)
	self := "/v1/matchings/" + j.ID
	v.Links = map[string]string{"self": self}
	if j.Run != nil {
		v.Links["assignments"] = self + "/assignments"
		v.Links["report"] = self + "/report"
		v.Links["candidate"] = self + "/candidates/{candidate_id}"
	}
	return v
}

// seesAny reports whether p's scope holds one of j's regions.
func seesAny(p *auth.Principal, j *store.Job) bool {
	return p.All() || slices.ContainsFunc(j.Regions, p.InScope)
}

// matching returns matching job id if p may see it; otherwise not found,
// as for a job that does not exist.
func (s *server) matching(ctx context.Context, p *auth.Principal, id string) (*store.Job, error) {
	return s.jobOf(ctx, p, id, "matching", "matching", seesAny)
}

// loadMatchSet reads and checks the matching set of dataset id.
func (s *server) loadMatchSet(ctx context.Context, id string) (*datasets.MatchSet, error) {
	if id == DefaultDataset {
		s.matchOnce.Do(func() { s.matchSet, s.matchErr = s.DefaultMatch() })
		return s.matchSet, s.matchErr
	}
	if !store.ValidName(id) {
		return nil, notFound("dataset", id)
	}
	if _, err := s.summary(ctx, id); err != nil {
		return nil, err
	}
	return datasets.ReadMatchFS(os.DirFS(s.Store.DatasetDir(id)))
}

func (s *server) createMatching(c *gin.Context) {
	ctx := c.Request.Context()
	p := principal(c)
	var req MatchingRequest
	if err := decodeJSON(c.Request.Body, &req); err != nil {
		writeError(c, err)
		return
	}
	if req.Dataset == "" {
		req.Dataset = DefaultDataset
	}
	if req.Solver == "" {
		req.Solver = "flow"
	}
	if !slices.Contains(matchrun.Solvers, req.Solver) {
		writeError(c, errorf(KindValidation, "solver %q: one of %v", req.Solver, matchrun.Solvers))
		return
	}
	if err := s.Limits.checkRegions(len(req.Regions)); err != nil {
		writeError(c, err)
		return
	}
	if _, err := s.scopedDataset(ctx, p, req.Dataset, false); err != nil && req.Dataset != DefaultDataset { // scope first, before any file
		writeError(c, datasetError(p, req.Dataset, err))
		return
	}
	set, err := s.loadMatchSet(ctx, req.Dataset)
	if err != nil {
		writeError(c, datasetError(p, req.Dataset, err))
		return
	}
	var known []string
	for _, cd := range set.Candidates {
		known = append(known, cd.Region)
	}
	for _, w := range set.Workplaces {
		known = append(known, w.Region)
	}
	slices.Sort(known)
	known = slices.Compact(known)
	// A matching set has no regions table; the default dataset names the
	// municipalities of the default set.
	if req.Dataset == DefaultDataset {
		if b, err := s.defaultBundle(); err == nil {
			req.Regions = resolveNames(p, known, b.Regions, req.Regions)
		}
	}
	if req.Regions, err = requestRegions(p, req.Dataset, known, req.Regions); err != nil {
		writeError(c, err)
		return
	}
	sub := matchrun.Subset(set, req.Regions)
	j := &store.Job{ID: newMatchingID(), Kind: "matching", Owner: p.ID, Regions: req.Regions}
	s.submitJob(c, j, req, "/v1/matchings/", viewMatching, func(jctx context.Context) {
		// The log names counts only, never a candidate.
		s.runJob(jctx, j.ID, []any{"kind", "matching", "candidates", len(sub.Candidates), "openings", len(sub.Openings), "solver", req.Solver},
			func(ctx context.Context) ([]string, int, error) { return s.matchingFiles(ctx, j.ID, sub, req.Solver) })
	})
}

// matchingFiles solves, verifies and writes the run directory
// (assignments, report and record, all or none); it returns the number
// placed.
func (s *server) matchingFiles(ctx context.Context, id string, set *datasets.MatchSet, solver string) ([]string, int, error) {
	run, err := matchrun.Match(ctx, matchrun.Spec{Set: set, Solver: solver, Verify: true}, nil)
	if err != nil {
		return nil, 0, err
	}
	files, err := run.Write(s.Store.RunDir(id), 0o700, matchrun.Files{Alternatives: maxAlternatives})
	if err != nil {
		return nil, 0, err
	}
	return files, run.Result.Placed, ctx.Err()
}

// matchResult is a finished matching run in memory: its placements, its
// report, its record, each candidate's index and each placement's
// candidate municipality.
type matchResult struct {
	rows    []datasets.Assignment
	report  *datasets.MatchReport
	record  *matchrun.Record
	byID    map[string]int // candidate id → index in record.Candidates
	rowHome []string       // municipality of the candidate of rows[i]
}

// loadMatchResult reads the files of matching run id once and keeps them.
func (s *server) loadMatchResult(id string) (*matchResult, error) {
	v, err := s.results.get(id+"/matching", func() (any, error) {
		dir := s.Store.RunDir(id)
		mr := &matchResult{byID: map[string]int{}}
		var err error
		if mr.rows, err = readRun[datasets.Assignment](s, id, "assignments"); err != nil {
			// A run that placed nobody has a file without rows.
			if !errors.Is(err, datasets.ErrEmpty) {
				return nil, err
			}
			mr.rows = nil
		}
		if mr.report, err = decodeFile(filepath.Join(dir, "report.json"), datasets.DecodeMatchReport); err != nil {
			return nil, fmt.Errorf("run %s: %w", id, errors.Join(errInternalData, err))
		}
		if mr.record, err = decodeFile(filepath.Join(dir, "record.json"), matchrun.DecodeRecord); err != nil {
			return nil, fmt.Errorf("run %s: %w", id, errors.Join(errInternalData, err))
		}
		for i, c := range mr.record.Candidates {
			mr.byID[c.CandidateID] = i
		}
		mr.rowHome = make([]string, len(mr.rows))
		for i, r := range mr.rows {
			mr.rowHome[i] = mr.record.Candidates[mr.byID[r.CandidateID]].Region
		}
		return mr, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*matchResult), nil
}

func decodeFile[T any](path string, decode func(io.Reader) (T, error)) (T, error) {
	f, err := os.Open(path)
	if err != nil {
		var zero T
		return zero, err
	}
	defer f.Close()
	return decode(f)
}

// finishedMatching returns the visible succeeded matching and its
// results, or answers with a problem.
func (s *server) finishedMatching(c *gin.Context) (*store.Job, *matchResult, bool) {
	j, ok := s.finished(c, "matching", s.matching)
	if !ok {
		return nil, nil, false
	}
	mr, err := s.loadMatchResult(j.ID)
	if err != nil {
		writeError(c, err)
		return nil, nil, false
	}
	return j, mr, true
}

func (s *server) listMatchings(c *gin.Context) { s.listJobs(c, "matching", seesAny, viewMatching) }

func (s *server) getMatching(c *gin.Context) {
	j, err := s.matching(c.Request.Context(), principal(c), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, viewMatching(j))
}

// cancelMatching cancels a queued or running matching; the caller's scope
// must hold every municipality of the job.
func (s *server) cancelMatching(c *gin.Context) {
	p := principal(c)
	j, err := s.matching(c.Request.Context(), p, c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	if !visible(p, j) {
		writeError(c, errorf(KindForbidden, "matching %q covers municipalities outside your scope; only a caller with all of them may cancel it", j.ID))
		return
	}
	s.cancelJob(c, j, "matching", viewMatching)
}

// matchingAssignments answers with the placements of the candidates in
// the caller's scope, filtered by the workplace's municipality, the
// opening or the workplace.
func (s *server) matchingAssignments(c *gin.Context) {
	j, mr, ok := s.finishedMatching(c)
	if !ok {
		return
	}
	in := inScopeSet(principal(c))
	region, opening, workplace := c.Query("region"), c.Query("opening"), c.Query("workplace")
	out := []datasets.Assignment{}
	for i := range mr.rows {
		r := &mr.rows[i]
		if (in == nil || in(mr.rowHome[i])) && (region == "" || r.Region == region) &&
			(opening == "" || r.OpeningID == opening) && (workplace == "" || r.WorkplaceID == workplace) {
			out = append(out, *r)
		}
	}
	writeTable(s, c, j.ID+"-assignments", out)
}

// explanationView is a candidate's explanation with the words a
// caseworker reads to the person, in each language.
type explanationView struct {
	*matchrun.Explanation
	// Words is matchrun.Explanation.Words by language ("sv", "en").
	Words map[labels.Lang]string `json:"words"`
}

// matchingCandidate answers with one candidate's placement and its
// explanation, with the municipalities named (from the default dataset:
// the codes are national) and the words for the person in Swedish and
// English; a candidate outside the caller's scope is not found.
func (s *server) matchingCandidate(c *gin.Context) {
	_, mr, ok := s.finishedMatching(c)
	if !ok {
		return
	}
	id := c.Param("candidate")
	i, found := mr.byID[id]
	if !found || !principal(c).InScope(mr.record.Candidates[i].Region) {
		writeError(c, notFound("candidate", id))
		return
	}
	e := mr.record.Explain(i)
	if b, err := s.defaultBundle(); err == nil {
		e.NameRegions(b.Regions)
	}
	v := explanationView{Explanation: e, Words: map[labels.Lang]string{}}
	for _, l := range labels.Langs {
		v.Words[l] = e.Words(l)
	}
	c.JSON(http.StatusOK, v)
}

// ReportScope says which candidates and workplaces a matching report
// covers.
type ReportScope struct {
	// Complete: the report is the run's own, over all its candidates.
	Complete bool `json:"complete"`
	// Regions are the municipalities covered.
	Regions    []string `json:"regions"`
	Candidates string   `json:"candidates"`
	Workplaces string   `json:"workplaces"`
}

// matchingReport answers with the run's report, recomputed over the
// caller's municipalities when its scope lacks some of the run's.
func (s *server) matchingReport(c *gin.Context) {
	j, mr, ok := s.finishedMatching(c)
	if !ok {
		return
	}
	p := principal(c)
	if visible(p, j) {
		c.JSON(http.StatusOK, gin.H{"matching": j.ID, "scope": ReportScope{Complete: true, Regions: j.Regions,
			Candidates: "every candidate of the run", Workplaces: "every workplace of the run"}, "report": mr.report})
		return
	}
	var regions []string
	for _, r := range j.Regions {
		if p.InScope(r) {
			regions = append(regions, r)
		}
	}
	sc := ReportScope{Regions: regions,
		Candidates: "only candidates of these municipalities: counts, reasons, group rates and total cost are theirs",
		Workplaces: "only workplaces in these municipalities: openings, positions, supervision and utilisation count every placement there"}
	c.JSON(http.StatusOK, gin.H{"matching": j.ID, "scope": sc, "report": mr.record.Report(mr.report, inScopeSet(p))})
}
