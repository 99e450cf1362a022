package auth_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caregap/caregap/api/auth"
)

// created is a fixed creation time so saved files do not depend on the
// clock; the value itself carries no meaning.
var created = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

// Municipality codes used as scopes: four digits, as Entry.Validate asks.
// 0301 is Oslo, 4601 Bergen, 5001 Trondheim.
const (
	oslo      = "0301"
	bergen    = "4601"
	trondheim = "5001"
)

// tokensFile returns a path in a fresh directory with the given file name;
// the extension decides JSON or YAML.
func tokensFile(t *testing.T, name string) string {
	t.Helper()
	return filepath.Join(t.TempDir(), name)
}

// mustAdd adds a token to f and fails the test on error.
func mustAdd(t *testing.T, f *auth.File, role auth.Role, scope ...string) (string, auth.Entry) {
	t.Helper()
	tok, e, err := f.Add(role, scope, created)
	if err != nil {
		t.Fatalf("Add(%s, %v): %v", role, scope, err)
	}
	return tok, e
}

func TestAddStoresOnlyHash(t *testing.T) {
	for _, name := range []string{"tokens.json", "tokens.yaml", "tokens.yml"} {
		t.Run(name, func(t *testing.T) {
			path := tokensFile(t, name)
			f := &auth.File{}
			tok, e := mustAdd(t, f, auth.Officer, bergen, trondheim)
			if e.Hash != auth.Hash(tok) {
				t.Fatalf("entry hash %q, want Hash(token) %q", e.Hash, auth.Hash(tok))
			}
			if err := auth.Save(path, f); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(data, []byte(tok)) {
				t.Errorf("tokens file contains the token itself:\n%s", data)
			}
			if !bytes.Contains(data, []byte(e.Hash)) {
				t.Errorf("tokens file lacks the token's hash %q:\n%s", e.Hash, data)
			}

			g, err := auth.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			p, err := g.Lookup(tok)
			if err != nil {
				t.Fatalf("Lookup after reload: %v", err)
			}
			if p.ID != e.ID || p.Role != auth.Officer || !slices.Equal(p.Scope, []string{bergen, trondheim}) {
				t.Errorf("principal %+v, want id %s, officer, scope [%s %s]", p, e.ID, bergen, trondheim)
			}
			if got := g.Tokens[0].Created; !got.Equal(created) {
				t.Errorf("created %v after reload, want %v", got, created)
			}
		})
	}
}

func TestNewTokenIsFreshAndHashIsStable(t *testing.T) {
	a, b := auth.NewToken(), auth.NewToken()
	if a == b {
		t.Fatalf("two NewToken calls gave the same token %q", a)
	}
	// 32 random bytes in base64url without padding: ceil(32*8/6) = 43.
	if len(a) != 43 {
		t.Errorf("token length %d, want 43", len(a))
	}
	// SHA-256 of the empty string is e3b0c442...7852b855 (FIPS 180-4
	// test vectors); this is the same 32 bytes in base64url.
	if got, want := auth.Hash(""), "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"; got != want {
		t.Errorf("Hash(\"\") = %q, want %q", got, want)
	}
}

func TestLookup(t *testing.T) {
	f := &auth.File{}
	plannerTok, planner := mustAdd(t, f, auth.Planner, oslo)
	officerTok, officer := mustAdd(t, f, auth.Officer, bergen, trondheim)
	adminTok, admin := mustAdd(t, f, auth.Admin, auth.AllRegions)

	// One character of a real token changed: close, but not it.
	near := []byte(plannerTok)
	if near[0] == 'A' {
		near[0] = 'B'
	} else {
		near[0] = 'A'
	}

	tests := []struct {
		name   string
		token  string
		wantID string // "" means the token must not authenticate
		role   auth.Role
	}{
		{"planner", plannerTok, planner.ID, auth.Planner},
		{"officer", officerTok, officer.ID, auth.Officer},
		{"admin", adminTok, admin.ID, auth.Admin},
		{"unknown token", auth.NewToken(), "", ""},
		{"empty token", "", "", ""},
		{"one character off", string(near), "", ""},
		{"stored hash presented as token", planner.Hash, "", ""},
		{"token with trailing space", plannerTok + " ", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := f.Lookup(tt.token)
			if tt.wantID == "" {
				if !errors.Is(err, auth.ErrUnauthenticated) {
					t.Fatalf("Lookup = %+v, %v; want ErrUnauthenticated", p, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Lookup: %v", err)
			}
			if p.ID != tt.wantID || p.Role != tt.role {
				t.Errorf("principal %s (%s), want %s (%s)", p.ID, p.Role, tt.wantID, tt.role)
			}
		})
	}

	t.Run("principal scope is a copy", func(t *testing.T) {
		p, err := f.Lookup(officerTok)
		if err != nil {
			t.Fatal(err)
		}
		p.Scope[0] = auth.AllRegions
		q, err := f.Lookup(officerTok)
		if err != nil {
			t.Fatal(err)
		}
		if q.All() || q.Scope[0] != bergen {
			t.Errorf("changing a principal's scope changed the file: scope now %v", q.Scope)
		}
	})

	t.Run("revoked", func(t *testing.T) {
		if err := f.Revoke(officer.ID); err != nil {
			t.Fatal(err)
		}
		if p, err := f.Lookup(officerTok); !errors.Is(err, auth.ErrUnauthenticated) {
			t.Errorf("revoked token: Lookup = %+v, %v; want ErrUnauthenticated", p, err)
		}
		for _, tok := range []string{plannerTok, adminTok} {
			if _, err := f.Lookup(tok); err != nil {
				t.Errorf("token kept after another's revoke: %v", err)
			}
		}
		if err := f.Revoke(officer.ID); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("second Revoke = %v, want ErrNotFound", err)
		}
	})
}

func TestScope(t *testing.T) {
	t.Run("InScope", func(t *testing.T) {
		tests := []struct {
			name   string
			scope  []string
			region string
			want   bool
		}{
			{"own code", []string{oslo}, oslo, true},
			{"second of two codes", []string{bergen, trondheim}, trondheim, true},
			{"other code", []string{oslo}, bergen, false},
			{"empty region", []string{oslo}, "", false},
			{"all regions", []string{auth.AllRegions}, bergen, true},
			{"all regions beside a code", []string{oslo, auth.AllRegions}, trondheim, true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p := &auth.Principal{ID: "tok_x", Role: auth.Admin, Scope: tt.scope}
				if got := p.InScope(tt.region); got != tt.want {
					t.Errorf("InScope(%q) with scope %v = %v, want %v", tt.region, tt.scope, got, tt.want)
				}
				if got, want := p.All(), slices.Contains(tt.scope, auth.AllRegions); got != want {
					t.Errorf("All() with scope %v = %v, want %v", tt.scope, got, want)
				}
			})
		}
	})

	t.Run("Add", func(t *testing.T) {
		tests := []struct {
			name  string
			role  auth.Role
			scope []string
			ok    bool
		}{
			{"planner with codes", auth.Planner, []string{oslo, bergen}, true},
			{"officer with a code", auth.Officer, []string{trondheim}, true},
			{"admin with all regions", auth.Admin, []string{auth.AllRegions}, true},
			{"admin with a code", auth.Admin, []string{oslo}, true},
			{"planner with all regions", auth.Planner, []string{auth.AllRegions}, false},
			{"officer with all regions beside a code", auth.Officer, []string{oslo, auth.AllRegions}, false},
			{"empty scope", auth.Planner, nil, false},
			{"three-digit code", auth.Planner, []string{"301"}, false},
			{"code with letters", auth.Planner, []string{"03a1"}, false},
			{"region name for a code", auth.Planner, []string{"Oslo"}, false},
			{"unknown role", auth.Role("root"), []string{oslo}, false},
			{"empty role", auth.Role(""), []string{oslo}, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f := &auth.File{}
				tok, e, err := f.Add(tt.role, tt.scope, created)
				if !tt.ok {
					if !errors.Is(err, auth.ErrInvalid) {
						t.Fatalf("Add = %v, want ErrInvalid", err)
					}
					if tok != "" || len(f.Tokens) != 0 {
						t.Errorf("rejected Add returned token %q and left %d entries", tok, len(f.Tokens))
					}
					return
				}
				if err != nil {
					t.Fatalf("Add: %v", err)
				}
				if len(f.Tokens) != 1 || f.Tokens[0].ID != e.ID || !strings.HasPrefix(e.ID, "tok_") {
					t.Errorf("entries %+v after Add of %+v", f.Tokens, e)
				}
				if !e.Created.Equal(created) {
					t.Errorf("created %v, want %v", e.Created, created)
				}
			})
		}
	})
}

func TestSaveMode(t *testing.T) {
	for _, name := range []string{"tokens.json", "tokens.yaml"} {
		t.Run(name, func(t *testing.T) {
			f := &auth.File{}
			mustAdd(t, f, auth.Planner, oslo)

			t.Run("new file", func(t *testing.T) {
				path := tokensFile(t, name)
				if err := auth.Save(path, f); err != nil {
					t.Fatal(err)
				}
				checkMode(t, path, 0o600)
			})
			t.Run("replaces a readable file", func(t *testing.T) {
				path := tokensFile(t, name)
				if err := os.WriteFile(path, nil, 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, 0o644); err != nil { // whatever the umask
					t.Fatal(err)
				}
				if err := auth.Save(path, f); err != nil {
					t.Fatal(err)
				}
				checkMode(t, path, 0o600)
				checkNoTemp(t, filepath.Dir(path))
			})
		})
	}
}

func TestSaveFailure(t *testing.T) {
	t.Run("unencodable entry keeps the old file", func(t *testing.T) {
		path := tokensFile(t, "tokens.json")
		f := &auth.File{}
		tok, _ := mustAdd(t, f, auth.Planner, oslo)
		if err := auth.Save(path, f); err != nil {
			t.Fatal(err)
		}
		old, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}

		// encoding/json refuses times after year 9999 (time.Time.MarshalJSON).
		bad := &auth.File{Tokens: slices.Clone(f.Tokens)}
		bad.Tokens[0].Created = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
		if err := auth.Save(path, bad); err == nil {
			t.Fatal("Save of an unencodable file succeeded")
		}
		now, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(now, old) {
			t.Errorf("failed Save changed the file:\nbefore %s\nafter  %s", old, now)
		}
		checkMode(t, path, 0o600)
		checkNoTemp(t, filepath.Dir(path))
		g, err := auth.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := g.Lookup(tok); err != nil {
			t.Errorf("token from before the failed Save: %v", err)
		}
	})

	t.Run("failed rename keeps what is there and no temporary file", func(t *testing.T) {
		// The target is a non-empty directory, so the final rename fails
		// after the temporary file was written.
		dir := t.TempDir()
		path := filepath.Join(dir, "tokens.json")
		keep := filepath.Join(path, "keep")
		if err := os.MkdirAll(path, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(keep, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		f := &auth.File{}
		mustAdd(t, f, auth.Planner, oslo)
		if err := auth.Save(path, f); err == nil {
			t.Fatal("Save onto a directory succeeded")
		}
		if b, err := os.ReadFile(keep); err != nil || string(b) != "x" {
			t.Errorf("directory content after failed Save: %q, %v", b, err)
		}
		checkNoTemp(t, dir)
	})

	t.Run("missing directory", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "absent", "tokens.json")
		if err := auth.Save(path, &auth.File{}); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("Save into a missing directory = %v, want ErrNotExist", err)
		}
	})
}

func TestLoad(t *testing.T) {
	// A well-formed hash for entries that must fail for another reason.
	h := auth.Hash("fixture")

	tests := []struct {
		name    string
		file    string // file name; decides JSON or YAML
		content string
		bad     bool   // Load must fail
		wantIs  error  // the sentinel the error wraps, if any
		want    string // a fragment the message must hold besides the path
		tokens  int    // entries when the file is valid
	}{
		{name: "empty JSON", file: "t.json", content: "", tokens: 0},
		{name: "blank JSON", file: "t.json", content: " \n\t\n", tokens: 0},
		{name: "empty YAML", file: "t.yaml", content: "", tokens: 0},
		// An empty YAML document, as a hand-written template starts.
		{name: "YAML comments only", file: "t.yaml", content: "# tokens: made by caregap tokens add\n", tokens: 0},
		{name: "no tokens", file: "t.json", content: `{"tokens": []}`, tokens: 0},
		{name: "one token JSON", file: "t.json", tokens: 1,
			content: `{"tokens":[{"id":"a","role":"planner","scope":["0301"],"created":"2024-05-01T12:00:00Z","hash":"` + h + `"}]}`},
		{name: "one token YAML", file: "t.yml", tokens: 1,
			content: "tokens:\n  - id: a\n    role: admin\n    scope: ['*']\n    created: 2024-05-01T12:00:00Z\n    hash: " + h + "\n"},

		{name: "JSON syntax", file: "t.json", content: `{"tokens": [`, bad: true},
		{name: "JSON wrong type", file: "t.json", content: `{"tokens": {"id": "a"}}`, bad: true},
		{name: "JSON unknown field", file: "t.json", content: `{"tokens": [], "token": "secret"}`, bad: true, want: `"token"`},
		{name: "YAML syntax", file: "t.yaml", content: "tokens: [\n", bad: true},
		{name: "YAML unknown field", file: "t.yaml", content: "tokens: []\nsecret: x\n", bad: true, want: "secret"},
		{name: "unknown role", file: "t.json", bad: true, wantIs: auth.ErrInvalid, want: `role "root"`,
			content: `{"tokens":[{"id":"a","role":"root","scope":["0301"],"hash":"` + h + `"}]}`},
		{name: "all regions for a planner", file: "t.json", bad: true, wantIs: auth.ErrInvalid, want: "only an admin",
			content: `{"tokens":[{"id":"a","role":"planner","scope":["*"],"hash":"` + h + `"}]}`},
		{name: "bad code", file: "t.json", bad: true, wantIs: auth.ErrInvalid, want: `scope "301"`,
			content: `{"tokens":[{"id":"a","role":"planner","scope":["301"],"hash":"` + h + `"}]}`},
		{name: "empty scope", file: "t.json", bad: true, wantIs: auth.ErrInvalid, want: "empty scope",
			content: `{"tokens":[{"id":"a","role":"planner","scope":[],"hash":"` + h + `"}]}`},
		{name: "missing id", file: "t.json", bad: true, wantIs: auth.ErrInvalid, want: "missing or repeated id",
			content: `{"tokens":[{"role":"planner","scope":["0301"],"hash":"` + h + `"}]}`},
		{name: "repeated id", file: "t.json", bad: true, wantIs: auth.ErrInvalid, want: `repeated id "a"`,
			content: `{"tokens":[{"id":"a","role":"planner","scope":["0301"],"hash":"` + h + `"},` +
				`{"id":"a","role":"officer","scope":["4601"],"hash":"` + h + `"}]}`},
		{name: "hash not base64url", file: "t.json", bad: true, wantIs: auth.ErrInvalid, want: "token a",
			content: `{"tokens":[{"id":"a","role":"planner","scope":["0301"],"hash":"not-a-hash!"}]}`},
		{name: "short hash", file: "t.json", bad: true, wantIs: auth.ErrInvalid, want: "not a base64url SHA-256",
			content: `{"tokens":[{"id":"a","role":"planner","scope":["0301"],"hash":"AAAA"}]}`},
		{name: "padded hash", file: "t.json", bad: true, wantIs: auth.ErrInvalid, want: "not a base64url SHA-256",
			content: `{"tokens":[{"id":"a","role":"planner","scope":["0301"],"hash":"` + h + `="}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tokensFile(t, tt.file)
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			f, err := auth.Load(path)
			if !tt.bad {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				if len(f.Tokens) != tt.tokens {
					t.Errorf("%d tokens, want %d", len(f.Tokens), tt.tokens)
				}
				return
			}
			if err == nil {
				t.Fatalf("Load of a malformed file succeeded: %+v", f)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("error %v, want one wrapping %v", err, tt.wantIs)
			}
			if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q should name the file %s and say %q", msg, path, tt.want)
			}
			if _, kerr := auth.NewKeyring(path); kerr == nil {
				t.Errorf("NewKeyring accepted the malformed file")
			}
		})
	}

	t.Run("missing file is empty", func(t *testing.T) {
		f, err := auth.Load(filepath.Join(t.TempDir(), "absent.json"))
		if err != nil || len(f.Tokens) != 0 {
			t.Errorf("Load of a missing file = %+v, %v; want an empty File", f, err)
		}
	})
}
