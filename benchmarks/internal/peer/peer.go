// Package peer runs the external programs of the side-by-side benchmarks
// (scipy, LEMON) and the engine's own measurements in child processes, and
// reads what they print.
package peer

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/caregap/caregap/engine/errkind"
)

// ErrMissing marks a peer that is not installed: its interpreter, compiler
// or library cannot be found.
var ErrMissing = errkind.New(errkind.Unavailable, "peer not installed")

// Run runs cmd, decodes the last line it prints to standard output as JSON
// into v, and returns the process's peak resident set in bytes. A non-zero
// exit is an error carrying the program's standard error.
//
// The peak is the largest VmHWM of /proc/PID/status read every few
// milliseconds while the process runs (Linux), so a spike in its last
// milliseconds can be missed; programs that can should report their own
// (SelfPeakRSS). It is not the maximum RSS that wait4 reports: Linux
// carries the parent's high-water mark into a child across exec, so that
// figure is never below the parent's own peak.
func Run(ctx context.Context, v any, name string, args ...string) (peakRSS int64, err error) {
	cmd := exec.CommandContext(ctx, name, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	done := make(chan struct{})
	polled := make(chan int64, 1)
	go func() {
		status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
		var peak int64
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			if b, err := os.ReadFile(status); err == nil {
				peak = max(peak, vmHWM(b))
			}
			select {
			case <-done:
				polled <- peak
				return
			case <-t.C:
			}
		}
	}()
	err = cmd.Wait()
	close(done)
	peakRSS = <-polled
	if err != nil {
		return 0, fmt.Errorf("%s: %w: %s", name, err, strings.TrimSpace(errb.String()))
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), v); err != nil {
		return 0, fmt.Errorf("%s: output %q: %w", name, out.String(), err)
	}
	return peakRSS, nil
}

// SelfPeakRSS returns this process's peak resident set in bytes (VmHWM of
// /proc/self/status, Linux), or 0 when it cannot be read.
func SelfPeakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	return vmHWM(b)
}

// vmHWM returns the VmHWM line of a /proc/PID/status file in bytes, or 0.
func vmHWM(status []byte) int64 {
	for _, l := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			f := strings.Fields(rest)
			if len(f) == 2 && f[1] == "kB" {
				if kb, err := strconv.ParseInt(f[0], 10, 64); err == nil {
					return kb * 1024
				}
			}
		}
	}
	return 0
}
