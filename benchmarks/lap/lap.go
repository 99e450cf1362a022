package lap

import (
	"bufio"
	"context"
	_ "embed"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/caregap/caregap/benchmarks/internal/peer"
	"github.com/caregap/caregap/engine/match"
)

// Script is scipy_lap.py.
//
//go:embed scipy_lap.py
var Script string

// Python is the interpreter that sees Debian's numpy and scipy (the
// python3 first on PATH may be another one).
const Python = "/usr/bin/python3"

// Uniform returns an n×n row-major matrix of uniform integers in [0, 1000)
// drawn from PCG(seed, 11); with seed n it is the matrix of engine/match's
// BenchmarkDenseLAP.
func Uniform(n int, seed uint64) []int64 {
	rnd := rand.New(rand.NewPCG(seed, 11))
	c := make([]int64, n*n)
	for k := range c {
		c[k] = rnd.Int64N(1000)
	}
	return c
}

// WriteNPY writes the n×m row-major matrix a as a little-endian int64
// .npy file (format version 1.0), which numpy.load reads without parsing.
// It panics if len(a) != n*m.
func WriteNPY(w io.Writer, a []int64, n, m int) error {
	if len(a) != n*m {
		panic("lap: length mismatch")
	}
	dict := fmt.Sprintf("{'descr': '<i8', 'fortran_order': False, 'shape': (%d, %d), }", n, m)
	// Magic (6), version (2) and header length (2), then the dict padded
	// with spaces and ended by '\n' to a multiple of 64 bytes.
	hlen := len(dict) + 1
	hlen += (64 - (10+hlen)%64) % 64
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("\x93NUMPY\x01\x00")
	binary.Write(bw, binary.LittleEndian, uint16(hlen))
	bw.WriteString(dict + strings.Repeat(" ", hlen-len(dict)-1) + "\n")
	var b [8]byte
	for _, x := range a {
		binary.LittleEndian.PutUint64(b[:], uint64(x))
		bw.Write(b[:]) // a write error stays in bw and is returned by Flush
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write npy: %w", err)
	}
	return nil
}

// Solve solves the n×n problem with DenseLAP.SolveInt runs times and
// returns the best wall time and the optimal total. The duals are
// computed too, as in the engine's own use.
func Solve(cost []int64, n, runs int) (time.Duration, int64, error) {
	t, total, err := SolveTimed(cost, n, runs)
	return t.Wall, total, err
}

// Timing is the best wall time and the best CPU time of the process
// (user and system, 0 where it is not read) over a few runs. On a loaded
// machine the CPU time varies less than the wall time.
type Timing struct {
	Wall, CPU time.Duration
}

// SolveTimed is Solve with the CPU time too.
func SolveTimed(cost []int64, n, runs int) (Timing, int64, error) {
	var s match.DenseLAP
	rowCol := make([]int, n)
	u, v := make([]int64, n), make([]int64, n)
	var best Timing
	var total int64
	for r := range max(runs, 1) {
		c0, t0 := peer.CPUTime(), time.Now()
		var err error
		total, err = s.SolveInt(cost, n, n, rowCol, u, v)
		dt, dc := time.Since(t0), peer.CPUTime()-c0
		if err != nil {
			return Timing{}, 0, err
		}
		if r == 0 || dt < best.Wall {
			best.Wall = dt
		}
		if r == 0 || dc < best.CPU {
			best.CPU = dc
		}
	}
	return best, total, nil
}

// ScipyResult is what scipy_lap.py prints, with the peak resident set of
// its process.
type ScipyResult struct {
	N       int     `json:"n"`
	M       int     `json:"m"`
	Seconds float64 `json:"seconds"` // best of Runs
	// CPUSeconds is the best process CPU time (time.process_time) of Runs.
	CPUSeconds float64 `json:"cpu_seconds"`
	Runs       int     `json:"runs"`
	Total      int64   `json:"total"`
	PeakRSS    int64   `json:"-"` // bytes, from wait4
}

// Available returns nil if Python can import numpy and scipy, else an
// error wrapping peer.ErrMissing.
func Available(ctx context.Context) error {
	if b, err := exec.CommandContext(ctx, Python, "-c", "import numpy, scipy.optimize").CombinedOutput(); err != nil {
		return fmt.Errorf("%s with numpy and scipy (python3-scipy): %v: %s: %w",
			Python, err, strings.TrimSpace(string(b)), peer.ErrMissing)
	}
	return nil
}

// Scipy runs Script on the .npy file at path, best of runs.
func Scipy(ctx context.Context, path string, runs int) (ScipyResult, error) {
	var r ScipyResult
	rss, err := peer.Run(ctx, &r, Python, "-c", Script, path, strconv.Itoa(max(runs, 1)))
	if err != nil {
		return r, fmt.Errorf("scipy: %w", err)
	}
	r.PeakRSS = rss
	return r, nil
}
