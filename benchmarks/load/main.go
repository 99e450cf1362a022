// Command load measures caregap serve's read routes while a heavy job
// runs, and checks that a kill -9 in the middle of the job loses nothing
// finished. It starts the server itself on 127.0.0.1 (loopback only) over
// a fresh data directory and stops it when done; every phase is bounded
// in time.
//
//	go build -o bin/caregap ./cmd/caregap
//	go run ./benchmarks/load -bin bin/caregap -conns 2 -duration 10s
//
// It prints, per read route and in all, requests per second, p50 and p99
// latency and errors, then the kill -9 check. benchmarks/README.md
// ("API under load and faults") keeps the latest figures.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	bin := flag.String("bin", "bin/caregap", "the caregap binary")
	conns := flag.Int("conns", 2, "connections of the read load")
	duration := flag.Duration("duration", 10*time.Second, "length of the read load")
	levers := flag.Int("levers", 1000, "levers of the heavy job's scenario")
	draws := flag.Int("draws", 500, "Monte Carlo draws of the heavy job")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), *duration+3*time.Minute)
	defer cancel()
	if err := run(ctx, *bin, *conns, *duration, *levers, *draws); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

type server struct {
	bin, dir, tokens, addr, token string
	cmd                           *exec.Cmd
	log                           bytes.Buffer
}

func (s *server) start(ctx context.Context) error {
	s.log.Reset()
	s.cmd = exec.CommandContext(ctx, s.bin, "serve", "--data-dir", filepath.Join(s.dir, "data"), "--tokens", s.tokens,
		"--addr", s.addr, "--grace", "1s")
	s.cmd.Stderr = &s.log
	if err := s.cmd.Start(); err != nil {
		return err
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if r, err := http.Get("http://" + s.addr + "/readyz"); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				return nil
			}
		}
	}
	return fmt.Errorf("server not ready: %s", s.log.String())
}

func (s *server) do(client *http.Client, method, path, ctype, body string) (int, []byte, error) {
	req, err := http.NewRequest(method, "http://"+s.addr+path, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

type job struct{ ID, Status, Error string }

func (s *server) job(id string) (job, error) {
	_, b, err := s.do(http.DefaultClient, "GET", "/v1/forecasts/"+id, "", "")
	var j job
	if err == nil {
		err = json.Unmarshal(b, &j)
	}
	return j, err
}

func (s *server) submit(body string) (string, error) {
	code, b, err := s.do(http.DefaultClient, "POST", "/v1/forecasts", "application/json", body)
	if err != nil || code != 202 {
		return "", fmt.Errorf("submit: %d %s %v", code, b, err)
	}
	var j job
	return j.ID, json.Unmarshal(b, &j)
}

func (s *server) wait(id string, timeout time.Duration, want ...string) (job, error) {
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		j, err := s.job(id)
		if err != nil {
			return j, err
		}
		if slices.Contains(want, j.Status) {
			return j, nil
		}
	}
	return job{}, fmt.Errorf("job %s never %v", id, want)
}

func run(ctx context.Context, bin string, conns int, duration time.Duration, levers, draws int) error {
	dir, err := os.MkdirTemp("", "caregap-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	s := &server{bin: bin, dir: dir, tokens: filepath.Join(dir, "tokens.json")}
	out, err := exec.Command(bin, "tokens", "add", "--tokens", s.tokens, "--role", "admin", "--scope", "*").Output()
	if err != nil {
		return fmt.Errorf("tokens add: %w", err)
	}
	s.token = strings.TrimSpace(string(out))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s.addr = ln.Addr().String()
	ln.Close()
	if err := s.start(ctx); err != nil {
		return err
	}
	defer func() {
		if s.cmd.ProcessState == nil {
			_ = s.cmd.Process.Kill()
			_ = s.cmd.Wait()
		}
	}()

	// A finished forecast to read, and the heavy scenario.
	small, err := s.submit(`{"scenarios":["base","full-time"],"to_year":2030}`)
	if err != nil {
		return err
	}
	if j, err := s.wait(small, time.Minute, "succeeded", "failed"); err != nil || j.Status != "succeeded" {
		return fmt.Errorf("small forecast: %+v %v", j, err)
	}
	var b strings.Builder
	b.WriteString("name: heavy\nlevers:\n")
	for i := range levers {
		fmt.Fprintf(&b, "  - {lever: employment_rate, start_year: 2026, target_year: %d, change: 0.0001}\n", 2027+i%10)
	}
	if code, body, err := s.do(http.DefaultClient, "POST", "/v1/scenarios", "application/yaml", b.String()); err != nil || code != 201 {
		return fmt.Errorf("heavy scenario: %d %s %v", code, body, err)
	}
	heavyBody := fmt.Sprintf(`{"scenarios":["base","heavy"],"to_year":2040,"draws":%d}`, draws)
	heavy, err := s.submit(heavyBody)
	if err != nil {
		return err
	}
	if _, err := s.wait(heavy, 30*time.Second, "running"); err != nil {
		return err
	}
	fmt.Printf("caregap serve on %s, %d connections for %v while job %s (%d levers, %d draws) runs\n\n", s.addr, conns, duration, heavy, levers, draws)

	routes := []string{
		"/healthz",
		"/v1/datasets",
		"/v1/scenarios",
		"/v1/forecasts/" + small,
		"/v1/forecasts/" + small + "/results?limit=100",
		"/v1/forecasts/" + small + "/comparison?year=2030",
	}
	res := load(s, routes, conns, duration)
	fmt.Printf("%-48s %8s %9s %9s %7s\n", "route", "req/s", "p50 ms", "p99 ms", "errors")
	var all []time.Duration
	errs := 0
	for _, r := range routes {
		st := res[r]
		all = append(all, st.lat...)
		errs += st.errs
		fmt.Printf("%-48s %8.0f %9.2f %9.2f %7d\n", trim(r, small), float64(len(st.lat))/duration.Seconds(), ms(pct(st.lat, 50)), ms(pct(st.lat, 99)), st.errs)
	}
	fmt.Printf("%-48s %8.0f %9.2f %9.2f %7d\n\n", "all", float64(len(all))/duration.Seconds(), ms(pct(all, 50)), ms(pct(all, 99)), errs)
	if j, _ := s.job(heavy); j.Status != "running" {
		fmt.Printf("note: the heavy job was %s by the end of the load\n", j.Status)
	}

	// DELETE cancels the heavy job: how long until it ends cancelled.
	start := time.Now()
	if code, body, err := s.do(http.DefaultClient, "DELETE", "/v1/forecasts/"+heavy, "", ""); err != nil || code != 200 {
		return fmt.Errorf("cancel: %d %s %v", code, body, err)
	}
	j, err := s.wait(heavy, 30*time.Second, "cancelled", "failed", "succeeded")
	if err != nil {
		return err
	}
	fmt.Printf("DELETE of job %s: %s %v after\n", heavy, j.Status, time.Since(start).Round(time.Millisecond))

	// kill -9 in the middle of a heavy job, then restart.
	heavy2, err := s.submit(heavyBody)
	if err != nil {
		return err
	}
	if _, err := s.wait(heavy2, time.Minute, "running"); err != nil {
		return err
	}
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	_ = s.cmd.Wait()
	start = time.Now()
	if err := s.start(ctx); err != nil {
		return err
	}
	fmt.Printf("kill -9 during job %s; restarted and ready in %v\n", heavy2, time.Since(start).Round(time.Millisecond))
	for _, id := range []string{heavy, heavy2} {
		j, err := s.job(id)
		if err != nil {
			return err
		}
		fmt.Printf("  job %s after restart: %s (%s)\n", id, j.Status, j.Error)
		if j.Status != "failed" && j.Status != "succeeded" && j.Status != "cancelled" {
			return errors.New("an unfinished job did not end failed")
		}
	}
	code, body, err := s.do(http.DefaultClient, "GET", "/v1/forecasts/"+small+"/comparison?year=2030", "text/csv", "")
	if err != nil || code != 200 {
		return fmt.Errorf("finished result after restart: %d %v", code, err)
	}
	fmt.Printf("  finished job %s: results intact (%d bytes of comparison)\n", small, len(body))
	runs, _ := os.ReadDir(filepath.Join(dir, "data", "runs"))
	for _, r := range runs {
		if r.Name() == heavy2 || strings.HasPrefix(r.Name(), ".") {
			return fmt.Errorf("partial run directory %s left behind", r.Name())
		}
	}
	fmt.Printf("  no partial run directory left (%d run directories)\n", len(runs))
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	_ = s.cmd.Wait()
	return nil
}

type stats struct {
	lat  []time.Duration
	errs int
}

// load sends GETs over the routes round robin on conns connections for d.
func load(s *server, routes []string, conns int, d time.Duration) map[string]*stats {
	res := map[string]*stats{}
	for _, r := range routes {
		res[r] = &stats{}
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	end := time.Now().Add(d)
	for c := range conns {
		wg.Go(func() {
			client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 1, MaxConnsPerHost: 1}}
			for i := c; time.Now().Before(end); i++ {
				r := routes[i%len(routes)]
				t0 := time.Now()
				code, _, err := s.do(client, "GET", r, "", "")
				lat := time.Since(t0)
				mu.Lock()
				if err != nil || code != 200 {
					res[r].errs++
				} else {
					res[r].lat = append(res[r].lat, lat)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return res
}

func pct(lat []time.Duration, p int) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	s := slices.Clone(lat)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func trim(route, id string) string { return strings.ReplaceAll(route, id, "{id}") }
