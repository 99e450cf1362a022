package auth_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caregap/caregap/api/auth"
)

// TestTrainingRoles: an administrator is scoped like an officer; a
// participant's token carries its participant id, has no scope and
// survives a save and load in JSON and YAML; the rules between role,
// scope and subject hold both ways.
func TestTrainingRoles(t *testing.T) {
	for _, name := range []string{"tokens.json", "tokens.yaml"} {
		path := filepath.Join(t.TempDir(), name)
		f := &auth.File{}
		adm, _ := mustAdd(t, f, auth.Administrator, "2081")
		tok, e, err := f.AddParticipant("P00042", created, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if e.Role != auth.Participant || e.Subject != "P00042" || len(e.Scope) != 0 {
			t.Fatalf("entry %+v", e)
		}
		if err := auth.Save(path, f); err != nil {
			t.Fatal(err)
		}
		g, err := auth.Load(path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		p, err := g.Lookup(tok)
		if err != nil || p.Role != auth.Participant || p.Subject != "P00042" || p.InScope("2081") {
			t.Errorf("%s: participant %+v, %v", name, p, err)
		}
		p, err = g.Lookup(adm)
		if err != nil || p.Role != auth.Administrator || p.Subject != "" || !p.InScope("2081") || p.InScope("2080") {
			t.Errorf("%s: administrator %+v, %v", name, p, err)
		}
	}
	bad := []auth.Entry{
		{ID: "a", Role: auth.Participant, Scope: []string{"2081"}, Subject: "P1"},
		{ID: "b", Role: auth.Participant},
		{ID: "c", Role: auth.Participant, Subject: "P 1"},
		{ID: "d", Role: auth.Planner, Scope: []string{"2081"}, Subject: "P1"},
		{ID: "e", Role: auth.Administrator, Scope: []string{auth.AllRegions}},
		{ID: "f", Role: auth.Administrator},
	}
	for _, e := range bad {
		if err := e.Validate(); !errors.Is(err, auth.ErrInvalid) {
			t.Errorf("Validate(%+v) = %v, want ErrInvalid", e, err)
		}
	}
}

// TestOldTokensFileStaysValid: a tokens file written before the training
// roles, without subjects, loads unchanged.
func TestOldTokensFileStaysValid(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.json")
	h := auth.Hash("x")
	old := `{"tokens":[{"id":"tok_a","role":"planner","scope":["1480"],"created":"2026-01-01T00:00:00Z","hash":"` + h + `"}]}`
	if err := os.WriteFile(path, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := auth.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.Lookup("x")
	if err != nil || p.Role != auth.Planner || p.Subject != "" {
		t.Fatalf("%+v %v", p, err)
	}
	if err := auth.Save(path, f); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), "subject") {
		t.Errorf("a saved planner's entry has a subject: %s", data)
	}
}
