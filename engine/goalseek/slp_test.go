package goalseek

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// model is a test model: per block, h(x) and cost(x) given as functions.
type model struct {
	h    []func(x []float64) []float64
	cost []func(x []float64) float64
}

func (m *model) eval(_ context.Context, pts []Point, _ []bool) ([]Value, error) {
	out := make([]Value, len(pts))
	for k, p := range pts {
		v := Value{H: make([][]float64, len(p)), Cost: make([]float64, len(p))}
		for b := range p {
			v.H[b] = m.h[b](p[b])
			v.Cost[b] = m.cost[b](p[b])
		}
		out[k] = v
	}
	return out, nil
}

// TestOneLeverByHand: one lever of intensity x ∈ [0, 10] closes a gap of
// 12 FTE at 2 FTE per unit, in two years whose gaps are 12 and 9; the
// lever costs 3 per unit. By hand: x = 6 meets the larger gap exactly,
// cost 18; one more FTE in the binding year needs 0.5 more unit, 1.5.
func TestOneLeverByHand(t *testing.T) {
	m := &model{
		h:    []func([]float64) []float64{func(x []float64) []float64 { return []float64{12 - 2*x[0], 9 - 2*x[0]} }},
		cost: []func([]float64) float64{func(x []float64) float64 { return 3 * x[0] }},
	}
	blocks := []Block{{Name: "r", Vars: []Var{{Name: "lever", Upper: 10}}, Cons: []string{"y1", "y2"}}}
	res, err := Solve(context.Background(), blocks, m.eval, nil)
	if err != nil {
		t.Fatal(err)
	}
	b := res.Blocks[0]
	if !near(b.X[0], 6, 1e-6) || !near(b.Cost, 18, 1e-5) {
		t.Errorf("x %g cost %g, want 6 and 18", b.X[0], b.Cost)
	}
	if !near(b.Marginal[0], 1.5, 1e-6) || !near(b.Marginal[1], 0, 1e-9) {
		t.Errorf("marginal costs %v, want [1.5 0]", b.Marginal)
	}
	if len(b.Unmet) != 0 || !b.Converged {
		t.Errorf("unmet %v, converged %v", b.Unmet, b.Converged)
	}
}

// TestInfeasibleTarget: the same lever limited to 4 units reaches a gap
// of 12 − 8 = 4 FTE in the first year and 1 in the second, no less.
func TestInfeasibleTarget(t *testing.T) {
	m := &model{
		h:    []func([]float64) []float64{func(x []float64) []float64 { return []float64{12 - 2*x[0], 9 - 2*x[0]} }},
		cost: []func([]float64) float64{func(x []float64) float64 { return 3 * x[0] }},
	}
	blocks := []Block{{Name: "r", Vars: []Var{{Name: "lever", Upper: 4}}, Cons: []string{"y1", "y2"}}}
	res, err := Solve(context.Background(), blocks, m.eval, nil)
	if err != nil {
		t.Fatal(err)
	}
	b := res.Blocks[0]
	if !near(b.X[0], 4, 1e-6) || len(b.Unmet) != 2 || !near(b.H[0], 4, 1e-6) || !near(b.H[1], 1, 1e-6) || !b.AtUpper[0] {
		t.Errorf("x %v, unmet %v, h %v, at upper %v; want 4, both unmet by 4 and 1, at its limit", b.X, b.Unmet, b.H, b.AtUpper)
	}
}

// TestInteractingLevers: two levers that interact, as employment rate
// and recruits do (h = g − a x1 − b x2 − c x1 x2), in several blocks with
// random coefficients; the answer must meet the target within the
// tolerance and cost no more than the best point of a fine grid that
// meets it (the optimum lies on the curve h = 0, so the grid searches x1
// and solves x2).
func TestInteractingLevers(t *testing.T) {
	seed := uint64(99)
	r := rand.New(rand.NewPCG(seed, 3))
	const nb = 6
	m := &model{}
	var blocks []Block
	type coef struct{ g, a, b, c, c1, c2, q float64 }
	cs := make([]coef, nb)
	for k := range nb {
		c := coef{g: 20 + 80*r.Float64(), a: 5 + 10*r.Float64(), b: 2 + 10*r.Float64(), c: 2 * r.Float64(),
			c1: 1 + r.Float64(), c2: 1 + r.Float64(), q: 0.05 * r.Float64()}
		cs[k] = c
		m.h = append(m.h, func(x []float64) []float64 {
			return []float64{c.g - c.a*x[0] - c.b*x[1] - c.c*x[0]*x[1]}
		})
		m.cost = append(m.cost, func(x []float64) float64 { return c.c1*x[0] + c.c2*x[1] + c.q*x[0]*x[0] })
		blocks = append(blocks, Block{Name: "b", Vars: []Var{{"x1", 6}, {"x2", 6}}, Cons: []string{"gap"}})
	}
	res, err := Solve(context.Background(), blocks, m.eval, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, c := range cs {
		b := res.Blocks[k]
		best := math.Inf(1)
		for i := 0; i <= 60000; i++ {
			x1 := 6 * float64(i) / 60000
			x2 := math.Max(0, (c.g-c.a*x1)/(c.b+c.c*x1))
			if x2 > 6 {
				continue
			}
			best = math.Min(best, c.c1*x1+c.c2*x2+c.q*x1*x1)
		}
		if b.H[0] > DefaultTol {
			t.Errorf("seed %d, block %d: gap %g over the tolerance", seed, k, b.H[0])
		}
		if b.Cost > best*(1+1e-4)+1e-6 {
			t.Errorf("seed %d, block %d: cost %g, grid optimum %g", seed, k, b.Cost, best)
		}
	}
}

// TestMarginalByPerturbation: the marginal cost of the binding constraint
// of the interacting model equals the change of the optimum when the
// target is tightened by δ and the whole loop re-solved.
func TestMarginalByPerturbation(t *testing.T) {
	g := 50.0
	mk := func(target float64) *model {
		return &model{
			h: []func([]float64) []float64{func(x []float64) []float64 {
				return []float64{g - target - 8*x[0] - 5*x[1] - 1*x[0]*x[1]}
			}},
			cost: []func([]float64) float64{func(x []float64) float64 { return 2*x[0] + 1.5*x[1] + 0.3*x[0]*x[0] }},
		}
	}
	blocks := []Block{{Name: "b", Vars: []Var{{"x1", 10}, {"x2", 10}}, Cons: []string{"gap"}}}
	set := &Settings{Tol: 1e-6}
	r0, err := Solve(context.Background(), blocks, mk(0).eval, set)
	if err != nil {
		t.Fatal(err)
	}
	const delta = 0.01
	r1, err := Solve(context.Background(), blocks, mk(-delta).eval, set)
	if err != nil {
		t.Fatal(err)
	}
	got := (r1.Blocks[0].Cost - r0.Blocks[0].Cost) / delta
	if !near(got, r0.Blocks[0].Marginal[0], 0.01*got) {
		t.Errorf("tightening by %g costs %g per unit; the shadow price says %g", delta, got, r0.Blocks[0].Marginal[0])
	}
}
