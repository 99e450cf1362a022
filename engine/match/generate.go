package match

import "math/rand/v2"

// NetworkConfig describes a random placement network for tests and
// benchmarks. Zero fields take the defaults in brackets.
type NetworkConfig struct {
	Candidates int // [1000]
	Openings   int // [100]
	Workplaces int // [20]; opening o belongs to a uniformly drawn workplace
	Degree     int // eligible openings per candidate, distinct [min(10, Openings)]
	// Positions of each opening are uniform in [MinPositions, MaxPositions] [1, 3].
	MinPositions, MaxPositions int
	// Supervisor capacity of each workplace is uniform in
	// [MinCapacity, MaxCapacity] [1, 5].
	MinCapacity, MaxCapacity int
	// Costs are uniform integers in [0, MaxCost) [1000].
	MaxCost int64
	// Src is the random source; nil means rand.NewPCG(1, 2).
	Src rand.Source
}

// GenerateNetwork returns a random Problem as described by cfg.
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
	if cfg.Degree > cfg.Openings || cfg.MaxPositions < cfg.MinPositions || cfg.MaxCapacity < cfg.MinCapacity {
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
			p.Cost[a] = rnd.Int64N(cfg.MaxCost)
			a++
			k++
		}
		p.Start[c+1] = int32(a)
	}
	return p
}
