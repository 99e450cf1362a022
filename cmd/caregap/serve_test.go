package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestTokensCommands adds, lists and revokes tokens and checks the file
// holds hashes only, with mode 0600.
func TestTokensCommands(t *testing.T) {
	file := filepath.Join(t.TempDir(), "tokens.yaml")
	code, tok, stderr := caregap(t, "tokens", "add", "--tokens", file, "--role", "officer", "--scope", "1480,1481")
	if code != 0 {
		t.Fatalf("add: %d %s", code, stderr)
	}
	tok = strings.TrimSpace(tok)
	if len(tok) != 43 { // base64url of 32 bytes, no padding
		t.Fatalf("token %q: want 43 base64url characters", tok)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(tok)) {
		t.Error("the tokens file holds the token itself")
	}
	if st, _ := os.Stat(file); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	if code, _, _ := caregap(t, "tokens", "add", "--tokens", file, "--role", "planner", "--scope", "*"); code != exitBadInput {
		t.Errorf("planner with scope *: exit %d, want %d", code, exitBadInput)
	}
	code, list, _ := caregap(t, "tokens", "list", "--tokens", file)
	if code != 0 || !strings.Contains(list, "officer") || !strings.Contains(list, "1480,1481") || strings.Contains(list, "hash") {
		t.Fatalf("list: %d %s", code, list)
	}
	id := strings.Fields(strings.Split(list, "\n")[1])[0]
	if code, _, stderr := caregap(t, "tokens", "revoke", "--tokens", file, id); code != 0 {
		t.Fatalf("revoke: %s", stderr)
	}
	if code, _, _ := caregap(t, "tokens", "revoke", "--tokens", file, id); code != exitBadInput {
		t.Errorf("revoke twice: exit %d", code)
	}
	if _, list, _ := caregap(t, "tokens", "list", "--tokens", file); strings.Contains(list, id) {
		t.Errorf("revoked token still listed: %s", list)
	}
}

// e2e drives the real binary.
type e2e struct {
	t       *testing.T
	bin     string
	dataDir string
	tokens  string
	addr    string
	token   string
	cmd     *exec.Cmd
	log     *syncLog
	args    []string // more flags of serve
}

// syncLog is the server's stderr as the test sees it: the copy from the
// child's pipe runs in its own goroutine, so reads lock, and a line the
// server has written may arrive a moment after its effects (waitFor).
type syncLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// waitFor reports whether every one of subs has reached the log within d.
func (l *syncLog) waitFor(d time.Duration, subs ...string) bool {
	for deadline := time.Now().Add(d); ; time.Sleep(10 * time.Millisecond) {
		s, all := l.String(), true
		for _, sub := range subs {
			all = all && strings.Contains(s, sub)
		}
		if all {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}

func (e *e2e) start() {
	e.t.Helper()
	e.log = &syncLog{}
	e.cmd = exec.Command(e.bin, append([]string{"serve", "--data-dir", e.dataDir, "--tokens", e.tokens, "--addr", e.addr, "--grace", "200ms"}, e.args...)...)
	e.cmd.Stderr = e.log
	if err := e.cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if r, err := http.Get("http://" + e.addr + "/readyz"); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	e.t.Fatalf("server did not become ready: %s", e.log)
}

func (e *e2e) req(method, path, body string, accept string) (int, []byte) {
	e.t.Helper()
	r, _ := http.NewRequest(method, "http://"+e.addr+path, strings.NewReader(body))
	r.Header.Set("Authorization", "Bearer "+e.token)
	if accept != "" {
		r.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

type jobStatus struct {
	ID, Status, Error string
}

func (e *e2e) job(id string) jobStatus {
	e.t.Helper()
	code, b := e.req("GET", "/v1/forecasts/"+id, "", "")
	var j jobStatus
	if code != 200 || json.Unmarshal(b, &j) != nil {
		e.t.Fatalf("GET job %s: %d %s", id, code, b)
	}
	return j
}

func (e *e2e) submit(body string) string {
	e.t.Helper()
	code, b := e.req("POST", "/v1/forecasts", body, "")
	var j jobStatus
	if code != http.StatusAccepted || json.Unmarshal(b, &j) != nil {
		e.t.Fatalf("POST: %d %s", code, b)
	}
	return j.ID
}

func (e *e2e) waitFor(id string, want ...string) jobStatus {
	e.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		j := e.job(id)
		for _, w := range want {
			if j.Status == w {
				return j
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	e.t.Fatalf("job %s never became %v", id, want)
	return jobStatus{}
}

// TestServeEndToEnd builds the binary, runs a forecast job to completion,
// kills the server with SIGKILL in the middle of a second job, restarts it
// and checks the finished result is intact and the unfinished job failed;
// then stops it with SIGTERM during a third job and checks it exits
// cleanly and records that job as failed.
func TestServeEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	e := newE2E(t)
	first := e.submit(`{"scenarios":["base","full-time"],"regions":["1480","1481"],"to_year":2035}`)
	if j := e.waitFor(first, "succeeded", "failed"); j.Status != "succeeded" {
		t.Fatalf("first job: %+v", j)
	}
	_, want := e.req("GET", "/v1/forecasts/"+first+"/results", "", "application/vnd.apache.parquet")

	// 1000 draws of every shipped scenario take minutes: the kill lands mid-run.
	long := `{"draws":1000,"to_year":2040}`
	second := e.submit(long)
	e.waitFor(second, "running")
	time.Sleep(100 * time.Millisecond)
	if err := e.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = e.cmd.Wait()

	e.start()
	if j := e.job(first); j.Status != "succeeded" {
		t.Errorf("after restart the first job is %+v", j)
	}
	code, got := e.req("GET", "/v1/forecasts/"+first+"/results", "", "application/vnd.apache.parquet")
	if code != 200 || !bytes.Equal(got, want) {
		t.Errorf("after restart the first result differs (%d, %d bytes, want %d)", code, len(got), len(want))
	}
	if j := e.job(second); j.Status != "failed" || !strings.Contains(j.Error, "interrupted") {
		t.Errorf("after restart the killed job is %+v, want failed, interrupted", j)
	}
	if _, err := os.Stat(filepath.Join(e.dataDir, "runs", second)); !os.IsNotExist(err) {
		t.Errorf("the killed job left runs/%s: %v", second, err)
	}
	if code, _ := e.req("GET", "/v1/forecasts/"+second+"/results", "", ""); code != http.StatusConflict {
		t.Errorf("results of the killed job: %d, want 409", code)
	}

	// SIGTERM: the server gives the job its grace, then records it failed.
	third := e.submit(long)
	e.waitFor(third, "running")
	if err := e.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- e.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v\n%s", err, e.log)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no exit 15 s after SIGTERM")
	}
	e.start()
	if j := e.job(third); j.Status != "failed" || !strings.Contains(j.Error, "shut down") {
		t.Errorf("after SIGTERM the job is %+v, want failed by the shutdown", j)
	}
	if strings.Contains(e.log.String(), e.token) {
		t.Error("the log holds the token")
	}
	_ = e.cmd.Process.Signal(syscall.SIGTERM)
	_ = e.cmd.Wait()
}

// newE2E builds the binary, adds an admin token, picks a free loopback
// port and starts the server; the server is killed when the test ends if
// it is still running.
func newE2E(t *testing.T, args ...string) *e2e {
	t.Helper()
	tmp := t.TempDir()
	e := &e2e{t: t, bin: filepath.Join(tmp, "caregap"), dataDir: filepath.Join(tmp, "data"), tokens: filepath.Join(tmp, "tokens.json"), args: args}
	if out, err := exec.Command("go", "build", "-o", e.bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(e.bin, "tokens", "add", "--tokens", e.tokens, "--role", "admin", "--scope", "*").Output()
	if err != nil {
		t.Fatal(err)
	}
	e.token = strings.TrimSpace(string(out))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e.addr = ln.Addr().String()
	ln.Close()
	e.start()
	t.Cleanup(func() {
		if e.cmd.ProcessState == nil {
			_ = e.cmd.Process.Kill()
			_ = e.cmd.Wait()
		}
	})
	return e
}
