package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeMatchingSurvivesKill runs a matching to completion, queues a
// second one behind a long forecast, kills the server with SIGKILL,
// restarts it and checks that the finished matching's placements and
// explanations are intact and the queued one failed without files.
func TestServeMatchingSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	e := newE2E(t)
	submit := func(path, body string) string {
		code, b := e.req("POST", path, body, "")
		var j jobStatus
		if code != http.StatusAccepted || json.Unmarshal(b, &j) != nil {
			t.Fatalf("POST %s: %d %s", path, code, b)
		}
		return j.ID
	}
	status := func(id string) jobStatus {
		code, b := e.req("GET", "/v1/matchings/"+id, "", "")
		var j jobStatus
		if code != 200 || json.Unmarshal(b, &j) != nil {
			t.Fatalf("GET matching %s: %d %s", id, code, b)
		}
		return j
	}
	first := submit("/v1/matchings", `{"regions":["1480","1481"]}`)
	deadline := time.Now().Add(20 * time.Second)
	for status(first).Status != "succeeded" {
		if time.Now().After(deadline) || status(first).Status == "failed" {
			t.Fatalf("first matching: %+v", status(first))
		}
		time.Sleep(20 * time.Millisecond)
	}
	_, wantRows := e.req("GET", "/v1/matchings/"+first+"/assignments", "", "application/vnd.apache.parquet")
	_, wantCand := e.req("GET", "/v1/matchings/"+first+"/candidates/C1480-0001", "", "")
	_, wantRep := e.req("GET", "/v1/matchings/"+first+"/report", "", "")

	long := submit("/v1/forecasts", `{"draws":1000,"to_year":2040}`)
	e.waitFor(long, "running")
	queued := submit("/v1/matchings", `{}`)
	if err := e.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = e.cmd.Wait()

	e.start()
	for _, c := range []struct {
		path, accept string
		want         []byte
	}{
		{"/assignments", "application/vnd.apache.parquet", wantRows},
		{"/candidates/C1480-0001", "", wantCand},
		{"/report", "", wantRep},
	} {
		code, got := e.req("GET", "/v1/matchings/"+first+c.path, "", c.accept)
		if code != 200 || !bytes.Equal(got, c.want) {
			t.Errorf("after restart %s differs (%d, %d bytes, want %d)", c.path, code, len(got), len(c.want))
		}
	}
	if j := status(queued); j.Status != "failed" || !strings.Contains(j.Error, "interrupted") {
		t.Errorf("after restart the queued matching is %+v, want failed, interrupted", j)
	}
	if _, err := os.Stat(filepath.Join(e.dataDir, "runs", queued)); !os.IsNotExist(err) {
		t.Errorf("the interrupted matching left runs/%s: %v", queued, err)
	}
	_ = e.cmd.Process.Signal(syscall.SIGTERM)
	_ = e.cmd.Wait()
}
