package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/match"
	"github.com/spf13/cobra"
)

// matrixError locates a problem in a cost matrix file: the 1-based line
// and, when it is about one number, the 1-based column (field).
type matrixError struct {
	File   string
	Line   int
	Column int
	Err    error
}

func (e *matrixError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ": line %d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ", column %d", e.Column)
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *matrixError) Unwrap() error { return e.Err }

// Kind is errkind.BadInput: the error locates a problem in the cost matrix.
func (e *matrixError) Kind() errkind.Kind { return errkind.BadInput }

// Problems of a cost matrix file.
var (
	errNotNumber = errkind.New(errkind.BadInput, "not a finite number")
	errRagged    = errkind.New(errkind.BadInput, "ragged matrix")
	errNoRows    = errkind.New(errkind.BadInput, "no rows")
	errTooLarge  = errkind.New(errkind.BadInput, "costs too large")
)

func newLapCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "lap FILE",
		Short: "Solve a dense linear assignment problem given as a cost matrix",
		Long: `lap reads a dense cost matrix from FILE, one row per line with numbers
separated by commas, semicolons or spaces (blank lines and lines starting
with # are skipped), assigns every row a distinct column (every column a
distinct row when there are more rows than columns) at least total cost
with the Jonker-Volgenant shortest augmenting path method, checks the
result with the row and column duals, and prints the optimal total and
the assignment. Rows and columns are numbered from 1, as the lines and
fields of the file. It prints the time spent reading the file and the
time of the solve alone ("solved in 0.123456 s": the solver's call,
without reading, conversion or the check), in seconds.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return usageError{err}
			}
			defer f.Close()
			t0 := time.Now()
			cost, n, m, err := readMatrix(f, args[0])
			if err != nil {
				return err
			}
			return solveLAP(cmd.OutOrStdout(), args[0], cost, n, m, time.Since(t0))
		},
	}
}

// readMatrix reads a dense matrix, row-major. Errors are *matrixError.
func readMatrix(r io.Reader, file string) (cost []float64, n, m int, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	firstLine := 0
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		var fields []string
		switch {
		case strings.Contains(text, ","):
			fields = strings.Split(text, ",")
		case strings.Contains(text, ";"):
			fields = strings.Split(text, ";")
		default:
			fields = strings.Fields(text)
		}
		if n == 0 {
			m, firstLine = len(fields), line
		} else if len(fields) != m {
			col := min(len(fields), m) + 1
			return nil, 0, 0, &matrixError{file, line, col, fmt.Errorf("%w: %d numbers, line %d has %d", errRagged, len(fields), firstLine, m)}
		}
		for j, s := range fields {
			s = strings.TrimSpace(s)
			x, perr := strconv.ParseFloat(s, 64)
			if perr != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, 0, 0, &matrixError{file, line, j + 1, fmt.Errorf("%w: %q", errNotNumber, s)}
			}
			cost = append(cost, x)
		}
		n++
	}
	if err := sc.Err(); err != nil {
		return nil, 0, 0, fmt.Errorf("read %s: %w", file, err)
	}
	if n == 0 {
		return nil, 0, 0, &matrixError{File: file, Err: errNoRows}
	}
	return cost, n, m, nil
}

// solveLAP solves the matrix, verifies the duals and prints the result
// with the time reading it took and the time of the solver's call.
// Integer matrices within the integer solver's range are solved in exact
// integer arithmetic, others in float64. Costs too large for float64
// sums are a *matrixError.
func solveLAP(w io.Writer, file string, cost []float64, n, m int, read time.Duration) error {
	var (
		lap    match.DenseLAP
		rowCol = make([]int, n)
		u      = make([]float64, n)
		v      = make([]float64, m)
		total  string
		maxAbs float64
		solve  time.Duration
	)
	for _, x := range cost {
		maxAbs = math.Max(maxAbs, math.Abs(x))
	}
	if lim := match.DenseFloatLimit(n, m); maxAbs > lim {
		return &matrixError{File: file, Err: fmt.Errorf("%w: a cost of magnitude %g, but sums over a %d×%d matrix stay finite only up to %g",
			errTooLarge, maxAbs, n, m, lim)}
	}
	// Integral costs within SolveInt's range take the exact path; beyond
	// it, SolveFloat solves them as it would any other matrix.
	ints := make([]int64, len(cost))
	integral := true
	intLim := match.DenseIntLimit(n, m)
	for k, x := range cost {
		if x != math.Trunc(x) || math.Abs(x) > 1<<62 {
			integral = false
			break
		}
		if ints[k] = int64(x); ints[k] > intLim || ints[k] < -intLim {
			integral = false
			break
		}
	}
	if integral {
		ui, vi := make([]int64, n), make([]int64, m)
		t0 := time.Now()
		t, err := lap.SolveInt(ints, n, m, rowCol, ui, vi)
		solve = time.Since(t0)
		if err != nil {
			return &matrixError{File: file, Err: err}
		}
		for i := range ui {
			u[i] = float64(ui[i])
		}
		for j := range vi {
			v[j] = float64(vi[j])
		}
		total = strconv.FormatInt(t, 10)
	} else {
		t0 := time.Now()
		t, err := lap.SolveFloat(cost, n, m, rowCol, u, v)
		solve = time.Since(t0)
		if err != nil {
			return &matrixError{File: file, Err: err}
		}
		total = strconv.FormatFloat(t, 'g', -1, 64)
	}
	if err := match.VerifyDense(cost, n, m, rowCol, u, v, 1e-9*math.Max(1, maxAbs)*float64(n+m)); err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	fmt.Fprintf(w, "caregap lap: %d×%d cost matrix from %s\n", n, m, file)
	fmt.Fprintf(w, "read in %.6f s\n", read.Seconds())
	fmt.Fprintf(w, "solved in %.6f s\n", solve.Seconds())
	fmt.Fprintf(w, "optimal total %s\n", total)
	fmt.Fprintln(w, "row → column (numbered from 1)")
	for i, j := range rowCol {
		if j < 0 {
			fmt.Fprintf(w, "%6d → -\n", i+1)
			continue
		}
		fmt.Fprintf(w, "%6d → %-6d cost %s\n", i+1, j+1, strconv.FormatFloat(cost[i*m+j], 'g', -1, 64))
	}
	fmt.Fprintln(w, "optimality verified (row and column duals)")
	return nil
}
