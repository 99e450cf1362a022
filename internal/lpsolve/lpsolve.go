// Package lpsolve runs the independent solvers that the tests check
// caregap's own against: GLPK's glpsol and COIN-OR's cbc (Debian
// glpk-utils and coinor-cbc, which `make peers` installs). It is test
// support: only _test files import it.
package lpsolve

import (
	"bufio"
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Find returns the path of solver name. Without it the test skips, except
// under CI=true, where it fails: make test installs it.
func Find(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not found (Debian glpk-utils / coinor-cbc; make peers installs them)", name)
		}
		t.Skipf("%s not found (make peers installs it; with CI=true this fails)", name)
	}
	return path
}

// write writes a programme in CPLEX LP form into dir and returns its path.
func write(t testing.TB, dir string, lp []byte) string {
	t.Helper()
	f := filepath.Join(dir, "p.lp")
	if err := os.WriteFile(f, lp, 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

// GLPK solves lp (CPLEX LP form) with glpsol and returns the optimum and
// the duals of its m rows, from glpsol's plain solution format
// ("s bas m n pst dst obj", "i ROW STAT PRIM DUAL"). A programme glpsol
// does not solve to optimality fails the test.
func GLPK(t testing.TB, glpsol, dir string, lp []byte, m int) (float64, []float64) {
	t.Helper()
	f, sol := write(t, dir, lp), filepath.Join(dir, "p.sol")
	if out, err := exec.Command(glpsol, "--lp", f, "--write", sol).CombinedOutput(); err != nil {
		t.Fatalf("glpsol: %v\n%s", err, out)
	}
	data, err := os.ReadFile(sol)
	if err != nil {
		t.Fatal(err)
	}
	duals := make([]float64, m)
	obj := math.NaN()
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		switch {
		case len(fs) >= 7 && fs[0] == "s":
			if fs[4] != "f" || fs[5] != "f" {
				t.Fatalf("glpsol: not optimal: %s", sc.Text())
			}
			obj, _ = strconv.ParseFloat(fs[6], 64)
		case len(fs) == 5 && fs[0] == "i":
			i, _ := strconv.Atoi(fs[1])
			duals[i-1], _ = strconv.ParseFloat(fs[4], 64)
		}
	}
	return obj, duals
}

// CBCObjective solves lp (CPLEX LP form) with cbc and returns the optimum
// from its solution file's first line ("Optimal - objective value X").
func CBCObjective(t testing.TB, cbc, dir string, lp []byte) float64 {
	t.Helper()
	f, sol := write(t, dir, lp), filepath.Join(dir, "p.cbc")
	if out, err := exec.Command(cbc, f, "solve", "solution", sol).CombinedOutput(); err != nil {
		t.Fatalf("cbc: %v\n%s", err, out)
	}
	data, err := os.ReadFile(sol)
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(data), "\n")
	if !strings.HasPrefix(first, "Optimal") {
		t.Fatalf("cbc: %s", first)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(first[strings.LastIndex(first, " "):]), 64)
	if err != nil {
		t.Fatalf("cbc: %s", first)
	}
	return v
}
