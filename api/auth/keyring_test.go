package auth_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caregap/caregap/api/auth"
)

func TestKeyring(t *testing.T) {
	t.Run("no path admits no token", func(t *testing.T) {
		k, err := auth.NewKeyring("")
		if err != nil {
			t.Fatal(err)
		}
		if k.Enabled() {
			t.Error("Enabled() without a path")
		}
		if _, err := k.Authenticate(auth.NewToken()); !errors.Is(err, auth.ErrUnauthenticated) {
			t.Errorf("Authenticate = %v, want ErrUnauthenticated", err)
		}
		var nilKeyring *auth.Keyring
		if nilKeyring.Enabled() {
			t.Error("nil Keyring is enabled")
		}
	})

	t.Run("missing file", func(t *testing.T) {
		if _, err := auth.NewKeyring(filepath.Join(t.TempDir(), "absent.json")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("NewKeyring of a missing file = %v, want ErrNotExist", err)
		}
	})

	for _, name := range []string{"tokens.json", "tokens.yaml"} {
		t.Run("reload "+name, func(t *testing.T) {
			path := tokensFile(t, name)
			f := &auth.File{}
			plannerTok, _ := mustAdd(t, f, auth.Planner, oslo)
			officerTok, officer := mustAdd(t, f, auth.Officer, bergen)
			if err := auth.Save(path, f); err != nil {
				t.Fatal(err)
			}
			k, err := auth.NewKeyring(path)
			if err != nil {
				t.Fatal(err)
			}
			if !k.Enabled() {
				t.Fatal("keyring with a file is not enabled")
			}
			authenticates(t, k, plannerTok, true)
			authenticates(t, k, officerTok, true)

			// Revoke as `caregap tokens revoke` does: load, revoke, save.
			g, err := auth.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := g.Revoke(officer.ID); err != nil {
				t.Fatal(err)
			}
			if err := auth.Save(path, g); err != nil {
				t.Fatal(err)
			}
			authenticates(t, k, officerTok, false)
			authenticates(t, k, plannerTok, true)

			// A file that no longer parses keeps the last good tokens.
			if err := os.WriteFile(path, []byte("{ not json nor yaml: ["), 0o600); err != nil {
				t.Fatal(err)
			}
			authenticates(t, k, plannerTok, true)
			authenticates(t, k, officerTok, false)

			// A good file again: an added token works at once.
			adminTok, _ := mustAdd(t, g, auth.Admin, auth.AllRegions)
			if err := auth.Save(path, g); err != nil {
				t.Fatal(err)
			}
			authenticates(t, k, adminTok, true)
			authenticates(t, k, plannerTok, true)
		})
	}
}

func authenticates(t *testing.T, k *auth.Keyring, tok string, want bool) {
	t.Helper()
	p, err := k.Authenticate(tok)
	switch {
	case want && err != nil:
		t.Errorf("Authenticate: %v, want a principal", err)
	case !want && !errors.Is(err, auth.ErrUnauthenticated):
		t.Errorf("Authenticate = %+v, %v; want ErrUnauthenticated", p, err)
	}
}

func checkMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Mode().Perm(); got != want {
		t.Errorf("%s has mode %#o, want %#o", path, got, want)
	}
}

// checkNoTemp fails if Save left a temporary file (".NAME.tmp-*") in dir.
func checkNoTemp(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left in %s", e.Name(), dir)
		}
	}
}

// TestKeyringSeesReplacedFile: a revoke saved as a new file is picked up
// even when the new file has the old one's size and modification time.
func TestKeyringSeesReplacedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.json")
	f := &auth.File{}
	tok, e, err := f.Add(auth.Planner, []string{"1480"}, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if err := auth.Save(path, f); err != nil {
		t.Fatal(err)
	}
	old, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	k, err := auth.NewKeyring(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.Authenticate(tok); err != nil {
		t.Fatalf("token refused: %v", err)
	}
	// Revoke, and pad the file to its old size and back-date it.
	if err := f.Revoke(e.ID); err != nil {
		t.Fatal(err)
	}
	if err := auth.Save(path, f); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if pad := int(old.Size()) - len(data); pad > 0 {
		data = append(data, bytes.Repeat([]byte(" "), pad)...)
		tmp := path + ".new"
		if err := os.WriteFile(tmp, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chtimes(path, old.ModTime(), old.ModTime()); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Authenticate(tok); err == nil {
		t.Fatal("a revoked token still authenticates after the file was replaced")
	}
	// And a removed file revokes everything.
	os.Remove(path)
	if _, err := k.Authenticate(tok); err == nil {
		t.Fatal("a token authenticates with the tokens file removed")
	}
}
