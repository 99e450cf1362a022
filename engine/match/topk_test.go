package match

import (
	"math/rand/v2"
	"testing"
)

// TestTopKAgainstForcedSolves: on random mid-size instances each
// option's margin is the optimum re-solved with the pair forced (the
// rest of p solved by the flow solver) less the optimum, DeltaCost and
// Displaces agree with that re-solve, the list is ranked, and no option
// left out is cheaper to force than the last one listed.
func TestTopKAgainstForcedSolves(t *testing.T) {
	const seed = 14003
	rnd := rand.New(rand.NewPCG(seed, 1))
	var s, fs FlowSolver
	for it := range longRuns(30) {
		p := GenerateNetwork(NetworkConfig{Candidates: 30 + rnd.IntN(60), Openings: 15, Workplaces: 6,
			Degree: 5, MaxCost: 50, Src: rand.NewPCG(seed, uint64(it))})
		res, err := s.Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		M := res.Cert.M
		opt := res.Cost - int64(res.Placed)*M
		c := rnd.IntN(p.NumCandidates())
		k := 1 + rnd.IntN(4)
		top, err := TopK(p, res, res.Cert, c, k)
		if err != nil {
			t.Fatalf("seed %d instance %d: %v", seed, it, err)
		}
		forcedMargin := map[int]int64{}
		for a := p.Start[c]; a < p.Start[c+1]; a++ {
			o := int(p.Opening[a])
			if p.Positions[o] < 1 || p.Capacity[p.Workplace[o]] < 1 {
				continue
			}
			fr, err := fs.Solve(forced(p, c, o))
			if err != nil {
				t.Fatal(err)
			}
			placed, cost := fr.Placed+1, fr.Cost+p.Cost[a]
			forcedMargin[o] = cost - int64(placed)*M - opt
			for _, op := range top {
				if op.Opening != o {
					continue
				}
				if op.Margin != forcedMargin[o] || op.Displaces != (placed < res.Placed) ||
					op.DeltaCost != cost-res.Cost {
					t.Errorf("seed %d instance %d: candidate %d opening %d: margin %d displaces %v delta %d; re-solved %d, %d placed (of %d), delta %d",
						seed, it, c, o, op.Margin, op.Displaces, op.DeltaCost, forcedMargin[o], placed, res.Placed, cost-res.Cost)
				}
			}
		}
		if want := min(k, len(forcedMargin)); len(top) != want {
			t.Fatalf("seed %d instance %d: %d options, want %d", seed, it, len(top), want)
		}
		listed := map[int]bool{}
		for i, op := range top {
			listed[op.Opening] = true
			if i > 0 && op.Margin < top[i-1].Margin {
				t.Errorf("seed %d instance %d: options out of order: %+v", seed, it, top)
			}
			if op.Chosen != (res.Assign[c] == int32(op.Opening)) || op.Chosen && i != 0 {
				t.Errorf("seed %d instance %d: chosen flag: %+v", seed, it, top)
			}
		}
		if len(top) > 0 {
			last := top[len(top)-1].Margin
			for o, m := range forcedMargin {
				if !listed[o] && m < last {
					t.Errorf("seed %d instance %d: opening %d costs %d to force, left out for %d", seed, it, o, m, last)
				}
			}
		}
	}
}

// TestTopKBruteForce: on tiny instances every option's margin is the
// brute-force optimum with the pair forced less the optimum.
func TestTopKBruteForce(t *testing.T) {
	const seed = 14004
	rnd := rand.New(rand.NewPCG(seed, 1))
	var s FlowSolver
	for it := range longRuns(2000) {
		p := tinyProblem(rnd)
		res, err := s.Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		M := res.Cert.M
		opt := res.Cost - int64(res.Placed)*M
		c := rnd.IntN(p.NumCandidates())
		top, err := TopK(p, res, res.Cert, c, 0)
		if err != nil {
			t.Fatalf("seed %d instance %d: %v", seed, it, err)
		}
		for _, op := range top {
			placed, cost, ok := bruteForced(p, c, op.Opening)
			if !ok || cost-int64(placed)*M-opt != op.Margin {
				t.Fatalf("seed %d instance %d: candidate %d %+v; brute force %d placed at %d (ok %v), optimum %d",
					seed, it, c, op, placed, cost, ok, opt)
			}
		}
	}
}
