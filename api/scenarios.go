package api

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"slices"

	"github.com/caregap/caregap/api/store"
	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata/scenarios"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/gin-gonic/gin"
)

type scenarioSummary struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Source      string `json:"source"` // shipped or created
}

type scenarioDetail struct {
	scenarioSummary
	Levers []scenario.Lever `json:"levers"`
}

// createdFS returns the created scenarios as files name.yaml.
func (s *server) createdFS(ctx context.Context) (fs.FS, error) {
	list, err := s.Store.Scenarios(ctx)
	if err != nil {
		return nil, err
	}
	m := datasets.ScenarioFiles{}
	for _, sc := range list {
		m[sc.Name+".yaml"] = []byte(sc.Body)
	}
	return m, nil
}

// loadScenario resolves a shipped or created scenario by name; an unknown
// name is a not-found error.
func (s *server) loadScenario(ctx context.Context, name string) (*scenario.Resolved, string, error) {
	if !store.ValidName(name) {
		return nil, "", notFound("scenario", name)
	}
	if slices.Contains(scenarios.Names, name) {
		r, err := (&datasets.ScenarioLoader{FS: scenarios.FS}).Load(name + ".yaml")
		return r, "shipped", err
	}
	created, err := s.createdFS(ctx)
	if err != nil {
		return nil, "", err
	}
	if _, err := fs.Stat(created, name+".yaml"); err != nil {
		return nil, "", notFound("scenario", name)
	}
	r, err := (&datasets.ScenarioLoader{FS: created, Fallback: scenarios.FS}).Load(name + ".yaml")
	return r, "created", err
}

func (s *server) listScenarios(c *gin.Context) {
	ctx := c.Request.Context()
	out := []scenarioSummary{}
	for _, n := range scenarios.Names {
		r, _, err := s.loadScenario(ctx, n)
		if err != nil {
			writeError(c, err)
			return
		}
		out = append(out, scenarioSummary{n, r.Description, "shipped"})
	}
	created, err := s.Store.Scenarios(ctx)
	if err != nil {
		writeError(c, err)
		return
	}
	for _, sc := range created {
		out = append(out, scenarioSummary{sc.Name, sc.Description, "created"})
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}

func (s *server) getScenario(c *gin.Context) {
	name := c.Param("name")
	r, src, err := s.loadScenario(c.Request.Context(), name)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, scenarioDetail{scenarioSummary{r.Name, r.Description, src}, r.Levers})
}

// createScenario accepts a scenario file as YAML or JSON, validates it with
// datasets.DecodeScenario, resolves what it extends and stores it.
func (s *server) createScenario(c *gin.Context) {
	ctx := c.Request.Context()
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	file := "scenario.yaml"
	switch mt {
	case "application/json":
		file = "scenario.json"
	case "application/yaml", "application/x-yaml", "text/yaml", "":
	default:
		writeError(c, errorf(KindValidation, "Content-Type %q: send application/json or application/yaml", mt))
		return
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
	created, err := s.createdFS(ctx)
	if err != nil {
		writeError(c, err)
		return
	}
	m := created.(datasets.ScenarioFiles)
	if _, dup := m[sc.Name+".yaml"]; dup {
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
	if err := s.Store.CreateScenario(ctx, store.Scenario{Name: sc.Name, Description: sc.Description, Body: string(body)}); err != nil {
		writeError(c, err)
		return
	}
	c.Header("Location", "/v1/scenarios/"+sc.Name)
	c.JSON(http.StatusCreated, scenarioDetail{scenarioSummary{r.Name, r.Description, "created"}, r.Levers})
}
