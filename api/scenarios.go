package api

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/caregap/caregap/api/auth"
	"github.com/caregap/caregap/api/store"
	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata/scenarios"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/gin-gonic/gin"
)

// Created scenarios belong to the scope of the token that created them:
// their owner is the scope's municipality codes, sorted and joined by
// commas ("1480", "1480,1481", "*"), so every token of the same scope
// shares them and no other caller reads or lists them, unless the owner
// shares one (PUT /v1/scenarios/{name}/shared). Names are unique per
// owner: two scopes may each have a scenario "growth". A name resolves
// to the caller's own scenario first, then to a shared one (the oldest
// owner by code when several share a name). Shipped scenarios are
// everyone's and their names are taken.

type scenarioSummary struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Source      string `json:"source"` // shipped or created
	// Owner is the scope that owns a created scenario; Shared says
	// whether every caller sees it; Mine whether the caller owns it.
	Owner  string `json:"owner,omitempty"`
	Shared bool   `json:"shared,omitempty"`
	Mine   bool   `json:"mine,omitempty"`
}

type scenarioDetail struct {
	scenarioSummary
	Levers []scenario.Lever `json:"levers"`
}

// ownerOf is the owner of the scenarios p creates: its scope.
func ownerOf(p *auth.Principal) string {
	sc := slices.Clone(p.Scope)
	slices.Sort(sc)
	return strings.Join(slices.Compact(sc), ",")
}

// visibleScenarios returns the created scenarios p may read, its own
// first and then the shared ones, each name once (the first wins).
func (s *server) visibleScenarios(ctx context.Context, p *auth.Principal) ([]store.Scenario, error) {
	all, err := s.Store.Scenarios(ctx)
	if err != nil {
		return nil, err
	}
	me := ownerOf(p)
	var mine, shared []store.Scenario
	for _, sc := range all {
		switch {
		case sc.Owner == me:
			mine = append(mine, sc)
		case sc.Shared:
			shared = append(shared, sc)
		}
	}
	out := mine
	for _, sc := range shared {
		if !slices.ContainsFunc(out, func(x store.Scenario) bool { return x.Name == sc.Name }) {
			out = append(out, sc)
		}
	}
	return out, nil
}

func summarise(p *auth.Principal, sc store.Scenario) scenarioSummary {
	return scenarioSummary{Name: sc.Name, Description: sc.Description, Source: "created",
		Owner: sc.Owner, Shared: sc.Shared, Mine: sc.Owner == ownerOf(p)}
}

// createdFS returns the created scenarios p may read as files name.yaml.
func (s *server) createdFS(ctx context.Context, p *auth.Principal) (datasets.ScenarioFiles, []store.Scenario, error) {
	list, err := s.visibleScenarios(ctx, p)
	if err != nil {
		return nil, nil, err
	}
	m := datasets.ScenarioFiles{}
	for _, sc := range list {
		m[sc.Name+".yaml"] = []byte(sc.Body)
	}
	return m, list, nil
}

// loadScenario resolves a shipped scenario, or a created one p may read,
// by name; any other name is a not-found error, whether it exists for
// another scope or not at all.
func (s *server) loadScenario(ctx context.Context, p *auth.Principal, name string) (*scenario.Resolved, scenarioSummary, error) {
	if !store.ValidName(name) {
		return nil, scenarioSummary{}, notFound("scenario", name)
	}
	if slices.Contains(scenarios.Names, name) {
		r, err := shippedScenario(name)
		if err != nil {
			return nil, scenarioSummary{}, err
		}
		return r, scenarioSummary{Name: name, Description: r.Description, Source: "shipped"}, nil
	}
	created, list, err := s.createdFS(ctx, p)
	if err != nil {
		return nil, scenarioSummary{}, err
	}
	i := slices.IndexFunc(list, func(sc store.Scenario) bool { return sc.Name == name })
	if i < 0 {
		return nil, scenarioSummary{}, notFound("scenario", name)
	}
	r, err := (&datasets.ScenarioLoader{FS: created, Fallback: scenarios.FS}).Load(name + ".yaml")
	if err != nil {
		return nil, scenarioSummary{}, err
	}
	sum := summarise(p, list[i])
	sum.Description = r.Description
	return r, sum, nil
}

// shipped keeps the shipped scenarios, resolved once: they are embedded
// and never change.
var shipped = struct {
	sync.Once
	m   map[string]*scenario.Resolved
	err error
}{}

// shippedScenario returns shipped scenario name, resolved.
func shippedScenario(name string) (*scenario.Resolved, error) {
	shipped.Do(func() {
		shipped.m = map[string]*scenario.Resolved{}
		for _, n := range scenarios.Names {
			r, err := (&datasets.ScenarioLoader{FS: scenarios.FS}).Load(n + ".yaml")
			if err != nil {
				shipped.err = err
				return
			}
			shipped.m[n] = r
		}
	})
	return shipped.m[name], shipped.err
}

func (s *server) listScenarios(c *gin.Context) {
	ctx := c.Request.Context()
	p := principal(c)
	out := []scenarioSummary{}
	for _, n := range scenarios.Names {
		_, sum, err := s.loadScenario(ctx, p, n)
		if err != nil {
			writeError(c, err)
			return
		}
		out = append(out, sum)
	}
	created, err := s.visibleScenarios(ctx, p)
	if err != nil {
		writeError(c, err)
		return
	}
	for _, sc := range created {
		out = append(out, summarise(p, sc))
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}

func (s *server) getScenario(c *gin.Context) {
	r, sum, err := s.loadScenario(c.Request.Context(), principal(c), c.Param("name"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, scenarioDetail{sum, r.Levers})
}

// ownScenario returns the caller's own created scenario name; a scenario
// of another scope answers as a missing one, a shared one of another
// scope as forbidden.
func (s *server) ownScenario(ctx context.Context, p *auth.Principal, name string) (*store.Scenario, error) {
	if slices.Contains(scenarios.Names, name) {
		return nil, errorf(KindForbidden, "scenario %q is shipped and read-only", name)
	}
	if !store.ValidName(name) {
		return nil, notFound("scenario", name)
	}
	sc, err := s.Store.Scenario(ctx, ownerOf(p), name)
	if kind, _, _ := classify(err); err != nil && kind == KindNotFound {
		if _, sum, lerr := s.loadScenario(ctx, p, name); lerr == nil && sum.Shared {
			return nil, errorf(KindForbidden, "scenario %q is shared by another scope; only its owner may change it", name)
		}
		return nil, notFound("scenario", name)
	}
	return sc, err
}

// deleteScenario deletes one of the caller's created scenarios. Jobs that
// ran it keep their results.
func (s *server) deleteScenario(c *gin.Context) {
	ctx := c.Request.Context()
	p := principal(c)
	sc, err := s.ownScenario(ctx, p, c.Param("name"))
	if err != nil {
		writeError(c, err)
		return
	}
	if err := s.Store.DeleteScenario(ctx, sc.Owner, sc.Name); err != nil {
		writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// shareScenario (PUT) makes one of the caller's scenarios visible to every
// caller; unshareScenario (DELETE) makes it the owner's alone again.
func (s *server) shareScenario(c *gin.Context)   { s.setShared(c, true) }
func (s *server) unshareScenario(c *gin.Context) { s.setShared(c, false) }

func (s *server) setShared(c *gin.Context, shared bool) {
	ctx := c.Request.Context()
	p := principal(c)
	sc, err := s.ownScenario(ctx, p, c.Param("name"))
	if err != nil {
		writeError(c, err)
		return
	}
	if err := s.Store.SetScenarioShared(ctx, sc.Owner, sc.Name, shared); err != nil {
		writeError(c, err)
		return
	}
	sc.Shared = shared
	c.JSON(http.StatusOK, summarise(p, *sc))
}

var regionCodeRe = regexp.MustCompile(`^(?:[0-9]{4}|S[0-9]{3,4})$`)

// checkLeverNames checks the names a scenario's levers give against the
// default dataset: roles (roles, from, to), services and training
// pipelines must exist there, and regions must be four-digit
// municipality codes. Without a default dataset only the codes are
// checked.
func (s *server) checkLeverNames(sc *scenario.Scenario) error {
	var roles, services, pipelines []string
	b, err := s.defaultBundle()
	if err == nil {
		for _, r := range b.Roles {
			roles = append(roles, r.Role)
		}
		for _, r := range b.Services {
			services = append(services, r.Service)
		}
		for _, r := range b.TrainingPipelines {
			if !slices.Contains(pipelines, r.Pipeline) {
				pipelines = append(pipelines, r.Pipeline)
			}
		}
	}
	for i, l := range sc.Levers {
		for _, r := range l.Regions {
			if !regionCodeRe.MatchString(r) {
				return errorf(KindValidation, "scenario %q: lever %d: region %q is not a municipality code (four digits)", sc.Name, i+1, r)
			}
		}
		if err != nil {
			continue
		}
		for _, f := range []struct {
			field string
			have  []string
			names []string
		}{
			{"role", roles, append(slices.Clone(l.Roles), l.From, l.To)},
			{"service", services, l.Services},
			{"pipeline", pipelines, []string{l.Pipeline}},
		} {
			for _, n := range f.names {
				if n != "" && !slices.Contains(f.have, n) {
					return errorf(KindValidation, "scenario %q: lever %d: %s %q is not one of %s", sc.Name, i+1, f.field, n, strings.Join(f.have, ", "))
				}
			}
		}
	}
	return nil
}

// createScenario accepts a scenario file as YAML or JSON, validates it with
// datasets.DecodeScenario and against the default dataset's names,
// resolves what it extends among the scenarios the caller reads and
// stores it as the caller's scope's.
func (s *server) createScenario(c *gin.Context) {
	ctx := c.Request.Context()
	p := principal(c)
	file := "scenario.yaml"
	if mediaType(c) == "application/json" {
		file = "scenario.json"
	}
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		writeError(c, err)
		return
	}
	if len(bytes.TrimSpace(body)) == 0 {
		writeError(c, errorf(KindValidation, "empty request body"))
		return
	}
	sc, err := datasets.DecodeScenario(bytes.NewReader(body), file)
	if err != nil {
		writeError(c, err)
		return
	}
	if err := s.Limits.checkLevers(sc.Name, len(sc.Levers)); err != nil {
		writeError(c, err)
		return
	}
	if sc.Name == "scenario" { // DecodeScenario names a file without a name by the file
		writeError(c, errorf(KindValidation, "the scenario needs a name"))
		return
	}
	if !store.ValidName(sc.Name) {
		writeError(c, errorf(KindValidation, "name %q: use lower-case letters, digits, '-' and '_' (at most 63)", sc.Name))
		return
	}
	if slices.Contains(scenarios.Names, sc.Name) {
		writeError(c, errorf(KindConflict, "scenario %q is a shipped scenario", sc.Name))
		return
	}
	if err := s.checkLeverNames(sc); err != nil {
		writeError(c, err)
		return
	}
	owner := ownerOf(p)
	m, _, err := s.createdFS(ctx, p)
	if err != nil {
		writeError(c, err)
		return
	}
	if _, err := s.Store.Scenario(ctx, owner, sc.Name); err == nil {
		writeError(c, errorf(KindConflict, "scenario %q exists already", sc.Name))
		return
	}
	m[sc.Name+".yaml"] = body
	r, err := (&datasets.ScenarioLoader{FS: m, Fallback: scenarios.FS}).Load(sc.Name + ".yaml")
	if err != nil {
		writeError(c, err)
		return
	}
	if err := s.Limits.checkLevers(sc.Name, len(r.Levers)); err != nil {
		writeError(c, err)
		return
	}
	stored := store.Scenario{Owner: owner, Name: sc.Name, Description: sc.Description, Body: string(body)}
	if err := s.Store.CreateScenario(ctx, stored); err != nil {
		writeError(c, err)
		return
	}
	c.Header("Location", "/v1/scenarios/"+sc.Name)
	c.JSON(http.StatusCreated, scenarioDetail{summarise(p, stored), r.Levers})
}
