// Command ratios times match.DenseLAP.SolveInt and scipy's
// linear_sum_assignment on the same matrices of every instance class of
// benchmarks/lap and prints a class × n table with the ratio of the two
// times, measured in the same run (best of -runs on each side, solver
// only). Optimal totals must agree; a mismatch is an error. Both wall and
// process CPU times are printed with their ratios; on a loaded machine
// the CPU ratio is the steadier one.
//
//	go run ./benchmarks/lap/ratios -n 1000,2000,4000,8000 -runs 3
//
// The matrix of class c at size n is lap.Generate(c, n, n).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/caregap/caregap/benchmarks/lap"
)

func main() {
	sizes := flag.String("n", "1000,2000,4000,8000", "comma-separated sizes")
	classes := flag.String("classes", strings.Join(lap.Classes, ","), "comma-separated instance classes")
	runs := flag.Int("runs", 3, "runs per side; the best time counts")
	noScipy := flag.Bool("no-scipy", false, "time DenseLAP only")
	flag.Parse()
	if err := run(os.Stdout, *sizes, *classes, *runs, !*noScipy); err != nil {
		fmt.Fprintln(os.Stderr, "ratios:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, sizes, classes string, runs int, scipy bool) error {
	ctx := context.Background()
	var ns []int
	for _, f := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return fmt.Errorf("-n: %q is not a positive size", f)
		}
		ns = append(ns, n)
	}
	var cs []string
	for _, c := range strings.Split(classes, ",") {
		c = strings.TrimSpace(c)
		if err := lap.CheckClass(c); err != nil {
			return err
		}
		cs = append(cs, c)
	}
	if scipy {
		if err := lap.Available(ctx); err != nil {
			return err
		}
	}
	dir, err := os.MkdirTemp("", "lap-ratios")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fmt.Fprintf(w, "%-10s %5s  %10s %10s %6s  %10s %10s %6s\n", "class", "n", "DenseLAP s", "scipy s", "ratio", "cpu s", "scipy cpu", "ratio")
	for _, c := range cs {
		for _, n := range ns {
			cost := lap.Generate(c, n, uint64(n))
			d, total, err := lap.SolveTimed(cost, n, runs)
			if err != nil {
				return fmt.Errorf("%s n=%d: %w", c, n, err)
			}
			sp, ratio, spc, ratioc := "-", "-", "-", "-"
			if scipy {
				path := filepath.Join(dir, "m.npy")
				f, err := os.Create(path)
				if err != nil {
					return err
				}
				err = lap.WriteNPY(f, cost, n, n)
				if cerr := f.Close(); err == nil {
					err = cerr
				}
				if err != nil {
					return err
				}
				r, err := lap.Scipy(ctx, path, runs)
				if err != nil {
					return fmt.Errorf("%s n=%d: %w", c, n, err)
				}
				if r.Total != total {
					return fmt.Errorf("%s n=%d: scipy total %d, DenseLAP %d", c, n, r.Total, total)
				}
				sp = fmt.Sprintf("%.3f", r.Seconds)
				ratio = fmt.Sprintf("%.2f", d.Wall.Seconds()/r.Seconds)
				spc = fmt.Sprintf("%.3f", r.CPUSeconds)
				ratioc = fmt.Sprintf("%.2f", d.CPU.Seconds()/r.CPUSeconds)
			}
			fmt.Fprintf(w, "%-10s %5d  %10.3f %10s %6s  %10.3f %10s %6s\n", c, n, d.Wall.Seconds(), sp, ratio, d.CPU.Seconds(), spc, ratioc)
		}
	}
	return nil
}
