package match

import (
	"cmp"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
)

// tinyProblem draws a random instance small enough to enumerate: at most
// 6 candidates, 4 openings and 3 workplaces, costs in [lo, lo+20).
func tinyProblem(rnd *rand.Rand) *Problem {
	n, m, nw := 1+rnd.IntN(6), 1+rnd.IntN(4), 1+rnd.IntN(3)
	lo := int64(0)
	if rnd.IntN(4) == 0 {
		lo = -10 // some instances with negative costs
	}
	p := &Problem{
		Start:     make([]int32, n+1),
		Positions: make([]int32, m),
		Workplace: make([]int32, m),
		Capacity:  make([]int32, nw),
	}
	for o := range m {
		p.Positions[o] = int32(rnd.IntN(3))
		p.Workplace[o] = int32(rnd.IntN(nw))
	}
	for w := range nw {
		p.Capacity[w] = int32(rnd.IntN(4))
	}
	for c := range n {
		for o := range m {
			if rnd.IntN(2) == 0 {
				p.Opening = append(p.Opening, int32(o))
				p.Cost = append(p.Cost, lo+rnd.Int64N(20))
			}
		}
		p.Start[c+1] = int32(len(p.Opening))
	}
	return p
}

// bruteForce enumerates every feasible placement and returns the
// lexicographic optimum (most placed, then least cost).
func bruteForce(p *Problem) (placed int, cost int64) {
	n := p.NumCandidates()
	load := make([]int32, p.NumOpenings())
	loadW := make([]int32, p.NumWorkplaces())
	best, bestCost := -1, int64(0)
	var rec func(c, k int, sum int64)
	rec = func(c, k int, sum int64) {
		if c == n {
			if k > best || k == best && sum < bestCost {
				best, bestCost = k, sum
			}
			return
		}
		rec(c+1, k, sum)
		for a := p.Start[c]; a < p.Start[c+1]; a++ {
			o := p.Opening[a]
			w := p.Workplace[o]
			if load[o] < p.Positions[o] && loadW[w] < p.Capacity[w] {
				load[o]++
				loadW[w]++
				rec(c+1, k+1, sum+p.Cost[a])
				load[o]--
				loadW[w]--
			}
		}
	}
	rec(0, 0, 0)
	return best, bestCost
}

// longRuns scales randomised tests up when MATCH_LONG is set, e.g.
// MATCH_LONG=100 go test ./engine/match -run BruteForce.
func longRuns(n int) int {
	if k, err := strconv.Atoi(os.Getenv("MATCH_LONG")); err == nil && k > 1 {
		return n * k
	}
	return n
}

func TestFlowBruteForce(t *testing.T) {
	seed := uint64(20261123)
	if k, err := strconv.ParseUint(os.Getenv("MATCH_SEED"), 10, 64); err == nil {
		seed = k
	}
	rnd := rand.New(rand.NewPCG(seed, 1))
	var s FlowSolver
	for it := range longRuns(20000) {
		solveBrute(t, &s, tinyProblem(rnd), seed, it)
	}
}

// solveBrute solves p with s and fails unless the placement is brute
// force's optimum and its certificate verifies.
func solveBrute(t *testing.T, s *FlowSolver, p *Problem, seed uint64, it int) {
	t.Helper()
	res, err := s.Solve(p)
	if err != nil {
		t.Fatalf("seed %d instance %d: %v", seed, it, err)
	}
	k, cost := bruteForce(p)
	if res.Placed != k || res.Cost != cost {
		t.Fatalf("seed %d instance %d: got %d placed at %d, brute force %d at %d\n%+v",
			seed, it, res.Placed, res.Cost, k, cost, p)
	}
	if err := Verify(p, res, res.Cert); err != nil {
		t.Fatalf("seed %d instance %d: %v\n%+v\n%+v\n%+v", seed, it, err, p, res, res.Cert)
	}
}

func TestFlowRandomProperties(t *testing.T) {
	cases := []NetworkConfig{
		{Candidates: 300, Openings: 40, Workplaces: 10, Degree: 6},
		{Candidates: 300, Openings: 40, Workplaces: 10, Degree: 6, MinCapacity: 50, MaxCapacity: 60, MaxPositions: 12},
		{Candidates: 200, Openings: 60, Workplaces: 30, Degree: 3, MaxCost: 3},
		{Candidates: 500, Openings: 20, Workplaces: 5, Degree: 20, MinPositions: 5, MaxPositions: 30, MinCapacity: 20, MaxCapacity: 100, MaxCost: 50},
	}
	var s FlowSolver
	for i, cfg := range cases {
		for seed := uint64(1); seed <= 5; seed++ {
			cfg.Src = rand.NewPCG(seed, uint64(i))
			p := GenerateNetwork(cfg)
			res, err := s.Solve(p)
			if err != nil {
				t.Fatalf("case %d seed %d: %v", i, seed, err)
			}
			if err := Verify(p, res, res.Cert); err != nil {
				t.Fatalf("case %d seed %d: %v", i, seed, err)
			}
			for c := range p.NumCandidates() {
				for _, alt := range Explain(p, res, res.Cert, c) {
					if alt.Reduced < 0 || alt.Chosen && alt.Reduced != 0 {
						t.Fatalf("case %d seed %d: candidate %d: %+v", i, seed, c, alt)
					}
				}
			}
			// The checker must be able to fail.
			bad := *res.Cert
			bad.Y = append([]int64(nil), res.Cert.Y...)
			for o := range bad.Y {
				bad.Y[o] += 7
			}
			if err := Verify(p, res, &bad); !errors.Is(err, ErrNotOptimal) && res.Placed > 0 {
				t.Fatalf("case %d seed %d: corrupted certificate accepted: %v", i, seed, err)
			}
		}
	}
}

// TestFlowFullSort runs the up-front sort used when cost range and list
// length do not fit a packed key, and a cost range that needs it to be
// exact, against the lazily sorted lists.
func TestFlowFullSort(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		cfg := NetworkConfig{Candidates: 400, Openings: 30, Workplaces: 8, Degree: 8,
			MaxPositions: 10, MaxCapacity: 20, MaxCost: 1 << 40, Src: rand.NewPCG(seed, 9)}
		p := GenerateNetwork(cfg)
		var lazy, full FlowSolver
		full.fullSort = true
		r1, err1 := lazy.Solve(p)
		r2, err2 := full.Solve(p)
		if err1 != nil || err2 != nil {
			t.Fatalf("seed %d: %v, %v", seed, err1, err2)
		}
		if r1.Placed != r2.Placed || r1.Cost != r2.Cost {
			t.Fatalf("seed %d: lazy %d at %d, full %d at %d", seed, r1.Placed, r1.Cost, r2.Placed, r2.Cost)
		}
		for _, r := range []*Result{r1, r2} {
			if err := Verify(p, r, r.Cert); err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
		}
	}
}

func TestSelectSmallest(t *testing.T) {
	const seed = 17
	rnd := rand.New(rand.NewPCG(seed, 0))
	for it := range 500 {
		n := 1 + rnd.IntN(200)
		k := 1 + rnd.IntN(min(n, selectMax))
		x := make([]uint64, n)
		for i := range x {
			x[i] = uint64(rnd.IntN(1 + rnd.IntN(50))) // many duplicates
		}
		sorted := slices.Clone(x)
		slices.Sort(sorted)
		selectSmallest(x, k)
		head := x[:k]
		all := slices.Clone(x)
		slices.Sort(all)
		if !slices.Equal(head, sorted[:k]) || !slices.Equal(all, sorted) {
			t.Fatalf("seed %d iteration %d: n=%d k=%d: smallest %v, want %v", seed, it, n, k, head, sorted[:k])
		}
	}
}

// TestFlowSolverReuse: a solver reused on problems of different sizes
// gives the same answers as a fresh one.
func TestFlowSolverReuse(t *testing.T) {
	var reused FlowSolver
	for i, cfg := range []NetworkConfig{
		{Candidates: 500, Openings: 50, Workplaces: 10, Degree: 10},
		{Candidates: 50, Openings: 5, Workplaces: 2, Degree: 3},
		{Candidates: 800, Openings: 80, Workplaces: 30, Degree: 12, MaxCapacity: 40},
	} {
		cfg.Src = rand.NewPCG(uint64(i), 1)
		p := GenerateNetwork(cfg)
		var fresh FlowSolver
		r1, _ := reused.Solve(p)
		r2, _ := fresh.Solve(p)
		if r1.Placed != r2.Placed || r1.Cost != r2.Cost || !slices.Equal(r1.Assign, r2.Assign) {
			t.Fatalf("problem %d: reused solver differs", i)
		}
	}
}

func TestFlowEdgeCases(t *testing.T) {
	tests := []struct {
		name   string
		p      *Problem
		placed int
		cost   int64
	}{
		{"no candidates", &Problem{Start: []int32{0}, Positions: []int32{2}, Workplace: []int32{0}, Capacity: []int32{1}}, 0, 0},
		{"no openings", &Problem{Start: []int32{0, 0, 0}}, 0, 0},
		{"no arcs", &Problem{Start: []int32{0, 0}, Positions: []int32{1}, Workplace: []int32{0}, Capacity: []int32{1}}, 0, 0},
		{"no supervisors", &Problem{Start: []int32{0, 1, 2}, Opening: []int32{0, 0}, Cost: []int64{1, 2},
			Positions: []int32{2}, Workplace: []int32{0}, Capacity: []int32{0}}, 0, 0},
		{"no positions", &Problem{Start: []int32{0, 1, 2}, Opening: []int32{0, 0}, Cost: []int64{1, 2},
			Positions: []int32{0}, Workplace: []int32{0}, Capacity: []int32{5}}, 0, 0},
		{"negative costs", &Problem{Start: []int32{0, 2, 3}, Opening: []int32{0, 1, 0}, Cost: []int64{-5, -1, -7},
			Positions: []int32{1, 1}, Workplace: []int32{0, 0}, Capacity: []int32{2}}, 2, -8},
		// Placing more beats any saving: the cheap pair (0, 0) must give way.
		{"count before cost", &Problem{Start: []int32{0, 2, 3}, Opening: []int32{0, 1, 0}, Cost: []int64{0, 100, 0},
			Positions: []int32{1, 1}, Workplace: []int32{0, 1}, Capacity: []int32{1, 1}}, 2, 100},
	}
	var s FlowSolver
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.Solve(tt.p)
			if err != nil {
				t.Fatal(err)
			}
			if res.Placed != tt.placed || res.Cost != tt.cost {
				t.Fatalf("placed %d at %d, want %d at %d", res.Placed, res.Cost, tt.placed, tt.cost)
			}
			if err := Verify(tt.p, res, res.Cert); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// FuzzFlow checks the solver against brute force on tiny instances drawn
// from the fuzzer's seed: go test ./engine/match -fuzz FuzzFlow.
func FuzzFlow(f *testing.F) {
	for _, seed := range []uint64{1, 2, 3, 42} {
		f.Add(seed, seed*7)
	}
	f.Fuzz(func(t *testing.T, s1, s2 uint64) {
		p := tinyProblem(rand.New(rand.NewPCG(s1, s2)))
		var s FlowSolver
		res, err := s.Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		k, cost := bruteForce(p)
		if res.Placed != k || res.Cost != cost {
			t.Fatalf("seed (%d, %d): got %d at %d, brute force %d at %d", s1, s2, res.Placed, res.Cost, k, cost)
		}
		if err := Verify(p, res, res.Cert); err != nil {
			t.Fatalf("seed (%d, %d): %v", s1, s2, err)
		}
	})
}

// TestFlowClasses solves small networks of every class and both shapes and
// compares the objective with the dense simplex of lpOptimum; the
// certificate must verify. The heavy class is scaled to 50 so that its
// costs (at most 10⁴·50) keep the simplex exact enough.
func TestFlowClasses(t *testing.T) {
	const seed = 2718
	var s FlowSolver
	for _, class := range NetworkClasses {
		for it := range 6 {
			cfg := NetworkConfig{Class: class, Candidates: 30, Openings: 10, Workplaces: 4,
				Degree: 2 + it%3, MaxPositions: 4, MinCapacity: 0, MaxCapacity: 8, MaxCost: 50,
				Src: rand.NewPCG(seed, uint64(it))}
			if it%2 == 1 { // plentiful
				cfg.MinPositions, cfg.MaxPositions, cfg.MinCapacity, cfg.MaxCapacity = 5, 10, 20, 30
			}
			p := GenerateNetwork(cfg)
			cfg.Src = rand.NewPCG(seed, uint64(it))
			if again := GenerateNetwork(cfg); !slices.Equal(again.Cost, p.Cost) || !slices.Equal(again.Opening, p.Opening) {
				t.Fatalf("%s seed %d instance %d: the same seed gave another network", class, seed, it)
			}
			res, err := s.Solve(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := Verify(p, res, res.Cert); err != nil {
				t.Fatalf("%s seed %d instance %d: %v", class, seed, it, err)
			}
			bonus, _ := p.Bonus()
			got := float64(res.Cost - bonus*int64(res.Placed))
			want := lpOptimum(t, p, bonus)
			if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
				t.Fatalf("%s seed %d instance %d: flow objective %g, simplex %g", class, seed, it, got, want)
			}
		}
	}
}

// TestPointGridNearest checks the geometric classes' nearest-openings
// search against sorting every opening by distance, with points inside
// and outside the workplaces' extent and workplaces in tight clusters.
func TestPointGridNearest(t *testing.T) {
	const seed = 99
	rnd := rand.New(rand.NewPCG(seed, 0))
	for it := range 200 {
		nw := 1 + rnd.IntN(40)
		m := nw + rnd.IntN(3*nw)
		spread := []float64{0.01, 1, 50}[it%3]
		wpt := make([]point, nw)
		for w := range wpt {
			wpt[w] = point{rnd.Float64() * spread, rnd.Float64() * spread}
			if it%5 == 0 && w%2 == 0 {
				wpt[w] = wpt[0] // identical locations
			}
		}
		workplace := make([]int32, m)
		for o := range workplace {
			workplace[o] = int32(rnd.IntN(nw))
			if o < nw {
				workplace[o] = int32(o)
			}
		}
		g := newPointGrid(wpt, workplace, m)
		for range 10 {
			q := point{(rnd.Float64()*1.4 - 0.2) * spread, (rnd.Float64()*1.4 - 0.2) * spread}
			k := 1 + rnd.IntN(m)
			got := g.nearest(nil, q, k)
			all := make([]nearOpening, m)
			for o := range all {
				at := wpt[workplace[o]]
				all[o] = nearOpening{math.Hypot(at.x-q.x, at.y-q.y), int32(o)}
			}
			slices.SortFunc(all, func(a, b nearOpening) int {
				return cmp.Or(cmp.Compare(a.d, b.d), cmp.Compare(workplace[a.o], workplace[b.o]), cmp.Compare(a.o, b.o))
			})
			if !slices.Equal(got, all[:k]) {
				t.Fatalf("seed %d iteration %d: k=%d nearest %v, want %v", seed, it, k, got, all[:k])
			}
		}
	}
}

// TestFlowCountedLists: on networks large enough for the counting-sorted
// in-lists (flow_inlist.go), the placement is the one of the fully sorted
// lists, assignment for assignment, since both order ties by candidate;
// with costs up to 100 one counting sort orders the arcs, with costs up
// to 2·10⁵ (more than the arcs) the radix sort does.
func TestFlowCountedLists(t *testing.T) {
	const seed = 1618
	for _, maxCost := range []int64{100, 200_000} {
		for i, class := range NetworkClasses {
			cfg := NetworkConfig{Class: class, Candidates: 4000, Openings: 200, Workplaces: 40, Degree: 20,
				MinPositions: 10, MaxPositions: 30, MinCapacity: 60, MaxCapacity: 120, MaxCost: maxCost,
				Src: rand.NewPCG(seed, uint64(i))}
			p := GenerateNetwork(cfg)
			if p.NumArcs() < countingMinArcs {
				t.Fatalf("%d arcs: below countingMinArcs", p.NumArcs())
			}
			var counted, full FlowSolver
			full.fullSort = true
			r1, err1 := counted.Solve(p)
			r2, err2 := full.Solve(p)
			if err1 != nil || err2 != nil {
				t.Fatalf("%s seed %d: %v, %v", class, seed, err1, err2)
			}
			if !counted.counted {
				t.Fatalf("%s, costs up to %d: in-lists not counting-sorted", class, maxCost)
			}
			if !slices.Equal(r1.Assign, r2.Assign) || r1.Cost != r2.Cost {
				t.Fatalf("%s seed %d, costs up to %d: counted lists placed %d at %d, sorted lists %d at %d",
					class, seed, maxCost, r1.Placed, r1.Cost, r2.Placed, r2.Cost)
			}
			if err := Verify(p, r1, r1.Cert); err != nil {
				t.Fatalf("%s seed %d: %v", class, seed, err)
			}
		}
	}
}
