package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/caregap/caregap/api/auth"
	"github.com/caregap/caregap/api/jobs"
	"github.com/caregap/caregap/api/store"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/gin-gonic/gin"
)

func init() { gin.SetMode(gin.TestMode) }

// Municipalities of the embedded default dataset (datasets/defaultdata):
// 1480 Gothenburg is the test planner's scope, 1481 Mölndal is outside it.
const (
	inScope  = "1480"
	outScope = "1481"
)

type testAPI struct {
	t      testing.TB
	router *gin.Engine
	store  *store.Store
	queue  *jobs.Queue
	dir    string
	tokens map[string]string // name → token
	logs   *bytes.Buffer
}

// newTestAPI builds a router over a fresh data directory and the
// embedded default dataset, with five tokens: planner (scope 1480),
// planner2 (1481), officer (1480), officer2 (1481) and admin (*). mod may
// change the Deps before the router is built.
func newTestAPI(t testing.TB, mod func(*Deps)) *testAPI {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	tf := filepath.Join(dir, "tokens.json")
	f := &auth.File{}
	toks := map[string]string{}
	for _, e := range []struct {
		name  string
		role  auth.Role
		scope []string
	}{
		{"planner", auth.Planner, []string{inScope}},
		{"planner2", auth.Planner, []string{outScope}},
		{"officer", auth.Officer, []string{inScope}},
		{"officer2", auth.Officer, []string{outScope}},
		{"admin", auth.Admin, []string{auth.AllRegions}},
	} {
		tok, _, err := f.Add(e.role, e.scope, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		toks[e.name] = tok
	}
	if err := auth.Save(tf, f); err != nil {
		t.Fatal(err)
	}
	keys, err := auth.NewKeyring(tf)
	if err != nil {
		t.Fatal(err)
	}
	q := jobs.New(jobs.Settings{Workers: 1, Capacity: 4})
	logs := &bytes.Buffer{}
	d := Deps{Store: st, Keys: keys, Queue: q, Logger: slog.New(slog.NewJSONHandler(logs, nil)),
		Default: defaultdata.Load, DefaultMatch: defaultdata.LoadMatch}
	if mod != nil {
		mod(&d)
	}
	ta := &testAPI{t: t, router: NewRouter(d), store: st, queue: q, dir: dir, tokens: toks, logs: logs}
	t.Cleanup(func() {
		_ = q.Shutdown(context.Background(), 5*time.Second)
		st.Close()
	})
	return ta
}

type resp struct {
	code int
	hdr  http.Header
	body []byte
}

func (r resp) problem(t *testing.T) Problem {
	t.Helper()
	if ct, _, _ := mime.ParseMediaType(r.hdr.Get("Content-Type")); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q, want application/problem+json; body %s", r.hdr.Get("Content-Type"), r.body)
	}
	var p Problem
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("problem: %v: %s", err, r.body)
	}
	if p.Status != r.code {
		t.Fatalf("problem status %d, response %d", p.Status, r.code)
	}
	return p
}

func (ta *testAPI) do(method, path, who string, body io.Reader, hdr ...string) resp {
	ta.t.Helper()
	req := httptest.NewRequest(method, path, body)
	if who != "" {
		req.Header.Set("Authorization", "Bearer "+ta.tokens[who])
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	ta.router.ServeHTTP(w, req)
	return resp{w.Code, w.Result().Header, w.Body.Bytes()}
}

// forecast starts a small forecast as who and waits for it to finish.
func (ta *testAPI) forecast(who, body string) jobView {
	ta.t.Helper()
	return ta.runJob("/v1/forecasts", who, body)
}

// runJob starts a job at collection path as who and waits for it to
// finish.
func (ta *testAPI) runJob(path, who, body string) jobView {
	ta.t.Helper()
	r := ta.do("POST", path, who, strings.NewReader(body), "Content-Type", "application/json")
	if r.code != http.StatusAccepted {
		ta.t.Fatalf("POST %s: %d %s", path, r.code, r.body)
	}
	var j jobView
	if err := json.Unmarshal(r.body, &j); err != nil {
		ta.t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		got, err := ta.store.Job(context.Background(), j.ID)
		if err != nil {
			ta.t.Fatal(err)
		}
		if got.Status != store.Queued && got.Status != store.Running {
			if got.Kind == "matching" {
				return viewMatching(got)
			}
			return viewJob(got)
		}
		time.Sleep(10 * time.Millisecond)
	}
	ta.t.Fatalf("job %s did not finish", j.ID)
	return j
}

// snapshot describes everything the store holds, to prove a rejected
// request changed nothing.
func (ta *testAPI) snapshot() string {
	ta.t.Helper()
	ctx := context.Background()
	var b strings.Builder
	ds, _ := ta.store.Datasets(ctx)
	sc, _ := ta.store.Scenarios(ctx)
	js, _ := ta.store.Jobs(ctx, "forecast")
	for _, d := range ds {
		b.WriteString("dataset " + d.ID + "\n")
		for _, f := range d.Files {
			b.WriteString("  file " + f.Name + "\n")
		}
	}
	for _, s := range sc {
		b.WriteString("scenario " + s.Name + "\n")
	}
	for _, j := range js {
		b.WriteString("job " + j.ID + " " + j.Status + "\n")
	}
	_ = filepath.Walk(ta.dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && !strings.HasPrefix(filepath.Base(p), "catalog.db") {
			b.WriteString("path " + strings.TrimPrefix(p, ta.dir) + "\n")
		}
		return nil
	})
	return b.String()
}

// TestNoDefaultDataset: without Deps.Default and Deps.DefaultMatch the
// dataset "default" answers as a missing one does on every route, and is
// not listed.
func TestNoDefaultDataset(t *testing.T) {
	ta := newTestAPI(t, func(d *Deps) { d.Default, d.DefaultMatch = nil, nil })
	answer := func(method, path, body, dataset string) string {
		var rd io.Reader
		if body != "" {
			rd = strings.NewReader(strings.ReplaceAll(body, "DATASET", dataset))
		}
		r := ta.do(method, strings.ReplaceAll(path, "DATASET", dataset), "admin", rd, "Content-Type", "application/json")
		var p map[string]any
		json.Unmarshal(r.body, &p)
		return strconv.Itoa(r.code) + " " + strings.ReplaceAll(fmt.Sprint(p["type"], p["detail"]), dataset, "X")
	}
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/v1/datasets/DATASET", ""},
		{"GET", "/v1/datasets/DATASET/files/regions", ""},
		{"POST", "/v1/forecasts", `{"dataset":"DATASET","scenarios":["base"],"to_year":2030}`},
		{"POST", "/v1/matchings", `{"dataset":"DATASET","solver":"flow","regions":["` + inScope + `"]}`},
	} {
		a, b := answer(c.method, c.path, c.body, DefaultDataset), answer(c.method, c.path, c.body, "nosuch")
		if a != b || !strings.Contains(a, "not") {
			t.Errorf("%s %s: default %s; a missing dataset %s", c.method, c.path, a, b)
		}
	}
	if r := ta.do("GET", "/v1/datasets", "admin", nil); r.code != http.StatusOK || strings.Contains(string(r.body), `"`+DefaultDataset+`"`) {
		t.Errorf("list: %d %s, want no default", r.code, r.body)
	}
}
