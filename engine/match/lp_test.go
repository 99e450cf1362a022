package match

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// lpOptimum solves the LP of doc.go with gonum's simplex: variables are
// the arcs and one slack per constraint (candidates, openings,
// workplaces), in standard form A x = b, x ≥ 0.
func lpOptimum(t *testing.T, p *Problem, bonus int64) float64 {
	n, m, nw, na := p.NumCandidates(), p.NumOpenings(), p.NumWorkplaces(), p.NumArcs()
	rows, cols := n+m+nw, na+n+m+nw
	A := mat.NewDense(rows, cols, nil)
	b := make([]float64, rows)
	c := make([]float64, cols)
	for cd := range n {
		for a := p.Start[cd]; a < p.Start[cd+1]; a++ {
			o := int(p.Opening[a])
			c[a] = float64(p.Cost[a] - bonus)
			A.Set(cd, int(a), 1)
			A.Set(n+o, int(a), 1)
			A.Set(n+m+int(p.Workplace[o]), int(a), 1)
		}
		b[cd] = 1
	}
	for o := range m {
		b[n+o] = float64(p.Positions[o])
	}
	for w := range nw {
		b[n+m+w] = float64(p.Capacity[w])
	}
	for r := range rows {
		A.Set(r, na+r, 1)
	}
	opt, _, err := lp.Simplex(c, A, b, 0, nil)
	if err != nil {
		t.Fatalf("simplex: %v", err)
	}
	return opt
}

func TestFlowEqualsLP(t *testing.T) {
	const seed = 314
	var s FlowSolver
	for it := range 20 {
		// 30 candidates, 10 openings in 4 workplaces: large enough for
		// long augmenting paths, small enough for a dense simplex.
		p := GenerateNetwork(NetworkConfig{
			Candidates: 30, Openings: 10, Workplaces: 4, Degree: 1 + it%4,
			MaxPositions: 4, MinCapacity: 0, MaxCapacity: 8, MaxCost: 50,
			Src: rand.NewPCG(seed, uint64(it)),
		})
		res, err := s.Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		bonus, _ := p.Bonus()
		got := float64(res.Cost - bonus*int64(res.Placed))
		want := lpOptimum(t, p, bonus)
		if math.Abs(got-want) > 1e-6*math.Max(1, math.Abs(want)) {
			t.Fatalf("seed %d instance %d: flow objective %g, simplex %g", seed, it, got, want)
		}
		// The dual objective of the certificate equals the primal one.
		dual := 0.0
		for _, u := range res.Cert.U {
			dual -= float64(u)
		}
		for o, y := range res.Cert.Y {
			dual -= float64(y) * float64(p.Positions[o])
		}
		for w, z := range res.Cert.Z {
			dual -= float64(z) * float64(p.Capacity[w])
		}
		if math.Abs(dual-want) > 1e-6*math.Max(1, math.Abs(want)) {
			t.Fatalf("seed %d instance %d: dual objective %g, primal %g", seed, it, dual, want)
		}
	}
}
