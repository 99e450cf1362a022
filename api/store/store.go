package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/caregap/caregap/engine/errkind"
	"modernc.org/sqlite" // also registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

// Errors of the catalog.
var (
	// ErrNotFound: no row has the id.
	ErrNotFound = errkind.New(errkind.NotFound, "not found")
	// ErrConflict: the row exists already, or is in a state that forbids
	// the change.
	ErrConflict = errkind.New(errkind.Conflict, "conflict")
	// ErrBadName: an id or name is not a safe identifier.
	ErrBadName = errkind.New(errkind.BadInput, "bad name")
)

// Job states.
const (
	Queued  = "queued"
	Running = "running"
	// Cancelling: a caller cancelled the running job; its work is
	// stopping and the job ends Cancelled (or Failed, when it failed
	// first).
	Cancelling = "cancelling"
	Succeeded  = "succeeded"
	Failed     = "failed"
	Cancelled  = "cancelled"
)

// Interrupted is the error recorded on a job a previous process left
// unfinished.
const Interrupted = "interrupted: the server stopped before the job finished"

var nameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)

// ValidName reports whether s is a safe id or name: lower-case letters,
// digits, '-' and '_', starting with a letter or digit, at most 63 bytes.
// Such a name is one path element and can never climb out of a directory.
func ValidName(s string) bool { return nameRe.MatchString(s) }

// Store is the catalog and the data directory.
type Store struct {
	dir string
	db  *sql.DB
}

const schema = `
CREATE TABLE IF NOT EXISTS datasets (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS dataset_files (
  dataset TEXT NOT NULL REFERENCES datasets(id),
  name TEXT NOT NULL,
  rows INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  uploaded TEXT NOT NULL,
  PRIMARY KEY (dataset, name)
);
CREATE TABLE IF NOT EXISTS scenarios (
  name TEXT PRIMARY KEY,
  description TEXT NOT NULL,
  body TEXT NOT NULL,
  created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  owner TEXT NOT NULL,
  regions TEXT NOT NULL,
  request TEXT NOT NULL,
  error TEXT NOT NULL DEFAULT '',
  created TEXT NOT NULL,
  started TEXT NOT NULL DEFAULT '',
  finished TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY REFERENCES jobs(id),
  files TEXT NOT NULL,
  rows INTEGER NOT NULL,
  created TEXT NOT NULL
);
`

// migrations bring a catalog of schema version i (PRAGMA user_version;
// the schema above is version 0) to version i+1, each in a transaction.
var migrations = []string{
	// 1: a summary of each dataset, kept at upload, so that listings and
	// scope checks read no file: its municipalities, its validation state
	// and a version that changes with every upload; per file, its
	// municipalities.
	`ALTER TABLE datasets ADD COLUMN regions TEXT NOT NULL DEFAULT '';
	 ALTER TABLE datasets ADD COLUMN state TEXT NOT NULL DEFAULT '';
	 ALTER TABLE datasets ADD COLUMN problem TEXT NOT NULL DEFAULT '';
	 ALTER TABLE datasets ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
	 ALTER TABLE dataset_files ADD COLUMN regions TEXT NOT NULL DEFAULT '';`,
	// 2: scenarios belong to an owner (a scope) and are unique per owner;
	// those of earlier versions were everyone's and stay shared.
	`CREATE TABLE scenarios_owned (
	   owner TEXT NOT NULL,
	   name TEXT NOT NULL,
	   shared INTEGER NOT NULL DEFAULT 0,
	   description TEXT NOT NULL,
	   body TEXT NOT NULL,
	   created TEXT NOT NULL,
	   PRIMARY KEY (owner, name)
	 );
	 INSERT INTO scenarios_owned(owner, name, shared, description, body, created)
	   SELECT '', name, 1, description, body, created FROM scenarios;
	 DROP TABLE scenarios;
	 ALTER TABLE scenarios_owned RENAME TO scenarios;`,
	// 3: the training records the API adds over a read-only dataset (a
	// participant's ticks, an administrator's imports), in order, and the
	// audit log of every read or write of personal training rows.
	`CREATE TABLE training_events (
	   seq INTEGER PRIMARY KEY AUTOINCREMENT,
	   dataset TEXT NOT NULL,
	   kind TEXT NOT NULL,
	   participant TEXT NOT NULL,
	   body TEXT NOT NULL,
	   token TEXT NOT NULL,
	   created TEXT NOT NULL
	 );
	 CREATE TABLE training_audit (
	   seq INTEGER PRIMARY KEY AUTOINCREMENT,
	   time TEXT NOT NULL,
	   token TEXT NOT NULL,
	   role TEXT NOT NULL,
	   route TEXT NOT NULL,
	   participants TEXT NOT NULL
	 );`,
}

// migrate applies the migrations the catalog lacks.
func migrate(ctx context.Context, db *sql.DB) error {
	var v int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return err
	}
	for ; v < len(migrations); v++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			tx.Rollback()
			return fmt.Errorf("version %d: %w", v+1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, v+1)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// Open opens (creating if needed) the catalog in dir and recovers from an
// earlier crash: jobs left queued or running become failed with
// Interrupted, and their run directories are removed. The directories it
// makes are the server user's alone (0700): they hold personal data.
func Open(ctx context.Context, dir string) (*Store, error) {
	for _, d := range []string{dir, filepath.Join(dir, "runs"), filepath.Join(dir, "datasets")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	dsn := "file:" + filepath.Join(dir, "catalog.db") +
		"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open catalog: %w", err)
	}
	db.SetMaxOpenConns(1) // one writer; SQLite serialises writes anyway
	if _, err := db.ExecContext(ctx, schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("create catalog: %w", err)
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate catalog: %w", err)
	}
	s := &Store{dir: dir, db: db}
	if err := s.recover(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) recover(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM jobs WHERE status IN (?, ?, ?)`, Queued, Running, Cancelling)
	if err != nil {
		return err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		if err := os.RemoveAll(s.RunDir(id)); err != nil {
			return err
		}
		// A job a caller was cancelling ends cancelled, as asked.
		if _, err := s.db.ExecContext(ctx, `UPDATE jobs SET status=CASE status WHEN ? THEN ? ELSE ? END,
			error=CASE status WHEN ? THEN 'cancelled' ELSE ? END, finished=? WHERE id=?`,
			Cancelling, Cancelled, Failed, Cancelling, Interrupted, now(), id); err != nil {
			return err
		}
	}
	return nil
}

// Close closes the catalog.
func (s *Store) Close() error { return s.db.Close() }

// Ping checks that the catalog answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Dir returns the data directory.
func (s *Store) Dir() string { return s.dir }

// RunDir returns the directory of run id's files.
func (s *Store) RunDir(id string) string { return filepath.Join(s.dir, "runs", id) }

// DatasetDir returns the directory of dataset id's files.
func (s *Store) DatasetDir(id string) string { return filepath.Join(s.dir, "datasets", id) }

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func isUnique(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	code := se.Code()
	return code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}
