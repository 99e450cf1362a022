package goalseekrun

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/caregap/caregap/internal/lpsolve"

	"github.com/caregap/caregap/engine/goalseek"
)

// TestLinearisedLPAgainstGLPKAndCBC: the linearised problem of the last
// iteration in a municipality (every lever, the default prices and
// limits), written as an LP file, has the same optimum in GLPK and CBC as
// in the goal seek, the same shadow price of every target in GLPK, and
// each binding target's shadow price equals the change of GLPK's optimum
// when that target is tightened by 0.01 FTE and the LP re-solved.
func TestLinearisedLPAgainstGLPKAndCBC(t *testing.T) {
	glpsol, cbc := lpsolve.Find(t, "glpsol"), lpsolve.Find(t, "cbc")
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

// cplex is lp in CPLEX LP form, as the independent solvers read it.
func cplex(t *testing.T, lp *goalseek.LP) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := goalseek.WriteCPLEX(&buf, lp); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// glpk solves lp with glpsol: the optimum and the row duals.
func glpk(t *testing.T, glpsol, dir string, lp *goalseek.LP) (float64, []float64) {
	t.Helper()
	return lpsolve.GLPK(t, glpsol, dir, cplex(t, lp), len(lp.H))
}

// cbcObjective solves lp with CBC: the optimum.
func cbcObjective(t *testing.T, cbc, dir string, lp *goalseek.LP) float64 {
	t.Helper()
	return lpsolve.CBCObjective(t, cbc, dir, cplex(t, lp))
}
