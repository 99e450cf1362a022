package match

import (
	"context"
	"errors"
	"fmt"
	"math/bits"

	"github.com/caregap/caregap/engine/errkind"
)

// ErrBudget: a re-matching's budget or move cost is negative, or its list
// of earlier placements does not fit the problem.
var ErrBudget = errkind.New(errkind.BadInput, "bad re-matching budget")

// BudgetError: the change forces more moves than the budget allows.
type BudgetError struct {
	MaxMoves   int
	LeastMoves int // the fewest moves any placement makes
}

func (e *BudgetError) Error() string {
	return fmt.Sprintf("match: the change forces at least %d moves, the budget allows %d: %v", e.LeastMoves, e.MaxMoves, ErrInfeasible)
}

func (e *BudgetError) Unwrap() error { return ErrInfeasible }

// Kind is errkind.BadInput: the budget is too small for the data.
func (e *BudgetError) Kind() errkind.Kind { return errkind.BadInput }

// Moves classifies the candidates of a re-matching against their earlier
// placements prev (opening per candidate of p, −1 if not placed before).
//
// A candidate is movable when their earlier pair still exists in p (the
// arc is eligible, the opening has a position and its workplace a
// supervisor); leaving a movable candidate's earlier opening, for another
// or for none, is a move. A candidate placed before whose pair no longer
// exists (the opening closed, the pair became ineligible) must be placed
// anew and is not counted: Displaced lists them.
type Moves struct {
	Movable   []int32 // candidates whose earlier pair still exists
	Moved     []int32 // movable candidates not at their earlier opening
	Displaced []int32 // placed before, their pair gone
}

// CountMoves classifies assign against prev (see Moves).
func CountMoves(p *Problem, prev, assign []int32) Moves {
	var mv Moves
	for c, o := range prev {
		if o < 0 {
			continue
		}
		if stayArc(p, c, int(o)) < 0 {
			mv.Displaced = append(mv.Displaced, int32(c))
			continue
		}
		mv.Movable = append(mv.Movable, int32(c))
		if assign[c] != o {
			mv.Moved = append(mv.Moved, int32(c))
		}
	}
	return mv
}

// stayArc is the arc of the pair (c, o) if it can still be used, else −1.
func stayArc(p *Problem, c, o int) int {
	if o >= p.NumOpenings() || p.Positions[o] <= 0 || p.Capacity[p.Workplace[o]] <= 0 {
		return -1
	}
	return p.ArcOf(c, o)
}

// Rematch is a re-matching's answer (see RematchBudget and RematchCost).
type Rematch struct {
	// Result is the placement on p, with Placed and Cost; its Cert is nil
	// (the certificate is that of Penalised).
	*Result
	Moves Moves
	// Objective is Σ (cost − M)·x over the placement, M = Bonus (of p):
	// the lexicographic objective, most placed first, then least cost.
	Objective, M int64
	// The move price λ = PriceNum/PriceDen (in the units of p's costs)
	// at which the placement minimises Objective + λ·moves. For
	// RematchCost it is the stated cost per move. (In the gap case of
	// RematchBudget it lies just above the dual optimum, by less than
	// 1/(PriceDen/(n+1)) per move, and Bound is that price's dual value.)
	PriceNum, PriceDen int64
	// Exact: the placement is proved optimal for the question asked. For
	// RematchCost always; for RematchBudget when the budget does not bind
	// (price 0) or the placement moves exactly the budget at its price
	// (Lagrangian sufficiency: then no placement within the budget has a
	// smaller Objective). Otherwise Bound ≤ every Objective within the
	// budget ≤ Objective, and the gap is Objective − Bound.
	Exact bool
	Bound int64
	// Penalised is the problem whose optimum the placement is, with its
	// certificate: p scaled by PriceDen, one extra opening "unplaced"
	// (every candidate, cost PriceDen·M), and the earlier pairs cheaper by
	// PriceNum. VerifyRematch rebuilds and checks it.
	Penalised *Problem
	Cert      *Certificate
	Solves    int // flow solves used
	// KeepPlaced: the answer was asked to keep every movable candidate
	// placed (the KeepPlaced option); Penalised then has no "unplaced"
	// arc for them.
	KeepPlaced bool
}

// RematchOption changes what a re-matching may do.
type RematchOption func(*rematchOptions)

type rematchOptions struct{ keep bool }

// KeepPlaced asks that everyone placed before whose pair still exists
// (Moves.Movable) keeps a place: their own, or another one if that is
// better, but never none. The people told where they go are not left
// without a place to make room for newcomers. If the change leaves too
// little room for them all, the re-matching fails with ErrInfeasible,
// naming how many cannot be kept.
func KeepPlaced() RematchOption { return func(o *rematchOptions) { o.keep = true } }

func optionsOf(opts []RematchOption) rematchOptions {
	var o rematchOptions
	for _, f := range opts {
		f(&o)
	}
	return o
}

// RematchCost returns the placement that minimises the lexicographic
// objective Σ (cost − M)·x plus moveCost (in the units of p's costs) for
// each move (see Moves). With
// moveCost < M (the bonus of a placement) placing more people always
// comes first. Exact.
func RematchCost(ctx context.Context, p *Problem, prev []int32, moveCost int64, opts ...RematchOption) (*Rematch, error) {
	if moveCost < 0 {
		return nil, fmt.Errorf("match: move cost %d: %w", moveCost, ErrBudget)
	}
	if err := checkPrev(p, prev); err != nil {
		return nil, err
	}
	r, err := solvePenalised(ctx, p, prev, moveCost, 1, optionsOf(opts))
	if err != nil {
		return nil, err
	}
	r.Exact, r.Bound = true, r.Objective
	return r, nil
}

// RematchBudget returns the placement with the least lexicographic
// objective Σ (cost − M)·x among those that move at most maxMoves
// people (see Moves): the most placed within the budget, then the least
// cost.
//
// Method: Lagrangian relaxation of the budget. For a price λ per move the
// penalised problem is again a placement problem (the earlier pairs
// cheaper by λ, an extra opening for "unplaced"), solved exactly by the
// flow solver. The least penalised objective is concave and piecewise
// linear in λ; its maximum over λ ≥ 0 is found by Newton's method on the
// lines of the placements met (each λ is the crossing of two lines, an
// exact fraction, so the problem is scaled by its denominator). If at the
// final price a placement moves exactly maxMoves people (or λ = 0 and it
// moves fewer), it is optimal. Otherwise the optimal placements at that
// price move more or fewer than the budget: the one returned moves
// fewer, and Bound (the Lagrangian dual) brackets the optimum; budgeted
// matching is not a network problem and can have such a gap.
//
// It returns a *BudgetError (ErrInfeasible) if no placement moves at
// most maxMoves people, which happens when the change leaves less room
// than the earlier placements took (a supervisor capacity lowered, say),
// and ErrCostRange if the scaled costs do not fit in int64.
func RematchBudget(ctx context.Context, p *Problem, prev []int32, maxMoves int, opts ...RematchOption) (*Rematch, error) {
	if maxMoves < 0 {
		return nil, fmt.Errorf("match: budget of %d moves: %w", maxMoves, ErrBudget)
	}
	if err := checkPrev(p, prev); err != nil {
		return nil, err
	}
	k := int64(maxMoves)
	solves := 0
	o := optionsOf(opts)
	solve := func(num, den int64) (*Rematch, error) {
		solves++
		r, err := solvePenalised(ctx, p, prev, num, den, o)
		if r != nil {
			r.Solves = solves
		}
		return r, err
	}
	lo, err := solve(0, 1)
	if err != nil {
		return nil, err
	}
	if int64(len(lo.Moves.Moved)) <= k {
		lo.Exact, lo.Bound = true, lo.Objective
		return lo, nil
	}
	// A price above every objective difference keeps everyone movable in
	// place: the least moves.
	M := lo.M
	big, ok := mulCheck(int64(p.NumCandidates())+1, satAdd(M, spread(p))+1)
	if !ok {
		return nil, &ValidationError{"Cost", -1, ErrCostRange}
	}
	hi, err := solve(big, 1)
	if err != nil {
		return nil, err
	}
	if int64(len(hi.Moves.Moved)) > k {
		return nil, &BudgetError{MaxMoves: maxMoves, LeastMoves: len(hi.Moves.Moved)}
	}
	// Newton's method on the lines f + λ·(moves − k) of lo (slope > 0)
	// and hi (slope ≤ 0).
	for {
		ml, mh := int64(len(lo.Moves.Moved)), int64(len(hi.Moves.Moved))
		den := ml - mh
		num := hi.Objective - lo.Objective // > 0 or the lines do not cross
		mid, err := solve(num, den)
		if err != nil {
			return nil, err
		}
		mm := int64(len(mid.Moves.Moved))
		// Penalised value at λ, times den, of mid and of the crossing.
		vMid := mid.Objective*den + num*(mm-k)
		vCross := lo.Objective*den + num*(ml-k)
		switch {
		case mm == k:
			mid.Exact, mid.Bound = true, mid.Objective
			return mid, nil
		case vMid >= vCross: // no line below the crossing: λ is the dual optimum
			best := mid
			if mm > k {
				// The optimal placements at λ move more or fewer than k.
				// Just above λ the optimum is the one of them with the
				// fewest moves, within the budget since hi is optimal at
				// λ too; solved with its own certificate.
				b := int64(p.NumCandidates()) + 1
				bn, ok1 := mulCheck(num, b)
				bd, ok2 := mulCheck(den, b)
				if !ok1 || !ok2 {
					return nil, &ValidationError{"Cost", -1, ErrCostRange}
				}
				if best, err = solve(bn+1, bd); err != nil {
					return nil, err
				}
			}
			bm := int64(len(best.Moves.Moved))
			best.Bound = ceilDiv(best.Objective*best.PriceDen+best.PriceNum*(bm-k), best.PriceDen)
			best.Exact = best.Objective == best.Bound
			best.Solves = solves
			return best, nil
		case mm > k:
			lo = mid
		default:
			hi = mid
		}
	}
}

func ceilDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) == (b < 0) {
		q++
	}
	return q
}

func mulCheck(a, b int64) (int64, bool) {
	h, l := bits.Mul64(uint64(a), uint64(b))
	if a < 0 || b < 0 || h != 0 || l >= maxBonus {
		return 0, false
	}
	return int64(l), true
}

// spread is max(0, Cmax) − min(0, Cmin).
func spread(p *Problem) int64 {
	var hi, lo int64
	for _, c := range p.Cost {
		hi, lo = max(hi, c), min(lo, c)
	}
	return hi - lo
}

func checkPrev(p *Problem, prev []int32) error {
	if len(prev) != p.NumCandidates() {
		return fmt.Errorf("match: %d earlier placements for %d candidates: %w", len(prev), p.NumCandidates(), ErrBudget)
	}
	for c, o := range prev {
		if int(o) >= p.NumOpenings() || o < -1 {
			return &ValidationError{"Previous", c, ErrIndexRange}
		}
	}
	return p.Validate()
}

// Penalised returns the penalised problem of a re-matching at the move
// price num/den: every cost times den, one extra opening (index
// NumOpenings(), in an extra workplace, as many positions as candidates)
// that every candidate may take at cost den·M, M = p.Bonus(), and each
// movable candidate's earlier pair cheaper by num. Every candidate is
// placed in its optimum (in p or at the extra opening), and its cost is
// den·(Σ (cost − M)·x + λ·moves) + den·M·n − num·movable, λ = num/den.
// With KeepPlaced the movable candidates have no arc to the extra
// opening: the most placed then places them all when the room allows.
func Penalised(p *Problem, prev []int32, num, den int64, opts ...RematchOption) (*Problem, error) {
	keep := optionsOf(opts).keep
	M, err := p.Bonus()
	if err != nil {
		return nil, err
	}
	n, m := p.NumCandidates(), p.NumOpenings()
	dM, ok := mulCheck(den, M)
	if !ok || num < 0 || den <= 0 {
		return nil, &ValidationError{"Cost", -1, ErrCostRange}
	}
	q := &Problem{
		Start:     make([]int32, n+1),
		Opening:   make([]int32, 0, p.NumArcs()+n),
		Cost:      make([]int64, 0, p.NumArcs()+n),
		Positions: append(append([]int32(nil), p.Positions...), int32(n)),
		Workplace: append(append([]int32(nil), p.Workplace...), int32(p.NumWorkplaces())),
		Capacity:  append(append([]int32(nil), p.Capacity...), int32(n)),
	}
	for c := range n {
		stay := -1
		if prev[c] >= 0 {
			stay = stayArc(p, c, int(prev[c]))
		}
		for a := p.Start[c]; a < p.Start[c+1]; a++ {
			v := p.Cost[a]
			dv, ok := mulCheck(den, max(v, -v))
			if !ok || dv > maxCostMagnitude {
				return nil, &ValidationError{"Cost", int(a), ErrCostRange}
			}
			if v < 0 {
				dv = -dv
			}
			if int(a) == stay {
				dv -= num
				if dv < -maxCostMagnitude {
					return nil, &ValidationError{"Cost", int(a), ErrCostRange}
				}
			}
			q.Opening = append(q.Opening, p.Opening[a])
			q.Cost = append(q.Cost, dv)
		}
		if stay < 0 || !keep {
			q.Opening = append(q.Opening, int32(m))
			q.Cost = append(q.Cost, dM)
		}
		q.Start[c+1] = int32(len(q.Opening))
	}
	if _, err := q.Bonus(); err != nil {
		return nil, err
	}
	return q, nil
}

func solvePenalised(ctx context.Context, p *Problem, prev []int32, num, den int64, o rematchOptions) (*Rematch, error) {
	var opts []RematchOption
	if o.keep {
		opts = append(opts, KeepPlaced())
	}
	q, err := Penalised(p, prev, num, den, opts...)
	if err != nil {
		return nil, err
	}
	var s FlowSolver
	res, err := s.SolveContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if o.keep {
		// Everyone else may take the extra opening, so the most placed
		// leaves out only movable candidates, and only when the room
		// cannot hold them all.
		var left []int32
		for c, a := range res.Assign {
			if a < 0 {
				left = append(left, int32(c))
			}
		}
		if len(left) > 0 {
			return nil, &keepError{left}
		}
	}
	r := rematchOf(p, prev, q, res, num, den)
	r.KeepPlaced = o.keep
	return r, nil
}

// keepError: KeepPlaced cannot keep these candidates placed.
type keepError struct{ left []int32 }

func (e *keepError) Error() string {
	return fmt.Sprintf("match: %d of the people placed before cannot keep a place: the change leaves too little room (candidates %v): %v",
		len(e.left), e.left[:min(5, len(e.left))], ErrInfeasible)
}

func (e *keepError) Unwrap() error { return ErrInfeasible }

// Unkept returns the candidates a KeepPlaced re-matching could not keep
// placed, if err says so (a placement that keeps them all then does not
// exist), else nil.
func Unkept(err error) []int32 {
	var k *keepError
	if errors.As(err, &k) {
		return k.left
	}
	return nil
}

func rematchOf(p *Problem, prev []int32, q *Problem, res *Result, num, den int64) *Rematch {
	M, _ := p.Bonus()
	m := int32(p.NumOpenings())
	out := &Result{Assign: make([]int32, p.NumCandidates())}
	for c, o := range res.Assign {
		if o == m || o < 0 {
			out.Assign[c] = -1
			continue
		}
		out.Assign[c] = o
		out.Placed++
		out.Cost += p.Cost[p.ArcOf(c, int(o))]
	}
	return &Rematch{
		Result:    out,
		Moves:     CountMoves(p, prev, out.Assign),
		Objective: out.Cost - int64(out.Placed)*M,
		M:         M,
		PriceNum:  num, PriceDen: den,
		Penalised: q,
		Cert:      res.Cert,
	}
}

// VerifyRematch checks a re-matching independently of the solver: the
// placement is feasible in p, its moves and objective are those stated,
// and the certificate proves it optimal in the penalised problem rebuilt
// from p, prev and the price. For an Exact answer of RematchBudget it also
// checks the Lagrangian condition (price 0, or exactly maxMoves moves).
func VerifyRematch(p *Problem, prev []int32, r *Rematch, maxMoves int) error {
	var opts []RematchOption
	if r.KeepPlaced {
		opts = append(opts, KeepPlaced())
	}
	q, err := Penalised(p, prev, r.PriceNum, r.PriceDen, opts...)
	if err != nil {
		return err
	}
	m := int32(p.NumOpenings())
	qa := &Result{Assign: make([]int32, len(r.Assign)), Placed: len(r.Assign)}
	for c, o := range r.Assign {
		qa.Assign[c] = o
		if o < 0 {
			qa.Assign[c] = m
		}
		a := q.ArcOf(c, int(qa.Assign[c]))
		if a < 0 {
			if o >= 0 {
				return &ValidationError{"Assign", c, ErrIndexRange}
			}
			return fmt.Errorf("match: candidate %d, placed before, is left without a place although asked to keep one: %w", c, ErrInfeasible)
		}
		qa.Cost += q.Cost[a]
	}
	if err := Verify(q, qa, r.Cert); err != nil {
		return fmt.Errorf("match: re-matching at price %d/%d: %w", r.PriceNum, r.PriceDen, err)
	}
	M, _ := p.Bonus()
	var cost int64
	placed := 0
	for c, o := range r.Assign {
		if o >= 0 {
			cost += p.Cost[p.ArcOf(c, int(o))]
			placed++
		}
	}
	if cost-int64(placed)*M != r.Objective {
		return fmt.Errorf("match: re-matching objective %d, placement gives %d: %w", r.Objective, cost-int64(placed)*M, ErrNotOptimal)
	}
	mv := CountMoves(p, prev, r.Assign)
	if maxMoves >= 0 {
		if len(mv.Moved) > maxMoves {
			return fmt.Errorf("match: %d moves over the budget of %d: %w", len(mv.Moved), maxMoves, ErrInfeasible)
		}
		// The certificate proves the placement minimises f + λ·moves, so
		// f + λ·(moves − k) is the Lagrangian dual value: a lower bound.
		dual := ceilDiv(r.Objective*r.PriceDen+r.PriceNum*int64(len(mv.Moved)-maxMoves), r.PriceDen)
		if r.Bound > dual || r.Exact && r.Objective != r.Bound {
			return fmt.Errorf("match: re-matching bound %d (exact %v), the certificate proves %d: %w", r.Bound, r.Exact, dual, ErrNotOptimal)
		}
	}
	return nil
}
