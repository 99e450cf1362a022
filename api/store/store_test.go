package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/caregap/caregap/api/store"
)

// open opens a catalog in dir and closes it when the test ends.
func open(t *testing.T, dir string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// job reads job id and fails the test on error.
func job(t *testing.T, s *store.Store, id string) *store.Job {
	t.Helper()
	j, err := s.Job(context.Background(), id)
	if err != nil {
		t.Fatalf("Job(%s): %v", id, err)
	}
	return j
}

func newJob(t *testing.T, s *store.Store, id string) {
	t.Helper()
	j := &store.Job{ID: id, Kind: "forecast", Owner: "tok_owner", Regions: []string{"0301"}, Request: `{"to_year":2040}`}
	if err := s.CreateJob(context.Background(), j); err != nil {
		t.Fatalf("CreateJob(%s): %v", id, err)
	}
}

func start(t *testing.T, s *store.Store, id string) {
	t.Helper()
	ok, err := s.StartJob(context.Background(), id)
	if err != nil || !ok {
		t.Fatalf("StartJob(%s) = %v, %v; want true", id, ok, err)
	}
}

// writeRun writes a result file into job id's run directory, as a job
// does before it records the run.
func writeRun(t *testing.T, s *store.Store, id string, files ...string) {
	t.Helper()
	dir := s.RunDir(id)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("PAR1"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenFresh(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data") // Open creates it
	s := open(t, dir)
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if s.Dir() != dir {
		t.Errorf("Dir() = %s, want %s", s.Dir(), dir)
	}
	for _, p := range []string{"catalog.db", "runs", "datasets"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("fresh catalog lacks %s: %v", p, err)
		}
	}
	if got, want := s.RunDir("j1"), filepath.Join(dir, "runs", "j1"); got != want {
		t.Errorf("RunDir = %s, want %s", got, want)
	}
	if got, want := s.DatasetDir("d1"), filepath.Join(dir, "datasets", "d1"); got != want {
		t.Errorf("DatasetDir = %s, want %s", got, want)
	}

	if ds, err := s.Datasets(ctx); err != nil || len(ds) != 0 {
		t.Errorf("Datasets = %v, %v; want none", ds, err)
	}
	if scs, err := s.Scenarios(ctx); err != nil || len(scs) != 0 {
		t.Errorf("Scenarios = %v, %v; want none", scs, err)
	}
	if js, err := s.Jobs(ctx, "forecast"); err != nil || len(js) != 0 {
		t.Errorf("Jobs = %v, %v; want none", js, err)
	}
	if n, err := s.CountJobs(ctx); err != nil || len(n) != 0 {
		t.Errorf("CountJobs = %v, %v; want none", n, err)
	}
	for name, err := range map[string]error{
		"dataset":  second(s.Dataset(ctx, "d1")),
		"scenario": second(s.Scenario(ctx, "", "growth")),
		"job":      second(s.Job(ctx, "j1")),
	} {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing %s: %v, want ErrNotFound", name, err)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func TestValidName(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"growth", true},
		{"2024-base_v2", true},
		{"a", true},
		{strings.Repeat("a", 63), true}, // the documented maximum
		{strings.Repeat("a", 64), false},
		{"", false},
		{"Growth", false},
		{"-growth", false},
		{"_growth", false},
		{".", false},
		{"..", false},
		{"../etc", false},
		{"a/b", false},
		{`a\b`, false},
		{"a b", false},
		{"a.parquet", false},
		{"vekst-ø", false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.name), func(t *testing.T) {
			if got := store.ValidName(tt.name); got != tt.ok {
				t.Errorf("ValidName(%q) = %v, want %v", tt.name, got, tt.ok)
			}
		})
	}
}

func TestDatasets(t *testing.T) {
	ctx := context.Background()
	s := open(t, t.TempDir())
	puts := []struct {
		id string
		f  store.DatasetFile
	}{
		{"kommune-2024", store.DatasetFile{Name: "workforce", Rows: 10, Bytes: 1000}},
		{"kommune-2024", store.DatasetFile{Name: "population", Rows: 356, Bytes: 4096}},
		{"fylke-2023", store.DatasetFile{Name: "population", Rows: 11, Bytes: 512}},
		// A second upload of a name replaces its row.
		{"kommune-2024", store.DatasetFile{Name: "workforce", Rows: 20, Bytes: 2000}},
	}
	for _, p := range puts {
		if err := s.PutDatasetFile(ctx, p.id, p.f); err != nil {
			t.Fatalf("PutDatasetFile(%s, %s): %v", p.id, p.f.Name, err)
		}
	}

	d, err := s.Dataset(ctx, "kommune-2024")
	if err != nil {
		t.Fatal(err)
	}
	if d.Created.IsZero() {
		t.Error("dataset has no creation time")
	}
	want := []store.DatasetFile{{Name: "population", Rows: 356, Bytes: 4096}, {Name: "workforce", Rows: 20, Bytes: 2000}}
	if len(d.Files) != len(want) {
		t.Fatalf("files %+v, want %+v", d.Files, want)
	}
	for i, f := range d.Files {
		if f.Name != want[i].Name || f.Rows != want[i].Rows || f.Bytes != want[i].Bytes || f.Uploaded.IsZero() {
			t.Errorf("file %d = %+v, want %+v with an upload time", i, f, want[i])
		}
	}

	all, err := s.Datasets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range all {
		ids = append(ids, d.ID)
	}
	if !slices.Equal(ids, []string{"fylke-2023", "kommune-2024"}) {
		t.Errorf("Datasets ids %v, want [fylke-2023 kommune-2024]", ids)
	}
	if len(all[0].Files) != 1 || len(all[1].Files) != 2 {
		t.Errorf("Datasets files %d and %d, want 1 and 2", len(all[0].Files), len(all[1].Files))
	}
}

func TestScenarios(t *testing.T) {
	ctx := context.Background()
	s := open(t, t.TempDir())
	in := []store.Scenario{
		{Name: "growth", Description: "two per cent more nurses", Body: "name: growth\n"},
		{Name: "baseline", Description: "", Body: `{"name":"baseline"}`},
	}
	for _, sc := range in {
		if err := s.CreateScenario(ctx, sc); err != nil {
			t.Fatalf("CreateScenario(%s): %v", sc.Name, err)
		}
	}
	err := s.CreateScenario(ctx, store.Scenario{Name: "growth", Body: "other"})
	if !errors.Is(err, store.ErrConflict) {
		t.Errorf("second CreateScenario(growth) = %v, want ErrConflict", err)
	}

	got, err := s.Scenario(ctx, "", "growth")
	if err != nil {
		t.Fatal(err)
	}
	if got.Description != in[0].Description || got.Body != in[0].Body || got.Created.IsZero() {
		t.Errorf("Scenario(growth) = %+v, want %+v with a creation time (the conflict must not overwrite)", got, in[0])
	}
	all, err := s.Scenarios(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].Name != "baseline" || all[1].Name != "growth" || all[0].Body != in[1].Body {
		t.Errorf("Scenarios = %+v, want baseline then growth", all)
	}
}

func TestCreateAndReadJobs(t *testing.T) {
	ctx := context.Background()
	s := open(t, t.TempDir())
	in := &store.Job{ID: "j1", Kind: "forecast", Status: store.Failed, Owner: "tok_a",
		Regions: []string{"0301", "4601"}, Request: `{"to_year":2040}`}
	if err := s.CreateJob(ctx, in); err != nil {
		t.Fatal(err)
	}
	if in.Status != store.Queued {
		t.Errorf("CreateJob left status %q on the job, want queued", in.Status)
	}
	if err := s.CreateJob(ctx, &store.Job{ID: "j1", Kind: "forecast"}); err == nil {
		t.Error("CreateJob of an existing id succeeded")
	}
	if err := s.CreateJob(ctx, &store.Job{ID: "m1", Kind: "matching", Owner: "tok_b"}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateJob(ctx, &store.Job{ID: "j2", Kind: "forecast", Owner: "tok_a"}); err != nil {
		t.Fatal(err)
	}

	j := job(t, s, "j1")
	if j.Kind != "forecast" || j.Status != store.Queued || j.Owner != "tok_a" || j.Request != in.Request ||
		!slices.Equal(j.Regions, in.Regions) || j.Error != "" || j.Run != nil {
		t.Errorf("Job(j1) = %+v, want the created job, queued", j)
	}
	if j.Created.IsZero() || !j.Started.IsZero() || !j.Finished.IsZero() {
		t.Errorf("queued job times created %v started %v finished %v; want only created", j.Created, j.Started, j.Finished)
	}
	if r := job(t, s, "m1").Regions; r != nil {
		t.Errorf("job without regions reads back regions %q, want none", r)
	}

	fc, err := s.Jobs(ctx, "forecast")
	if err != nil {
		t.Fatal(err)
	}
	if len(fc) != 2 || fc[0].ID != "j2" || fc[1].ID != "j1" {
		t.Errorf("Jobs(forecast) = %v, want j2 then j1 (newest first)", ids(fc))
	}
	if m, err := s.Jobs(ctx, "matching"); err != nil || len(m) != 1 || m[0].ID != "m1" {
		t.Errorf("Jobs(matching) = %v, %v; want [m1]", ids(m), err)
	}
	if n, err := s.CountJobs(ctx); err != nil || n[store.Queued] != 3 || len(n) != 1 {
		t.Errorf("CountJobs = %v, %v; want 3 queued", n, err)
	}

	if err := s.DeleteJob(ctx, "j2"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Job(ctx, "j2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Job after DeleteJob = %v, want ErrNotFound", err)
	}
	start(t, s, "j1")
	if err := s.DeleteJob(ctx, "j1"); err != nil {
		t.Fatal(err)
	}
	if got := job(t, s, "j1").Status; got != store.Running {
		t.Errorf("DeleteJob removed or changed a running job: status %q", got)
	}
}

func ids(js []*store.Job) []string {
	var out []string
	for _, j := range js {
		out = append(out, j.ID)
	}
	return out
}
