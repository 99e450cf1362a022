package match

import (
	"errors"
	"math/rand/v2"
	"testing"
)

func TestDenseSolverMatchesFlow(t *testing.T) {
	const seed = 2718
	rnd := rand.New(rand.NewPCG(seed, 0))
	var ds DenseSolver
	var fs FlowSolver
	for it := range longRuns(1500) {
		p := tinyProblem(rnd)
		for w := range p.Capacity {
			p.Capacity[w] = 100 // supervisors never bind
		}
		if it%3 == 0 { // and some larger ones
			p = GenerateNetwork(NetworkConfig{Candidates: 60, Openings: 12, Workplaces: 4, Degree: 4,
				MinPositions: 0, MaxPositions: 3, MinCapacity: 40, MaxCapacity: 40, MaxCost: 30,
				Src: rand.NewPCG(seed, uint64(it))})
		}
		rd, err := ds.Solve(p)
		if err != nil {
			t.Fatalf("seed %d instance %d: %v", seed, it, err)
		}
		rf, _ := fs.Solve(p)
		if rd.Placed != rf.Placed || rd.Cost != rf.Cost {
			t.Fatalf("seed %d instance %d: dense %d at %d, flow %d at %d", seed, it, rd.Placed, rd.Cost, rf.Placed, rf.Cost)
		}
		if err := Verify(p, rd, rd.Cert); err != nil {
			t.Fatalf("seed %d instance %d: %v\n%+v\n%+v\n%+v", seed, it, err, p, rd, rd.Cert)
		}
	}
}

func TestDenseSolverBindingSupervisors(t *testing.T) {
	p := &Problem{Start: []int32{0, 1, 2}, Opening: []int32{0, 0}, Cost: []int64{1, 2},
		Positions: []int32{2}, Workplace: []int32{0}, Capacity: []int32{1}}
	var ds DenseSolver
	if _, err := ds.Solve(p); !errors.Is(err, ErrBindingSupervisors) {
		t.Fatalf("err = %v, want ErrBindingSupervisors", err)
	}
}
