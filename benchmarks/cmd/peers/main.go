// Command peers times caregap's solvers side by side with their peers on
// the same instances, in one run, and prints one Markdown table of times,
// ratios, peak memory and whether the optima are equal:
//
//   - dense assignment: match.DenseLAP.SolveInt against scipy's
//     linear_sum_assignment on uniform integer matrices in [0, 1000),
//     n = 1000, 2000, 4000 (package benchmarks/lap);
//   - placement: match.FlowSolver against LEMON's NetworkSimplex and
//     CostScaling on 100 000 candidates × 50 eligible openings, with
//     supervisors scarce and places plentiful (package benchmarks/flow).
//
// Times are the best of -runs solves on each side, solver only. Each side
// runs in its own child process (the engine's in this program re-executed
// with -child), whose peak resident set, as wait4 reports it, is the
// memory column. The exit status is 1 if an optimum differs, not when a
// speed goal is missed. Run it with `make bench-peers`
// (benchmarks/peers.mk), which installs the peers first, or
//
//	go run ./benchmarks/cmd/peers [-runs 3] [-dense 1000,2000,4000] [-shapes scarce,plentiful]
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
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/caregap/caregap/benchmarks/flow"
	"github.com/caregap/caregap/benchmarks/internal/peer"
	"github.com/caregap/caregap/benchmarks/lap"
	"github.com/caregap/caregap/engine/match"
)

// Goals, reported and not enforced.
const (
	denseGoal  = 0.7     // DenseLAP time / scipy time
	sparseGoal = 1.0     // FlowSolver time / the faster LEMON algorithm's
	memoryGoal = 2 << 30 // caregap's peak resident set, bytes
)

// flowSeed is the seed of engine/match's BenchmarkFlowSolver instances.
const flowSeed = 42

type config struct {
	runs       int
	dense      []int
	shapes     []string
	candidates int
	degree     int
	work       string
	lemon      string
	out        io.Writer
}

// childResult is what the program prints with -child.
type childResult struct {
	Seconds float64 `json:"seconds"`
	Total   int64   `json:"total"` // dense
	Placed  int     `json:"placed"`
	Cost    int64   `json:"cost"`
}

type row struct {
	instance, peer     string
	ours, theirs       float64 // seconds
	oursRSS, theirsRSS int64
	equal              bool
	goal               string
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
	dense := fs.String("dense", "1000,2000,4000", "dense sizes n, comma-separated (empty: none)")
	shapes := fs.String("shapes", strings.Join(flow.Shapes, ","), "placement shapes (empty: none)")
	cands := fs.Int("candidates", 100000, "candidates of the placement networks")
	degree := fs.Int("degree", 50, "eligible openings per candidate")
	work := fs.String("work", "", "directory for instance files (default: a temporary one, removed)")
	lemon := fs.String("lemon", os.Getenv("LEMON_MCF"), "lemon_mcf driver (default $LEMON_MCF, else compiled into -work)")
	child := fs.String("child", "", "internal: solve one instance (dense:N:RUNS or flow:SHAPE:CANDIDATES:DEGREE:RUNS) and print JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *child != "" {
		return runChild(*child, stdout)
	}
	cfg := config{runs: *runs, candidates: *cands, degree: *degree, work: *work, lemon: *lemon, out: stdout}
	for _, s := range strings.Split(*dense, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return fmt.Errorf("bad -dense size %q", s)
		}
		cfg.dense = append(cfg.dense, n)
	}
	for _, s := range strings.Split(*shapes, ",") {
		if s = strings.TrimSpace(s); s != "" {
			cfg.shapes = append(cfg.shapes, s)
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

func compare(ctx context.Context, cfg config) error {
	var rows []row
	if len(cfg.dense) > 0 {
		if err := lap.Available(ctx); err != nil {
			return err
		}
		for _, n := range cfg.dense {
			r, err := compareDense(ctx, cfg, n)
			if err != nil {
				return err
			}
			rows = append(rows, r)
			fmt.Fprintf(os.Stderr, "peers: dense n=%d: %.3fs vs %.3fs\n", n, r.ours, r.theirs)
		}
	}
	if len(cfg.shapes) > 0 {
		if cfg.lemon == "" {
			cfg.lemon = filepath.Join(cfg.work, "lemon_mcf")
			if err := flow.BuildDriver(ctx, cfg.lemon); err != nil {
				return err
			}
		}
		for _, shape := range cfg.shapes {
			rs, err := compareFlow(ctx, cfg, shape)
			if err != nil {
				return err
			}
			rows = append(rows, rs...)
			fmt.Fprintf(os.Stderr, "peers: placement %s done\n", shape)
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

func compareDense(ctx context.Context, cfg config, n int) (row, error) {
	path := filepath.Join(cfg.work, fmt.Sprintf("dense-%d.npy", n))
	if err := writeFile(path, func(w io.Writer) error {
		return lap.WriteNPY(w, lap.Uniform(n, uint64(n)), n, n)
	}); err != nil {
		return row{}, err
	}
	defer os.Remove(path)
	ours, rss, err := self(ctx, fmt.Sprintf("dense:%d:%d", n, cfg.runs))
	if err != nil {
		return row{}, err
	}
	sp, err := lap.Scipy(ctx, path, cfg.runs)
	if err != nil {
		return row{}, err
	}
	r := row{
		instance: fmt.Sprintf("dense n=%d", n), peer: "scipy linear_sum_assignment",
		ours: ours.Seconds, theirs: sp.Seconds, oursRSS: rss, theirsRSS: sp.PeakRSS,
		equal: ours.Total == sp.Total,
		note:  fmt.Sprintf("total %d", ours.Total),
	}
	r.goal = goal(r.ours/r.theirs, denseGoal)
	if !r.equal {
		r.note = fmt.Sprintf("total %d, scipy %d", ours.Total, sp.Total)
	}
	return r, nil
}

func compareFlow(ctx context.Context, cfg config, shape string) ([]row, error) {
	p := match.GenerateNetwork(flow.Config(match.ClassUniform, shape, cfg.candidates, cfg.degree, flowSeed))
	path := filepath.Join(cfg.work, "placement-"+shape+".net")
	if err := writeFile(path, func(w io.Writer) error { return flow.WriteNetwork(w, p) }); err != nil {
		return nil, err
	}
	defer os.Remove(path)
	inst := fmt.Sprintf("placement %s (%dk × %d)", shape, cfg.candidates/1000, cfg.degree)
	p = nil
	ours, rss, err := self(ctx, fmt.Sprintf("flow:%s:%d:%d:%d", shape, cfg.candidates, cfg.degree, cfg.runs))
	if err != nil {
		return nil, err
	}
	var rows []row
	fastest := -1
	for _, alg := range flow.Algorithms {
		lr, err := flow.Lemon(ctx, cfg.lemon, path, alg, cfg.runs)
		if err != nil {
			return nil, err
		}
		r := row{
			instance: inst, peer: "LEMON " + alg,
			ours: ours.Seconds, theirs: lr.Seconds, oursRSS: rss, theirsRSS: lr.PeakRSS,
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
	rows[fastest].goal = goal(rows[fastest].ours/rows[fastest].theirs, sparseGoal) + " (faster LEMON)"
	return rows, nil
}

func goal(ratio, limit float64) string {
	if ratio <= limit {
		return fmt.Sprintf("≤ %.1f: met", limit)
	}
	return fmt.Sprintf("≤ %.1f: missed", limit)
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
	return r, rss, err
}

// runChild generates one instance, solves it and prints a childResult.
func runChild(spec string, w io.Writer) error {
	f := strings.Split(spec, ":")
	atoi := func(s string) int {
		n, err := strconv.Atoi(s)
		if err != nil {
			panic("peers: bad -child " + spec)
		}
		return n
	}
	var r childResult
	switch {
	case len(f) == 3 && f[0] == "dense":
		n := atoi(f[1])
		c := lap.Uniform(n, uint64(n))
		d, total, err := lap.Solve(c, n, atoi(f[2]))
		if err != nil {
			return err
		}
		r = childResult{Seconds: d.Seconds(), Total: total}
	case len(f) == 5 && f[0] == "flow":
		p := match.GenerateNetwork(flow.Config(match.ClassUniform, f[1], atoi(f[2]), atoi(f[3]), flowSeed))
		d, res, err := flow.Solve(p, atoi(f[4]))
		if err != nil {
			return err
		}
		r = childResult{Seconds: d.Seconds(), Placed: res.Placed, Cost: res.Cost}
	default:
		return fmt.Errorf("bad -child %q", spec)
	}
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

func printTable(cfg config, rows []row) {
	w := cfg.out
	fmt.Fprintf(w, "Measured %s on %s; %s, %s/%s, %d CPUs; best of %d solves per side.\n\n",
		time.Now().Format("2006-01-02"), cpuModel(), runtime.Version(), runtime.GOOS, runtime.GOARCH,
		runtime.NumCPU(), cfg.runs)
	fmt.Fprintln(w, "| instance | peer | caregap s | peer s | ratio | goal | caregap peak MiB | peer peak MiB | same optimum | notes |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|---|--:|--:|---|---|")
	for _, r := range rows {
		eq := "yes"
		if !r.equal {
			eq = "NO"
		}
		g := r.goal
		if g == "" {
			g = "–"
		}
		fmt.Fprintf(w, "| %s | %s | %.3f | %.3f | %.2f | %s | %.0f | %.0f | %s | %s |\n",
			r.instance, r.peer, r.ours, r.theirs, r.ours/r.theirs, g,
			mib(r.oursRSS), mib(r.theirsRSS), eq, r.note)
	}
	var peak int64
	for _, r := range rows {
		peak = max(peak, r.oursRSS)
	}
	if len(rows) > 0 {
		status := "met"
		if peak >= memoryGoal {
			status = "missed"
		}
		fmt.Fprintf(w, "\ncaregap's largest peak resident set: %.0f MiB (goal < 2048 MiB: %s).\n", mib(peak), status)
	}
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// cpuModel returns the processor's name from /proc/cpuinfo, or "unknown".
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}
