package api

import (
	"context"
	"sync"

	"github.com/caregap/caregap/api/auth"
	"github.com/caregap/caregap/api/store"
)

// cacheSize bounds the entries of each cache: finished runs are
// immutable, so an entry is never stale, only evicted.
const cacheSize = 64

// memo keeps values loaded once per key, for the immutable results of
// finished runs: parsed result tables and terminal job records. Loads of
// one key run once even when requests race; a failed load is not kept.
type memo struct {
	mu      sync.Mutex
	entries map[string]*memoEntry
	order   []string // insertion order, for eviction
}

type memoEntry struct {
	once sync.Once
	val  any
	err  error
}

func newMemo() *memo { return &memo{entries: map[string]*memoEntry{}} }

func (m *memo) get(key string, load func() (any, error)) (any, error) {
	m.mu.Lock()
	e, ok := m.entries[key]
	if !ok {
		e = &memoEntry{}
		m.entries[key] = e
		m.order = append(m.order, key)
		if len(m.order) > cacheSize {
			delete(m.entries, m.order[0])
			m.order = m.order[1:]
		}
	}
	m.mu.Unlock()
	e.once.Do(func() { e.val, e.err = load() })
	if e.err != nil {
		m.mu.Lock()
		if m.entries[key] == e {
			delete(m.entries, key)
		}
		m.mu.Unlock()
	}
	return e.val, e.err
}

// put stores val under key unless the key is present.
func (m *memo) put(key string, val any) {
	m.get(key, func() (any, error) { return val, nil })
}

// lookup returns the value stored under key, if any.
func (m *memo) lookup(key string) (any, bool) {
	m.mu.Lock()
	e, ok := m.entries[key]
	m.mu.Unlock()
	if !ok {
		return nil, false
	}
	e.once.Do(func() {}) // wait for a load in flight
	return e.val, e.err == nil && e.val != nil
}

// storedJob returns job id from the catalog, or from memory once it has
// reached a final state (succeeded, failed, cancelled), which never
// changes afterwards.
func (s *server) storedJob(ctx context.Context, id string) (*store.Job, error) {
	if v, ok := s.jobs.lookup(id); ok {
		return v.(*store.Job), nil
	}
	j, err := s.Store.Job(ctx, id)
	if err != nil {
		return nil, err
	}
	if !j.Active() {
		s.jobs.put(id, j)
	}
	return j, nil
}

// inScopeSet returns p.InScope as a closure over a set, nil for a caller
// that sees every region.
func inScopeSet(p *auth.Principal) func(string) bool {
	if p.All() {
		return nil
	}
	set := make(map[string]bool, len(p.Scope))
	for _, r := range p.Scope {
		set[r] = true
	}
	return func(r string) bool { return set[r] }
}
