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
	"sort"

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
	// within maxRows, and returns its number of rows.
	validate func(r io.ReaderAt, size int64, file string, maxRows int) (int, error)
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
		schema: datasets.SchemaOf[T](),
		validate: func(r io.ReaderAt, size int64, file string, maxRows int) (int, error) {
			rows, err := datasets.ReadWith[T](r, size, file, datasets.ReadOptions{MaxRows: maxRows})
			return len(rows), err
		},
		count: func(b *datasets.Bundle, in func(string) bool) int { return len(filter(field(b), in)) },
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
		schema: datasets.SchemaOf[T](),
		validate: func(r io.ReaderAt, size int64, file string, maxRows int) (int, error) {
			rows, err := datasets.ReadWith[T](r, size, file, datasets.ReadOptions{MaxRows: maxRows})
			return len(rows), err
		},
	}
}

// loadBundle reads and checks dataset id. Unknown ids and ids that are not
// safe names are not found.
func (s *server) loadBundle(ctx context.Context, id string) (*datasets.Bundle, error) {
	if id == DefaultDataset {
		return s.defaultBundle()
	}
	if !store.ValidName(id) {
		return nil, notFound("dataset", id)
	}
	if _, err := s.Store.Dataset(ctx, id); err != nil {
		return nil, err
	}
	b, err := datasets.ReadFS(os.DirFS(s.Store.DatasetDir(id)))
	if err != nil {
		return nil, err
	}
	if err := datasets.Check(b); err != nil {
		return nil, err
	}
	return b, nil
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

// describe builds the description of dataset id for p: every input
// schema, which files are present, rows in p's scope and the validation
// state of the whole bundle.
func (s *server) describe(ctx context.Context, id string, p *auth.Principal, files bool) (*datasetDoc, error) {
	d := &datasetDoc{ID: id, Source: "embedded", Regions: []string{}}
	present := map[string]bool{}
	if id == DefaultDataset {
		for name := range fileKinds {
			present[name] = true
		}
	} else {
		if !store.ValidName(id) {
			return nil, notFound("dataset", id)
		}
		ds, err := s.Store.Dataset(ctx, id)
		if err != nil {
			return nil, err
		}
		d.Source = "uploaded"
		for _, f := range ds.Files {
			present[f.Name] = true
		}
	}
	b, err := s.loadBundle(ctx, id)
	if err != nil {
		kind, detail, _ := classify(err)
		if kind != KindValidation {
			return nil, err
		}
		if p.Role != auth.Admin { // an invalid dataset is an admin's to see
			return nil, notFound("dataset", id)
		}
		d.State, d.Problem = "invalid", detail
	} else {
		d.State = "valid"
		for _, r := range b.Regions {
			if p.InScope(r.Region) {
				d.Regions = append(d.Regions, r.Region)
			}
		}
		if len(d.Regions) == 0 && p.Role != auth.Admin {
			// Nothing of it is the caller's: it answers as a missing one.
			return nil, notFound("dataset", id)
		}
	}
	if !files {
		return d, nil
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

func (s *server) listDatasets(c *gin.Context) {
	ctx := c.Request.Context()
	p := principal(c)
	ids := []string{DefaultDataset}
	up, err := s.Store.Datasets(ctx)
	if err != nil {
		writeError(c, err)
		return
	}
	for _, d := range up {
		ids = append(ids, d.ID)
	}
	out := []*datasetDoc{}
	for _, id := range ids {
		d, err := s.describe(ctx, id, p, false)
		if kind, _, _ := classify(err); err != nil && kind == KindNotFound {
			continue // not the caller's to see
		}
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
	n, err := k.validate(bytes.NewReader(body), int64(len(body)), k.schema.File, s.Limits.UploadRows)
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
	if err := s.Store.PutDatasetFile(c.Request.Context(), id, store.DatasetFile{Name: name, Rows: n, Bytes: int64(len(body))}); err != nil {
		writeError(c, err)
		return
	}
	c.Header("Location", fmt.Sprintf("/v1/datasets/%s/files/%s", id, name))
	c.JSON(http.StatusCreated, gin.H{"dataset": id, "name": name, "rows": n, "bytes": len(body)})
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
