package auth

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/caregap/caregap/engine/errkind"
	"go.yaml.in/yaml/v3"
)

// Role is what a token may do.
type Role string

// Roles.
const (
	Planner Role = "planner"
	Officer Role = "officer"
	Admin   Role = "admin"
	// Administrator is a municipal training administrator: the personal
	// rows of the training participants now in the municipalities of its
	// scope.
	Administrator Role = "administrator"
	// Participant is one training participant (Entry.Subject): its own
	// journey only; its scope is empty.
	Participant Role = "participant"
)

// AllRegions is the scope entry that admits every municipality; only an
// admin may hold it.
const AllRegions = "*"

// Errors of the tokens file and of token checks.
var (
	// ErrInvalid: a token entry or argument breaks a rule (unknown role,
	// bad scope, empty scope).
	ErrInvalid = errkind.New(errkind.BadInput, "invalid token entry")
	// ErrNotFound: no token has the id.
	ErrNotFound = errkind.New(errkind.NotFound, "no such token")
	// ErrUnauthenticated: the presented token matches no entry.
	ErrUnauthenticated = errkind.New(errkind.Unauthorized, "unknown token")
)

// Entry is one token in the tokens file. Hash is the base64url SHA-256 of
// the token; the token itself is never stored.
type Entry struct {
	ID      string    `json:"id" yaml:"id"`
	Role    Role      `json:"role" yaml:"role"`
	Scope   []string  `json:"scope" yaml:"scope"`
	Created time.Time `json:"created" yaml:"created"`
	// Expires is when the token stops working; zero means never.
	Expires time.Time `json:"expires,omitzero" yaml:"expires,omitempty"`
	Hash    string    `json:"hash" yaml:"hash"`
	// Subject is the pseudonymous participant id of a participant's
	// token; empty for every other role.
	Subject string `json:"subject,omitempty" yaml:"subject,omitempty"`
}

// Expired reports whether the entry's token no longer works at now.
func (e *Entry) Expired(now time.Time) bool { return !e.Expires.IsZero() && !now.Before(e.Expires) }

// File is the content of a tokens file.
type File struct {
	Tokens []Entry `json:"tokens" yaml:"tokens"`
}

// Principal is the caller a token stands for.
type Principal struct {
	ID    string
	Role  Role
	Scope []string // municipality codes, or AllRegions
	// Subject is the participant id of a participant's token.
	Subject string
}

// All reports whether the principal's scope is every municipality.
func (p *Principal) All() bool { return slices.Contains(p.Scope, AllRegions) }

// InScope reports whether region is in the principal's scope.
func (p *Principal) InScope(region string) bool {
	return p.All() || slices.Contains(p.Scope, region)
}

var codeRe = regexp.MustCompile(`^[0-9]{4}$`)

var subjectRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// Validate checks an entry: a known role, a non-empty scope of four-digit
// municipality codes, "*" only for an admin; a participant has a subject
// (its participant id) and no scope, every other role no subject.
func (e *Entry) Validate() error {
	switch e.Role {
	case Planner, Officer, Admin, Administrator:
		if e.Subject != "" {
			return fmt.Errorf("%w: only a participant's token has a subject", ErrInvalid)
		}
	case Participant:
		if !subjectRe.MatchString(e.Subject) {
			return fmt.Errorf("%w: a participant's token needs a subject, its participant id (letters, digits, _ . -; at most 64), not %q", ErrInvalid, e.Subject)
		}
		if len(e.Scope) != 0 {
			return fmt.Errorf("%w: a participant's token has no scope: it sees its own journey only", ErrInvalid)
		}
		return nil
	default:
		return fmt.Errorf("%w: role %q is not planner, officer, admin, administrator or participant", ErrInvalid, e.Role)
	}
	if len(e.Scope) == 0 {
		return fmt.Errorf("%w: empty scope", ErrInvalid)
	}
	for _, s := range e.Scope {
		if s == AllRegions {
			if e.Role != Admin {
				return fmt.Errorf("%w: only an admin may have scope %q", ErrInvalid, AllRegions)
			}
			continue
		}
		if !codeRe.MatchString(s) {
			return fmt.Errorf("%w: scope %q is not a four-digit municipality code", ErrInvalid, s)
		}
	}
	return nil
}

// Hash returns the stored form of token: base64url SHA-256, no padding.
func Hash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// NewToken returns a fresh token: 32 random bytes, base64url.
func NewToken() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("auth: crypto/rand: " + err.Error()) // never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func newID() string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("auth: crypto/rand: " + err.Error())
	}
	return "tok_" + base64.RawURLEncoding.EncodeToString(b[:])
}

func isYAML(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".yaml" || ext == ".yml"
}

// Load reads the tokens file at path. A file that does not exist is an
// empty File. Every entry is validated.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return &File{}, nil
	}
	if err != nil {
		return nil, err
	}
	return parse(data, path)
}

func parse(data []byte, path string) (*File, error) {
	var f File
	if isYAML(path) {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("tokens file %s: %w", path, err)
		}
	} else if len(bytes.TrimSpace(data)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("tokens file %s: %w", path, err)
		}
	}
	ids := map[string]bool{}
	for i := range f.Tokens {
		e := &f.Tokens[i]
		if err := e.Validate(); err != nil {
			return nil, fmt.Errorf("tokens file %s: token %s: %w", path, e.ID, err)
		}
		if e.ID == "" || ids[e.ID] {
			return nil, fmt.Errorf("tokens file %s: %w: missing or repeated id %q", path, ErrInvalid, e.ID)
		}
		ids[e.ID] = true
		if raw, err := base64.RawURLEncoding.DecodeString(e.Hash); err != nil || len(raw) != sha256.Size {
			return nil, fmt.Errorf("tokens file %s: token %s: %w: hash is not a base64url SHA-256", path, e.ID, ErrInvalid)
		}
	}
	return &f, nil
}

// Save writes f to path atomically (a temporary file in the same
// directory, synced and renamed) with mode 0600.
func Save(path string, f *File) error {
	var (
		data []byte
		err  error
	)
	if isYAML(path) {
		data, err = yaml.Marshal(f)
	} else {
		data, err = json.MarshalIndent(f, "", "  ")
		data = append(data, '\n')
	}
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Add makes a token of role and scope, appends its entry to f and returns
// the token and the entry. The caller saves f.
func (f *File) Add(role Role, scope []string, now time.Time) (string, Entry, error) {
	return f.AddExpiring(role, scope, now, time.Time{})
}

// AddExpiring is Add for a token that stops working at expires (zero:
// never).
func (f *File) AddExpiring(role Role, scope []string, now, expires time.Time) (string, Entry, error) {
	tok := NewToken()
	e := Entry{ID: newID(), Role: role, Scope: scope, Created: now.UTC().Truncate(time.Second), Hash: Hash(tok)}
	if !expires.IsZero() {
		if !expires.After(now) {
			return "", Entry{}, fmt.Errorf("%w: expiry %s is not after now", ErrInvalid, expires.UTC().Format(time.RFC3339))
		}
		e.Expires = expires.UTC().Truncate(time.Second)
	}
	if err := e.Validate(); err != nil {
		return "", Entry{}, err
	}
	f.Tokens = append(f.Tokens, e)
	return tok, e, nil
}

// AddParticipant makes a participant's token for participant id subject,
// which stops working at expires (zero: never), and appends its entry to
// f. The caller saves f.
func (f *File) AddParticipant(subject string, now, expires time.Time) (string, Entry, error) {
	tok := NewToken()
	e := Entry{ID: newID(), Role: Participant, Subject: subject, Created: now.UTC().Truncate(time.Second), Hash: Hash(tok)}
	if !expires.IsZero() {
		if !expires.After(now) {
			return "", Entry{}, fmt.Errorf("%w: expiry %s is not after now", ErrInvalid, expires.UTC().Format(time.RFC3339))
		}
		e.Expires = expires.UTC().Truncate(time.Second)
	}
	if err := e.Validate(); err != nil {
		return "", Entry{}, err
	}
	f.Tokens = append(f.Tokens, e)
	return tok, e, nil
}

// Rotate gives token id a new secret and returns it: the old one stops
// working once f is saved, the id, role and scope stay. expires replaces
// the expiry (zero: keep it; it must be later than now).
func (f *File) Rotate(id string, now, expires time.Time) (string, Entry, error) {
	for i := range f.Tokens {
		e := &f.Tokens[i]
		if e.ID != id {
			continue
		}
		if !expires.IsZero() {
			if !expires.After(now) {
				return "", Entry{}, fmt.Errorf("%w: expiry %s is not after now", ErrInvalid, expires.UTC().Format(time.RFC3339))
			}
			e.Expires = expires.UTC().Truncate(time.Second)
		}
		tok := NewToken()
		e.Hash, e.Created = Hash(tok), now.UTC().Truncate(time.Second)
		return tok, *e, nil
	}
	return "", Entry{}, fmt.Errorf("%w: %s", ErrNotFound, id)
}

// Revoke removes the token with id from f.
func (f *File) Revoke(id string) error {
	for i := range f.Tokens {
		if f.Tokens[i].ID == id {
			f.Tokens = slices.Delete(f.Tokens, i, i+1)
			return nil
		}
	}
	return fmt.Errorf("%w: %s", ErrNotFound, id)
}

// Lookup returns the principal of token. It hashes token and compares the
// hash with every entry in constant time, without stopping at a match.
// An expired token is unknown.
func (f *File) Lookup(token string) (*Principal, error) {
	return f.LookupAt(token, time.Now())
}

// LookupAt is Lookup at time now.
func (f *File) LookupAt(token string, now time.Time) (*Principal, error) {
	h := []byte(Hash(token))
	found := -1
	for i := range f.Tokens {
		if subtle.ConstantTimeCompare(h, []byte(f.Tokens[i].Hash)) == 1 {
			found = i
		}
	}
	if found < 0 || token == "" || f.Tokens[found].Expired(now) {
		return nil, ErrUnauthenticated
	}
	e := f.Tokens[found]
	return &Principal{ID: e.ID, Role: e.Role, Scope: slices.Clone(e.Scope), Subject: e.Subject}, nil
}

// Keyring checks tokens against a tokens file and reloads the file when
// it is replaced (Save writes a new file and renames it) or its size,
// modification or status change time changes, so a revoked token stops working without a
// restart; a removed file revokes every token. A Keyring with no path admits no token. It is safe
// for concurrent use.
type Keyring struct {
	path string

	mu   sync.Mutex
	file *File
	st   os.FileInfo // of the file loaded; nil when none
	err  error
}

// NewKeyring reads the tokens file at path; path "" gives a Keyring that
// admits no token.
func NewKeyring(path string) (*Keyring, error) {
	k := &Keyring{path: path, file: &File{}}
	if path == "" {
		return k, nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("tokens file: %w", err)
	}
	f, err := Load(path)
	if err != nil {
		return nil, err
	}
	k.file, k.st = f, st
	return k, nil
}

// changed reports whether the file now described by st differs from the
// one loaded (prev): another file, or another size, modification or
// status change time.
func changed(st, prev os.FileInfo) bool {
	return prev == nil || !os.SameFile(st, prev) || st.Size() != prev.Size() ||
		!st.ModTime().Equal(prev.ModTime()) || !changeTime(st).Equal(changeTime(prev))
}

// Enabled reports whether a tokens file is configured.
func (k *Keyring) Enabled() bool { return k != nil && k.path != "" }

// Authenticate returns the principal of token.
func (k *Keyring) Authenticate(token string) (*Principal, error) {
	if !k.Enabled() {
		return nil, ErrUnauthenticated
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	st, err := os.Stat(k.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		k.file, k.st = &File{}, nil // a removed file revokes every token
	case err == nil && changed(st, k.st):
		if f, err := Load(k.path); err == nil {
			k.file, k.st = f, st
		}
		// A file that fails to parse keeps the last good tokens.
	}
	return k.file.Lookup(token)
}

// ParseTTL parses a token's lifetime: a number of days ("90d"), or a Go
// duration ("12h", "30m"); it must be positive.
func ParseTTL(s string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err != nil || n <= 0 || n > 36500 {
			return 0, fmt.Errorf("%w: expiry %q: a number of days from 1 to 36500, such as 90d", ErrInvalid, s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%w: expiry %q: days (90d) or a duration (12h)", ErrInvalid, s)
	}
	return d, nil
}
