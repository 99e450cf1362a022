package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"

	"github.com/caregap/caregap/api/auth"
	"github.com/caregap/caregap/api/store"
	"github.com/caregap/caregap/datasets"
	"github.com/gin-gonic/gin"
)

// DefaultDataset is the id of the dataset Deps.Default loads: in
// caregap serve, the embedded default dataset.
const DefaultDataset = "default"

// fileKind is what the API does with one input dataset of a bundle.
type fileKind struct {
	schema *datasets.Schema
	// validate reads and validates a Parquet file as datasets.Read does,
	// within maxRows, and returns its number of rows and its
	// municipalities, sorted (none for a file not per municipality).
	validate func(r io.ReaderAt, size int64, file string, maxRows int) (int, []string, error)
	// count returns the rows of b in scope.
	count func(b *datasets.Bundle, in func(string) bool) int
	// encode writes the rows of b in scope as Parquet.
	encode func(w io.Writer, b *datasets.Bundle, in func(string) bool) error
}

func kindOf[T any](field func(b *datasets.Bundle) []T) fileKind {
	region := datasets.RegionOf[T]()
	filter := func(rows []T, in func(string) bool) []T {
		if region == nil {
			return rows // not per region: codes of services, roles, stages
		}
		var out []T
		for i := range rows {
			if in(region(&rows[i])) {
				out = append(out, rows[i])
			}
		}
		return out
	}
	return fileKind{
		schema:   datasets.SchemaOf[T](),
		validate: validateRows[T],
		count:    func(b *datasets.Bundle, in func(string) bool) int { return len(filter(field(b), in)) },
		encode: func(w io.Writer, b *datasets.Bundle, in func(string) bool) error {
			return datasets.EncodeParquet(w, filter(field(b), in))
		},
	}
}

// fileKinds lists the input datasets of a bundle by name.
var fileKinds = func() map[string]fileKind {
	ks := []fileKind{
		kindOf(func(b *datasets.Bundle) []datasets.Region { return b.Regions }),
		kindOf(func(b *datasets.Bundle) []datasets.Population { return b.Population }),
		kindOf(func(b *datasets.Bundle) []datasets.Deaths { return b.Deaths }),
		kindOf(func(b *datasets.Bundle) []datasets.Births { return b.Births }),
		kindOf(func(b *datasets.Bundle) []datasets.DeathRate { return b.DeathRates }),
		kindOf(func(b *datasets.Bundle) []datasets.FertilityRate { return b.FertilityRates }),
		kindOf(func(b *datasets.Bundle) []datasets.NetMigration { return b.NetMigration }),
		kindOf(func(b *datasets.Bundle) []datasets.Service { return b.Services }),
		kindOf(func(b *datasets.Bundle) []datasets.Role { return b.Roles }),
		kindOf(func(b *datasets.Bundle) []datasets.CareUse { return b.CareUse }),
		kindOf(func(b *datasets.Bundle) []datasets.CareStaffing { return b.CareStaffing }),
		kindOf(func(b *datasets.Bundle) []datasets.RoleShare { return b.RoleShares }),
		kindOf(func(b *datasets.Bundle) []datasets.Workforce { return b.Workforce }),
		kindOf(func(b *datasets.Bundle) []datasets.ExitRate { return b.ExitRates }),
		kindOf(func(b *datasets.Bundle) []datasets.CareerTransition { return b.CareerTransitions }),
		kindOf(func(b *datasets.Bundle) []datasets.TrainingPipeline { return b.TrainingPipelines }),
		kindOf(func(b *datasets.Bundle) []datasets.TrainingStage { return b.TrainingStages }),
		kindOf(func(b *datasets.Bundle) []datasets.Recruits { return b.Recruits }),
	}
	m := map[string]fileKind{}
	for _, k := range ks {
		m[k.schema.Name] = k
	}
	return m
}()

// matchKinds lists the inputs of a matching run by name. An admin uploads
// them like the bundle's files; they are validated one by one as
// datasets.Read does, and together (references between them) when a
// matching starts.
var matchKinds = map[string]fileKind{
	"candidates": matchKind[datasets.Candidate](),
	"openings":   matchKind[datasets.Opening](),
	"workplaces": matchKind[datasets.Workplace](),
}

func matchKind[T any]() fileKind {
	return fileKind{
		schema:   datasets.SchemaOf[T](),
		validate: validateRows[T],
	}
}

// validateRows reads and validates a file of rows T within maxRows and
// returns its rows and municipalities.
func validateRows[T any](r io.ReaderAt, size int64, file string, maxRows int) (int, []string, error) {
	rows, err := datasets.ReadWith[T](r, size, file, datasets.ReadOptions{MaxRows: maxRows})
	if err != nil {
		return 0, nil, err
	}
	var regions []string
	if region := datasets.RegionOf[T](); region != nil {
		set := map[string]bool{}
		for i := range rows {
			set[region(&rows[i])] = true
		}
		for r := range set {
			regions = append(regions, r)
		}
		sort.Strings(regions)
	}
	return len(rows), regions, nil
}

// Validation states of a dataset (store.DatasetSummary.State).
const (
	stateValid   = "valid"
	stateInvalid = "invalid"
)

// summary returns the catalog's summary of dataset id, without reading
// a file of it: the embedded default is summarised once from its bundle,
// an uploaded one was at its upload (one that predates the summaries is
// validated now, once). A missing id, or one that is not a safe name, is
// not found.
func (s *server) summary(ctx context.Context, id string) (*store.Dataset, error) {
	if id == DefaultDataset {
		b, err := s.defaultBundle()
		if err != nil {
			return nil, notFound("dataset", id)
		}
		s.defSumOnce.Do(func() {
			d := &store.Dataset{ID: id, DatasetSummary: store.DatasetSummary{State: stateValid}}
			for _, r := range b.Regions {
				d.Regions = append(d.Regions, r.Region)
			}
			sort.Strings(d.Regions)
			s.defSum = d
		})
		return s.defSum, nil
	}
	if !store.ValidName(id) {
		return nil, notFound("dataset", id)
	}
	d, err := s.Store.DatasetSummary(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound("dataset", id)
	}
	if err != nil {
		return nil, err
	}
	if d.State == "" {
		s.validateDataset(ctx, d)
	}
	return d, nil
}

// sees reports whether p may see dataset d: an admin any, others a valid
// one with a municipality in their scope (when valid is true) or any with
// one (matchings, whose inputs are not a forecast bundle).
func sees(p *auth.Principal, d *store.Dataset, valid bool) bool {
	if p.Role == auth.Admin {
		return true
	}
	if valid && d.State != stateValid {
		return false
	}
	return slices.ContainsFunc(d.Regions, p.InScope)
}

// scopedDataset returns the summary of dataset id when p may see it
// (sees) and otherwise the one answer of a missing dataset. It reads the
// catalog once whether or not the dataset exists, and no file, so neither
// the answer nor its time tells what exists outside p's scope.
func (s *server) scopedDataset(ctx context.Context, p *auth.Principal, id string, valid bool) (*store.Dataset, error) {
	d, err := s.summary(ctx, id)
	if err != nil {
		return nil, err
	}
	if !sees(p, d, valid) {
		return nil, notFound("dataset", id)
	}
	return d, nil
}

// validateDataset reads and checks dataset d as it now is, records its
// state in the catalog and keeps the bundle of a valid one in memory.
func (s *server) validateDataset(ctx context.Context, d *store.Dataset) {
	b, err := s.readBundle(d.ID)
	d.State, d.Problem = stateValid, ""
	if err != nil {
		_, detail, _ := classify(err)
		d.State, d.Problem = stateInvalid, detail
	} else {
		s.keepBundle(d.ID, d.Version, b)
	}
	if err := s.Store.SetDatasetState(ctx, d.ID, d.Version, d.State, d.Problem); err != nil {
		s.Logger.Error("record dataset state", "dataset", d.ID, "err", err.Error())
	}
}

// readBundle reads and checks the files of uploaded dataset id.
func (s *server) readBundle(id string) (*datasets.Bundle, error) {
	b, err := datasets.ReadFS(os.DirFS(s.Store.DatasetDir(id)))
	if err != nil {
		return nil, err
	}
	if err := datasets.Check(b); err != nil {
		return nil, err
	}
	return b, nil
}

// bundleEntry is the bundle of one version of an uploaded dataset.
type bundleEntry struct {
	version int
	once    sync.Once
	b       *datasets.Bundle
	err     error
}

// keepBundle keeps b as version of dataset id.
func (s *server) keepBundle(id string, version int, b *datasets.Bundle) {
	e := &bundleEntry{version: version, b: b}
	e.once.Do(func() {})
	s.bundleMu.Lock()
	s.bundles[id] = e
	s.bundleMu.Unlock()
}

// loadBundle returns the bundle of dataset id, read and checked once per
// version and kept in memory (the latest version of each dataset). Ask
// scopedDataset first: loadBundle does not check the caller's scope.
// Unknown ids and ids that are not safe names are not found.
func (s *server) loadBundle(ctx context.Context, id string) (*datasets.Bundle, error) {
	if id == DefaultDataset {
		return s.defaultBundle()
	}
	d, err := s.summary(ctx, id)
	if err != nil {
		return nil, err
	}
	if d.State == stateInvalid {
		return nil, errorf(KindValidation, "%s", d.Problem)
	}
	s.bundleMu.Lock()
	e, ok := s.bundles[id]
	if !ok || e.version != d.Version {
		e = &bundleEntry{version: d.Version}
		s.bundles[id] = e
	}
	s.bundleMu.Unlock()
	e.once.Do(func() { e.b, e.err = s.readBundle(id) })
	return e.b, e.err
}

type columnDoc struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	Unit    string `json:"unit"`
	Allowed string `json:"allowed"`
	Doc     string `json:"doc"`
}

type fileDoc struct {
	Name    string      `json:"name"`
	File    string      `json:"file"`
	Doc     string      `json:"doc"`
	Present bool        `json:"present"`
	Rows    *int        `json:"rows_in_scope,omitempty"`
	Key     []string    `json:"key"`
	Columns []columnDoc `json:"columns"`
}

type datasetDoc struct {
	ID      string    `json:"id"`
	Source  string    `json:"source"` // embedded or uploaded
	State   string    `json:"state"`  // valid or invalid
	Problem string    `json:"problem,omitempty"`
	Regions []string  `json:"regions_in_scope"`
	Files   []fileDoc `json:"files,omitempty"`
}

// describe builds the description of dataset id for p from the
// catalog's summary: the municipalities in p's scope and the validation
// state, and with files every input schema, which files are present and
// their rows in p's scope. A dataset p may not see (sees) answers as a
// missing one.
func (s *server) describe(ctx context.Context, id string, p *auth.Principal, files bool) (*datasetDoc, error) {
	sum, err := s.scopedDataset(ctx, p, id, true)
	if err != nil {
		return nil, err
	}
	return s.describeSummary(ctx, sum, p, files)
}

func (s *server) describeSummary(ctx context.Context, sum *store.Dataset, p *auth.Principal, files bool) (*datasetDoc, error) {
	d := &datasetDoc{ID: sum.ID, Source: "embedded", State: sum.State, Problem: sum.Problem, Regions: []string{}}
	if sum.ID != DefaultDataset {
		d.Source = "uploaded"
	}
	for _, r := range sum.Regions {
		if p.InScope(r) {
			d.Regions = append(d.Regions, r)
		}
	}
	if !files {
		return d, nil
	}
	present := map[string]bool{}
	if sum.ID == DefaultDataset {
		for name := range fileKinds {
			present[name] = true
		}
	} else {
		ds, err := s.Store.Dataset(ctx, sum.ID)
		if err != nil {
			return nil, err
		}
		for _, f := range ds.Files {
			present[f.Name] = true
		}
	}
	var b *datasets.Bundle
	if sum.State == stateValid {
		b, _ = s.loadBundle(ctx, sum.ID) // nil on failure: no row counts
	}
	for _, sc := range datasets.Schemas() {
		k, ok := fileKinds[sc.Name]
		if !ok {
			continue
		}
		fd := fileDoc{Name: sc.Name, File: sc.File, Doc: sc.Doc, Present: present[sc.Name], Key: sc.Key}
		if b != nil && fd.Present {
			n := k.count(b, p.InScope)
			fd.Rows = &n
		}
		for _, col := range sc.Columns {
			fd.Columns = append(fd.Columns, columnDoc{col.Name, col.Kind.String(), col.Unit, col.Allowed(), col.Doc})
		}
		d.Files = append(d.Files, fd)
	}
	return d, nil
}

// listDatasets lists the datasets p may see from the catalog's
// summaries; it reads no file.
func (s *server) listDatasets(c *gin.Context) {
	ctx := c.Request.Context()
	p := principal(c)
	sums := []*store.Dataset{}
	if d, err := s.summary(ctx, DefaultDataset); err == nil {
		sums = append(sums, d)
	}
	up, err := s.Store.DatasetSummaries(ctx)
	if err != nil {
		writeError(c, err)
		return
	}
	for i := range up {
		if up[i].State == "" {
			s.validateDataset(ctx, &up[i])
		}
		sums = append(sums, &up[i])
	}
	out := []*datasetDoc{}
	for _, sum := range sums {
		if !sees(p, sum, true) {
			continue
		}
		d, err := s.describeSummary(ctx, sum, p, false)
		if err != nil {
			writeError(c, err)
			return
		}
		out = append(out, d)
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}

func (s *server) getDataset(c *gin.Context) {
	d, err := s.describe(c.Request.Context(), c.Param("id"), principal(c), true)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, d)
}

// uploadFile validates the Parquet body as dataset name with datasets.Read
// and only then stores it as DATA-DIR/datasets/<id>/<name>.parquet.
func (s *server) uploadFile(c *gin.Context) {
	id, name := c.Param("id"), c.Param("name")
	if id == DefaultDataset {
		writeError(c, errorf(KindConflict, "dataset %q is embedded and read-only", id))
		return
	}
	if !store.ValidName(id) {
		writeError(c, errorf(KindValidation, "dataset id %q: use lower-case letters, digits, '-' and '_' (at most 63)", id))
		return
	}
	k, ok := fileKinds[name]
	if !ok {
		k, ok = matchKinds[name]
	}
	if !ok {
		writeError(c, errorf(KindValidation, "%q is not an input dataset name", name))
		return
	}
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		writeError(c, err)
		return
	}
	n, regions, err := k.validate(bytes.NewReader(body), int64(len(body)), k.schema.File, s.Limits.UploadRows)
	if errors.Is(err, datasets.ErrTooManyRows) {
		err = &Error{Kind: KindPayloadTooLarge, Err: err,
			Detail: fmt.Sprintf("%s: more than %d rows, the limit of one uploaded file (caregap serve --max-upload-rows)", k.schema.File, s.Limits.UploadRows)}
	}
	if err != nil {
		writeError(c, err)
		return
	}
	dir := s.Store.DatasetDir(id)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		writeError(c, err)
		return
	}
	path := filepath.Join(dir, k.schema.File)
	if err := datasets.WriteFileAtomic(path, func(w io.Writer) error { _, err := w.Write(body); return err }); err != nil {
		writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	if err := s.Store.PutDatasetFile(ctx, id, store.DatasetFile{Name: name, Rows: n, Bytes: int64(len(body)), Regions: regions}); err != nil {
		writeError(c, err)
		return
	}
	// The whole dataset is validated now, once, and its state kept in the
	// catalog for every later listing and scope check.
	sum, err := s.Store.DatasetSummary(ctx, id)
	if err != nil {
		writeError(c, err)
		return
	}
	s.validateDataset(ctx, sum)
	c.Header("Location", fmt.Sprintf("/v1/datasets/%s/files/%s", id, name))
	c.JSON(http.StatusCreated, gin.H{"dataset": id, "name": name, "rows": n, "bytes": len(body), "state": sum.State})
}

// downloadFile answers with one file of a dataset as Parquet, holding only
// the rows of the caller's municipalities.
func (s *server) downloadFile(c *gin.Context) {
	ctx := c.Request.Context()
	id, name := c.Param("id"), c.Param("name")
	k, ok := fileKinds[name]
	if !ok {
		writeError(c, notFound("file", name))
		return
	}
	if _, err := negotiate(c.GetHeader("Accept"), []string{mediaParquet}); err != nil {
		writeError(c, err)
		return
	}
	p := principal(c)
	if _, err := s.describe(ctx, id, p, false); err != nil { // scope first: out of scope is missing
		writeError(c, err)
		return
	}
	b, err := s.loadBundle(ctx, id)
	if err != nil {
		if kind, _, _ := classify(err); kind == KindValidation {
			err = errorf(KindConflict, "dataset %q does not validate; fix it before downloading", id)
		}
		writeError(c, err)
		return
	}
	if k.count(b, func(string) bool { return true }) == 0 {
		writeError(c, notFound("file", name))
		return
	}
	var buf bytes.Buffer
	if err := k.encode(&buf, b, p.InScope); err != nil {
		writeError(c, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, k.schema.File))
	c.Data(http.StatusOK, mediaParquet, buf.Bytes())
}

// sortedKinds returns the names of the input datasets, sorted.
func sortedKinds() []string {
	out := make([]string, 0, len(fileKinds))
	for n := range fileKinds {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
