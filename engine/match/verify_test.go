package match

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestVerifyCatches(t *testing.T) {
	p := GenerateNetwork(NetworkConfig{Candidates: 200, Openings: 20, Workplaces: 5, Degree: 5,
		MaxPositions: 4, MaxCapacity: 6, Src: rand.NewPCG(3, 3)})
	var s FlowSolver
	good, err := s.Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(p, good, good.Cert); err != nil {
		t.Fatal(err)
	}
	placed := slices.IndexFunc(good.Assign, func(o int32) bool { return o >= 0 })
	unplaced := slices.IndexFunc(good.Assign, func(o int32) bool { return o < 0 })
	if placed < 0 || unplaced < 0 {
		t.Fatal("fixture needs placed and unplaced candidates")
	}
	clone := func() (*Result, *Certificate) {
		r := *good
		r.Assign = slices.Clone(good.Assign)
		z := *good.Cert
		z.U, z.Y, z.Z = slices.Clone(z.U), slices.Clone(z.Y), slices.Clone(z.Z)
		return &r, &z
	}
	tests := []struct {
		name    string
		corrupt func(r *Result, z *Certificate)
		want    error
	}{
		{"ineligible pair", func(r *Result, z *Certificate) {
			c := unplaced
			for o := range p.NumOpenings() {
				if p.ArcOf(c, o) < 0 {
					r.Assign[c] = int32(o)
					return
				}
			}
		}, ErrInfeasible},
		{"over positions", func(r *Result, z *Certificate) {
			// Put every candidate of opening o's in-list at o.
			o := good.Assign[placed]
			for c := range p.NumCandidates() {
				if p.ArcOf(c, int(o)) >= 0 {
					r.Assign[c] = o
				}
			}
		}, ErrInfeasible},
		{"wrong totals", func(r *Result, z *Certificate) { r.Cost++ }, ErrInfeasible},
		{"negative dual", func(r *Result, z *Certificate) { z.U[placed] = -1 }, ErrNotOptimal},
		{"dual on free candidate", func(r *Result, z *Certificate) { z.U[unplaced] = 1 }, ErrNotOptimal},
		{"small bonus", func(r *Result, z *Certificate) { z.M-- }, ErrNotOptimal},
		{"cheaper swap", func(r *Result, z *Certificate) {
			// Unplace someone: fewer placed than the certificate allows.
			r.Assign[placed] = -1
			r.Placed--
			r.Cost -= p.Cost[p.ArcOf(placed, int(good.Assign[placed]))]
		}, ErrNotOptimal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, z := clone()
			tt.corrupt(r, z)
			if err := Verify(p, r, z); !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestDenseLAPAllocs(t *testing.T) {
	const n = 64
	c := uniformCosts(n, 1)
	rowCol := make([]int, n)
	u, v := make([]int64, n), make([]int64, n)
	var s DenseLAP
	s.SolveInt(c, n, n, rowCol, u, v) // warm the scratch buffers
	if a := testing.AllocsPerRun(10, func() { s.SolveInt(c, n, n, rowCol, u, v) }); a != 0 {
		t.Fatalf("%v allocations per solve, want 0", a)
	}
}

// TestVerifyRejectsOverflowingCertificate: a certificate whose duals make
// cost − M + U + Y + Z wrap around in int64 must not pass. One candidate,
// two openings of one workplace (capacity 1, one position each) at costs
// 10 and 0; placing the candidate at cost 10 is not optimal. With
// U = Z = 2^62 + 1 and Y = MaxInt64 on the used opening, the reduced cost
// of the used arc wraps to 10 − 11 + 2^62+1 + (2^63−1) + 2^62+1 = 0
// mod 2^64, and that of the other arc (Y = 0) to 2^63 − 9 ≥ 0, so unchecked
// sums accept it.
func TestVerifyRejectsOverflowingCertificate(t *testing.T) {
	p := &Problem{Start: []int32{0, 2}, Opening: []int32{0, 1}, Cost: []int64{10, 0},
		Positions: []int32{1, 1}, Workplace: []int32{0, 0}, Capacity: []int32{1}}
	r := &Result{Assign: []int32{0}, Placed: 1, Cost: 10}
	bonus, err := p.Bonus()
	if err != nil || bonus != 11 { // M = P·(Cmax − 0) + 1 = 1·10 + 1
		t.Fatalf("bonus %d, %v; want 11", bonus, err)
	}
	for _, tt := range []struct {
		name string
		z    Certificate
	}{
		{"wrapping duals", Certificate{M: 11, U: []int64{1<<62 + 1}, Y: []int64{math.MaxInt64, 0}, Z: []int64{1<<62 + 1}}},
		// With M = MaxInt64 the dual bound M − min(0, Cmin) = M admits
		// the same trick, so M must be bounded too: the used arc sums to
		// 10 − M + M + (M − 8) + M = 2^64 ≡ 0, the other to
		// −M + M + M = MaxInt64.
		{"huge bonus", Certificate{M: math.MaxInt64, U: []int64{math.MaxInt64}, Y: []int64{math.MaxInt64 - 8, 0}, Z: []int64{math.MaxInt64}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := Verify(p, r, &tt.z); !errors.Is(err, ErrNotOptimal) {
				t.Fatalf("Verify = %v, want ErrNotOptimal", err)
			}
		})
	}
	// The optimum (cost 0) with its certificate still passes, and the
	// solvers' duals lie within the bound.
	var fs FlowSolver
	res, err := fs.Solve(p)
	if err != nil || res.Cost != 0 {
		t.Fatalf("flow: %+v, %v", res, err)
	}
	if err := Verify(p, res, res.Cert); err != nil {
		t.Fatal(err)
	}
}

// TestSolverDualsWithinBound: the certificates of both solvers respect
// DualBound on random instances (Verify rejects them otherwise).
func TestSolverDualsWithinBound(t *testing.T) {
	const seed = 99
	rnd := rand.New(rand.NewPCG(seed, 5))
	var fs FlowSolver
	var ds DenseSolver
	for it := range 2000 {
		p := tinyProblem(rnd)
		if it%2 == 0 {
			for w := range p.Capacity {
				p.Capacity[w] = 100 // the dense solver needs slack supervisors
			}
			rd, err := ds.Solve(p)
			if err != nil {
				t.Fatalf("seed %d instance %d: %v", seed, it, err)
			}
			if err := Verify(p, rd, rd.Cert); err != nil {
				t.Fatalf("seed %d instance %d: dense: %v", seed, it, err)
			}
		}
		rf, _ := fs.Solve(p)
		if err := Verify(p, rf, rf.Cert); err != nil {
			t.Fatalf("seed %d instance %d: flow: %v", seed, it, err)
		}
	}
}

// TestCertificateClamp: a dual beyond the bound is rejected, and lowering
// it to the bound gives a certificate Verify accepts. Opening 1 has no
// position, so any Y[1] ≥ M − cost keeps the arc of candidate 0 feasible.
func TestCertificateClamp(t *testing.T) {
	p := &Problem{Start: []int32{0, 2}, Opening: []int32{0, 1}, Cost: []int64{3, -4},
		Positions: []int32{1, 0}, Workplace: []int32{0, 0}, Capacity: []int32{1}}
	var fs FlowSolver
	r, err := fs.Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	z := *r.Cert
	z.U, z.Y, z.Z = slices.Clone(z.U), slices.Clone(z.Y), slices.Clone(z.Z)
	z.Y[1] = math.MaxInt64
	if err := Verify(p, r, &z); !errors.Is(err, ErrNotOptimal) {
		t.Fatalf("Verify = %v, want ErrNotOptimal", err)
	}
	z.clamp(DualBound(p, z.M))
	if z.Y[1] != z.M+4 { // M − min(0, Cmin) with Cmin = −4
		t.Fatalf("clamped Y = %d, want M+4 = %d", z.Y[1], z.M+4)
	}
	if err := Verify(p, r, &z); err != nil {
		t.Fatal(err)
	}
}

// TestFlowSolverAllocs: a warmed FlowSolver allocates only the result it
// returns: the Result, its Assign, the Certificate and its U, Y and Z.
// Scratch (the workplace fill pointers, the opening potentials of the
// certificate) lives in the solver.
func TestFlowSolverAllocs(t *testing.T) {
	p := GenerateNetwork(NetworkConfig{Candidates: 500, Openings: 50, Workplaces: 10, Degree: 8, Src: rand.NewPCG(8, 8)})
	var s FlowSolver
	if _, err := s.Solve(p); err != nil { // warm the scratch buffers
		t.Fatal(err)
	}
	const want = 6
	if a := testing.AllocsPerRun(10, func() { s.Solve(p) }); a > want {
		t.Fatalf("%v allocations per solve, want at most %d", a, want)
	}
}
