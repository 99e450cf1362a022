package match

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestFlowMovePaths solves networks of every class with places plentiful
// three ways: with move lists (flow_pairs.go), scanning every opening arc
// by arc as before them, and sweeping for nodes that cannot reach the
// sink before every phase (flow_gone.go). The optima must agree and each
// certificate must verify. 3 000 candidates × 15 openings (150 openings,
// 30 workplaces) keeps every opening's lists long enough for the
// arc-by-arc fallback in the uniform classes; the scarce shape is there
// so that it stays as fast as before.
func TestFlowMovePaths(t *testing.T) {
	const seed = 4242
	for i, class := range NetworkClasses {
		for _, shape := range []string{"plentiful", "scarce"} {
			p := shapedNetwork(class, shape, seed, uint64(i))
			var moves, arcs, sweeping FlowSolver
			arcs.noMoves = true
			sweeping.sweepEach = true
			var want *Result
			for _, v := range []struct {
				name string
				s    *FlowSolver
			}{{"arc by arc", &arcs}, {"move lists", &moves}, {"sweep each phase", &sweeping}} {
				res, err := v.s.Solve(p)
				if err != nil {
					t.Fatalf("%s %s seed %d, %s: %v", class, shape, seed, v.name, err)
				}
				if err := Verify(p, res, res.Cert); err != nil {
					t.Fatalf("%s %s seed %d, %s: %v", class, shape, seed, v.name, err)
				}
				if want == nil {
					want = res
				} else if res.Placed != want.Placed || res.Cost != want.Cost {
					t.Fatalf("%s %s seed %d: %s placed %d at %d, arc by arc %d at %d",
						class, shape, seed, v.name, res.Placed, res.Cost, want.Placed, want.Cost)
				}
			}
			if class == ClassGeometric && shape == "plentiful" && moves.joins == 0 {
				t.Fatalf("%s %s: the move lists were never updated in place", class, shape)
			}
		}
	}
}

// shapedNetwork draws 3 000 candidates × 15 eligible openings (150
// openings, 30 workplaces) of a class, with places "plentiful" or
// supervisors "scarce".
func shapedNetwork(class, shape string, seed, stream uint64) *Problem {
	cfg := NetworkConfig{Class: class, Candidates: 3000, Openings: 150, Workplaces: 30, Degree: 15,
		MinPositions: 15, MaxPositions: 35, MinCapacity: 100, MaxCapacity: 200,
		Src: rand.NewPCG(seed, stream)}
	if shape == "scarce" {
		cfg.MinPositions, cfg.MaxPositions, cfg.MinCapacity, cfg.MaxCapacity = 1, 3, 1, 5
	}
	return GenerateNetwork(cfg)
}

// TestFlowGoneBruteForce sweeps before every phase on tiny instances,
// where supervisors and places run out and nodes are dropped often, and
// compares with brute force; the certificate, which keeps the potentials
// the dropped nodes had, must verify.
func TestFlowGoneBruteForce(t *testing.T) {
	const seed = 20261203
	rnd := rand.New(rand.NewPCG(seed, 3))
	var s FlowSolver
	s.sweepEach = true
	gone := 0
	for it := range longRuns(5000) {
		solveBrute(t, &s, tinyProblem(rnd), seed, it)
		gone += s.goneNodes
	}
	if gone == 0 {
		t.Fatal("no sweep dropped a node: the test does not reach the code it is for")
	}
}

// TestMoveListsIncremental moves candidates at random between openings,
// as augmenting paths do, and checks every up-to-date move list against
// the least and second least deltas recomputed from the candidates at
// the opening.
func TestMoveListsIncremental(t *testing.T) {
	const seed = 77
	for i, class := range []string{ClassGeometric, ClassClustered, ClassUniform} {
		for _, byPos := range []bool{true, false} {
			testMoveListsIncremental(t, class, seed, uint64(i), byPos)
		}
	}
}

// testMoveListsIncremental runs TestMoveListsIncremental on one class,
// with the updates by position (flow_pos.go) or by binary search only.
func testMoveListsIncremental(t *testing.T, class string, seed, stream uint64, byPos bool) {
	rnd := rand.New(rand.NewPCG(seed, stream))
	cfg := NetworkConfig{Class: class, Candidates: 600, Openings: 60, Workplaces: 12, Degree: 8,
		MinPositions: 30, MaxPositions: 40, MaxCost: 20, Src: rand.NewPCG(seed, stream)}
	p := GenerateNetwork(cfg)
	var s FlowSolver
	s.noPos = !byPos
	s.init(p)
	n := p.NumCandidates()
	for step := range 20000 {
		c := int32(rnd.IntN(n))
		a := p.Start[c] + int32(rnd.IntN(int(p.Start[c+1]-p.Start[c])))
		o := p.Opening[a]
		if s.assign[c] == o || s.load[o] == s.slot.size(int(o)) {
			continue
		}
		s.place(c, o, a)
		if u := int32(rnd.IntN(s.m)); rnd.IntN(3) == 0 {
			s.movesOf(u) // rebuild now and then, as the searches do
		}
		if step%500 == 0 {
			for u := range int32(s.m) {
				checkMoveList(t, &s, u)
			}
		}
	}
	if s.joins == 0 || s.leaves == 0 {
		t.Fatalf("%s: joins %d, leaves %d: the in-place updates were not reached", class, s.joins, s.leaves)
	}
	if byPos != (s.posUpdates > 0) {
		t.Fatalf("%s, by position %v: %d updates by position", class, byPos, s.posUpdates)
	}
}

// checkMoveList compares u's move list, if up to date, with the deltas of
// the candidates placed at u.
func checkMoveList(t *testing.T, s *FlowSolver, u int32) {
	t.Helper()
	if !s.movesOK[u] || s.movesRaw[u] {
		return
	}
	p := s.p
	deltas := map[int32][]int64{}
	for c, o := range s.assign {
		if o != u {
			continue
		}
		cu := p.Cost[s.arcOf[c]]
		for a := p.Start[c]; a < p.Start[c+1]; a++ {
			if p.Opening[a] != u {
				deltas[p.Opening[a]] = append(deltas[p.Opening[a]], p.Cost[a]-cu)
			}
		}
	}
	list := s.moves[u]
	if len(list) != len(deltas) {
		t.Fatalf("opening %d: %d entries, %d targets", u, len(list), len(deltas))
	}
	for k, mv := range list {
		if k > 0 && list[k-1].o >= mv.o {
			t.Fatalf("opening %d: targets out of order at %d", u, k)
		}
		d := deltas[mv.o]
		slices.Sort(d)
		if len(d) == 0 || mv.d1 != d[0] || s.assign[mv.c1] != u || p.Cost[s.arcInto(mv.c1, mv.o)]-p.Cost[s.arcOf[mv.c1]] != mv.d1 {
			t.Fatalf("opening %d → %d: least %d by %d, deltas %v", u, mv.o, mv.d1, mv.c1, d)
		}
		switch {
		case mv.c2 == noSecond && len(d) != 1:
			t.Fatalf("opening %d → %d: no second, deltas %v", u, mv.o, d)
		case mv.c2 >= 0 && (len(d) < 2 || mv.d2 != d[1] || s.assign[mv.c2] != u || mv.c2 == mv.c1):
			t.Fatalf("opening %d → %d: second %d by %d, deltas %v", u, mv.o, mv.d2, mv.c2, d)
		}
	}
}

// TestFlowMoveTies: costs all equal, so every placement of the most
// candidates is optimal and every delta ties; and a network in which each
// candidate has one eligible opening, so no move exists.
func TestFlowMoveTies(t *testing.T) {
	for _, tt := range []struct {
		name string
		cfg  NetworkConfig
	}{
		{"equal costs", NetworkConfig{Candidates: 2000, Openings: 100, Workplaces: 20, Degree: 10,
			MinPositions: 15, MaxPositions: 35, MinCapacity: 100, MaxCapacity: 200, MaxCost: 1}},
		{"one opening each", NetworkConfig{Candidates: 2000, Openings: 100, Workplaces: 20, Degree: 1,
			MinPositions: 15, MaxPositions: 35, MinCapacity: 100, MaxCapacity: 200}},
		{"few positions, equal costs", NetworkConfig{Class: ClassGeometric, Candidates: 2000, Openings: 100,
			Workplaces: 20, Degree: 10, MinPositions: 5, MaxPositions: 10, MinCapacity: 30, MaxCapacity: 60}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Src = rand.NewPCG(5, 5)
			p := GenerateNetwork(tt.cfg)
			if tt.name == "few positions, equal costs" {
				for a := range p.Cost {
					p.Cost[a] = 3
				}
			}
			var moves, arcs FlowSolver
			arcs.noMoves = true
			r1, err1 := moves.Solve(p)
			r2, err2 := arcs.Solve(p)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if r1.Placed != r2.Placed || r1.Cost != r2.Cost {
				t.Fatalf("move lists %d at %d, arc by arc %d at %d", r1.Placed, r1.Cost, r2.Placed, r2.Cost)
			}
			if err := Verify(p, r1, r1.Cert); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestFindMove checks the move lists' binary search against a linear
// scan on every length up to 40 and every target around the entries.
func TestFindMove(t *testing.T) {
	for n := range 41 {
		list := make([]move, n)
		for i := range list {
			list[i].o = int32(3 * i) // gaps for the targets not listed
		}
		for o := int32(-2); o <= int32(3*n+2); o++ {
			want := 0
			for want < n && list[want].o < o {
				want++
			}
			got, ok := findMove(list, o)
			if got != want || ok != (want < n && list[want].o == o) {
				t.Fatalf("length %d, target %d: got %d, %v, want %d", n, o, got, ok, want)
			}
		}
	}
}
