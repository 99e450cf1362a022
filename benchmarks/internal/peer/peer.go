// Package peer runs the external programs of the side-by-side benchmarks
// (scipy, LEMON) and the engine's own measurements in child processes, and
// reads what they print.
package peer

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"syscall"

	"github.com/caregap/caregap/engine/errkind"
)

// ErrMissing marks a peer that is not installed: its interpreter, compiler
// or library cannot be found.
var ErrMissing = errkind.New(errkind.Unavailable, "peer not installed")

// Run runs cmd, decodes the last line it prints to standard output as JSON
// into v, and returns the process's peak resident set in bytes (the
// maximum RSS that wait4 reports for it, Linux). A non-zero exit is an
// error carrying the program's standard error.
func Run(ctx context.Context, v any, name string, args ...string) (peakRSS int64, err error) {
	cmd := exec.CommandContext(ctx, name, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("%s: %w: %s", name, err, strings.TrimSpace(errb.String()))
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), v); err != nil {
		return 0, fmt.Errorf("%s: output %q: %w", name, out.String(), err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		peakRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return peakRSS, nil
}
