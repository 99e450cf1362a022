package match

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/caregap/caregap/internal/lpsolve"
)

// bruteRematch enumerates every feasible placement and returns the least
// Σ (cost − M)·x + lambda·moves among those with at most maxMoves moves
// (maxMoves < 0: any); with keep, every movable candidate placed
// (math.MaxInt64 when none is).
func bruteRematch(p *Problem, prev []int32, maxMoves int, lambda int64, keep ...bool) int64 {
	M, _ := p.Bonus()
	n := p.NumCandidates()
	movable := make([]bool, n)
	for c, o := range prev {
		movable[c] = o >= 0 && stayArc(p, c, int(o)) >= 0
	}
	load := make([]int32, p.NumOpenings())
	loadW := make([]int32, p.NumWorkplaces())
	best := int64(math.MaxInt64)
	var rec func(c, moves int, f int64)
	rec = func(c, moves int, f int64) {
		if maxMoves >= 0 && moves > maxMoves {
			return
		}
		if c == n {
			best = min(best, f+lambda*int64(moves))
			return
		}
		mv := 0
		if movable[c] {
			mv = 1
		}
		if !movable[c] || len(keep) == 0 || !keep[0] {
			rec(c+1, moves+mv, f)
		}
		for a := p.Start[c]; a < p.Start[c+1]; a++ {
			o := p.Opening[a]
			w := p.Workplace[o]
			if load[o] < p.Positions[o] && loadW[w] < p.Capacity[w] {
				load[o]++
				loadW[w]++
				d := mv
				if o == prev[c] {
					d = 0
				}
				rec(c+1, moves+d, f+p.Cost[a]-M)
				load[o]--
				loadW[w]--
			}
		}
	}
	rec(0, 0, 0)
	return best
}

// earlier returns an earlier placement for p: the optimum of p with a few
// costs changed, so that re-matching has a reason to move people, with
// some candidates new (−1).
func earlier(t *testing.T, rnd *rand.Rand, p *Problem) []int32 {
	q := *p
	q.Cost = append([]int64(nil), p.Cost...)
	for a := range q.Cost {
		if rnd.IntN(2) == 0 {
			q.Cost[a] = rnd.Int64N(20)
		}
	}
	var s FlowSolver
	res, err := s.Solve(&q)
	if err != nil {
		t.Fatal(err)
	}
	prev := append([]int32(nil), res.Assign...)
	for c := range prev {
		if rnd.IntN(5) == 0 {
			prev[c] = -1
		}
	}
	return prev
}

// TestRematchBruteForce: on tiny instances the move-cost answer is the
// brute-force optimum of the penalised objective, and the budget answer
// is within the budget, its Bound is at most the brute-force optimum
// within the budget, and an Exact answer equals it. Both verify.
func TestRematchBruteForce(t *testing.T) {
	const seed = 14001
	rnd := rand.New(rand.NewPCG(seed, 1))
	ctx := context.Background()
	exact, gaps := 0, 0
	for it := range longRuns(3000) {
		p := tinyProblem(rnd)
		prev := earlier(t, rnd, p)
		M, _ := p.Bonus()
		lambda := []int64{0, 3, 17, M / 2, 2 * M}[rnd.IntN(5)]
		rc, err := RematchCost(ctx, p, prev, lambda)
		if err != nil {
			t.Fatalf("seed %d instance %d: %v", seed, it, err)
		}
		want := bruteRematch(p, prev, -1, lambda)
		if got := rc.Objective + lambda*int64(len(rc.Moves.Moved)); got != want {
			t.Fatalf("seed %d instance %d: move cost %d: penalised %d, brute force %d\n%+v\nprev %v",
				seed, it, lambda, got, want, p, prev)
		}
		if err := VerifyRematch(p, prev, rc, -1); err != nil {
			t.Fatalf("seed %d instance %d: %v", seed, it, err)
		}
		k := rnd.IntN(4)
		rb, err := RematchBudget(ctx, p, prev, k)
		if err != nil {
			t.Fatalf("seed %d instance %d: budget %d: %v", seed, it, k, err)
		}
		opt := bruteRematch(p, prev, k, 0)
		if len(rb.Moves.Moved) > k || rb.Bound > opt || rb.Objective < opt || rb.Exact && rb.Objective != opt {
			t.Fatalf("seed %d instance %d: budget %d: %d moves, objective %d, bound %d, exact %v; brute force %d\n%+v\nprev %v",
				seed, it, k, len(rb.Moves.Moved), rb.Objective, rb.Bound, rb.Exact, opt, p, prev)
		}
		if err := VerifyRematch(p, prev, rb, k); err != nil {
			t.Fatalf("seed %d instance %d: %v", seed, it, err)
		}
		if rb.Exact {
			exact++
		} else {
			gaps++
		}
	}
	t.Logf("budget answers: %d proved optimal, %d with a Lagrangian gap", exact, gaps)
}

// rematchMIP is the budgeted re-matching as a 0/1 programme: the rows of
// p and Σ x[earlier pair] ≥ movable − k.
func rematchMIP(p *Problem, prev []int32, k int) ([]int64, []mipRow) {
	M, _ := p.Bonus()
	obj := make([]int64, p.NumArcs())
	for a, c := range p.Cost {
		obj[a] = c - M
	}
	row := mipRow{sense: ">="}
	for c, o := range prev {
		if o >= 0 {
			if a := stayArc(p, c, int(o)); a >= 0 {
				row.arcs = append(row.arcs, a)
				row.coef = append(row.coef, 1)
			}
		}
	}
	row.rhs = int64(len(row.arcs) - k)
	return obj, []mipRow{row}
}

// TestRematchAgainstMIP solves mid-size budgeted re-matchings with GLPK
// and CBC as 0/1 programmes: an Exact answer has the solvers' optimum,
// and every answer lies between its Bound and that optimum's.
func TestRematchAgainstMIP(t *testing.T) {
	solvers := []string{lpsolve.Find(t, "glpsol"), lpsolve.Find(t, "cbc")}
	const seed = 14002
	rnd := rand.New(rand.NewPCG(seed, 1))
	dir := t.TempDir()
	ctx := context.Background()
	for it := range 8 {
		p := GenerateNetwork(NetworkConfig{Candidates: 40 + rnd.IntN(40), Openings: 12, Workplaces: 5,
			Degree: 4, MaxCost: 20, Src: rand.NewPCG(seed, uint64(it))})
		prev := earlier(t, rnd, p)
		// the change: one opening closes, a few candidates are new
		p.Positions[rnd.IntN(p.NumOpenings())] = 0
		k := rnd.IntN(6)
		rb, err := RematchBudget(ctx, p, prev, k)
		if err != nil {
			t.Fatalf("seed %d instance %d: %v", seed, it, err)
		}
		if err := VerifyRematch(p, prev, rb, k); err != nil {
			t.Fatalf("seed %d instance %d: %v", seed, it, err)
		}
		obj, rows := rematchMIP(p, prev, k)
		for _, sv := range solvers {
			as := assignOf(p, solveMIP(t, sv, dir, p, obj, rows))
			opt := objectiveOf(p, as, rb.M)
			if mv := CountMoves(p, prev, as); len(mv.Moved) > k {
				t.Fatalf("seed %d instance %d: %s moves %d > %d", seed, it, sv, len(mv.Moved), k)
			}
			if rb.Bound > opt || rb.Objective < opt || rb.Exact && rb.Objective != opt {
				t.Errorf("seed %d instance %d: budget %d: objective %d, bound %d, exact %v; %s %d",
					seed, it, k, rb.Objective, rb.Bound, rb.Exact, sv, opt)
			}
		}
	}
}

func TestRematchBadInput(t *testing.T) {
	p := GenerateNetwork(NetworkConfig{Candidates: 5, Openings: 3, Workplaces: 2, Degree: 2})
	ctx := context.Background()
	if _, err := RematchBudget(ctx, p, make([]int32, 4), 1); !errors.Is(err, ErrBudget) {
		t.Errorf("short earlier placement: %v", err)
	}
	if _, err := RematchBudget(ctx, p, []int32{-1, -1, 7, -1, -1}, 1); !errors.Is(err, ErrIndexRange) {
		t.Errorf("opening out of range: %v", err)
	}
	if _, err := RematchBudget(ctx, p, make([]int32, 5), -1); !errors.Is(err, ErrBudget) {
		t.Errorf("negative budget: %v", err)
	}
	if _, err := RematchCost(ctx, p, make([]int32, 5), -1); !errors.Is(err, ErrBudget) {
		t.Errorf("negative move cost: %v", err)
	}
}

// TestRematchForcedMoves: a supervisor capacity lowered below the
// earlier placements forces moves; a smaller budget is a *BudgetError
// with the least number of moves, which brute force confirms.
func TestRematchForcedMoves(t *testing.T) {
	p := &Problem{Start: []int32{0, 2, 4, 5}, Opening: []int32{0, 1, 0, 1, 0}, Cost: []int64{1, 5, 2, 6, 3},
		Positions: []int32{3, 3}, Workplace: []int32{0, 1}, Capacity: []int32{1, 1}}
	prev := []int32{0, 0, 0} // all three at opening 0 before; its workplace now supervises one
	_, err := RematchBudget(context.Background(), p, prev, 1)
	var be *BudgetError
	if !errors.As(err, &be) || !errors.Is(err, ErrInfeasible) || be.LeastMoves != 2 {
		t.Fatalf("got %v", err)
	}
	if got := bruteRematch(p, prev, 1, 0); got != math.MaxInt64 {
		t.Errorf("brute force finds a placement with one move: %d", got)
	}
	r, err := RematchBudget(context.Background(), p, prev, 2)
	if err != nil || len(r.Moves.Moved) != 2 || r.Objective != bruteRematch(p, prev, 2, 0) {
		t.Fatalf("budget 2: %+v %v", r, err)
	}
}

// TestRematchKeepPlacedBruteForce: with KeepPlaced nobody placed before
// whose pair still exists is left without a place; the answers are the
// brute-force optima under that rule (move cost exactly; budget within
// its bound), they verify, and a change that leaves too little room is
// ErrInfeasible, exactly when brute force finds no such placement.
func TestRematchKeepPlacedBruteForce(t *testing.T) {
	const seed = 14002
	rnd := rand.New(rand.NewPCG(seed, 1))
	ctx := context.Background()
	infeasible := 0
	for it := range longRuns(2000) {
		p := tinyProblem(rnd)
		prev := earlier(t, rnd, p)
		if rnd.IntN(3) == 0 { // less room than before
			w := rnd.IntN(p.NumWorkplaces())
			p.Capacity[w] = max(0, p.Capacity[w]-1)
		}
		M, _ := p.Bonus()
		lambda := []int64{0, 3, 17, M / 2, 2 * M}[rnd.IntN(5)]
		want := bruteRematch(p, prev, -1, lambda, true)
		rc, err := RematchCost(ctx, p, prev, lambda, KeepPlaced())
		if want == math.MaxInt64 {
			if !errors.Is(err, ErrInfeasible) || len(Unkept(err)) == 0 {
				t.Fatalf("seed %d instance %d: no placement keeps everyone, got %v", seed, it, err)
			}
			infeasible++
			continue
		}
		if err != nil {
			t.Fatalf("seed %d instance %d: %v", seed, it, err)
		}
		if got := rc.Objective + lambda*int64(len(rc.Moves.Moved)); got != want {
			t.Fatalf("seed %d instance %d: move cost %d: penalised %d, brute force %d\n%+v\nprev %v", seed, it, lambda, got, want, p, prev)
		}
		for _, c := range rc.Moves.Movable {
			if rc.Assign[c] < 0 {
				t.Fatalf("seed %d instance %d: candidate %d placed before is left without a place", seed, it, c)
			}
		}
		if err := VerifyRematch(p, prev, rc, -1); err != nil {
			t.Fatalf("seed %d instance %d: %v", seed, it, err)
		}
		k := rnd.IntN(4)
		rb, err := RematchBudget(ctx, p, prev, k, KeepPlaced())
		opt := bruteRematch(p, prev, k, 0, true)
		if opt == math.MaxInt64 {
			if !errors.Is(err, ErrInfeasible) {
				t.Fatalf("seed %d instance %d: budget %d keeps nobody's place feasible, got %v", seed, it, k, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("seed %d instance %d: budget %d: %v", seed, it, k, err)
		}
		if len(rb.Moves.Moved) > k || rb.Bound > opt || rb.Objective < opt || rb.Exact && rb.Objective != opt {
			t.Fatalf("seed %d instance %d: budget %d: %d moves, objective %d, bound %d, exact %v; brute force %d", seed, it, k, len(rb.Moves.Moved), rb.Objective, rb.Bound, rb.Exact, opt)
		}
		if err := VerifyRematch(p, prev, rb, k); err != nil {
			t.Fatalf("seed %d instance %d: %v", seed, it, err)
		}
	}
	if infeasible == 0 {
		t.Error("no instance left too little room: the infeasible case is untested")
	}
}
