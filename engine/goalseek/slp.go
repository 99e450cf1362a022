package goalseek

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/caregap/caregap/engine/errkind"
)

// Var is one decision variable: an intensity x ∈ [0, Upper].
type Var struct {
	Name  string
	Upper float64 // ≥ 0; 0 fixes the variable at 0
}

// Block is an independent part of the problem: its variables act on its
// constraints and its cost only (one municipality). Constraint i of a
// block asks h_i(x) ≤ 0.
type Block struct {
	Name string
	Vars []Var
	Cons []string // names of the constraints
}

// Point is a value of every block's variables: Point[b][j].
type Point [][]float64

// Value is the model at a point: H[b][i] the constraints of block b
// (≤ 0 is met) and Cost[b] its cost.
type Value struct {
	H    [][]float64
	Cost []float64
}

// Func evaluates the real model at several points at once. It must return
// one Value per point, in order, with the constraints and cost of every
// block b with active[b]; the others are not read (nil active: all).
type Func func(ctx context.Context, points []Point, active []bool) ([]Value, error)

// Settings of Solve. The zero value of each field is its default.
type Settings struct {
	// Tol is the violation h_i ≤ Tol that counts as met, in the units of
	// h [DefaultTol].
	Tol float64
	// MaxIter bounds the iterations [30].
	MaxIter int
	// Step is the finite-difference step as a share of a variable's
	// Upper [1e-4].
	Step float64
	// Radius is the first trust-region radius as a share of Upper [0.5].
	Radius float64
	// Start is the first point [every variable 0]; it is clipped to the
	// bounds.
	Start Point
}

// DefaultTol is the default tolerance of a constraint: 0.05 FTE.
const DefaultTol = 0.05

func (s *Settings) withDefaults() Settings {
	var out Settings
	if s != nil {
		out = *s
	}
	if out.Tol == 0 {
		out.Tol = DefaultTol
	}
	if out.MaxIter == 0 {
		out.MaxIter = 30
	}
	if out.Step == 0 {
		out.Step = 1e-4
	}
	if out.Radius == 0 {
		out.Radius = 0.5
	}
	return out
}

// ErrSettings: a Settings field out of range.
var ErrSettings = errkind.New(errkind.BadInput, "invalid goal-seek settings")

// BlockResult is the answer of one block.
type BlockResult struct {
	X    []float64 // the intensities chosen
	H    []float64 // the constraints at X, in the real model
	Cost float64   // the cost at X, in the real model
	// Marginal[i] is the shadow price of constraint i: what tightening it
	// by one unit (one more FTE) would cost, from the linearised problem
	// at X with the lever limits only (no trust region); ≥ 0, and 0 where
	// the constraint does not bind. For an unmet constraint it is the
	// price of the last unit reached and is not a marginal cost of the
	// target.
	Marginal []float64
	// Unmet lists the constraints with H > Tol: the target cannot be
	// reached within the limits; H[i] is how far the closest plan found
	// stays from it.
	Unmet []int
	// AtUpper[j] reports a variable at its limit (a binding limit).
	AtUpper []bool
	// Iterations of this block's trust-region loop; Converged is false
	// when MaxIter stopped it.
	Iterations int
	Converged  bool
	// LP is the linearised problem at X with the lever limits as bounds
	// (variables x, rows "h(X) + J (x − X) ≤ 0" with unmet rows relaxed
	// by their reachable violation): its optimum is Marginal's source and
	// can be checked with another solver (WriteCPLEX).
	LP *LP
}

// Result of Solve.
type Result struct {
	Blocks []BlockResult
	// Evaluations counts the points evaluated; Iterations the rounds.
	Evaluations, Iterations int
}

// blockState is the trust-region state of one block.
type blockState struct {
	x, h   []float64
	cost   float64
	jac    [][]float64 // [constraint][var]
	grad   []float64
	radius float64
	mu     float64 // penalty of the ℓ1 merit function
	iter   int
	done   bool
	conv   bool
	step   []float64 // the step tried this round
	pred   float64   // its predicted merit reduction
	fresh  bool      // jac and grad are those at x
}

// Solve finds, block by block, the least-cost x with every h_i(x) ≤ 0 (or,
// where that is out of reach, the least total violation), by sequential
// linear programming with a trust region: f is linearised at x by forward
// finite differences (one point per variable index, every block's
// variable of that index perturbed in the same point), the LP on the
// linearisation within the radius is solved, and the step is taken only
// if the real model's merit cost + μ·Σ max(0, h_i) falls by at least a
// tenth of what the linear model predicted (see the package
// documentation). It returns ctx's error when ctx ends and f's errors as
// they are.
func Solve(ctx context.Context, blocks []Block, f Func, s *Settings) (*Result, error) {
	set := s.withDefaults()
	if set.Tol < 0 || set.MaxIter < 0 || set.Step <= 0 || set.Step > 0.1 || set.Radius <= 0 || set.Radius > 1 {
		return nil, fmt.Errorf("%w: tol %g, max iterations %d, step %g, radius %g", ErrSettings, set.Tol, set.MaxIter, set.Step, set.Radius)
	}
	st := make([]*blockState, len(blocks))
	start := make(Point, len(blocks))
	for b := range blocks {
		n := len(blocks[b].Vars)
		x := make([]float64, n)
		if b < len(set.Start) && len(set.Start[b]) == n {
			for j := range n {
				x[j] = math.Max(0, math.Min(blocks[b].Vars[j].Upper, set.Start[b][j]))
			}
		}
		start[b] = x
		st[b] = &blockState{x: x, radius: set.Radius}
	}
	res := &Result{Blocks: make([]BlockResult, len(blocks))}
	eval := func(pts []Point, active []bool) ([]Value, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		vals, err := f(ctx, pts, active)
		if err != nil {
			return nil, err
		}
		if len(vals) != len(pts) {
			panic("goalseek: Func returned the wrong number of values")
		}
		for _, v := range vals {
			for b := range blocks {
				if (active == nil || active[b]) && len(v.H[b]) != len(blocks[b].Cons) {
					panic("goalseek: Func returned the wrong number of constraints")
				}
			}
		}
		res.Evaluations += len(pts)
		return vals, nil
	}
	vals, err := eval([]Point{start}, nil)
	if err != nil {
		return nil, err
	}
	for b, bs := range st {
		bs.h, bs.cost = slices.Clone(vals[0].H[b]), vals[0].Cost[b]
	}
	for round := 0; round < set.MaxIter; round++ {
		if !slices.ContainsFunc(st, func(bs *blockState) bool { return !bs.done }) {
			break
		}
		res.Iterations++
		if err := linearise(blocks, st, eval, set.Step, false); err != nil {
			return nil, err
		}
		active := make([]bool, len(blocks))
		trial := make(Point, len(blocks))
		any := false
		for b, bs := range st {
			trial[b] = slices.Clone(bs.x)
			if bs.done {
				continue
			}
			if err := bs.propose(&blocks[b], set.Tol); err != nil {
				return nil, fmt.Errorf("block %s: %w", blocks[b].Name, err)
			}
			if bs.done {
				continue
			}
			any, active[b] = true, true
			for j := range bs.x {
				trial[b][j] = math.Max(0, math.Min(blocks[b].Vars[j].Upper, bs.x[j]+bs.step[j]))
			}
		}
		if !any {
			break
		}
		tv, err := eval([]Point{trial}, active)
		if err != nil {
			return nil, err
		}
		for b, bs := range st {
			if !bs.done {
				bs.judge(&blocks[b], trial[b], tv[0].H[b], tv[0].Cost[b])
			}
		}
	}
	// Final: the linearisation at the answer, without a trust region, for
	// the shadow prices and the LP another solver can check.
	for _, bs := range st {
		bs.done, bs.fresh = false, false
	}
	if err := linearise(blocks, st, eval, set.Step, true); err != nil {
		return nil, err
	}
	for b, bs := range st {
		br, err := bs.finish(&blocks[b], set.Tol)
		if err != nil {
			return nil, fmt.Errorf("block %s: %w", blocks[b].Name, err)
		}
		res.Blocks[b] = *br
	}
	return res, nil
}

// linearise fills the Jacobian and cost gradient of every block that is
// not done and has moved since its last linearisation (every block with
// all) by finite differences at its x: point k moves variable k of every
// such block by step·Upper (backwards when that would leave the bounds).
func linearise(blocks []Block, st []*blockState, eval func([]Point, []bool) ([]Value, error), step float64, all bool) error {
	nmax := 0
	need := make([]bool, len(blocks))
	for b, bs := range st {
		if all || (!bs.done && !bs.fresh) {
			need[b] = true
			nmax = max(nmax, len(blocks[b].Vars))
		}
	}
	if nmax == 0 {
		return nil
	}
	pts := make([]Point, nmax)
	delta := make([][]float64, len(blocks))
	for b, bs := range st {
		delta[b] = make([]float64, len(bs.x))
		for j, v := range blocks[b].Vars {
			d := step * v.Upper
			if bs.x[j]+d > v.Upper {
				d = -d
			}
			delta[b][j] = d
		}
	}
	for k := range nmax {
		p := make(Point, len(blocks))
		for b, bs := range st {
			p[b] = slices.Clone(bs.x)
			if k < len(bs.x) && need[b] && delta[b][k] != 0 {
				p[b][k] += delta[b][k]
			}
		}
		pts[k] = p
	}
	vals, err := eval(pts, need)
	if err != nil {
		return err
	}
	for b, bs := range st {
		if !need[b] {
			continue
		}
		n, m := len(bs.x), len(bs.h)
		bs.jac = make([][]float64, m)
		for i := range m {
			bs.jac[i] = make([]float64, n)
		}
		bs.grad = make([]float64, n)
		for j := range n {
			if delta[b][j] == 0 || j >= len(vals) {
				continue
			}
			v := &vals[j]
			for i := range m {
				bs.jac[i][j] = (v.H[b][i] - bs.h[i]) / delta[b][j]
			}
			bs.grad[j] = (v.Cost[b] - bs.cost) / delta[b][j]
		}
		bs.fresh = true
	}
	return nil
}

// linearLP returns the LP in the step d = x' − x: minimise grad·d subject
// to h + J d ≤ relax, x' within [0, Upper] and, when radius > 0, |d_j| ≤
// radius·Upper_j. With elastic, a variable s_i ≥ 0 per row is added
// (h + J d − s ≤ 0) and the objective is Σ s instead.
func (bs *blockState) linearLP(blk *Block, radius float64, relax []float64, elastic bool) *LP {
	n, m := len(bs.x), len(bs.h)
	nv := n
	if elastic {
		nv += m
	}
	p := &LP{C: make([]float64, nv), G: make([][]float64, m), H: make([]float64, m),
		Lo: make([]float64, nv), Hi: make([]float64, nv)}
	for j, v := range blk.Vars {
		p.Lo[j], p.Hi[j] = -bs.x[j], v.Upper-bs.x[j]
		if radius > 0 {
			p.Lo[j] = math.Max(p.Lo[j], -radius*v.Upper)
			p.Hi[j] = math.Min(p.Hi[j], radius*v.Upper)
		}
		p.Hi[j] = math.Max(p.Hi[j], p.Lo[j])
		if !elastic {
			p.C[j] = bs.grad[j]
		}
	}
	for i := range m {
		row := make([]float64, nv)
		copy(row, bs.jac[i])
		if elastic {
			row[n+i] = -1
			p.C[n+i] = 1
			p.Hi[n+i] = math.Inf(1)
		}
		p.G[i] = row
		p.H[i] = -bs.h[i]
		if relax != nil {
			p.H[i] += relax[i]
		}
	}
	return p
}

// reachable solves the elastic LP and returns each row's least violation
// within radius (0 where the row can be met), the target relaxation of
// the cost LP.
func (bs *blockState) reachable(blk *Block, radius, tol float64) ([]float64, error) {
	m := len(bs.h)
	relax := make([]float64, m)
	if m == 0 {
		return relax, nil
	}
	sol, err := bs.linearLP(blk, radius, nil, true).Solve(false)
	if err != nil {
		return nil, fmt.Errorf("least violation: %w", err)
	}
	n := len(bs.x)
	for i := range m {
		if s := sol.X[n+i]; s > 1e-9*(1+tol) {
			// A little room over the least violation, so that the cost LP
			// is feasible despite rounding in the simplex.
			relax[i] = s + 1e-9*(1+s)
		}
	}
	return relax, nil
}

func violation(h []float64) float64 {
	var v float64
	for _, x := range h {
		v += math.Max(0, x)
	}
	return v
}

// propose computes the step of this round within the radius, with its
// predicted merit reduction, or marks the block done.
func (bs *blockState) propose(blk *Block, tol float64) error {
	relax, err := bs.reachable(blk, bs.radius, tol)
	if err != nil {
		return err
	}
	sol, err := bs.linearLP(blk, bs.radius, relax, false).Solve(true)
	if err != nil {
		return fmt.Errorf("least cost: %w", err)
	}
	for _, d := range sol.Dual {
		bs.mu = math.Max(bs.mu, 2*-d)
	}
	bs.step = sol.X[:len(bs.x)]
	lin := make([]float64, len(bs.h))
	for i := range bs.h {
		lin[i] = bs.h[i] + dot(bs.jac[i], bs.step)
	}
	bs.pred = bs.mu*violation(bs.h) - (dot(bs.grad, bs.step) + bs.mu*violation(lin))
	scale := math.Abs(bs.cost) + bs.mu*violation(bs.h) + 1
	if bs.pred <= 1e-6*scale || stepNorm(blk, bs.step) < 1e-9 {
		bs.done, bs.conv = true, true
	}
	return nil
}

// stepNorm is max |d_j| / Upper_j.
func stepNorm(blk *Block, d []float64) float64 {
	var s float64
	for j, v := range blk.Vars {
		if v.Upper > 0 {
			s = math.Max(s, math.Abs(d[j])/v.Upper)
		}
	}
	return s
}

// judge accepts or rejects the trial point by the ratio of the actual to
// the predicted merit reduction, and resizes the trust region.
func (bs *blockState) judge(blk *Block, x, h []float64, cost float64) {
	bs.iter++
	actual := (bs.cost + bs.mu*violation(bs.h)) - (cost + bs.mu*violation(h))
	rho := actual / bs.pred
	norm := stepNorm(blk, bs.step)
	switch {
	case rho < 0.25:
		bs.radius = math.Max(0.25*norm, 1e-9)
	case rho > 0.75 && norm > 0.99*bs.radius:
		bs.radius = math.Min(2*bs.radius, 1)
	}
	if rho >= 0.1 {
		bs.x, bs.h, bs.cost = x, slices.Clone(h), cost
		bs.fresh = false
	}
	if bs.radius < 1e-8 {
		bs.done = true // no progress possible at this precision
	}
}
