package session

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"slices"
	"sync"
	"time"
)

// Settings bound a session's life. Zero fields take the defaults in
// brackets.
type Settings struct {
	// Idle ends a session not used for this long [30 min].
	Idle time.Duration
	// Max ends a session this long after its sign-in, used or not [12 h].
	Max time.Duration
	// Limit is the number of sessions kept at once; past it the least
	// recently used one ends [10 000].
	Limit int
	// Now is the clock [time.Now].
	Now func() time.Time
}

func (s Settings) withDefaults() Settings {
	if s.Idle <= 0 {
		s.Idle = 30 * time.Minute
	}
	if s.Max <= 0 {
		s.Max = 12 * time.Hour
	}
	if s.Limit <= 0 {
		s.Limit = 10000
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	return s
}

// Session is one signed-in user. Its fields are set at sign-in and never
// change; callers must not modify them.
type Session struct {
	ID   string
	CSRF string
	// Token is the API bearer token the user signed in with.
	Token string
	// TokenID, Role and Scope are the API's answer to whoami.
	TokenID string
	Role    string
	Scope   []string

	created time.Time
	seen    time.Time
}

// InScope reports whether municipality code is in the session's scope
// ("*" holds every one).
func (s *Session) InScope(code string) bool {
	return slices.Contains(s.Scope, "*") || slices.Contains(s.Scope, code)
}

// Store holds the sessions. It is safe for concurrent use.
type Store struct {
	set Settings
	key []byte // signs the sign-in form's anonymous CSRF tokens

	mu sync.Mutex
	m  map[string]*Session
}

// New returns an empty store.
func New(s Settings) *Store {
	return &Store{set: s.withDefaults(), key: []byte(Random()), m: map[string]*Session{}}
}

// Random returns 32 random bytes, base64url-encoded without padding.
func Random() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("session: no randomness: " + err.Error()) // crypto/rand does not fail on Linux
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// Start begins a session for a user the API has just admitted.
func (st *Store) Start(token, tokenID, role string, scope []string) *Session {
	now := st.set.Now()
	s := &Session{ID: Random(), CSRF: Random(), Token: token, TokenID: tokenID, Role: role,
		Scope: slices.Clone(scope), created: now, seen: now}
	st.mu.Lock()
	defer st.mu.Unlock()
	st.sweep(now)
	for len(st.m) >= st.set.Limit {
		var oldest *Session
		for _, x := range st.m {
			if oldest == nil || x.seen.Before(oldest.seen) {
				oldest = x
			}
		}
		delete(st.m, oldest.ID)
	}
	st.m[s.ID] = s
	return s
}

// Get returns the live session id and marks it used; an unknown, idle or
// expired one is not found (and an expired one is removed).
func (st *Store) Get(id string) (*Session, bool) {
	now := st.set.Now()
	st.mu.Lock()
	defer st.mu.Unlock()
	s, ok := st.m[id]
	if !ok {
		return nil, false
	}
	if st.expired(s, now) {
		delete(st.m, id)
		return nil, false
	}
	s.seen = now
	return s, true
}

// End removes session id (sign-out).
func (st *Store) End(id string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	delete(st.m, id)
}

// EndToken removes every session signed in with token, as when the API
// stops admitting it.
func (st *Store) EndToken(token string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for id, s := range st.m {
		if s.Token == token {
			delete(st.m, id)
		}
	}
}

// Len is the number of sessions held, expired ones not yet removed
// included.
func (st *Store) Len() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return len(st.m)
}

func (st *Store) expired(s *Session, now time.Time) bool {
	return now.Sub(s.seen) >= st.set.Idle || now.Sub(s.created) >= st.set.Max
}

// sweep removes expired sessions; the caller holds mu.
func (st *Store) sweep(now time.Time) {
	for id, s := range st.m {
		if st.expired(s, now) {
			delete(st.m, id)
		}
	}
}

// Check reports whether got is the session's CSRF token.
func (s *Session) Check(got string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(s.CSRF)) == 1
}

// AnonToken returns the CSRF token of the sign-in form for a visitor
// without a session, bound to the random nonce the visitor holds in a
// cookie: an HMAC of it under the store's key.
func (st *Store) AnonToken(nonce string) string {
	m := hmac.New(sha256.New, st.key)
	m.Write([]byte("signin\x00" + nonce))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// CheckAnon reports whether got is AnonToken(nonce) for a non-empty
// nonce.
func (st *Store) CheckAnon(nonce, got string) bool {
	return nonce != "" && got != "" && hmac.Equal([]byte(got), []byte(st.AnonToken(nonce)))
}
