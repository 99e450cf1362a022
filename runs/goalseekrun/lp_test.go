package goalseekrun

import (
	"bufio"
	"bytes"
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/caregap/caregap/engine/goalseek"
)

// TestLinearisedLPAgainstGLPKAndCBC: the linearised problem of the last
// iteration in a municipality (every lever, the default prices and
// limits), written as an LP file, has the same optimum in GLPK and CBC as
// in the goal seek, the same shadow price of every target in GLPK, and
// each binding target's shadow price equals the change of GLPK's optimum
// when that target is tightened by 0.01 FTE and the LP re-solved.
func TestLinearisedLPAgainstGLPKAndCBC(t *testing.T) {
	glpsol, cbc := solver(t, "glpsol"), solver(t, "cbc")
	b, m := load(t)
	p, err := Prepare(Spec{Bundle: b, Match: m, Regions: []string{"2309"}, TargetYear: 2030, NoCurve: true})
	if err != nil {
		t.Fatal(err)
	}
	run, err := p.Run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	br := run.Engine.Blocks[0]
	lp := br.LP
	own, err := lp.Solve(true)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	obj, duals := glpk(t, glpsol, dir, lp)
	if math.Abs(obj-own.Obj) > 1e-6*math.Abs(own.Obj) {
		t.Errorf("optimum %.6f, GLPK %.6f", own.Obj, obj)
	}
	if cobj := cbcObjective(t, cbc, dir, lp); math.Abs(cobj-own.Obj) > 1e-6*math.Abs(own.Obj) {
		t.Errorf("optimum %.6f, CBC %.6f", own.Obj, cobj)
	}
	binding := 0
	for i, d := range duals {
		if math.Abs(-d-br.Marginal[i]) > 1e-4*math.Max(1e5, math.Abs(d)) {
			t.Errorf("%s: shadow price %.2f SEK per FTE, GLPK %.2f", lp.RowNames[i], br.Marginal[i], -d)
		}
		if br.Marginal[i] <= 0 {
			continue
		}
		binding++
		const delta = 0.01
		q := *lp
		q.H = append([]float64(nil), lp.H...)
		q.H[i] -= delta
		o2, _ := glpk(t, glpsol, dir, &q)
		if got := (o2 - obj) / delta; math.Abs(got-br.Marginal[i]) > 1e-3*br.Marginal[i] {
			t.Errorf("%s: tightening by %g FTE costs %.0f SEK per FTE in GLPK; the shadow price says %.0f", lp.RowNames[i], delta, got, br.Marginal[i])
		}
	}
	if binding == 0 {
		t.Error("no binding target: the check checked nothing")
	}
	// The plan is the LP's optimum too: the linearisation at the answer
	// wants no other step.
	if lin := dot(lp.C, run.X[0]); math.Abs(lin-own.Obj) > 1e-4*math.Abs(own.Obj) {
		t.Errorf("the plan's linear cost %.0f, the LP's optimum %.0f", lin, own.Obj)
	}
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// solver finds an external solver; without it the test skips, except
// under CI=true, where it fails (make peers installs it).
func solver(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not found (Debian glpk-utils, coinor-cbc; make peers installs them)", name)
		}
		t.Skipf("%s not found (make peers installs it; with CI=true this fails)", name)
	}
	return path
}

func writeLP(t *testing.T, dir string, lp *goalseek.LP) string {
	t.Helper()
	var buf bytes.Buffer
	if err := goalseek.WriteCPLEX(&buf, lp); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, "p.lp")
	if err := os.WriteFile(f, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

// glpk solves lp with glpsol and returns the optimum and the row duals
// (its plain solution format: "s bas m n pst dst obj", "i ROW STAT PRIM DUAL").
func glpk(t *testing.T, glpsol, dir string, lp *goalseek.LP) (float64, []float64) {
	t.Helper()
	f, sol := writeLP(t, dir, lp), filepath.Join(dir, "p.sol")
	if out, err := exec.Command(glpsol, "--lp", f, "--write", sol).CombinedOutput(); err != nil {
		t.Fatalf("glpsol: %v\n%s", err, out)
	}
	data, err := os.ReadFile(sol)
	if err != nil {
		t.Fatal(err)
	}
	duals := make([]float64, len(lp.H))
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

// cbcObjective solves lp with CBC and returns the optimum from its
// solution file's first line ("Optimal - objective value X").
func cbcObjective(t *testing.T, cbc, dir string, lp *goalseek.LP) float64 {
	t.Helper()
	f, sol := writeLP(t, dir, lp), filepath.Join(dir, "p.cbc")
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
