package match

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Network classes of GenerateNetwork: how eligible openings and costs are
// drawn. The shape (positions and supervisor capacity) is set apart, by
// the Min/Max fields of NetworkConfig.
const (
	// ClassUniform: each candidate's Degree openings are drawn uniformly,
	// costs uniform in [0, MaxCost).
	ClassUniform = "uniform"
	// ClassGeometric: candidates and workplaces are points on a square of
	// about 25 km² per workplace; a candidate's eligible openings are the
	// Degree nearest (openings sit at their workplace), and the cost
	// follows the default cost model (model.go, weights at scale 10):
	// 10 per km of commute, 50 per place down the candidate's list of five
	// roles, ½ per day of wait before the start.
	ClassGeometric = "geometric"
	// ClassClustered: as geometric, but candidates and workplaces gather
	// around a few towns (Gaussian, σ = 4 km) of Zipf-distributed sizes;
	// workplaces follow the square root of the towns' sizes, so the
	// larger towns have fewer places per candidate.
	ClassClustered = "clustered"
	// ClassHeavy: eligibility as uniform, heavy-tailed costs:
	// ⌊MaxCost·(U^(−1/1.2) − 1)⌋ for U uniform in (0, 1] (Pareto, tail
	// index 1.2), capped at 10⁴·MaxCost.
	ClassHeavy = "heavy"
)

// NetworkClasses lists the classes GenerateNetwork knows.
var NetworkClasses = []string{ClassUniform, ClassGeometric, ClassClustered, ClassHeavy}

// NetworkConfig describes a random placement network for tests and
// benchmarks. Zero fields take the defaults in brackets.
type NetworkConfig struct {
	// Class is one of NetworkClasses [ClassUniform].
	Class      string
	Candidates int // [1000]
	Openings   int // [100]
	Workplaces int // [20]; opening o belongs to a uniformly drawn workplace
	Degree     int // eligible openings per candidate, distinct [min(10, Openings)]
	// Positions of each opening are uniform in [MinPositions, MaxPositions] [1, 3].
	MinPositions, MaxPositions int
	// Supervisor capacity of each workplace is uniform in
	// [MinCapacity, MaxCapacity] [1, 5].
	MinCapacity, MaxCapacity int
	// Costs of the uniform class are uniform integers in [0, MaxCost),
	// and MaxCost is the scale of the heavy class [1000].
	MaxCost int64
	// Src is the random source; nil means rand.NewPCG(1, 2).
	Src rand.Source
}

// GenerateNetwork returns a random Problem as described by cfg, the same
// for the same cfg and seed. It panics on a config that does not fit
// together (a caller's bug): an unknown class, Degree above Openings, or
// a minimum above its maximum.
func GenerateNetwork(cfg NetworkConfig) *Problem {
	def := func(x *int, d int) {
		if *x == 0 {
			*x = d
		}
	}
	def(&cfg.Candidates, 1000)
	def(&cfg.Openings, 100)
	def(&cfg.Workplaces, 20)
	def(&cfg.Degree, min(10, cfg.Openings))
	def(&cfg.MinPositions, 1)
	def(&cfg.MaxPositions, max(3, cfg.MinPositions))
	def(&cfg.MinCapacity, 1)
	def(&cfg.MaxCapacity, max(5, cfg.MinCapacity))
	if cfg.MaxCost == 0 {
		cfg.MaxCost = 1000
	}
	if cfg.Class == "" {
		cfg.Class = ClassUniform
	}
	if cfg.Degree > cfg.Openings || cfg.MaxPositions < cfg.MinPositions || cfg.MaxCapacity < cfg.MinCapacity ||
		!slices.Contains(NetworkClasses, cfg.Class) {
		panic("match: bad NetworkConfig")
	}
	src := cfg.Src
	if src == nil {
		src = rand.NewPCG(1, 2)
	}
	rnd := rand.New(src)
	n, m, nw, deg := cfg.Candidates, cfg.Openings, cfg.Workplaces, cfg.Degree
	p := &Problem{
		Start:     make([]int32, n+1),
		Opening:   make([]int32, n*deg),
		Cost:      make([]int64, n*deg),
		Positions: make([]int32, m),
		Workplace: make([]int32, m),
		Capacity:  make([]int32, nw),
	}
	for o := range m {
		p.Positions[o] = int32(cfg.MinPositions + rnd.IntN(cfg.MaxPositions-cfg.MinPositions+1))
		p.Workplace[o] = int32(rnd.IntN(nw))
	}
	for w := range nw {
		p.Capacity[w] = int32(cfg.MinCapacity + rnd.IntN(cfg.MaxCapacity-cfg.MinCapacity+1))
	}
	switch cfg.Class {
	case ClassGeometric, ClassClustered:
		generateGeometric(p, cfg, rnd)
		return p
	}
	mark := make([]int32, m)
	a := 0
	for c := range n {
		for k := 0; k < deg; {
			o := rnd.IntN(m)
			if mark[o] == int32(c)+1 {
				continue
			}
			mark[o] = int32(c) + 1
			p.Opening[a] = int32(o)
			if cfg.Class == ClassHeavy {
				p.Cost[a] = heavyCost(rnd, cfg.MaxCost)
			} else {
				p.Cost[a] = rnd.Int64N(cfg.MaxCost)
			}
			a++
			k++
		}
		p.Start[c+1] = int32(a)
	}
	return p
}

// heavyCost draws a Pareto cost of tail index 1.2 and scale s.
func heavyCost(rnd *rand.Rand, s int64) int64 {
	u := 1 - rnd.Float64() // (0, 1]
	x := float64(s) * (math.Pow(u, -1/1.2) - 1)
	return int64(min(x, 1e4*float64(s)))
}

// point is a location in km.
type point struct{ x, y float64 }

// generateGeometric fills the arcs of p for the geometric and clustered
// classes; positions, workplaces and capacities are drawn already.
func generateGeometric(p *Problem, cfg NetworkConfig, rnd *rand.Rand) {
	n, m, nw, deg := cfg.Candidates, cfg.Openings, cfg.Workplaces, cfg.Degree
	side := 5 * math.Sqrt(float64(nw)) // about 25 km² per workplace
	var cand, wpt []point
	if cfg.Class == ClassGeometric {
		draw := func(k int) []point {
			pts := make([]point, k)
			for i := range pts {
				pts[i] = point{rnd.Float64() * side, rnd.Float64() * side}
			}
			return pts
		}
		wpt, cand = draw(nw), draw(n)
	} else {
		towns := 3 + int(math.Sqrt(float64(nw))/8)
		centre := make([]point, towns)
		size := make([]float64, towns)
		root := make([]float64, towns)
		for t := range centre {
			centre[t] = point{rnd.Float64() * side, rnd.Float64() * side}
			size[t] = 1 / float64(t+1) // Zipf
			root[t] = math.Sqrt(size[t])
		}
		draw := func(k int, weight []float64) []point {
			cum := make([]float64, len(weight))
			var s float64
			for t, x := range weight {
				s += x
				cum[t] = s
			}
			pts := make([]point, k)
			for i := range pts {
				t, _ := slices.BinarySearch(cum, rnd.Float64()*s)
				t = min(t, towns-1)
				pts[i] = point{centre[t].x + 4*rnd.NormFloat64(), centre[t].y + 4*rnd.NormFloat64()}
			}
			return pts
		}
		wpt, cand = draw(nw, root), draw(n, size)
	}
	// Each opening: a role in 0..4 and a start day in 0..180.
	role := make([]uint8, m)
	start := make([]int32, m)
	for o := range m {
		role[o] = uint8(rnd.IntN(5))
		start[o] = int32(rnd.IntN(181))
	}
	g := newPointGrid(wpt, p.Workplace, m)
	var near []nearOpening
	var rank [5]int64
	a := 0
	for c := range n {
		for r, k := range rnd.Perm(5) {
			rank[k] = int64(r)
		}
		avail := int32(rnd.IntN(181))
		near = g.nearest(near[:0], cand[c], deg)
		for _, no := range near {
			o := no.o
			wait := int64(max(0, start[o]-avail))
			p.Opening[a] = o
			p.Cost[a] = int64(math.Round(10*no.d)) + 50*rank[role[o]] + wait/2
			a++
		}
		p.Start[c+1] = int32(a)
	}
}
