// Command peers times caregap's solvers side by side with their peers on
// the same instances, in one run, and prints one Markdown table of times,
// ratios, the goal, peak memory and whether the optima are equal:
//
//   - dense assignment: match.DenseLAP.SolveInt against scipy's
//     linear_sum_assignment on the n×n matrices lap.Generate(class, n, n)
//     of every class of benchmarks/lap, n = 1000, 2000, 4000 (8000 with
//     -large);
//   - placement: match.FlowSolver against LEMON's NetworkSimplex and
//     CostScaling on the networks flow.Config(class, shape, candidates,
//     degree, 42) of every class (uniform, geometric, clustered, heavy)
//     and both shapes (supervisors scarce, places plentiful), at 10 000
//     candidates × 20 eligible openings and 100 000 × 50 (1 000 000 × 50
//     with -large).
//
// Times are the best of -runs solves on each side, solver only; the CPU
// ratio compares the best process CPU times, steadier than wall times on a
// loaded machine. The goal is a wall-time ratio of at most 0.5 against
// scipy and against the faster LEMON algorithm. Each side runs in its own
// child process (the engine's in this program re-executed with -child),
// whose peak resident set (VmHWM, as the engine's child and the LEMON
// driver read it themselves, and as peer.Run polls it for scipy) is the
// memory column. The
// exit status is 1 if an optimum differs, not when a speed goal is missed.
// Run it with `make bench-peers` (benchmarks/peers.mk), which installs the
// peers first, or
//
//	go run ./benchmarks/cmd/peers [-runs 3] [-large] [-dense 1000,2000] [-flow 10000x20]
//	    [-classes uniform,geometric] [-dense-classes uniform] [-shapes plentiful]
//	    [-algorithms NetworkSimplex]
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/caregap/caregap/benchmarks/flow"
	"github.com/caregap/caregap/benchmarks/internal/peer"
	"github.com/caregap/caregap/benchmarks/lap"
	"github.com/caregap/caregap/engine/match"
)

// Goals, reported and not enforced.
const (
	denseGoal  = 0.5     // DenseLAP time / scipy time
	sparseGoal = 0.5     // FlowSolver time / the faster LEMON algorithm's
	memoryGoal = 2 << 30 // caregap's peak resident set, bytes
)

// flowSeed is the seed of engine/match's BenchmarkFlowSolver instances.
const flowSeed = 42

// flowSize is a placement network size: candidates × eligible openings.
type flowSize struct{ candidates, degree int }

type config struct {
	runs         int
	dense        []int
	denseClasses []string
	flow         []flowSize
	classes      []string
	shapes       []string
	algorithms   []string
	work         string
	lemon        string
	out          io.Writer
}

// childResult is what the program prints with -child.
type childResult struct {
	Seconds    float64 `json:"seconds"`
	CPUSeconds float64 `json:"cpu_seconds"`
	Total      int64   `json:"total"` // dense
	Placed     int     `json:"placed"`
	Cost       int64   `json:"cost"`
	PeakRSS    int64   `json:"peak_rss"` // bytes, VmHWM of the child itself
}

type row struct {
	instance, peer     string
	ours, theirs       float64 // seconds
	oursCPU, theirsCPU float64
	oursRSS, theirsRSS int64
	equal              bool
	goal               string
	met                bool
	note               string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "peers:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("peers", flag.ContinueOnError)
	runs := fs.Int("runs", 3, "best of this many solves on each side")
	large := fs.Bool("large", false, "add the largest sizes: dense n = 8000 and placement 1000000x50")
	dense := fs.String("dense", "1000,2000,4000", "dense sizes n, comma-separated (empty: none)")
	denseClasses := fs.String("dense-classes", strings.Join(lap.Classes, ","), "dense instance classes")
	flows := fs.String("flow", "10000x20,100000x50", "placement sizes CANDIDATESxDEGREE, comma-separated (empty: none)")
	classes := fs.String("classes", strings.Join(flow.Classes, ","), "placement instance classes")
	shapes := fs.String("shapes", strings.Join(flow.Shapes, ","), "placement shapes")
	algs := fs.String("algorithms", strings.Join(flow.Algorithms, ","), "LEMON algorithms to run")
	work := fs.String("work", "", "directory for instance files (default: a temporary one, removed)")
	lemon := fs.String("lemon", os.Getenv("LEMON_MCF"), "lemon_mcf driver (default $LEMON_MCF, else compiled into -work)")
	child := fs.String("child", "", "internal: solve one instance (dense:CLASS:N:RUNS or flow:CLASS:SHAPE:CANDIDATES:DEGREE:RUNS) and print JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *child != "" {
		return runChild(*child, stdout)
	}
	cfg := config{runs: *runs, work: *work, lemon: *lemon, out: stdout,
		denseClasses: list(*denseClasses), classes: list(*classes), shapes: list(*shapes), algorithms: list(*algs)}
	for _, s := range list(*dense) {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return fmt.Errorf("bad -dense size %q", s)
		}
		cfg.dense = append(cfg.dense, n)
	}
	for _, s := range list(*flows) {
		a, b, ok := strings.Cut(s, "x")
		n, err1 := strconv.Atoi(a)
		d, err2 := strconv.Atoi(b)
		if !ok || err1 != nil || err2 != nil || n < 1 || d < 1 {
			return fmt.Errorf("bad -flow size %q: want CANDIDATESxDEGREE", s)
		}
		cfg.flow = append(cfg.flow, flowSize{n, d})
	}
	if *large {
		cfg.dense = append(cfg.dense, 8000)
		cfg.flow = append(cfg.flow, flowSize{1000000, 50})
	}
	for _, c := range cfg.denseClasses {
		if err := lap.CheckClass(c); err != nil {
			return err
		}
	}
	for _, c := range cfg.classes {
		if !contains(flow.Classes, c) {
			return fmt.Errorf("unknown -classes %q; one of %v", c, flow.Classes)
		}
	}
	for _, a := range cfg.algorithms {
		if !contains(flow.Algorithms, a) {
			return fmt.Errorf("unknown -algorithms %q; one of %v", a, flow.Algorithms)
		}
	}
	for _, s := range cfg.shapes {
		if !contains(flow.Shapes, s) {
			return fmt.Errorf("unknown -shapes %q; one of %v", s, flow.Shapes)
		}
	}
	if cfg.work == "" {
		dir, err := os.MkdirTemp("", "caregap-peers-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfg.work = dir
	}
	return compare(ctx, cfg)
}

func list(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

func compare(ctx context.Context, cfg config) error {
	var rows []row
	if len(cfg.dense) > 0 && len(cfg.denseClasses) > 0 {
		if err := lap.Available(ctx); err != nil {
			return err
		}
		for _, class := range cfg.denseClasses {
			for _, n := range cfg.dense {
				r, err := compareDense(ctx, cfg, class, n)
				if err != nil {
					return err
				}
				rows = append(rows, r)
				fmt.Fprintf(os.Stderr, "peers: dense %s n=%d: %.3fs vs %.3fs\n", class, n, r.ours, r.theirs)
			}
		}
	}
	if len(cfg.flow) > 0 && len(cfg.classes) > 0 && len(cfg.shapes) > 0 && len(cfg.algorithms) > 0 {
		if cfg.lemon == "" {
			cfg.lemon = filepath.Join(cfg.work, "lemon_mcf")
			if err := flow.BuildDriver(ctx, cfg.lemon); err != nil {
				return err
			}
		}
		for _, size := range cfg.flow {
			for _, class := range cfg.classes {
				for _, shape := range cfg.shapes {
					rs, err := compareFlow(ctx, cfg, class, shape, size)
					if err != nil {
						return err
					}
					rows = append(rows, rs...)
					fmt.Fprintf(os.Stderr, "peers: placement %s %s %d×%d: %.3fs vs %.3fs (%s)\n",
						class, shape, size.candidates, size.degree, rs[0].ours, rs[0].theirs, rs[0].peer)
				}
			}
		}
	}
	printTable(cfg, rows)
	for _, r := range rows {
		if !r.equal {
			return errors.New("an optimum differs from its peer's")
		}
	}
	return nil
}

func compareDense(ctx context.Context, cfg config, class string, n int) (row, error) {
	path := filepath.Join(cfg.work, fmt.Sprintf("dense-%s-%d.npy", class, n))
	if err := writeFile(path, func(w io.Writer) error {
		return lap.WriteNPY(w, lap.Generate(class, n, uint64(n)), n, n)
	}); err != nil {
		return row{}, err
	}
	defer os.Remove(path)
	ours, rss, err := self(ctx, fmt.Sprintf("dense:%s:%d:%d", class, n, cfg.runs))
	if err != nil {
		return row{}, err
	}
	sp, err := lap.Scipy(ctx, path, cfg.runs)
	if err != nil {
		return row{}, err
	}
	r := row{
		instance: fmt.Sprintf("dense %s n=%d", class, n), peer: "scipy linear_sum_assignment",
		ours: ours.Seconds, theirs: sp.Seconds, oursCPU: ours.CPUSeconds, theirsCPU: sp.CPUSeconds,
		oursRSS: rss, theirsRSS: sp.PeakRSS,
		equal: ours.Total == sp.Total,
		note:  fmt.Sprintf("total %d", ours.Total),
	}
	r.goal, r.met = goal(r.ours/r.theirs, denseGoal)
	if !r.equal {
		r.note = fmt.Sprintf("total %d, scipy %d", ours.Total, sp.Total)
	}
	return r, nil
}

func compareFlow(ctx context.Context, cfg config, class, shape string, size flowSize) ([]row, error) {
	p := match.GenerateNetwork(flow.Config(class, shape, size.candidates, size.degree, flowSeed))
	path := filepath.Join(cfg.work, fmt.Sprintf("placement-%s-%s.net", class, shape))
	if err := writeFile(path, func(w io.Writer) error { return flow.WriteNetwork(w, p) }); err != nil {
		return nil, err
	}
	defer os.Remove(path)
	inst := fmt.Sprintf("placement %s %s (%s × %d)", class, shape, thousands(size.candidates), size.degree)
	p = nil
	ours, rss, err := self(ctx, fmt.Sprintf("flow:%s:%s:%d:%d:%d", class, shape, size.candidates, size.degree, cfg.runs))
	if err != nil {
		return nil, err
	}
	var rows []row
	fastest := -1
	for _, alg := range cfg.algorithms {
		lr, err := flow.Lemon(ctx, cfg.lemon, path, alg, cfg.runs)
		if err != nil {
			return nil, err
		}
		r := row{
			instance: inst, peer: "LEMON " + alg,
			ours: ours.Seconds, theirs: lr.Seconds, oursCPU: ours.CPUSeconds, theirsCPU: lr.CPUSeconds,
			oursRSS: rss, theirsRSS: lr.PeakRSS,
			equal: lr.Placed == ours.Placed && lr.Cost == ours.Cost,
			note:  fmt.Sprintf("placed %d, cost %d; LEMON build %.2fs", ours.Placed, ours.Cost, lr.BuildSeconds),
		}
		if !r.equal {
			r.note = fmt.Sprintf("placed %d cost %d, LEMON placed %d cost %d", ours.Placed, ours.Cost, lr.Placed, lr.Cost)
		}
		if fastest < 0 || r.theirs < rows[fastest].theirs {
			fastest = len(rows)
		}
		rows = append(rows, r)
	}
	f := &rows[fastest]
	f.goal, f.met = goal(f.ours/f.theirs, sparseGoal)
	if len(rows) > 1 {
		f.goal += " (faster LEMON)"
	}
	return rows, nil
}

// thousands writes n with a thin space between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + " " + s[i:]
	}
	return s
}

func goal(ratio, limit float64) (string, bool) {
	if ratio <= limit {
		return fmt.Sprintf("≤ %.1f: met", limit), true
	}
	return fmt.Sprintf("≤ %.1f: missed", limit), false
}

// self runs this program with -child spec and returns its result and peak
// resident set.
func self(ctx context.Context, spec string) (childResult, int64, error) {
	exe, err := os.Executable()
	if err != nil {
		return childResult{}, 0, err
	}
	var r childResult
	rss, err := peer.Run(ctx, &r, exe, "-child", spec)
	if r.PeakRSS > 0 {
		rss = r.PeakRSS
	}
	return r, rss, err
}

// runChild generates one instance, solves it and prints a childResult.
func runChild(spec string, w io.Writer) error {
	f := strings.Split(spec, ":")
	bad := fmt.Errorf("bad -child %q", spec)
	num := func(s string) (int, bool) {
		n, err := strconv.Atoi(s)
		return n, err == nil && n > 0
	}
	var r childResult
	switch {
	case len(f) == 4 && f[0] == "dense":
		n, ok1 := num(f[2])
		runs, ok2 := num(f[3])
		if !ok1 || !ok2 || lap.CheckClass(f[1]) != nil {
			return bad
		}
		t, total, err := lap.SolveTimed(lap.Generate(f[1], n, uint64(n)), n, runs)
		if err != nil {
			return err
		}
		r = childResult{Seconds: t.Wall.Seconds(), CPUSeconds: t.CPU.Seconds(), Total: total}
	case len(f) == 6 && f[0] == "flow":
		n, ok1 := num(f[3])
		d, ok2 := num(f[4])
		runs, ok3 := num(f[5])
		if !ok1 || !ok2 || !ok3 || !contains(flow.Classes, f[1]) || !contains(flow.Shapes, f[2]) {
			return bad
		}
		p := match.GenerateNetwork(flow.Config(f[1], f[2], n, d, flowSeed))
		t, res, err := flow.Solve(p, runs)
		if err != nil {
			return err
		}
		r = childResult{Seconds: t.Wall.Seconds(), CPUSeconds: t.CPU.Seconds(), Placed: res.Placed, Cost: res.Cost}
	default:
		return bad
	}
	r.PeakRSS = peer.SelfPeakRSS()
	return json.NewEncoder(w).Encode(r)
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}
