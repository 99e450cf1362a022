package goalseek

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/caregap/caregap/engine/errkind"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// LP is the linear programme
//
//	minimise cᵀx  subject to  G x ≤ h,  lo ≤ x ≤ hi
//
// with lo finite and hi finite or +Inf. Names, when set, name the
// variables and rows in WriteCPLEX.
type LP struct {
	C        []float64
	G        [][]float64 // one row per constraint, len(C) columns
	H        []float64
	Lo, Hi   []float64
	VarNames []string
	RowNames []string
}

// LPSolution is an optimum of an LP.
type LPSolution struct {
	X   []float64
	Obj float64
	// Dual[i] = ∂Obj/∂H[i], the shadow price of row i: ≤ 0, and 0 for a
	// row that does not bind (complementary slackness). Nil unless asked.
	Dual []float64
}

// Errors of Solve.
var (
	// ErrLPInfeasible: no x meets the rows and bounds.
	ErrLPInfeasible = errkind.New(errkind.BadInput, "linear programme infeasible")
	// ErrLPNumerical: the simplex failed numerically, or the primal and
	// dual optima disagree.
	ErrLPNumerical = errkind.New(errkind.Internal, "linear programme: numerical failure")
)

// lpTol is the simplex tolerance on reduced costs of the scaled problem.
const lpTol = 1e-10

// check panics on a caller's shape bug.
func (p *LP) check() {
	n, m := len(p.C), len(p.H)
	if len(p.Lo) != n || len(p.Hi) != n || len(p.G) != m {
		panic("goalseek: LP length mismatch")
	}
	for _, row := range p.G {
		if len(row) != n {
			panic("goalseek: LP length mismatch")
		}
	}
}

// Solve finds an optimum with gonum's simplex (optimize/convex/lp). The
// problem is brought to standard form by x = lo + w·y with w = hi − lo
// (y ∈ [0, 1] by a bound row; variables with w = 0 are fixed, with w =
// +Inf scaled by 1), a slack per row, rows scaled to a largest
// coefficient of 1 and the objective to a largest coefficient of 1. With
// duals, the dual programme (max bᵀπ, Aᵀπ ≤ c) is solved too and its
// optimum checked against the primal's.
func (p *LP) Solve(duals bool) (*LPSolution, error) {
	p.check()
	n, m := len(p.C), len(p.H)
	for j := range n {
		if !(p.Lo[j] <= p.Hi[j]) || math.IsInf(p.Lo[j], 0) || math.IsNaN(p.Hi[j]) {
			if p.Lo[j] > p.Hi[j] {
				return nil, fmt.Errorf("%w: variable %d has bounds %g > %g", ErrLPInfeasible, j, p.Lo[j], p.Hi[j])
			}
			panic("goalseek: LP bound not finite")
		}
	}
	// Free variables and their scales.
	var free []int
	w := make([]float64, n)
	for j := range n {
		w[j] = p.Hi[j] - p.Lo[j]
		if w[j] <= 1e-14*(1+math.Abs(p.Lo[j])) {
			continue
		}
		if math.IsInf(w[j], 1) && zeroColumn(p.G, j) {
			if p.C[j] < 0 {
				return nil, fmt.Errorf("%w: unbounded in variable %d", ErrLPNumerical, j)
			}
			continue // nothing gains from it: at its lower bound
		}
		free = append(free, j)
	}
	nf := len(free)
	scale := func(j int) float64 { // x_j = lo_j + scale·y
		if math.IsInf(w[j], 1) {
			return 1
		}
		return w[j]
	}
	var bounded []int // free variables with a finite upper bound: a bound row each
	for k, j := range free {
		if !math.IsInf(w[j], 1) {
			bounded = append(bounded, k)
		}
	}
	rows, cols := m+len(bounded), nf+m+len(bounded)
	if rows == 0 || nf == 0 {
		return p.trivial(duals)
	}
	A := mat.NewDense(rows, cols, nil)
	b := make([]float64, rows)
	sign := make([]float64, m)
	rscale := make([]float64, m)
	for i := range m {
		rhs := p.H[i]
		big := 0.0
		for j := range n {
			rhs -= p.G[i][j] * p.Lo[j]
		}
		for _, j := range free {
			big = math.Max(big, math.Abs(p.G[i][j]*scale(j)))
		}
		if big == 0 {
			big = math.Max(1, math.Abs(rhs))
		}
		rscale[i] = 1 / big
		sign[i] = 1
		if rhs < 0 {
			sign[i] = -1
		}
		f := sign[i] * rscale[i]
		for k, j := range free {
			A.Set(i, k, f*p.G[i][j]*scale(j))
		}
		A.Set(i, nf+i, sign[i])
		b[i] = f * rhs
	}
	for q, k := range bounded {
		A.Set(m+q, k, 1)
		A.Set(m+q, nf+m+q, 1)
		b[m+q] = 1
	}
	c := make([]float64, cols)
	cscale := 0.0
	for k, j := range free {
		c[k] = p.C[j] * scale(j)
		cscale = math.Max(cscale, math.Abs(c[k]))
	}
	if cscale == 0 {
		cscale = 1
	}
	for k := range nf {
		c[k] /= cscale
	}
	_, y, err := lp.Simplex(c, A, b, lpTol, nil)
	if err != nil && !errors.Is(err, lp.ErrInfeasible) {
		// Dantzig's rule can stall on a degenerate vertex where the basis
		// turns singular; costs moved by a relative 1e-12 break the tie
		// and leave the optimum where it is to that precision.
		cp := slices.Clone(c)
		for k := range nf {
			cp[k] += 1e-12 * float64(k+1) / float64(nf)
		}
		_, y, err = lp.Simplex(cp, A, b, lpTol, nil)
	}
	if err != nil {
		if errors.Is(err, lp.ErrInfeasible) {
			return nil, ErrLPInfeasible
		}
		return nil, fmt.Errorf("%w: %v", ErrLPNumerical, err)
	}
	x := make([]float64, n)
	copy(x, p.Lo)
	for k, j := range free {
		x[j] = p.Lo[j] + scale(j)*math.Max(0, y[k])
		if !math.IsInf(p.Hi[j], 1) {
			x[j] = math.Min(x[j], p.Hi[j])
		}
	}
	sol := &LPSolution{X: x, Obj: dot(p.C, x)}
	if !duals {
		return sol, nil
	}
	dual, err := solveDual(A, b, c, sign, nf, y)
	if err != nil {
		return p.dualsByPerturbation(sol)
	}
	sol.Dual = make([]float64, m)
	for i := range m {
		sol.Dual[i] = -dual[i] * rscale[i] * cscale
	}
	return sol, nil
}

// trivial solves a problem with no free variable or no row: each free
// variable at the bound its cost prefers.
func (p *LP) trivial(duals bool) (*LPSolution, error) {
	n, m := len(p.C), len(p.H)
	x := make([]float64, n)
	for j := range n {
		x[j] = p.Lo[j]
		if p.C[j] < 0 {
			if math.IsInf(p.Hi[j], 1) {
				return nil, fmt.Errorf("%w: unbounded", ErrLPNumerical)
			}
			x[j] = p.Hi[j]
		}
	}
	for i := range m {
		if dot(p.G[i], x) > p.H[i]+1e-9*(1+math.Abs(p.H[i])) {
			return nil, ErrLPInfeasible
		}
	}
	sol := &LPSolution{X: x, Obj: dot(p.C, x)}
	if duals {
		sol.Dual = make([]float64, m)
	}
	return sol, nil
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func zeroColumn(g [][]float64, j int) bool {
	for _, row := range g {
		if row[j] != 0 {
			return false
		}
	}
	return true
}

// solveDual solves the dual of the standard-form primal min cᵀy, A y = b,
// y ≥ 0 whose first nf columns are the structural variables and the rest
// one unit column per row (sign[i]·e_i for the first len(sign) rows, e_i
// for the bound rows). Every dual π_i then has the sign of −sign[i], so
// with μ_i = −sign[i]·π_i ≥ 0 the dual is
//
//	minimise Σ_i sign[i]·b_i·μ_i   s.t.   −Σ_i sign[i]·A_ik·μ_i ≤ c_k (k < nf),  μ ≥ 0
//
// (the unit columns' constraints are μ ≥ 0). It returns μ, after checking
// that its optimum equals the primal's.
func solveDual(A *mat.Dense, b, c, sign []float64, nf int, y []float64) ([]float64, error) {
	rows, _ := A.Dims()
	sg := func(i int) float64 {
		if i < len(sign) {
			return sign[i]
		}
		return 1
	}
	// Standard form: [G I] (μ, t) = c_y with G_ki = −sign_i·A_ik; a row
	// with no structural coefficient has μ_i = 0 (its column would be
	// zero) and is left out.
	var keep []int
	for i := range rows {
		for k := range nf {
			if A.At(i, k) != 0 {
				keep = append(keep, i)
				break
			}
		}
	}
	nk := len(keep)
	D := mat.NewDense(nf, nk+nf, nil)
	obj := make([]float64, nk+nf)
	for q, i := range keep {
		obj[q] = sg(i) * b[i]
		for k := range nf {
			D.Set(k, q, -sg(i)*A.At(i, k))
		}
	}
	for k := range nf {
		D.Set(k, nk+k, 1)
	}
	rhs := make([]float64, nf)
	copy(rhs, c[:nf])
	dobj, sol, err := lp.Simplex(obj, D, rhs, lpTol, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: dual: %v", ErrLPNumerical, err)
	}
	pobj := dot(c, y)
	// The dual's optimum is −Σ sign·b·μ = bᵀπ.
	if math.Abs(pobj+dobj) > 1e-7*(1+math.Abs(pobj)) {
		return nil, fmt.Errorf("%w: primal optimum %g, dual %g", ErrLPNumerical, pobj, -dobj)
	}
	mu := make([]float64, rows)
	for q, i := range keep {
		mu[i] = math.Max(0, sol[q])
	}
	return mu, nil
}

// dualsByPerturbation is the fallback when the dual programme fails
// numerically: the dual of each row whose slack is zero is the change of
// the optimum when the row is loosened by a small step, re-solved (a
// one-sided derivative; the other rows' duals are 0).
func (p *LP) dualsByPerturbation(sol *LPSolution) (*LPSolution, error) {
	sol.Dual = make([]float64, len(p.H))
	for i := range p.H {
		slack := p.H[i] - dot(p.G[i], sol.X)
		step := 1e-6 * math.Max(1, math.Abs(p.H[i]))
		if slack > step {
			continue
		}
		q := *p
		q.H = slices.Clone(p.H)
		q.H[i] += step
		s2, err := q.Solve(false)
		if err != nil {
			return nil, fmt.Errorf("shadow price of row %d: %w", i, err)
		}
		sol.Dual[i] = math.Min(0, (s2.Obj-sol.Obj)/step)
	}
	return sol, nil
}
