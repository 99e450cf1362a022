package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// TestMigrateFromVersion0: a catalog written before the migrations keeps
// its scenarios (shared, of no owner) and datasets (state unknown, to be
// validated on first use), and gains the new columns.
func TestMigrateFromVersion0(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, schema+`
		INSERT INTO scenarios(name, description, body, created) VALUES('growth', 'd', 'name: growth', '2026-01-01T00:00:00Z');
		INSERT INTO datasets(id, created) VALUES('old', '2026-01-01T00:00:00Z');
		INSERT INTO dataset_files(dataset, name, rows, bytes, uploaded) VALUES('old', 'regions', 3, 100, '2026-01-01T00:00:00Z');`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sc, err := s.Scenario(ctx, "", "growth")
	if err != nil || !sc.Shared || sc.Body != "name: growth" {
		t.Fatalf("scenario: %+v, %v", sc, err)
	}
	d, err := s.Dataset(ctx, "old")
	if err != nil || d.State != "" || len(d.Files) != 1 || d.Files[0].Rows != 3 {
		t.Fatalf("dataset: %+v, %v", d, err)
	}
	if err := s.CreateScenario(ctx, Scenario{Owner: "1480", Name: "growth", Body: "x"}); err != nil {
		t.Errorf("same name, another owner: %v", err)
	}
	s.Close()
	if s, err = Open(ctx, dir); err != nil { // a second open migrates nothing
		t.Fatal(err)
	}
}
