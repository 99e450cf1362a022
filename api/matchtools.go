package api

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/caregap/caregap/api/store"
	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/match"
	"github.com/caregap/caregap/runs/labels"
	"github.com/caregap/caregap/runs/matchrun"
	"github.com/gin-gonic/gin"
)

// The caseworker's tools on a matching.
//
// Re-matching and group balance start a new matching job from a
// succeeded one, over the same dataset and municipalities, so its
// assignments, report and candidates answer as for any matching; the
// caller's scope must hold every municipality of the earlier job (as for
// cancelling), since the new job reads all of its placements. Their
// results (rematch.json, balance.json) answer per candidate or group in
// the caller's scope only. The best places of one person are computed on
// request from the matching's own problem, for a candidate in scope.

// RematchRequest is the body of POST /v1/matchings/{id}/rematch: the
// earlier matching's assignments are the placement in force; the new job
// re-places everyone on Dataset (default: the earlier one's, which may
// have changed since: new candidates, closed openings, other capacities).
type RematchRequest struct {
	Dataset string `json:"dataset"`
	// MaxMoves: move at most this many people who could keep their
	// place. MoveCost: instead, count each move as this many points.
	// Exactly one is given.
	MaxMoves *int     `json:"max_moves,omitempty"`
	MoveCost *float64 `json:"move_cost,omitempty"`
	// KeepPlaced: nobody placed before whose place still exists is left
	// without one (moved, perhaps, but placed).
	KeepPlaced bool `json:"keep_placed,omitempty"`
	// Base is the earlier matching (set from the path).
	Base    string   `json:"base"`
	Regions []string `json:"regions"`
}

// BalanceRequest is the body of POST /v1/matchings/{id}/balance: bounds on
// the placement rates of groups by sex or birth region per municipality,
// in the syntax of caregap match --balance ("sex:0.3-0.7;
// birth_region=outside_eu@1480:25%-").
type BalanceRequest struct {
	Bounds  string   `json:"bounds"`
	Base    string   `json:"base"`
	Dataset string   `json:"dataset"`
	Regions []string `json:"regions"`
}

// maxOptions bounds k of a person's best places.
const maxOptions = 50

// baseMatching returns the succeeded matching of the path, with its
// request, if every municipality of it is in the caller's scope.
func (s *server) baseMatching(c *gin.Context) (*store.Job, *MatchingRequest, bool) {
	j, _, ok := s.finishedMatching(c)
	if !ok {
		return nil, nil, false
	}
	if !visible(principal(c), j) {
		writeError(c, errorf(KindForbidden, "matching %q covers municipalities outside your scope; only a caller with all of them may start a job from it", j.ID))
		return nil, nil, false
	}
	var req MatchingRequest
	if err := json.Unmarshal([]byte(j.Request), &req); err != nil || req.Dataset == "" {
		req.Dataset = DefaultDataset
	}
	req.Regions = j.Regions
	return j, &req, true
}

// baseSet reads the dataset of a job started from a base matching.
func (s *server) baseSet(c *gin.Context, dataset string, regions []string) (*datasets.MatchSet, bool) {
	ctx := c.Request.Context()
	p := principal(c)
	if dataset != DefaultDataset {
		if _, err := s.scopedDataset(ctx, p, dataset, false); err != nil {
			writeError(c, datasetError(p, dataset, err))
			return nil, false
		}
	}
	set, err := s.loadMatchSet(ctx, dataset)
	if err != nil {
		writeError(c, datasetError(p, dataset, err))
		return nil, false
	}
	return matchrun.Subset(set, regions), true
}

func (s *server) createRematch(c *gin.Context) {
	base, breq, ok := s.baseMatching(c)
	if !ok {
		return
	}
	var req RematchRequest
	if err := decodeJSON(c.Request.Body, &req); err != nil {
		writeError(c, err)
		return
	}
	switch {
	case (req.MaxMoves == nil) == (req.MoveCost == nil):
		writeError(c, errorf(KindValidation, "give one of max_moves and move_cost"))
		return
	case req.MaxMoves != nil && *req.MaxMoves < 0:
		writeError(c, errorf(KindValidation, "max_moves %d: at least 0", *req.MaxMoves))
		return
	case req.MoveCost != nil && !(*req.MoveCost >= 0 && *req.MoveCost <= 1e6):
		writeError(c, errorf(KindValidation, "move_cost %g: between 0 and 1000000 points", *req.MoveCost))
		return
	}
	if req.Dataset == "" {
		req.Dataset = breq.Dataset
	}
	req.Base, req.Regions = base.ID, base.Regions
	sub, ok := s.baseSet(c, req.Dataset, base.Regions)
	if !ok {
		return
	}
	maxMoves, moveCost := -1, 0.0
	if req.MaxMoves != nil {
		maxMoves = *req.MaxMoves
	} else {
		moveCost = *req.MoveCost
	}
	j := &store.Job{ID: newMatchingID(), Kind: "matching", Owner: principal(c).ID, Regions: base.Regions}
	s.submitJob(c, j, req, "/v1/matchings/", viewMatching, func(jctx context.Context) {
		s.runJob(jctx, j.ID, []any{"kind", "rematch", "candidates", len(sub.Candidates), "base", base.ID},
			func(ctx context.Context) ([]string, int, error) {
				return s.toolFiles(ctx, j.ID, sub, "rematch", func(run *matchrun.Run) (any, error) {
					rows, err := readRun[datasets.Assignment](s, base.ID, "assignments")
					if err != nil && !errors.Is(err, datasets.ErrEmpty) {
						return nil, err
					}
					e, err := matchrun.EarlierOf(run, rows, "assignments.parquet")
					if err != nil {
						return nil, err
					}
					var opts []match.RematchOption
					if req.KeepPlaced {
						opts = append(opts, match.KeepPlaced())
					}
					rm, err := run.Rematch(ctx, e, maxMoves, moveCost, opts...)
					if err != nil {
						return nil, err
					}
					return rematchFile(run, rm, s.regionNames()), nil
				})
			})
	})
}

func (s *server) createBalance(c *gin.Context) {
	base, breq, ok := s.baseMatching(c)
	if !ok {
		return
	}
	var req BalanceRequest
	if err := decodeJSON(c.Request.Body, &req); err != nil {
		writeError(c, err)
		return
	}
	bounds, err := matchrun.ParseBalance(req.Bounds)
	if err != nil {
		writeError(c, errorf(KindValidation, "bounds: %v", err))
		return
	}
	if req.Dataset == "" {
		req.Dataset = breq.Dataset
	}
	req.Base, req.Regions = base.ID, base.Regions
	sub, ok := s.baseSet(c, req.Dataset, base.Regions)
	if !ok {
		return
	}
	j := &store.Job{ID: newMatchingID(), Kind: "matching", Owner: principal(c).ID, Regions: base.Regions}
	s.submitJob(c, j, req, "/v1/matchings/", viewMatching, func(jctx context.Context) {
		s.runJob(jctx, j.ID, []any{"kind", "balance", "candidates", len(sub.Candidates), "base", base.ID},
			func(ctx context.Context) ([]string, int, error) {
				return s.toolFiles(ctx, j.ID, sub, "balance", func(run *matchrun.Run) (any, error) {
					bl, err := run.Balance(ctx, bounds)
					if err != nil {
						return nil, err
					}
					words := map[labels.Lang]string{}
					for _, l := range labels.Langs {
						words[l] = bl.Words(l, s.regionNames())
					}
					return balanceFile{Balance: bl, Words: words}, nil
				})
			})
	})
}

// toolFiles solves set with the flow solver, applies the tool, writes the
// run directory as a matching's and then the tool's answer as name.json.
func (s *server) toolFiles(ctx context.Context, id string, set *datasets.MatchSet, name string, tool func(*matchrun.Run) (any, error)) ([]string, int, error) {
	run, err := matchrun.Match(ctx, matchrun.Spec{Set: set, Solver: "flow", Verify: true}, nil)
	if err != nil {
		return nil, 0, err
	}
	answer, err := tool(run)
	if err != nil {
		return nil, 0, err
	}
	dir := s.Store.RunDir(id)
	files, err := run.Write(dir, 0o700, matchrun.Files{Alternatives: maxAlternatives})
	if err != nil {
		return nil, 0, err
	}
	err = datasets.WriteFileAtomic(filepath.Join(dir, name+".json"), func(w io.Writer) error {
		return json.NewEncoder(w).Encode(answer)
	})
	if err != nil {
		return nil, 0, err
	}
	return append(files, name), run.Result.Placed, ctx.Err()
}

// personWords are the words of a re-matching for one person.
type personWords struct {
	Region string                 `json:"region"`
	Status string                 `json:"status"`
	Words  map[labels.Lang]string `json:"words"`
}

// rematchView is rematch.json: the re-matching and the words for each
// person whose placement changed or who was newly placed.
type rematchView struct {
	*matchrun.Rematched
	People map[string]personWords `json:"people"`
}

// balanceFile is balance.json.
type balanceFile struct {
	*matchrun.Balance
	Words map[labels.Lang]string `json:"words"`
}

func rematchFile(run *matchrun.Run, rm *matchrun.Rematched, names []datasets.Region) *rematchView {
	v := &rematchView{Rematched: rm, People: map[string]personWords{}}
	for c, x := range run.Set.Candidates {
		st := rm.Status(c)
		if st == "" || st == "kept" {
			continue
		}
		pw := personWords{Region: x.Region, Status: st, Words: map[labels.Lang]string{}}
		for _, l := range labels.Langs {
			pw.Words[l] = rm.Words(l, run, c, names)
		}
		v.People[x.CandidateID] = pw
	}
	return v
}

// regionNames are the municipalities' names of the default dataset (the
// codes are national), or none.
func (s *server) regionNames() []datasets.Region {
	if b, err := s.defaultBundle(); err == nil {
		return b.Regions
	}
	return nil
}

// readTool reads the tool answer name.json of a succeeded matching.
func (s *server) readTool(c *gin.Context, name string, v any) (*store.Job, bool) {
	j, _, ok := s.finishedMatching(c)
	if !ok {
		return nil, false
	}
	if !slices.Contains(j.Run.Files, name) {
		writeError(c, notFound(name, j.ID))
		return nil, false
	}
	f, err := os.Open(filepath.Join(s.Store.RunDir(j.ID), name+".json"))
	if err != nil {
		writeError(c, err)
		return nil, false
	}
	defer f.Close()
	if err := json.NewDecoder(f).Decode(v); err != nil {
		writeError(c, errors.Join(errInternalData, err))
		return nil, false
	}
	return j, true
}

// getRematch answers with the re-matching's moves and words, for the
// candidates in the caller's scope only; the totals are the run's when
// the caller sees all of it, and left out otherwise.
func (s *server) getRematch(c *gin.Context) {
	var v struct {
		matchrun.Rematched
		People map[string]personWords `json:"people"`
	}
	j, ok := s.readTool(c, "rematch", &v)
	if !ok {
		return
	}
	p := principal(c)
	home := map[string]string{}
	for id, pw := range v.People {
		home[id] = pw.Region
		if !p.InScope(pw.Region) {
			delete(v.People, id)
		}
	}
	keep := func(ms []matchrun.Move) []matchrun.Move {
		out := []matchrun.Move{}
		for _, m := range ms {
			if p.InScope(home[m.CandidateID]) {
				out = append(out, m)
			}
		}
		return out
	}
	v.Moved, v.Displaced = keep(v.Moved), keep(v.Displaced)
	body := gin.H{"matching": j.ID, "complete": visible(p, j), "max_moves": v.MaxMoves, "keep_placed": v.KeepPlaced, "moved": v.Moved,
		"displaced": v.Displaced, "people": v.People, "exact": v.Exact, "verified": v.Verified}
	if v.MaxMoves < 0 {
		body["move_cost"] = v.MoveCost
	}
	if visible(p, j) {
		body["totals"] = gin.H{"kept": v.Kept, "newly_placed": v.New, "placed": v.Placed, "cost": v.Cost,
			"fresh_placed": v.FreshPlaced, "fresh_cost": v.FreshCost, "fresh_moves": v.FreshMoves,
			"price_per_move": v.Price, "gap_points": v.GapPoints, "gap_may_hide_a_placement": v.GapPlaces}
	}
	c.JSON(http.StatusOK, body)
}

// getBalance answers with the bounds, the groups of the caller's
// municipalities and, when the caller sees every municipality of the
// run, the price of fairness and its words.
func (s *server) getBalance(c *gin.Context) {
	var v balanceFile
	j, ok := s.readTool(c, "balance", &v)
	if !ok {
		return
	}
	p := principal(c)
	groups := []matchrun.GroupRow{}
	for _, g := range v.Groups {
		if p.InScope(g.Region) {
			groups = append(groups, g)
		}
	}
	body := gin.H{"matching": j.ID, "complete": visible(p, j), "attribute": v.Attribute, "bounds": v.Bounds, "groups": groups, "verified": v.Verified}
	if visible(p, j) {
		body["price_of_fairness"] = gin.H{"placements_lost": v.LostPlacements, "extra_cost": v.ExtraCost,
			"placed": v.Placed, "cost": v.Cost, "placed_without_bounds": v.FreshPlaced, "cost_without_bounds": v.FreshCost}
		body["words"] = v.Words
	}
	c.JSON(http.StatusOK, body)
}

// optionsView is a person's best places with the words for them.
type optionsView struct {
	*matchrun.Options
	Words map[labels.Lang]string `json:"words"`
}

// matchingOptions answers with the k best places (query k, default 5, at
// most maxOptions) of a candidate in the caller's scope, with what
// forcing each costs everyone's placements: from the matching's own
// problem, built and solved again (the solvers are deterministic), for a
// matching of solver flow or dense that no tool constrained.
func (s *server) matchingOptions(c *gin.Context) {
	j, mr, ok := s.finishedMatching(c)
	if !ok {
		return
	}
	k := 5
	if q := c.Query("k"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 || n > maxOptions {
			writeError(c, errorf(KindValidation, "k %q: a whole number from 1 to %d", q, maxOptions))
			return
		}
		k = n
	}
	id := c.Param("candidate")
	i, found := mr.byID[id]
	if !found || !principal(c).InScope(mr.record.Candidates[i].Region) {
		writeError(c, notFound("candidate", id))
		return
	}
	var req MatchingRequest
	if err := json.Unmarshal([]byte(j.Request), &req); err != nil || req.Solver == "stable" || req.Solver == "" && mr.record.Solver == "stable" ||
		slices.Contains(j.Run.Files, "rematch") || slices.Contains(j.Run.Files, "balance") {
		writeError(c, errorf(KindConflict, "matching %q: the best places of a person are those of an unconstrained matching with solver flow or dense", j.ID))
		return
	}
	if req.Dataset == "" {
		req.Dataset = DefaultDataset
	}
	sub, ok := s.baseSet(c, req.Dataset, j.Regions)
	if !ok {
		return
	}
	ctx, cancel := s.Limits.withJobTime(c.Request.Context())
	defer cancel()
	run, err := matchrun.Match(ctx, matchrun.Spec{Set: sub, Solver: cmp.Or(req.Solver, "flow")}, nil)
	if err != nil {
		writeError(c, err)
		return
	}
	at := slices.IndexFunc(run.Set.Candidates, func(x datasets.Candidate) bool { return x.CandidateID == id })
	if at < 0 {
		writeError(c, notFound("candidate", id)) // the dataset changed since
		return
	}
	op, err := run.TopK(at, k)
	if err != nil {
		writeError(c, err)
		return
	}
	names := s.regionNames()
	v := optionsView{Options: op, Words: map[labels.Lang]string{}}
	for _, l := range labels.Langs {
		v.Words[l] = op.Words(l, names)
	}
	c.JSON(http.StatusOK, gin.H{"matching": j.ID, "options": v})
}
