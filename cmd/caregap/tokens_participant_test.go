package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/caregap/caregap/api/auth"
)

// TestTokensParticipant: --role participant --participant ID makes a token
// that stands for that participant and lists as such; a participant with
// a scope, or --participant with another role, is a usage error.
func TestTokensParticipant(t *testing.T) {
	file := filepath.Join(t.TempDir(), "tokens.json")
	code, tok, stderr := caregap(t, "tokens", "add", "--tokens", file, "--role", "participant", "--participant", "P00042")
	if code != 0 || !strings.Contains(stderr, "participant P00042") {
		t.Fatalf("add: %d %s", code, stderr)
	}
	f, err := auth.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.Lookup(strings.TrimSpace(tok))
	if err != nil || p.Role != auth.Participant || p.Subject != "P00042" || len(p.Scope) != 0 {
		t.Fatalf("principal %+v, %v", p, err)
	}
	if code, _, stderr := caregap(t, "tokens", "add", "--tokens", file, "--role", "administrator", "--scope", "2081"); code != 0 {
		t.Fatalf("administrator: %d %s", code, stderr)
	}
	if code, list, _ := caregap(t, "tokens", "list", "--tokens", file); code != 0 || !strings.Contains(list, "participant P00042") || !strings.Contains(list, "administrator") {
		t.Errorf("list: %s", list)
	}
	for _, args := range [][]string{
		{"--role", "participant", "--participant", "P1", "--scope", "2081"},
		{"--role", "participant"},
		{"--role", "planner", "--scope", "2081", "--participant", "P1"},
	} {
		if code, _, _ := caregap(t, append([]string{"tokens", "add", "--tokens", file}, args...)...); code != exitBadInput {
			t.Errorf("add %v: exit %d, want %d", args, code, exitBadInput)
		}
	}
}
