package match

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/caregap/caregap/internal/lpsolve"
)

// randomGroups splits the candidates of p into up to three groups (some
// in none) with random bounds.
func randomGroups(rnd *rand.Rand, p *Problem) *GroupBounds {
	ng := 1 + rnd.IntN(3)
	gb := &GroupBounds{Group: make([]int32, p.NumCandidates()), Min: make([]int32, ng), Max: make([]int32, ng)}
	size := make([]int32, ng)
	for c := range gb.Group {
		gb.Group[c] = int32(rnd.IntN(ng+1)) - 1
		if gb.Group[c] >= 0 {
			size[gb.Group[c]]++
		}
	}
	for k := range ng {
		gb.Min[k] = int32(rnd.IntN(int(size[k]) + 1))
		gb.Max[k] = gb.Min[k] + int32(rnd.IntN(int(size[k]-gb.Min[k])+1))
		if rnd.IntN(3) == 0 {
			gb.Min[k] = 0
		}
	}
	return gb
}

// bruteBalanced is bruteForce restricted to placements within the group
// bounds; ok = false if there is none.
func bruteBalanced(p *Problem, gb *GroupBounds) (placed int, cost int64, ok bool) {
	n := p.NumCandidates()
	load := make([]int32, p.NumOpenings())
	loadW := make([]int32, p.NumWorkplaces())
	got := make([]int32, len(gb.Min))
	best, bestCost := -1, int64(0)
	var rec func(c, k int, sum int64)
	rec = func(c, k int, sum int64) {
		if c == n {
			for g := range got {
				if got[g] < gb.Min[g] || got[g] > gb.Max[g] {
					return
				}
			}
			if k > best || k == best && sum < bestCost {
				best, bestCost = k, sum
			}
			return
		}
		rec(c+1, k, sum)
		g := gb.Group[c]
		for a := p.Start[c]; a < p.Start[c+1]; a++ {
			o := p.Opening[a]
			w := p.Workplace[o]
			if load[o] < p.Positions[o] && loadW[w] < p.Capacity[w] {
				load[o]++
				loadW[w]++
				if g >= 0 {
					got[g]++
				}
				rec(c+1, k+1, sum+p.Cost[a])
				if g >= 0 {
					got[g]--
				}
				load[o]--
				loadW[w]--
			}
		}
	}
	rec(0, 0, 0)
	return best, bestCost, best >= 0
}

// TestBalancedBruteForce: on tiny instances the group-bounded optimum is
// the brute-force one, infeasible bounds are reported as such, the
// certificate verifies, and the price of fairness is measured against
// the unconstrained brute-force optimum.
func TestBalancedBruteForce(t *testing.T) {
	const seed = 14005
	rnd := rand.New(rand.NewPCG(seed, 1))
	ctx := context.Background()
	infeasibleCases := 0
	for it := range longRuns(3000) {
		p := tinyProblem(rnd)
		gb := randomGroups(rnd, p)
		k, cost, ok := bruteBalanced(p, gb)
		b, err := SolveBalanced(ctx, p, gb)
		if !ok {
			var be *BoundsError
			if !errors.As(err, &be) || !errors.Is(err, ErrInfeasible) {
				t.Fatalf("seed %d instance %d: bounds cannot be met, got %v\n%+v\n%+v", seed, it, err, p, gb)
			}
			infeasibleCases++
			continue
		}
		if err != nil {
			t.Fatalf("seed %d instance %d: %v\n%+v\n%+v", seed, it, err, p, gb)
		}
		if b.Placed != k || b.Cost != cost {
			t.Fatalf("seed %d instance %d: %d placed at %d, brute force %d at %d\n%+v\n%+v", seed, it, b.Placed, b.Cost, k, cost, p, gb)
		}
		if err := VerifyBalanced(p, gb, b); err != nil {
			t.Fatalf("seed %d instance %d: %v", seed, it, err)
		}
		fk, fcost := bruteForce(p)
		if b.LostPlacements != fk-k || b.ExtraCost != cost-fcost {
			t.Fatalf("seed %d instance %d: price %d placements, %d cost; brute force %d, %d", seed, it, b.LostPlacements, b.ExtraCost, fk-k, cost-fcost)
		}
	}
	t.Logf("%d instances with bounds that cannot be met", infeasibleCases)
}

// TestBalancedAgainstMIP solves mid-size group-bounded placements with
// GLPK and CBC (0/1 programmes with a row per group bound) and compares
// the number placed and the cost.
func TestBalancedAgainstMIP(t *testing.T) {
	solvers := []string{lpsolve.Find(t, "glpsol"), lpsolve.Find(t, "cbc")}
	const seed = 14006
	rnd := rand.New(rand.NewPCG(seed, 1))
	dir := t.TempDir()
	ctx := context.Background()
	binding := 0
	for it := range 8 {
		p := GenerateNetwork(NetworkConfig{Candidates: 60 + rnd.IntN(60), Openings: 15, Workplaces: 6,
			Degree: 4, MaxCost: 30, Src: rand.NewPCG(seed, uint64(it))})
		// two groups with rates 0.1–0.4 and 0.15–0.9, a few outside both
		gb := &GroupBounds{Group: make([]int32, p.NumCandidates()), Min: make([]int32, 2), Max: make([]int32, 2)}
		size := [2]int32{}
		for c := range gb.Group {
			gb.Group[c] = int32(rnd.IntN(5)%3) - 1
			if g := gb.Group[c]; g >= 0 {
				size[g]++
			}
		}
		gb.Min[0], gb.Max[0] = size[0]/10, size[0]*2/5
		gb.Min[1], gb.Max[1] = size[1]*3/20, size[1]*9/10
		b, err := SolveBalanced(ctx, p, gb)
		if err != nil {
			t.Fatalf("seed %d instance %d: %v", seed, it, err)
		}
		if err := VerifyBalanced(p, gb, b); err != nil {
			t.Fatalf("seed %d instance %d: %v", seed, it, err)
		}
		obj := make([]int64, p.NumArcs())
		for a, c := range p.Cost {
			obj[a] = c - b.M
		}
		var rows []mipRow
		for g := range 2 {
			r := mipRow{}
			for c := range gb.Group {
				if gb.Group[c] == int32(g) {
					for a := p.Start[c]; a < p.Start[c+1]; a++ {
						r.arcs = append(r.arcs, int(a))
						r.coef = append(r.coef, 1)
					}
				}
			}
			lo, hi := r, r
			lo.sense, lo.rhs = ">=", int64(gb.Min[g])
			hi.sense, hi.rhs = "<=", int64(gb.Max[g])
			rows = append(rows, lo, hi)
		}
		for _, sv := range solvers {
			as := assignOf(p, solveMIP(t, sv, dir, p, obj, rows))
			want := objectiveOf(p, as, b.M)
			if got := b.Cost - int64(b.Placed)*b.M; got != want {
				t.Errorf("seed %d instance %d: objective %d (%d placed at %d), %s %d", seed, it, got, b.Placed, b.Cost, sv, want)
			}
		}
		if b.LostPlacements < 0 || b.LostPlacements == 0 && b.ExtraCost < 0 {
			t.Errorf("seed %d instance %d: bounds gained: %d placements, %d cost", seed, it, b.LostPlacements, b.ExtraCost)
		}
		if b.LostPlacements > 0 || b.ExtraCost > 0 {
			binding++
		}
	}
	if binding == 0 {
		t.Errorf("seed %d: the bounds bound in no instance", seed)
	}
	t.Logf("bounds with a price in %d of 8 instances", binding)
}

func TestVerifyBalancedRejects(t *testing.T) {
	p := GenerateNetwork(NetworkConfig{Candidates: 40, Openings: 8, Workplaces: 3, Degree: 3, MaxCost: 20})
	gb := &GroupBounds{Group: make([]int32, 40), Min: []int32{2}, Max: []int32{5}}
	for c := range gb.Group {
		gb.Group[c] = int32(c%2) - 1
	}
	b, err := SolveBalanced(context.Background(), p, gb)
	if err != nil {
		t.Fatal(err)
	}
	// Drop one placement: still feasible, no longer optimal.
	for c, o := range b.Assign {
		if o >= 0 && gb.Group[c] < 0 {
			b.Assign[c] = -1
			b.Placed--
			b.Cost -= p.Cost[p.ArcOf(c, int(o))]
			break
		}
	}
	if err := VerifyBalanced(p, gb, b); !errors.Is(err, ErrNotOptimal) {
		t.Errorf("a placement fewer: %v", err)
	}
	gb.Max[0] = 1
	if _, err := SolveBalanced(context.Background(), p, gb); !errors.Is(err, ErrValueRange) {
		t.Errorf("Max below Min: %v", err)
	}
}
