package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caregap/caregap/api/auth"
)

// TestTokensExpireAndRotate: --expires sets an expiry that list shows and
// Lookup honours; rotate gives a new secret to the same id and the old
// one stops working.
func TestTokensExpireAndRotate(t *testing.T) {
	file := filepath.Join(t.TempDir(), "tokens.json")
	code, tok, stderr := caregap(t, "tokens", "add", "--tokens", file, "--role", "planner", "--scope", "1480", "--expires", "90d")
	if code != 0 || !strings.Contains(stderr, "expires") {
		t.Fatalf("add: %d %s", code, stderr)
	}
	tok = strings.TrimSpace(tok)
	f, err := auth.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	e := f.Tokens[0]
	if d := time.Until(e.Expires); d < 89*24*time.Hour || d > 91*24*time.Hour {
		t.Fatalf("expires %v, want in 90 days", e.Expires)
	}
	if _, err := f.LookupAt(tok, e.Expires.Add(-time.Second)); err != nil {
		t.Errorf("before expiry: %v", err)
	}
	if _, err := f.LookupAt(tok, e.Expires); err == nil {
		t.Error("at expiry: still works")
	}
	if code, list, _ := caregap(t, "tokens", "list", "--tokens", file); code != 0 || !strings.Contains(list, e.Expires.Format(time.RFC3339)) {
		t.Errorf("list: %s", list)
	}
	code, tok2, stderr := caregap(t, "tokens", "rotate", "--tokens", file, e.ID)
	if code != 0 || !strings.Contains(stderr, "rotated "+e.ID) {
		t.Fatalf("rotate: %d %s", code, stderr)
	}
	tok2 = strings.TrimSpace(tok2)
	f, _ = auth.Load(file)
	if _, err := f.Lookup(tok); err == nil {
		t.Error("the old secret still works")
	}
	if p, err := f.Lookup(tok2); err != nil || p.ID != e.ID {
		t.Errorf("the new secret: %v, %v", p, err)
	}
	for _, bad := range []string{"0d", "-3d", "soon", "0s"} {
		if code, _, _ := caregap(t, "tokens", "add", "--tokens", file, "--role", "planner", "--scope", "1480", "--expires", bad); code != exitBadInput {
			t.Errorf("--expires %s: exit %d", bad, code)
		}
	}
	if code, _, _ := caregap(t, "tokens", "rotate", "--tokens", file, "tok_nosuch"); code != exitBadInput {
		t.Errorf("rotate an unknown id: exit %d", code)
	}
}
