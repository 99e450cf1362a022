package api

import (
	"context"
	"net/http"
	"slices"

	"github.com/caregap/caregap/api/auth"
	"github.com/caregap/caregap/api/store"
	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/runs/poprun"
	"github.com/gin-gonic/gin"
)

// PopulationRequest is the body of POST /v1/populations: a cohort-component
// projection alone, by the recipe of `caregap population` (runs/poprun).
type PopulationRequest struct {
	// Dataset is the dataset id; "" means "default".
	Dataset string `json:"dataset"`
	// Regions are municipality codes; none means every region of the
	// dataset in the caller's scope.
	Regions []string `json:"regions"`
	// From is the base year; 0 means the dataset's last population year.
	From int `json:"from"`
	// To is the last projected year; 0 means 2040.
	To int `json:"to"`
	// Window is the number of years of history the rates are estimated
	// from when the dataset holds deaths and births; 0 means all.
	Window int `json:"window"`
	// NoTrend holds death rates at their estimated level.
	NoTrend bool `json:"no_trend"`
	// The recipe's settings, as the flags of `caregap population`; an
	// absent field means the recipe's default (runs/poprun).
	RateShare   *float64 `json:"rate_share,omitempty"`  // 0..1; 0 holds net migration as counts
	Recency     *float64 `json:"recency,omitempty"`     // (0, 1]
	Replacement *float64 `json:"replacement,omitempty"` // 0..1; 0: none
	Damping     *float64 `json:"damping,omitempty"`     // (0, 1]
	Bound       *float64 `json:"bound,omitempty"`       // > 0
	// Anchor is "" (the area's own damped trend) or "national".
	Anchor string `json:"anchor,omitempty"`
}

// spec returns the projection's spec of req's settings on b, or a
// validation error naming the field.
func (req *PopulationRequest) spec(b *datasets.Bundle) (poprun.Spec, error) {
	spec := poprun.Spec{Bundle: b, Regions: req.Regions, From: req.From, To: req.To,
		Window: req.Window, NoTrend: req.NoTrend, Anchor: req.Anchor == "national"}
	check := func(name string, v *float64, ok func(float64) bool, rule string, set func(float64)) error {
		if v == nil {
			return nil
		}
		if !ok(*v) {
			return errorf(KindValidation, "%s %g: must be %s", name, *v, rule)
		}
		set(*v)
		return nil
	}
	in := func(lo, hi float64, open bool) func(float64) bool {
		return func(v float64) bool { return v <= hi && (v > lo || !open && v == lo) }
	}
	if req.Anchor != "" && req.Anchor != "national" {
		return spec, errorf(KindValidation, "anchor %q: the only anchor is \"national\"", req.Anchor)
	}
	for _, err := range []error{
		check("rate_share", req.RateShare, in(0, 1, false), "in 0..1", func(v float64) { spec.RateShare, spec.CountsOnly = v, v == 0 }),
		check("recency", req.Recency, in(0, 1, true), "in (0, 1]", func(v float64) { spec.Recency = v }),
		check("replacement", req.Replacement, in(0, 1, false), "in 0..1", func(v float64) { spec.Replacement, spec.NoReplacement = v, v == 0 }),
		check("damping", req.Damping, in(0, 1, true), "in (0, 1]", func(v float64) { spec.Damping = v }),
		check("bound", req.Bound, func(v float64) bool { return v > 0 && v <= 10 }, "in (0, 10]", func(v float64) { spec.Bound = v }),
	} {
		if err != nil {
			return spec, err
		}
	}
	return spec, nil
}

func newPopulationID() string { return newID("pp") }

func viewPopulation(j *store.Job) jobView {
	v := viewJob(j)
	self := "/v1/populations/" + j.ID
	v.Links = map[string]string{"self": self}
	if j.Run != nil {
		v.Links["results"] = self + "/results"
	}
	return v
}

// population returns population job id if p may see it (every region it
// ran is in p's scope); otherwise not found, as for a missing job.
func (s *server) population(ctx context.Context, p *auth.Principal, id string) (*store.Job, error) {
	return s.jobOf(ctx, p, id, "population", "population projection", visible)
}

func (s *server) createPopulation(c *gin.Context) {
	ctx := c.Request.Context()
	p := principal(c)
	var req PopulationRequest
	if err := decodeJSON(c.Request.Body, &req); err != nil {
		writeError(c, err)
		return
	}
	if req.Dataset == "" {
		req.Dataset = DefaultDataset
	}
	if req.To == 0 {
		req.To = 2040
	}
	if err := s.Limits.checkRegions(len(req.Regions)); err != nil {
		writeError(c, err)
		return
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
	var known []string
	for _, r := range b.Population {
		if !slices.Contains(known, r.Region) {
			known = append(known, r.Region)
		}
	}
	if req.From == 0 {
		for _, r := range b.Population {
			req.From = max(req.From, int(r.Year))
		}
	}
	req.Regions = resolveNames(p, known, b.Regions, req.Regions)
	if req.Regions, err = requestRegions(p, req.Dataset, known, req.Regions); err != nil {
		writeError(c, err)
		return
	}
	if err := s.Limits.checkYears(req.To - req.From); err != nil {
		writeError(c, err)
		return
	}
	want, err := req.spec(b)
	if err != nil {
		writeError(c, err)
		return
	}
	spec, err := poprun.Prepare(want)
	if err != nil {
		writeError(c, err)
		return
	}
	j := &store.Job{ID: newPopulationID(), Kind: "population", Owner: p.ID, Regions: req.Regions}
	s.submitJob(c, j, req, "/v1/populations/", viewPopulation, func(jctx context.Context) {
		s.runJob(jctx, j.ID, []any{"kind", "population", "regions", len(spec.Regions), "from", spec.From, "to", spec.To},
			func(ctx context.Context) ([]string, int, error) {
				projs, err := poprun.Project(spec)
				if err != nil {
					return nil, 0, err
				}
				if err := ctx.Err(); err != nil {
					return nil, 0, err
				}
				rows := poprun.Rows(spec, projs)
				if err := poprun.Write(s.Store.RunDir(j.ID), 0o700, rows, false); err != nil {
					return nil, 0, err
				}
				return []string{"population"}, len(rows), nil
			})
	})
}

func (s *server) listPopulations(c *gin.Context) {
	s.listJobs(c, "population", visible, viewPopulation)
}

func (s *server) getPopulation(c *gin.Context) {
	j, err := s.population(c.Request.Context(), principal(c), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, viewPopulation(j))
}

func (s *server) cancelPopulation(c *gin.Context) {
	j, err := s.population(c.Request.Context(), principal(c), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	s.cancelJob(c, j, "population projection", viewPopulation)
}

// populationResults answers the projected population of a succeeded job
// in the caller's scope, optionally of one region, year and sex.
func (s *server) populationResults(c *gin.Context) {
	p := principal(c)
	j, ok := s.finished(c, "population projection", s.population)
	if !ok {
		return
	}
	f, err := readFilters(c)
	if err != nil {
		writeError(c, err)
		return
	}
	sex := c.Query("sex")
	if sex != "" && sex != "F" && sex != "M" {
		writeError(c, errorf(KindValidation, "sex %q: F or M", sex))
		return
	}
	ix, err := loadIndexed(s, j.ID, "population", func(r *datasets.Population) string { return r.Region })
	if err != nil {
		writeError(c, err)
		return
	}
	writeTable(s, c, j.ID+"-population", ix.pick(f.region, func(r *datasets.Population) bool {
		return f.keep(p, "", r.Region, "", r.Year) && (sex == "" || r.Sex == sex)
	}))
}
