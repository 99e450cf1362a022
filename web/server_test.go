package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/caregap/caregap/api"
	"github.com/caregap/caregap/api/auth"
	"github.com/caregap/caregap/api/jobs"
	"github.com/caregap/caregap/api/store"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/gin-gonic/gin"
)

// testServer is the page over the real API router, the embedded default
// dataset, a fresh data directory and a tokens file: planner and officer
// of Göteborg (1480), officer2 of Mölndal (1481), and an admin.
type testServer struct {
	*httptest.Server
	tokens map[string]string
	store  *store.Store
	active string // the participant in progress whose token is "participant_active" (newTrainingServer)
}

func newTestServer(t testing.TB) *testServer {
	t.Helper()
	return startTestServer(t, 16, []testToken{
		{name: "planner", role: auth.Planner, scope: []string{"1480", "1481"}},
		{name: "officer", role: auth.Officer, scope: []string{"1480"}},
		{name: "officer2", role: auth.Officer, scope: []string{"1481"}},
		{name: "admin", role: auth.Admin, scope: []string{auth.AllRegions}},
	})
}

// testToken is a token the test server admits: a role and scope, or a
// participant's own token when participant is set.
type testToken struct {
	name        string
	role        auth.Role
	scope       []string
	participant string
}

// startTestServer serves the page in front of the API with the embedded
// default, a fresh store and the tokens given; a queue of capacity jobs.
func startTestServer(t testing.TB, capacity int, tokens []testToken) *testServer {
	t.Helper()
	gin.SetMode(gin.TestMode)
	dir := t.TempDir()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	f := &auth.File{}
	toks := map[string]string{}
	now := time.Now()
	for _, e := range tokens {
		var tok string
		if e.participant != "" {
			tok, _, err = f.AddParticipant(e.participant, now, time.Time{})
		} else {
			tok, _, err = f.Add(e.role, e.scope, now)
		}
		if err != nil {
			t.Fatal(err)
		}
		toks[e.name] = tok
	}
	tf := filepath.Join(dir, "tokens.json")
	if err := auth.Save(tf, f); err != nil {
		t.Fatal(err)
	}
	keys, err := auth.NewKeyring(tf)
	if err != nil {
		t.Fatal(err)
	}
	q := jobs.New(jobs.Settings{Workers: 1, Capacity: capacity})
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	router := api.NewRouter(api.Deps{Store: st, Keys: keys, Queue: q, Logger: logger,
		Default: defaultdata.Load, DefaultMatch: defaultdata.LoadMatch})
	// The page's own log (render errors, failed calls) goes to the test's.
	pageLog := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h, err := New(Options{API: router, Default: defaultdata.Load, RunDir: st.RunDir, Logger: pageLog, Poll: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = q.Shutdown(ctx, time.Second)
		st.Close()
	})
	return &testServer{Server: srv, tokens: toks, store: st}
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// client is a browser without script: a cookie jar, no redirects
// followed unless asked.
type client struct {
	t    testing.TB
	srv  *testServer
	http *http.Client
	csrf string
}

func (ts *testServer) client(t testing.TB) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, srv: ts, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// do sends a request and returns the status, the headers and the body.
func (c *client) do(method, path string, form url.Values, hdr map[string]string) (int, http.Header, string) {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.srv.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if m := csrfRe.FindSubmatch(b); m != nil {
		c.csrf = string(m[1])
	}
	return resp.StatusCode, resp.Header, string(b)
}

// signIn signs in with the token of name and fails the test otherwise.
func (c *client) signIn(name string) {
	c.t.Helper()
	c.do("GET", "/ui/signin", nil, nil)
	code, hdr, body := c.do("POST", "/ui/signin", url.Values{"csrf": {c.csrf}, "token": {c.srv.tokens[name]}}, nil)
	if code != http.StatusSeeOther || hdr.Get("Location") != "/" {
		c.t.Fatalf("sign-in as %s: %d %s %s", name, code, hdr.Get("Location"), body)
	}
	c.do("GET", "/", nil, nil) // the session's CSRF token
}
