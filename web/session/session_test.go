package session

import (
	"testing"
	"time"
)

// clock is a settable time source.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestLifetime(t *testing.T) {
	c := &clock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
	st := New(Settings{Idle: 10 * time.Minute, Max: time.Hour, Now: c.now})
	s := st.Start("tok", "tok_1", "planner", []string{"1480"})
	if len(s.ID) != 43 || len(s.CSRF) != 43 || s.ID == s.CSRF {
		t.Fatalf("id %q, csrf %q: want two different 43-character random strings", s.ID, s.CSRF)
	}
	// Used every 9 minutes, it lives until the hour is up.
	for i := 1; i*9 < 60; i++ {
		c.t = c.t.Add(9 * time.Minute)
		if _, ok := st.Get(s.ID); !ok {
			t.Fatalf("ended after %d min of use every 9 min; idle is 10 min", i*9)
		}
	}
	c.t = c.t.Add(9 * time.Minute) // 63 min after the start
	if _, ok := st.Get(s.ID); ok {
		t.Error("alive past Max")
	}
	if st.Len() != 0 {
		t.Errorf("expired session kept: %d", st.Len())
	}

	s = st.Start("tok", "tok_1", "planner", nil)
	c.t = c.t.Add(10 * time.Minute)
	if _, ok := st.Get(s.ID); ok {
		t.Error("alive after 10 min idle")
	}

	s = st.Start("tok", "tok_1", "planner", nil)
	st.End(s.ID)
	if _, ok := st.Get(s.ID); ok {
		t.Error("alive after End")
	}
	a, b := st.Start("tok", "tok_1", "planner", nil), st.Start("other", "tok_2", "officer", nil)
	st.EndToken("tok")
	if _, ok := st.Get(a.ID); ok {
		t.Error("alive after EndToken of its token")
	}
	if _, ok := st.Get(b.ID); !ok {
		t.Error("EndToken ended another token's session")
	}
}

func TestLimit(t *testing.T) {
	c := &clock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
	st := New(Settings{Limit: 3, Now: c.now})
	var ids []string
	for range 3 {
		ids = append(ids, st.Start("t", "i", "planner", nil).ID)
		c.t = c.t.Add(time.Second)
	}
	st.Get(ids[0]) // the first is now the most recent
	c.t = c.t.Add(time.Second)
	st.Start("t", "i", "planner", nil)
	if st.Len() != 3 {
		t.Fatalf("%d sessions, want the limit 3", st.Len())
	}
	if _, ok := st.Get(ids[1]); ok {
		t.Error("the least recently used session survived the limit")
	}
	if _, ok := st.Get(ids[0]); !ok {
		t.Error("a recently used session was dropped")
	}
}

func TestCSRF(t *testing.T) {
	st := New(Settings{})
	s := st.Start("tok", "tok_1", "planner", nil)
	if !s.Check(s.CSRF) || s.Check("") || s.Check(s.CSRF[:42]+"x") || s.Check(s.ID) {
		t.Error("Check accepts a wrong token or refuses the right one")
	}
	n := Random()
	tok := st.AnonToken(n)
	if !st.CheckAnon(n, tok) {
		t.Error("CheckAnon refuses the nonce's own token")
	}
	if st.CheckAnon(Random(), tok) || st.CheckAnon("", st.AnonToken("")) || st.CheckAnon(n, "") {
		t.Error("CheckAnon accepts a token of another nonce or an empty one")
	}
	if New(Settings{}).CheckAnon(n, tok) {
		t.Error("a token signed by another store's key passes")
	}
}

func TestInScope(t *testing.T) {
	s := &Session{Scope: []string{"1480", "1481"}}
	if !s.InScope("1480") || s.InScope("2080") {
		t.Error("InScope of a listed scope")
	}
	if !(&Session{Scope: []string{"*"}}).InScope("2080") {
		t.Error(`"*" does not hold every municipality`)
	}
}
