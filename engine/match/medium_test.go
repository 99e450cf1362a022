package match

import (
	"math/rand/v2"
	"testing"
)

// hubNetwork draws n candidates with deg eligible openings each out of m:
// the first hubs openings are on every list (in-degree n), the rest drawn
// uniformly. With n > 128 a hub's in-list is first sorted by its 64
// cheapest entries only, and with enough positions its head passes them.
func hubNetwork(rnd *rand.Rand, n, m, nw, deg, hubs int, slack bool) *Problem {
	p := &Problem{Start: make([]int32, n+1), Positions: make([]int32, m), Workplace: make([]int32, m), Capacity: make([]int32, nw)}
	for o := range m {
		p.Positions[o] = int32(1 + rnd.IntN(4))
		if o < hubs {
			p.Positions[o] = int32(20 + rnd.IntN(20))
		}
		p.Workplace[o] = int32(o % nw)
	}
	for w := range nw {
		p.Capacity[w] = int32(5 + rnd.IntN(25))
		if slack {
			p.Capacity[w] = int32(n) // never binds
		}
	}
	mark := make([]int, m)
	for c := range n {
		for o := range hubs {
			p.Opening = append(p.Opening, int32(o))
			mark[o] = c + 1
		}
		for k := hubs; k < deg; {
			o := hubs + rnd.IntN(m-hubs)
			if mark[o] == c+1 {
				continue
			}
			mark[o] = c + 1
			p.Opening = append(p.Opening, int32(o))
			k++
		}
		p.Start[c+1] = int32(len(p.Opening))
	}
	p.Cost = make([]int64, len(p.Opening))
	for a := range p.Cost {
		p.Cost[a] = rnd.Int64N(1000)
	}
	return p
}

// TestFlowMedium: 200 candidates with 10 eligible openings each out of 40
// (4 of them on every list) in 10 workplaces. Every solve must verify; with
// slack supervisors the total must equal the dense assignment optimum
// (with binding ones the certificate is the proof; TestFlowEqualsLP
// compares with the simplex on smaller instances), and the lazy lists
// must agree with fully sorted ones. The run must exercise the
// partial sort of 64 entries, its completion, and the resumed search.
func TestFlowMedium(t *testing.T) {
	const seed = 5150
	var lazy, full FlowSolver
	full.fullSort = true
	var ds DenseSolver
	chunks, resumes, completed := 0, 0, 0
	for it := range 6 {
		rnd := rand.New(rand.NewPCG(seed, uint64(it)))
		slack := it%2 == 0
		p := hubNetwork(rnd, 200, 40, 10, 10, 4, slack)
		r, err := lazy.Solve(p)
		if err != nil {
			t.Fatalf("seed %d instance %d: %v", seed, it, err)
		}
		if err := Verify(p, r, r.Cert); err != nil {
			t.Fatalf("seed %d instance %d: %v", seed, it, err)
		}
		chunks += lazy.chunks
		resumes += lazy.resumes
		for o := range 4 {
			if lazy.sortedEnd[o] == lazy.in.start[o+1] {
				completed++
			}
		}
		rf, err := full.Solve(p)
		if err != nil || rf.Placed != r.Placed || rf.Cost != r.Cost {
			t.Fatalf("seed %d instance %d: lazy %d at %d, full sort %d at %d (%v)", seed, it, r.Placed, r.Cost, rf.Placed, rf.Cost, err)
		}
		if slack {
			rd, err := ds.Solve(p)
			if err != nil {
				t.Fatalf("seed %d instance %d: dense: %v", seed, it, err)
			}
			if rd.Placed != r.Placed || rd.Cost != r.Cost {
				t.Fatalf("seed %d instance %d: flow %d at %d, dense %d at %d", seed, it, r.Placed, r.Cost, rd.Placed, rd.Cost)
			}
		}
	}
	if chunks == 0 || completed == 0 || resumes == 0 {
		t.Errorf("seed %d: partial sorts %d, completed hub lists %d, resumed searches %d: a path went unexercised",
			seed, chunks, completed, resumes)
	}
}
