package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Dataset is an uploaded dataset, its summary and its files.
type Dataset struct {
	ID      string
	Created time.Time
	DatasetSummary
	Files []DatasetFile
}

// DatasetSummary is what the catalog keeps of a dataset so that nobody
// reads its files to list it or to check a caller's scope.
type DatasetSummary struct {
	// Regions are the municipalities of its files, sorted.
	Regions []string
	// State is the validation state of the whole dataset: "valid",
	// "invalid" (Problem says why), or "" before it was first validated.
	State   string
	Problem string
	// Version changes with every upload of one of its files.
	Version int
}

// DatasetFile is one uploaded Parquet file of a dataset.
type DatasetFile struct {
	Name     string // dataset name, e.g. "population"
	Rows     int
	Bytes    int64
	Regions  []string // municipalities of its rows, sorted; none for files not per municipality
	Uploaded time.Time
}

// PutDatasetFile records file name of dataset id (creating the dataset)
// after the file has been written, and bumps the dataset's version. The
// dataset's regions become those of all its files; its state is unknown
// until SetDatasetState.
func (s *Store) PutDatasetFile(ctx context.Context, id string, f DatasetFile) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	t := now()
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO datasets(id, created) VALUES(?, ?)`, id, t); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO dataset_files(dataset, name, rows, bytes, regions, uploaded) VALUES(?,?,?,?,?,?)
		ON CONFLICT(dataset, name) DO UPDATE SET rows=excluded.rows, bytes=excluded.bytes, regions=excluded.regions, uploaded=excluded.uploaded`,
		id, f.Name, f.Rows, f.Bytes, strings.Join(f.Regions, ","), t); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT regions FROM dataset_files WHERE dataset=?`, id)
	if err != nil {
		return err
	}
	set := map[string]bool{}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			rows.Close()
			return err
		}
		for _, x := range splitList(r) {
			set[x] = true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	all := make([]string, 0, len(set))
	for r := range set {
		all = append(all, r)
	}
	sort.Strings(all)
	if _, err := tx.ExecContext(ctx, `UPDATE datasets SET regions=?, state='', problem='', version=version+1 WHERE id=?`,
		strings.Join(all, ","), id); err != nil {
		return err
	}
	return tx.Commit()
}

// SetDatasetState records the validation state of version of dataset id;
// it does nothing when the dataset has changed since.
func (s *Store) SetDatasetState(ctx context.Context, id string, version int, state, problem string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE datasets SET state=?, problem=? WHERE id=? AND version=?`, state, problem, id, version)
	return err
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// DatasetSummaries lists the uploaded datasets by id with their
// summaries, in one query, without their files.
func (s *Store) DatasetSummaries(ctx context.Context) ([]Dataset, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, created, regions, state, problem, version FROM datasets ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Dataset
	for rows.Next() {
		var d Dataset
		var created, regions string
		if err := rows.Scan(&d.ID, &created, &regions, &d.State, &d.Problem, &d.Version); err != nil {
			return nil, err
		}
		d.Created, d.Regions = parseTime(created), splitList(regions)
		out = append(out, d)
	}
	return out, rows.Err()
}

// DatasetSummary returns dataset id without its files, in one query
// whether or not it exists, so that the two take the same time.
func (s *Store) DatasetSummary(ctx context.Context, id string) (*Dataset, error) {
	d := &Dataset{ID: id}
	var created, regions string
	err := s.db.QueryRowContext(ctx, `SELECT created, regions, state, problem, version FROM datasets WHERE id=?`, id).
		Scan(&created, &regions, &d.State, &d.Problem, &d.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("dataset %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	d.Created, d.Regions = parseTime(created), splitList(regions)
	return d, nil
}

// Datasets lists the uploaded datasets by id.
func (s *Store) Datasets(ctx context.Context) ([]Dataset, error) {
	ids, err := s.ids(ctx, `SELECT id FROM datasets ORDER BY id`)
	if err != nil {
		return nil, err
	}
	var out []Dataset
	for _, id := range ids {
		d, err := s.Dataset(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, nil
}

// Dataset returns uploaded dataset id with its files.
func (s *Store) Dataset(ctx context.Context, id string) (*Dataset, error) {
	d, err := s.DatasetSummary(ctx, id)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT name, rows, bytes, regions, uploaded FROM dataset_files WHERE dataset=? ORDER BY name`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var f DatasetFile
		var up, regions string
		if err := rows.Scan(&f.Name, &f.Rows, &f.Bytes, &regions, &up); err != nil {
			return nil, err
		}
		f.Uploaded, f.Regions = parseTime(up), splitList(regions)
		d.Files = append(d.Files, f)
	}
	return d, rows.Err()
}

// Scenario is a scenario created through the API; Body is the file as
// received (YAML or JSON). Owner is the scope of its creator (see the api
// package); Shared makes it visible to every caller.
type Scenario struct {
	Owner       string
	Name        string
	Shared      bool
	Description string
	Body        string
	Created     time.Time
}

// CreateScenario stores sc; a scenario of the same owner and name gives
// ErrConflict.
func (s *Store) CreateScenario(ctx context.Context, sc Scenario) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO scenarios(owner, name, shared, description, body, created) VALUES(?,?,?,?,?,?)`,
		sc.Owner, sc.Name, sc.Shared, sc.Description, sc.Body, now())
	if isUnique(err) {
		return fmt.Errorf("scenario %s: %w: exists already", sc.Name, ErrConflict)
	}
	return err
}

// DeleteScenario removes scenario name of owner; ErrNotFound when there is
// none.
func (s *Store) DeleteScenario(ctx context.Context, owner, name string) error {
	return s.changeScenario(ctx, name, `DELETE FROM scenarios WHERE owner=? AND name=?`, owner, name)
}

// changeScenario runs query, which changes scenario name's row;
// ErrNotFound when it changed none.
func (s *Store) changeScenario(ctx context.Context, name, query string, args ...any) error {
	res, err := s.db.ExecContext(ctx, query, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("scenario %s: %w", name, ErrNotFound)
	}
	return nil
}

// SetScenarioShared shares scenario name of owner with every caller, or
// stops sharing it; ErrNotFound when there is none.
func (s *Store) SetScenarioShared(ctx context.Context, owner, name string, shared bool) error {
	return s.changeScenario(ctx, name, `UPDATE scenarios SET shared=? WHERE owner=? AND name=?`, shared, owner, name)
}

// Scenarios lists the created scenarios by name, then owner.
func (s *Store) Scenarios(ctx context.Context) ([]Scenario, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT owner, name, shared, description, body, created FROM scenarios ORDER BY name, owner`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Scenario
	for rows.Next() {
		var sc Scenario
		var c string
		if err := rows.Scan(&sc.Owner, &sc.Name, &sc.Shared, &sc.Description, &sc.Body, &c); err != nil {
			return nil, err
		}
		sc.Created = parseTime(c)
		out = append(out, sc)
	}
	return out, rows.Err()
}

// Scenario returns created scenario name of owner.
func (s *Store) Scenario(ctx context.Context, owner, name string) (*Scenario, error) {
	sc := Scenario{Owner: owner, Name: name}
	var c string
	err := s.db.QueryRowContext(ctx, `SELECT shared, description, body, created FROM scenarios WHERE owner=? AND name=?`, owner, name).
		Scan(&sc.Shared, &sc.Description, &sc.Body, &c)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("scenario %s: %w", name, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	sc.Created = parseTime(c)
	return &sc, nil
}

// Job is a queued, running or finished background job.
type Job struct {
	ID       string
	Kind     string // "forecast"
	Status   string
	Owner    string // token id of the caller who started it
	Regions  []string
	Request  string // the request, JSON
	Error    string
	Created  time.Time
	Started  time.Time
	Finished time.Time
	Run      *Run // set when the job succeeded
}

// Active reports whether j is queued, running or cancelling: not yet in
// a final state.
func (j *Job) Active() bool {
	return j.Status == Queued || j.Status == Running || j.Status == Cancelling
}

// Run is the result of a succeeded job: its files in RunDir(ID).
type Run struct {
	ID      string
	Files   []string
	Rows    int
	Created time.Time
}

// CreateJob inserts j as queued.
func (s *Store) CreateJob(ctx context.Context, j *Job) error {
	j.Status = Queued
	_, err := s.db.ExecContext(ctx, `INSERT INTO jobs(id, kind, status, owner, regions, request, created) VALUES(?,?,?,?,?,?,?)`,
		j.ID, j.Kind, j.Status, j.Owner, strings.Join(j.Regions, ","), j.Request, now())
	return err
}

// DeleteJob removes a queued job that was never handed to a worker.
func (s *Store) DeleteJob(ctx context.Context, id string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM jobs WHERE id=? AND status=?`, id, Queued)
	return err
}

// Job returns job id with its run.
func (s *Store) Job(ctx context.Context, id string) (*Job, error) {
	j := &Job{ID: id}
	var regions, created, started, finished string
	err := s.db.QueryRowContext(ctx, `SELECT kind, status, owner, regions, request, error, created, started, finished FROM jobs WHERE id=?`, id).
		Scan(&j.Kind, &j.Status, &j.Owner, &regions, &j.Request, &j.Error, &created, &started, &finished)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("job %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	if regions != "" {
		j.Regions = strings.Split(regions, ",")
	}
	j.Created, j.Started, j.Finished = parseTime(created), parseTime(started), parseTime(finished)
	var files, rc string
	var n int
	err = s.db.QueryRowContext(ctx, `SELECT files, rows, created FROM runs WHERE id=?`, id).Scan(&files, &n, &rc)
	switch {
	case err == nil:
		j.Run = &Run{ID: id, Files: strings.Split(files, ","), Rows: n, Created: parseTime(rc)}
	case !errors.Is(err, sql.ErrNoRows):
		return nil, err
	}
	return j, nil
}

// Jobs lists the jobs, newest first.
func (s *Store) Jobs(ctx context.Context, kind string) ([]*Job, error) {
	ids, err := s.ids(ctx, `SELECT id FROM jobs WHERE kind=? ORDER BY created DESC, id`, kind)
	if err != nil {
		return nil, err
	}
	out := make([]*Job, 0, len(ids))
	for _, id := range ids {
		j, err := s.Job(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, nil
}

// StartJob moves a queued job to running; it reports false when the job
// is no longer queued (cancelled meanwhile).
func (s *Store) StartJob(ctx context.Context, id string) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE jobs SET status=?, started=? WHERE id=? AND status=?`, Running, now(), id, Queued)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// FinishJob records the end of a running job: with run (its files already
// written) it succeeds, in one transaction with the run row; otherwise it
// takes status (Failed or Cancelled) and msg.
func (s *Store) FinishJob(ctx context.Context, id, status, msg string, run *Run) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	t := now()
	if run != nil {
		status, msg = Succeeded, ""
	}
	// A job being cancelled may still fail or be cancelled, not succeed.
	res, err := tx.ExecContext(ctx, `UPDATE jobs SET status=?, error=?, finished=? WHERE id=? AND (status IN (?, ?) OR (status=? AND ?<>?))`,
		status, msg, t, id, Queued, Running, Cancelling, status, Succeeded)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		// Already finished (or unknown): a late result must not attach a
		// run to a failed or cancelled job.
		return fmt.Errorf("job %s: %w: not queued or running", id, ErrConflict)
	}
	if run != nil {
		if _, err := tx.ExecContext(ctx, `INSERT INTO runs(id, files, rows, created) VALUES(?,?,?,?)`,
			id, strings.Join(run.Files, ","), run.Rows, t); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// MarkCancelling records that a caller cancelled running job id; it
// reports false when the job is not running.
func (s *Store) MarkCancelling(ctx context.Context, id string) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE jobs SET status=? WHERE id=? AND status=?`, Cancelling, id, Running)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// CancelQueued marks a queued job cancelled; it reports false when the
// job is not queued.
func (s *Store) CancelQueued(ctx context.Context, id string) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE jobs SET status=?, error=?, finished=? WHERE id=? AND status=?`,
		Cancelled, "cancelled", now(), id, Queued)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// CountJobs returns the number of jobs per status.
func (s *Store) CountJobs(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT status, COUNT(*) FROM jobs GROUP BY status`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}

// ids runs a query that selects one id column and returns the ids, the
// rows closed before the caller reads each object (SQLite serialises
// readers on one connection).
func (s *Store) ids(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
