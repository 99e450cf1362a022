package match

import (
	"errors"
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
