package api

import (
	"context"
	"math"
	"net/http"
	"os"
	"path/filepath"

	"github.com/caregap/caregap/api/auth"
	"github.com/caregap/caregap/api/store"
	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/runs/goalseekrun"
	"github.com/caregap/caregap/runs/labels"
	"github.com/gin-gonic/gin"
)

// GoalSeekRequest is the body of POST /v1/goalseeks: the least-cost mix
// of levers that brings each chosen role's gap to at most a target from a
// target year on, by the recipe of `caregap goalseek` (runs/goalseekrun),
// with the illustrative lever costs and limits.
type GoalSeekRequest struct {
	// Dataset is the dataset id; "" means "default".
	Dataset string `json:"dataset"`
	// Regions are municipality codes; none means every region of the
	// dataset in the caller's scope.
	Regions []string `json:"regions"`
	// Roles whose gap must meet the target; none means every role.
	Roles []string `json:"roles"`
	// TargetYear is the first year the target holds; required.
	TargetYear int `json:"target_year"`
	// MaxGapFTE or MaxGapPct (of demand) is the largest gap allowed per
	// role, region and year; neither means 0 FTE.
	MaxGapFTE *float64 `json:"max_gap_fte"`
	MaxGapPct *float64 `json:"max_gap_pct"`
	// ToYear is the last year; 0 means 2040.
	ToYear int `json:"to_year"`
	// DiscountRate a year; nil means 3.5 %.
	DiscountRate *float64 `json:"discount_rate"`
	// Levers the plan may use; none means all eight.
	Levers []string `json:"levers"`
	// CostCurve adds the cost curve (four more solves); nil means true.
	CostCurve *bool `json:"cost_curve"`
	// Lang of the names in the summary: "sv" (default) or "en".
	Lang string `json:"lang"`
}

// validate checks the fields that need no data.
func (r *GoalSeekRequest) validate() error {
	finite := func(p *float64) bool { return p == nil || (!math.IsNaN(*p) && !math.IsInf(*p, 0)) }
	switch {
	case r.TargetYear == 0:
		return errorf(KindValidation, "target_year is required")
	case r.MaxGapFTE != nil && r.MaxGapPct != nil:
		return errorf(KindValidation, "max_gap_fte and max_gap_pct: give one")
	case !finite(r.MaxGapFTE) || !finite(r.MaxGapPct) || !finite(r.DiscountRate):
		return errorf(KindValidation, "max_gap_fte, max_gap_pct, discount_rate: finite numbers")
	}
	if r.Lang != "" {
		if _, ok := labels.ParseLang(r.Lang); !ok {
			return errorf(KindValidation, "lang %q: sv or en", r.Lang)
		}
	}
	return nil
}

func newGoalSeekID() string { return newID("gs") }

func viewGoalSeek(j *store.Job) jobView {
	v := viewJob(j)
	self := "/v1/goalseeks/" + j.ID
	v.Links = map[string]string{"self": self}
	if j.Run != nil {
		v.Links["summary"] = self + "/summary"
		v.Links["scenario"] = self + "/scenario"
		v.Links["results"] = self + "/results"
	}
	return v
}

// goalSeek returns goal-seek job id if p may see it (every region it ran
// is in p's scope); otherwise not found, as for a missing job.
func (s *server) goalSeek(ctx context.Context, p *auth.Principal, id string) (*store.Job, error) {
	return s.jobOf(ctx, p, id, "goalseek", "goal seek", visible)
}

func (s *server) createGoalSeek(c *gin.Context) {
	ctx := c.Request.Context()
	p := principal(c)
	var req GoalSeekRequest
	if err := decodeJSON(c.Request.Body, &req); err != nil {
		writeError(c, err)
		return
	}
	if err := req.validate(); err != nil {
		writeError(c, err)
		return
	}
	if err := s.Limits.checkRegions(len(req.Regions)); err != nil {
		writeError(c, err)
		return
	}
	if req.Dataset == "" {
		req.Dataset = DefaultDataset
	}
	if req.ToYear == 0 {
		req.ToYear = goalseekrun.DefaultToYear
	}
	lang, _ := labels.ParseLang(req.Lang)
	req.Lang = string(lang)
	if _, err := s.scopedDataset(ctx, p, req.Dataset, true); err != nil { // scope first, before any file
		writeError(c, datasetError(p, req.Dataset, err))
		return
	}
	b, err := s.loadBundle(ctx, req.Dataset)
	if err != nil {
		writeError(c, datasetError(p, req.Dataset, err))
		return
	}
	known := make([]string, len(b.Regions))
	for i, r := range b.Regions {
		known[i] = r.Region
	}
	if req.Regions, err = requestRegions(p, req.Dataset, known, req.Regions); err != nil {
		writeError(c, err)
		return
	}
	var m *datasets.MatchSet
	if req.Dataset == DefaultDataset {
		if m, err = defaultdata.LoadMatch(); err != nil {
			writeError(c, err)
			return
		}
	}
	spec := goalseekrun.Spec{Bundle: b, Match: m, Regions: req.Regions, Roles: req.Roles, TargetYear: req.TargetYear,
		ToYear: req.ToYear, NoCurve: req.CostCurve != nil && !*req.CostCurve, Workers: 1}
	switch {
	case req.MaxGapFTE != nil:
		spec.Target = goalseekrun.Target{Value: *req.MaxGapFTE}
	case req.MaxGapPct != nil:
		spec.Target = goalseekrun.Target{Value: *req.MaxGapPct, Percent: true}
	}
	if req.DiscountRate != nil {
		spec.Discount = *req.DiscountRate
		if spec.Discount == 0 {
			spec.Discount = 1e-12 // zero asked: the spec's zero means the default
		}
	}
	for _, l := range req.Levers {
		spec.Levers = append(spec.Levers, scenario.Kind(l))
	}
	plan, err := goalseekrun.Prepare(spec)
	if err != nil {
		writeError(c, err)
		return
	}
	if err := s.Limits.checkYears(req.ToYear - plan.BaseYear()); err != nil {
		writeError(c, err)
		return
	}
	j := &store.Job{ID: newGoalSeekID(), Kind: "goalseek", Owner: p.ID, Regions: req.Regions}
	s.submitJob(c, j, req, "/v1/goalseeks/", viewGoalSeek, func(jctx context.Context) {
		s.runJob(jctx, j.ID, []any{"kind", "goalseek", "regions", len(plan.Regions), "target_year", plan.TargetYear},
			func(ctx context.Context) ([]string, int, error) {
				run, err := plan.Run(ctx, nil)
				if err != nil {
					return nil, 0, err
				}
				files, err := run.Write(s.Store.RunDir(j.ID), 0o700, false, lang)
				if err != nil {
					return nil, 0, err
				}
				return files, len(run.Levers) + len(run.Targets) + len(run.Curve), ctx.Err()
			})
	})
}

func (s *server) listGoalSeeks(c *gin.Context) { s.listJobs(c, "goalseek", visible, viewGoalSeek) }

func (s *server) getGoalSeek(c *gin.Context) {
	j, err := s.goalSeek(c.Request.Context(), principal(c), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, viewGoalSeek(j))
}

func (s *server) cancelGoalSeek(c *gin.Context) {
	j, err := s.goalSeek(c.Request.Context(), principal(c), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	s.cancelJob(c, j, "goal seek", viewGoalSeek)
}

// finishedGoalSeek returns the visible succeeded goal seek or a problem.
func (s *server) finishedGoalSeek(c *gin.Context) (*store.Job, bool) {
	return s.finished(c, "goal seek", s.goalSeek)
}

// goalSeekFile answers one file of a succeeded goal seek as it was
// written: the summary (JSON) or the plan's scenario file (YAML). The job
// is visible only when every region it ran is in scope, so the file needs
// no filtering.
func (s *server) goalSeekFile(name, media string) gin.HandlerFunc {
	return func(c *gin.Context) {
		j, ok := s.finishedGoalSeek(c)
		if !ok {
			return
		}
		data, err := os.ReadFile(filepath.Join(s.Store.RunDir(j.ID), name))
		if err != nil {
			writeError(c, err)
			return
		}
		c.Data(http.StatusOK, media, data)
	}
}

// goalSeekResults answers a table of a succeeded goal seek: levers
// (default), targets or curve, optionally of one region, role and year.
func (s *server) goalSeekResults(c *gin.Context) {
	j, ok := s.finishedGoalSeek(c)
	if !ok {
		return
	}
	p := principal(c)
	f, err := readFilters(c)
	if err != nil {
		writeError(c, err)
		return
	}
	keep := func(region, role string, year int32) bool {
		return (region == "all" || p.InScope(region)) && (f.region == "" || f.region == region) &&
			(f.role == "" || f.role == role) && (f.year == 0 || int(f.year) == int(year))
	}
	switch table := c.DefaultQuery("table", "levers"); table {
	case "levers":
		ix, err := loadIndexed(s, j.ID, "goalseek_levers", func(r *datasets.GoalSeekLever) string { return r.Region })
		if err != nil {
			writeError(c, err)
			return
		}
		writeTable(s, c, j.ID+"-levers", ix.pick(f.region, func(r *datasets.GoalSeekLever) bool { return keep(r.Region, "", 0) }))
	case "targets":
		ix, err := loadIndexed(s, j.ID, "goalseek_targets", func(r *datasets.GoalSeekTarget) string { return r.Region })
		if err != nil {
			writeError(c, err)
			return
		}
		writeTable(s, c, j.ID+"-targets", ix.pick(f.region, func(r *datasets.GoalSeekTarget) bool { return keep(r.Region, r.Role, r.Year) }))
	case "curve":
		ix, err := loadIndexed(s, j.ID, "goalseek_curve", func(r *datasets.GoalSeekCurvePoint) string { return r.Region })
		if err != nil {
			writeError(c, err)
			return
		}
		writeTable(s, c, j.ID+"-curve", ix.pick(f.region, func(r *datasets.GoalSeekCurvePoint) bool { return keep(r.Region, "", 0) }))
	default:
		writeError(c, errorf(KindValidation, "table %q: levers, targets or curve", table))
	}
}
