package main

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeSlowClients: clients that send their headers slowly hold no
// connection past --read-header-timeout, and with more of them than
// --max-conns a normal request is still answered soon after.
func TestServeSlowClients(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the server")
	}
	e := newE2E(t, "--read-header-timeout", "300ms", "--max-conns", "8")
	var conns []net.Conn
	for range 20 { // more than --max-conns
		c, err := net.DialTimeout("tcp", e.addr, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n") // never ends its headers
		conns = append(conns, c)
	}
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	start := time.Now()
	client := &http.Client{Timeout: 5 * time.Second}
	r, err := client.Get("http://" + e.addr + "/healthz")
	if err != nil {
		t.Fatalf("normal request among slow clients: %v after %v", err, time.Since(start))
	}
	r.Body.Close()
	// 20 slow connections over 8 slots, each cut at 300 ms: about 1 s.
	if d := time.Since(start); r.StatusCode != 200 || d > 3*time.Second {
		t.Errorf("status %d after %v", r.StatusCode, d)
	}
}

// TestServeSigtermHeavyJob: SIGTERM during a heavy forecast stops the
// server within its grace and a few seconds, the job recorded as stopped
// or interrupted.
func TestServeSigtermHeavyJob(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the server")
	}
	e := newE2E(t)
	var b strings.Builder
	b.WriteString("name: heavy\nlevers:\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "  - {lever: employment_rate, start_year: 2026, target_year: %d, change: 0.0001}\n", 2027+i%10)
	}
	r, _ := http.NewRequest("POST", "http://"+e.addr+"/v1/scenarios", strings.NewReader(b.String()))
	r.Header.Set("Authorization", "Bearer "+e.token)
	r.Header.Set("Content-Type", "application/yaml")
	resp, err := http.DefaultClient.Do(r)
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("scenario: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	id := e.submit(`{"scenarios":["base","heavy"],"to_year":2040,"draws":500}`)
	e.waitFor(id, "running", "succeeded", "failed")
	start := time.Now()
	if err := e.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- e.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(8 * time.Second): // grace 200 ms + 5 s
		t.Fatalf("still running %v after SIGTERM: %s", time.Since(start), e.log)
	}
	t.Logf("stopped %v after SIGTERM", time.Since(start))
}
