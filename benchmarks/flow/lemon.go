package flow

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/caregap/caregap/benchmarks/internal/peer"
)

// DriverSource is lemon_mcf.cpp.
//
//go:embed lemon_mcf.cpp
var DriverSource []byte

// Algorithms are LEMON's min-cost flow algorithms the driver runs.
var Algorithms = []string{"NetworkSimplex", "CostScaling"}

// LemonHeader is the header whose presence means liblemon-dev is installed.
const LemonHeader = "/usr/include/lemon/network_simplex.h"

// BuildDriver compiles DriverSource with g++ -O2 into the executable out.
// It returns an error wrapping peer.ErrMissing if g++ or LEMON's headers
// are not installed.
func BuildDriver(ctx context.Context, out string) error {
	gxx, err := exec.LookPath("g++")
	if err != nil {
		return fmt.Errorf("g++: %w", peer.ErrMissing)
	}
	if _, err := os.Stat(LemonHeader); err != nil {
		return fmt.Errorf("liblemon-dev (%s): %w", LemonHeader, peer.ErrMissing)
	}
	cmd := exec.CommandContext(ctx, gxx, "-O2", "-std=c++17", "-x", "c++", "-", "-o", out)
	cmd.Stdin = strings.NewReader(string(DriverSource))
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("compile lemon_mcf: %w\n%s", err, b)
	}
	return nil
}

// Driver returns the path of a lemon_mcf executable: $LEMON_MCF if it
// names a file (`make peers` builds bin/lemon_mcf), else one compiled into
// dir.
func Driver(ctx context.Context, dir string) (string, error) {
	if p := os.Getenv("LEMON_MCF"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	out := filepath.Join(dir, "lemon_mcf")
	if err := BuildDriver(ctx, out); err != nil {
		return "", err
	}
	return out, nil
}

// LemonResult is what lemon_mcf prints.
type LemonResult struct {
	Algorithm    string  `json:"algorithm"`
	BuildSeconds float64 `json:"build_seconds"`
	Seconds      float64 `json:"seconds"`     // best run() of Runs
	CPUSeconds   float64 `json:"cpu_seconds"` // best process CPU time of a run()
	Runs         int     `json:"runs"`
	Placed       int     `json:"placed"`
	Cost         int64   `json:"cost"`
	PeakRSS      int64   `json:"peak_rss"` // bytes, as the driver saw it
}

// Lemon runs the driver on the network file with the given algorithm,
// best of runs.
func Lemon(ctx context.Context, driver, network, algorithm string, runs int) (LemonResult, error) {
	var r LemonResult
	_, err := peer.Run(ctx, &r, driver, network, algorithm, strconv.Itoa(max(runs, 1)))
	if err != nil {
		return r, fmt.Errorf("lemon %s: %w", algorithm, err)
	}
	return r, nil
}
