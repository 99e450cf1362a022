package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/caregap/caregap/api/store"
)

func TestJobTransitions(t *testing.T) {
	ctx := context.Background()
	run := &store.Run{Files: []string{"forecast.parquet", "bands.parquet"}, Rows: 42}
	tests := []struct {
		name    string
		steps   func(t *testing.T, s *store.Store, id string)
		status  string
		msg     string
		started bool
		hasRun  bool
	}{
		{"queued", func(*testing.T, *store.Store, string) {}, store.Queued, "", false, false},
		{"running", func(t *testing.T, s *store.Store, id string) { start(t, s, id) }, store.Running, "", true, false},
		{"running then succeeded", func(t *testing.T, s *store.Store, id string) {
			start(t, s, id)
			writeRun(t, s, id, run.Files...)
			// The status argument is ignored when a run is given.
			if err := s.FinishJob(ctx, id, store.Failed, "ignored", run); err != nil {
				t.Fatal(err)
			}
		}, store.Succeeded, "", true, true},
		{"running then failed", func(t *testing.T, s *store.Store, id string) {
			start(t, s, id)
			if err := s.FinishJob(ctx, id, store.Failed, "no population for 0301", nil); err != nil {
				t.Fatal(err)
			}
		}, store.Failed, "no population for 0301", true, false},
		{"running then cancelled", func(t *testing.T, s *store.Store, id string) {
			start(t, s, id)
			if err := s.FinishJob(ctx, id, store.Cancelled, "cancelled", nil); err != nil {
				t.Fatal(err)
			}
		}, store.Cancelled, "cancelled", true, false},
		{"queued then cancelled", func(t *testing.T, s *store.Store, id string) {
			if ok, err := s.CancelQueued(ctx, id); err != nil || !ok {
				t.Fatalf("CancelQueued = %v, %v; want true", ok, err)
			}
			if ok, err := s.StartJob(ctx, id); err != nil || ok {
				t.Errorf("StartJob after CancelQueued = %v, %v; want false", ok, err)
			}
		}, store.Cancelled, "cancelled", false, false},
		{"queued then failed at shutdown", func(t *testing.T, s *store.Store, id string) {
			if err := s.FinishJob(ctx, id, store.Failed, "stopped", nil); err != nil {
				t.Fatal(err)
			}
		}, store.Failed, "stopped", false, false},
		{"started twice", func(t *testing.T, s *store.Store, id string) {
			start(t, s, id)
			if ok, err := s.StartJob(ctx, id); err != nil || ok {
				t.Errorf("second StartJob = %v, %v; want false", ok, err)
			}
		}, store.Running, "", true, false},
		{"running is not cancelled as queued", func(t *testing.T, s *store.Store, id string) {
			start(t, s, id)
			if ok, err := s.CancelQueued(ctx, id); err != nil || ok {
				t.Errorf("CancelQueued of a running job = %v, %v; want false", ok, err)
			}
		}, store.Running, "", true, false},
	}
	s := open(t, t.TempDir())
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := fmt.Sprintf("job-%d", i)
			newJob(t, s, id)
			tt.steps(t, s, id)
			j := job(t, s, id)
			if j.Status != tt.status || j.Error != tt.msg {
				t.Errorf("status %q error %q, want %q %q", j.Status, j.Error, tt.status, tt.msg)
			}
			if got := !j.Started.IsZero(); got != tt.started {
				t.Errorf("started set %v, want %v", got, tt.started)
			}
			finished := tt.status != store.Queued && tt.status != store.Running
			if got := !j.Finished.IsZero(); got != finished {
				t.Errorf("finished set %v, want %v", got, finished)
			}
			if finished && tt.started && j.Finished.Before(j.Started) {
				t.Errorf("finished %v before started %v", j.Finished, j.Started)
			}
			if (j.Run != nil) != tt.hasRun {
				t.Fatalf("run %+v, want run %v", j.Run, tt.hasRun)
			}
			if tt.hasRun && (j.Run.ID != id || !slices.Equal(j.Run.Files, run.Files) || j.Run.Rows != run.Rows || j.Run.Created.IsZero()) {
				t.Errorf("run %+v, want id %s files %v rows %d", j.Run, id, run.Files, run.Rows)
			}
		})
	}
}

// TestFinishedJobsAreImmutable tries every change on a job in each final
// state; none may alter what the catalog says about it.
func TestFinishedJobsAreImmutable(t *testing.T) {
	ctx := context.Background()
	finals := []struct {
		status string
		finish func(t *testing.T, s *store.Store, id string)
	}{
		{store.Succeeded, func(t *testing.T, s *store.Store, id string) {
			start(t, s, id)
			if err := s.FinishJob(ctx, id, store.Succeeded, "", &store.Run{Files: []string{"forecast.parquet"}, Rows: 7}); err != nil {
				t.Fatal(err)
			}
		}},
		{store.Failed, func(t *testing.T, s *store.Store, id string) {
			start(t, s, id)
			if err := s.FinishJob(ctx, id, store.Failed, "boom", nil); err != nil {
				t.Fatal(err)
			}
		}},
		{store.Cancelled, func(t *testing.T, s *store.Store, id string) {
			if ok, err := s.CancelQueued(ctx, id); err != nil || !ok {
				t.Fatalf("CancelQueued = %v, %v", ok, err)
			}
		}},
	}
	// Late changes; their errors are not checked, only their effect.
	changes := []struct {
		name string
		do   func(s *store.Store, id string)
	}{
		{"start", func(s *store.Store, id string) { s.StartJob(ctx, id) }},
		{"cancel queued", func(s *store.Store, id string) { s.CancelQueued(ctx, id) }},
		{"delete", func(s *store.Store, id string) { s.DeleteJob(ctx, id) }},
		{"finish failed", func(s *store.Store, id string) { s.FinishJob(ctx, id, store.Failed, "late", nil) }},
		{"finish cancelled", func(s *store.Store, id string) { s.FinishJob(ctx, id, store.Cancelled, "cancelled late", nil) }},
		{"finish with a run", func(s *store.Store, id string) {
			s.FinishJob(ctx, id, store.Succeeded, "", &store.Run{Files: []string{"late.parquet"}, Rows: 99})
		}},
	}
	s := open(t, t.TempDir())
	for _, f := range finals {
		for _, c := range changes {
			t.Run(f.status+"/"+c.name, func(t *testing.T) {
				id := f.status + "-" + strings.ReplaceAll(c.name, " ", "-")
				newJob(t, s, id)
				f.finish(t, s, id)
				before := job(t, s, id)
				c.do(s, id)
				after, err := s.Job(ctx, id)
				if err != nil {
					t.Fatalf("job gone after late %s: %v", c.name, err)
				}
				if after.Status != before.Status || after.Error != before.Error ||
					!after.Finished.Equal(before.Finished) || !after.Started.Equal(before.Started) {
					t.Errorf("late %s changed the job: %s %q -> %s %q", c.name, before.Status, before.Error, after.Status, after.Error)
				}
				if !sameRun(before.Run, after.Run) {
					t.Errorf("late %s changed the run of a %s job: %+v -> %+v", c.name, before.Status, before.Run, after.Run)
				}
			})
		}
	}
}

func sameRun(a, b *store.Run) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.ID == b.ID && a.Rows == b.Rows && slices.Equal(a.Files, b.Files) && a.Created.Equal(b.Created)
}

func TestReopenRecovers(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"queued", "running", "succeeded", "failed", "cancelled"} {
		newJob(t, s, id)
	}
	// A job writes files only after StartJob, so a queued one has none;
	// give it some anyway to check that recovery clears the run directory
	// of every unfinished job.
	writeRun(t, s, "queued", "stray.parquet")
	start(t, s, "running")
	writeRun(t, s, "running", "forecast.parquet") // partial: no run row
	start(t, s, "succeeded")
	writeRun(t, s, "succeeded", "forecast.parquet", "bands.parquet")
	if err := s.FinishJob(ctx, "succeeded", store.Succeeded, "", &store.Run{Files: []string{"forecast.parquet", "bands.parquet"}, Rows: 5}); err != nil {
		t.Fatal(err)
	}
	start(t, s, "failed")
	if err := s.FinishJob(ctx, "failed", store.Failed, "no data", nil); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.CancelQueued(ctx, "cancelled"); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if err := s.PutDatasetFile(ctx, "kommune-2024", store.DatasetFile{Name: "population", Rows: 3, Bytes: 10}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateScenario(ctx, store.Scenario{Name: "growth", Body: "name: growth\n"}); err != nil {
		t.Fatal(err)
	}
	startedRunning := job(t, s, "running").Started
	// The process stops without finishing its jobs.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = open(t, dir)
	tests := []struct {
		id     string
		status string
		msg    string
		dir    bool // run directory kept
	}{
		{"queued", store.Failed, store.Interrupted, false},
		{"running", store.Failed, store.Interrupted, false},
		{"succeeded", store.Succeeded, "", true},
		{"failed", store.Failed, "no data", false},
		{"cancelled", store.Cancelled, "cancelled", false},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			j := job(t, s, tt.id)
			if j.Status != tt.status || j.Error != tt.msg {
				t.Errorf("status %q error %q, want %q %q", j.Status, j.Error, tt.status, tt.msg)
			}
			if j.Finished.IsZero() {
				t.Error("no finish time after recovery")
			}
			_, err := os.Stat(s.RunDir(tt.id))
			if tt.dir && err != nil {
				t.Errorf("run directory gone: %v", err)
			}
			if !tt.dir && !errors.Is(err, os.ErrNotExist) {
				t.Errorf("run directory still there (stat: %v)", err)
			}
		})
	}
	if got := job(t, s, "running").Started; !got.Equal(startedRunning) {
		t.Errorf("recovery changed the start time: %v -> %v", startedRunning, got)
	}
	j := job(t, s, "succeeded")
	if j.Run == nil || j.Run.Rows != 5 || len(j.Run.Files) != 2 {
		t.Fatalf("succeeded job's run after reopen: %+v", j.Run)
	}
	for _, f := range j.Run.Files {
		if _, err := os.Stat(filepath.Join(s.RunDir("succeeded"), f)); err != nil {
			t.Errorf("run file of the succeeded job: %v", err)
		}
	}
	if d, err := s.Dataset(ctx, "kommune-2024"); err != nil || len(d.Files) != 1 {
		t.Errorf("dataset after reopen: %+v, %v", d, err)
	}
	if _, err := s.Scenario(ctx, "", "growth"); err != nil {
		t.Errorf("scenario after reopen: %v", err)
	}
	if n, err := s.CountJobs(ctx); err != nil || n[store.Queued] != 0 || n[store.Running] != 0 || n[store.Failed] != 3 {
		t.Errorf("CountJobs after reopen = %v, %v; want 3 failed, none queued or running", n, err)
	}
}

// TestConcurrentWriters runs a few goroutines that each take jobs through
// their whole life and upload dataset files and scenarios at once; the
// catalog must end with every row and pass SQLite's integrity check.
func TestConcurrentWriters(t *testing.T) {
	const (
		writers = 4  // a few, against 2 cores
		perW    = 12 // jobs per writer; enough to interleave, ~1 s under -race
	)
	ctx := context.Background()
	dir := t.TempDir()
	s, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, writers*perW)
	for w := range writers {
		wg.Go(func() {
			for i := range perW {
				id := fmt.Sprintf("w%d-j%d", w, i)
				if err := s.CreateJob(ctx, &store.Job{ID: id, Kind: "forecast", Owner: fmt.Sprintf("tok_%d", w)}); err != nil {
					errs <- err
					continue
				}
				if ok, err := s.StartJob(ctx, id); err != nil || !ok {
					errs <- fmt.Errorf("start %s: %v %v", id, ok, err)
					continue
				}
				var err error
				if i%3 == 0 {
					err = s.FinishJob(ctx, id, store.Failed, "boom", nil)
				} else {
					err = s.FinishJob(ctx, id, store.Succeeded, "", &store.Run{Files: []string{"forecast.parquet"}, Rows: i})
				}
				if err != nil {
					errs <- fmt.Errorf("finish %s: %w", id, err)
				}
				if err := s.PutDatasetFile(ctx, fmt.Sprintf("d%d", w), store.DatasetFile{Name: fmt.Sprintf("f%d", i), Rows: i}); err != nil {
					errs <- fmt.Errorf("dataset: %w", err)
				}
				if err := s.CreateScenario(ctx, store.Scenario{Name: id, Body: "x"}); err != nil {
					errs <- fmt.Errorf("scenario: %w", err)
				}
				if _, err := s.Jobs(ctx, "forecast"); err != nil { // readers too
					errs <- fmt.Errorf("list: %w", err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	wantCount := map[string]int{}
	for i := range perW {
		if i%3 == 0 {
			wantCount[store.Failed] += writers
		} else {
			wantCount[store.Succeeded] += writers
		}
	}
	n, err := s.CountJobs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(n) != len(wantCount) || n[store.Failed] != wantCount[store.Failed] || n[store.Succeeded] != wantCount[store.Succeeded] {
		t.Errorf("CountJobs = %v, want %v", n, wantCount)
	}
	ds, err := s.Datasets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != writers {
		t.Errorf("%d datasets, want %d", len(ds), writers)
	}
	for _, d := range ds {
		if len(d.Files) != perW {
			t.Errorf("dataset %s has %d files, want %d", d.ID, len(d.Files), perW)
		}
	}
	if scs, err := s.Scenarios(ctx); err != nil || len(scs) != writers*perW {
		t.Errorf("%d scenarios (%v), want %d", len(scs), err, writers*perW)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// The store registers the "sqlite" driver.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "catalog.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil {
		t.Fatal(err)
	}
	if check != "ok" {
		t.Errorf("integrity_check: %s", check)
	}
	var orphans int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM runs r JOIN jobs j ON j.id = r.id WHERE j.status != 'succeeded'`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if orphans != 0 {
		t.Errorf("%d runs belong to jobs that did not succeed", orphans)
	}
}
