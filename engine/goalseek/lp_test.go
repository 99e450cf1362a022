package goalseek

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/caregap/caregap/internal/lpsolve"
)

// TestLPHand checks a programme solved by hand: minimise x1 + 2 x2 with
// x1 + x2 ≥ 3, x1 ≥ 1, x1 ≤ 2, x2 ≤ 5. The cheaper x1 goes to its bound
// 2, x2 = 1 covers the rest: cost 4. Relaxing the first row by one unit
// saves one x2, 2; the second row does not bind.
func TestLPHand(t *testing.T) {
	p := &LP{C: []float64{1, 2}, G: [][]float64{{-1, -1}, {-1, 0}}, H: []float64{-3, -1},
		Lo: []float64{0, 0}, Hi: []float64{2, 5}}
	sol, err := p.Solve(true)
	if err != nil {
		t.Fatal(err)
	}
	if !near(sol.Obj, 4, 1e-9) || !near(sol.X[0], 2, 1e-9) || !near(sol.X[1], 1, 1e-9) {
		t.Errorf("optimum %g at %v, want 4 at [2 1]", sol.Obj, sol.X)
	}
	if !near(sol.Dual[0], -2, 1e-9) || !near(sol.Dual[1], 0, 1e-9) {
		t.Errorf("duals %v, want [-2 0]", sol.Dual)
	}
}

func TestLPInfeasible(t *testing.T) {
	p := &LP{C: []float64{1}, G: [][]float64{{-1}}, H: []float64{-3}, Lo: []float64{0}, Hi: []float64{2}}
	if _, err := p.Solve(false); err != ErrLPInfeasible {
		t.Fatalf("got %v, want ErrLPInfeasible", err)
	}
}

// randomLP returns a feasible bounded programme of the goal seek's shape:
// rows "gap + J d ≤ target" with J mostly negative (levers close gaps),
// costs positive, bounds [0, u], and a few rows with +Inf slack columns.
func randomLP(r *rand.Rand, n, m int) *LP {
	p := &LP{C: make([]float64, n), H: make([]float64, m), Lo: make([]float64, n), Hi: make([]float64, n)}
	x0 := make([]float64, n)
	for j := range n {
		p.Hi[j] = 0.5 + 10*r.Float64()
		p.C[j] = 1e6 * (0.1 + r.Float64())
		x0[j] = p.Hi[j] * r.Float64()
	}
	for i := range m {
		row := make([]float64, n)
		for j := range n {
			if r.Float64() < 0.6 {
				row[j] = -5 * r.Float64()
			} else if r.Float64() < 0.2 {
				row[j] = r.Float64()
			}
		}
		p.G = append(p.G, row)
		p.H[i] = dot(row, x0) + r.Float64()
	}
	return p
}

// TestLPAgainstGLPK solves random programmes with GLPK's glpsol (Debian
// glpk-utils) and checks the optimum and every row's dual.
func TestLPAgainstGLPK(t *testing.T) {
	glpsol := lpsolve.Find(t, "glpsol")
	seed := uint64(20250101)
	r := rand.New(rand.NewPCG(seed, 1))
	dir := t.TempDir()
	for k := range 40 {
		n, m := 2+r.IntN(25), 1+r.IntN(60)
		p := randomLP(r, n, m)
		sol, err := p.Solve(true)
		if err != nil {
			t.Fatalf("seed %d, case %d: %v", seed, k, err)
		}
		obj, duals := runGLPK(t, glpsol, dir, p)
		if !near(sol.Obj, obj, 1e-7*(1+math.Abs(obj))) {
			t.Errorf("seed %d, case %d (n %d, m %d): optimum %.10g, GLPK %.10g", seed, k, n, m, sol.Obj, obj)
		}
		for i := range m {
			if !near(sol.Dual[i], duals[i], 1e-6*(1+math.Abs(duals[i]))) {
				t.Errorf("seed %d, case %d: row %d dual %.10g, GLPK %.10g", seed, k, i+1, sol.Dual[i], duals[i])
			}
		}
		if v := maxViolation(p, sol.X); v > 1e-7 {
			t.Errorf("seed %d, case %d: solution violates a row by %g", seed, k, v)
		}
	}
}

// TestLPDualsByPerturbation checks each dual against the change of the
// optimum when its row's right-hand side moves by δ (re-solved).
func TestLPDualsByPerturbation(t *testing.T) {
	seed := uint64(7)
	r := rand.New(rand.NewPCG(seed, 2))
	for k := range 20 {
		p := randomLP(r, 3+r.IntN(10), 2+r.IntN(20))
		sol, err := p.Solve(true)
		if err != nil {
			t.Fatal(err)
		}
		for i := range p.H {
			const delta = 1e-4
			q := *p
			q.H = append([]float64(nil), p.H...)
			q.H[i] -= delta // tighten
			s2, err := q.Solve(false)
			if err != nil {
				continue // tightening made it infeasible: no finite left derivative
			}
			got := (s2.Obj - sol.Obj) / delta // cost of tightening by one unit
			if !near(got, -sol.Dual[i], 1e-3*(1+math.Abs(got))) {
				t.Errorf("seed %d, case %d, row %d: tightening costs %.8g per unit, dual says %.8g", seed, k, i, got, -sol.Dual[i])
			}
		}
	}
}

func maxViolation(p *LP, x []float64) float64 {
	var v float64
	for i := range p.H {
		v = math.Max(v, dot(p.G[i], x)-p.H[i])
	}
	for j := range x {
		v = math.Max(v, math.Max(p.Lo[j]-x[j], x[j]-p.Hi[j]))
	}
	return v
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// runGLPK solves p with glpsol and returns the optimum and the row duals.
func runGLPK(t *testing.T, glpsol, dir string, p *LP) (float64, []float64) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteCPLEX(&buf, p); err != nil {
		t.Fatal(err)
	}
	return lpsolve.GLPK(t, glpsol, dir, buf.Bytes(), len(p.H))
}

// TestDualsByPerturbationFallback: the fallback for a dual programme that
// fails numerically gives the dual programme's duals on random problems.
func TestDualsByPerturbationFallback(t *testing.T) {
	seed := uint64(11)
	r := rand.New(rand.NewPCG(seed, 4))
	for k := range 20 {
		p := randomLP(r, 3+r.IntN(10), 2+r.IntN(20))
		sol, err := p.Solve(true)
		if err != nil {
			t.Fatal(err)
		}
		fb, err := p.dualsByPerturbation(&LPSolution{X: sol.X, Obj: sol.Obj})
		if err != nil {
			t.Fatal(err)
		}
		for i := range sol.Dual {
			if !near(fb.Dual[i], sol.Dual[i], 1e-4*(1+math.Abs(sol.Dual[i]))) {
				t.Errorf("seed %d, case %d, row %d: fallback %.8g, dual %.8g", seed, k, i, fb.Dual[i], sol.Dual[i])
			}
		}
	}
}
