package match

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// Compare runs with
//
//	go test ./engine/match -run '^$' -bench . -count 10 > new.txt
//	benchstat old.txt new.txt

// Shapes of the placement network of DESIGN.md at municipal-region scale:
// 100 000 candidates, 5 000 openings in 1 000 workplaces, 50 eligible
// openings per candidate.
var benchShapes = []struct {
	name string
	cfg  NetworkConfig
}{
	// About 3 000 supervised places in all: most candidates stay out.
	{"scarce", NetworkConfig{Candidates: 100000, Openings: 5000, Workplaces: 1000, Degree: 50,
		MinPositions: 1, MaxPositions: 3, MinCapacity: 1, MaxCapacity: 5}},
	// About 125 000 positions and ample supervision: nearly all are placed.
	{"plentiful", NetworkConfig{Candidates: 100000, Openings: 5000, Workplaces: 1000, Degree: 50,
		MinPositions: 15, MaxPositions: 35, MinCapacity: 100, MaxCapacity: 200}},
}

func BenchmarkFlowSolver(b *testing.B) {
	for _, sh := range benchShapes {
		b.Run(sh.name, func(b *testing.B) {
			cfg := sh.cfg
			cfg.Src = rand.NewPCG(42, 7)
			p := GenerateNetwork(cfg)
			var s FlowSolver
			var res *Result
			b.ReportAllocs()
			for b.Loop() {
				var err error
				res, err = s.Solve(p)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Placed)*float64(b.N)/b.Elapsed().Seconds(), "assignments/s")
			ph, zp, dp, sp := s.Stats()
			b.ReportMetric(float64(ph), "phases")
			b.Logf("%s: placed %d cost %d phases %d (%d zero) dijkstra paths %d search paths %d",
				sh.name, res.Placed, res.Cost, ph, zp, dp, sp)
		})
	}
}

func BenchmarkVerify(b *testing.B) {
	cfg := benchShapes[0].cfg
	cfg.Src = rand.NewPCG(42, 7)
	p := GenerateNetwork(cfg)
	var s FlowSolver
	res, err := s.Solve(p)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := Verify(p, res, res.Cert); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuild prices a county-sized instance: 100 000 candidates and
// 5 000 openings at 1 000 workplaces on a 200 km square, default rules
// (30 km commute).
func BenchmarkBuild(b *testing.B) {
	rnd := rand.New(rand.NewPCG(1, 1))
	cands, ops, wps := randomPeople(rnd, 100000, 5000, 1000)
	b.ReportAllocs()
	var p *Problem
	for b.Loop() {
		var err error
		p, _, err = Build(cands, ops, wps, Rules{}, CostWeights{})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(p.NumArcs()), "arcs")
	b.ReportMetric(float64(len(cands))*float64(b.N)/b.Elapsed().Seconds(), "candidates/s")
}

// BenchmarkFlowClasses solves the networks of every class and shape at the
// sizes of the peers table (benchmarks/README.md): 10 000 candidates × 20
// eligible openings and 100 000 × 50, with candidates/20 openings in
// candidates/100 workplaces, as benchmarks/flow.Config draws them.
//
//	go test ./engine/match -run '^$' -bench FlowClasses -benchtime 3x
func BenchmarkFlowClasses(b *testing.B) {
	for _, size := range []struct{ n, deg int }{{10000, 20}, {100000, 50}} {
		for _, class := range NetworkClasses {
			for _, sh := range benchShapes {
				name := fmt.Sprintf("%dx%d/%s/%s", size.n, size.deg, class, sh.name)
				b.Run(name, func(b *testing.B) {
					cfg := sh.cfg
					cfg.Class, cfg.Candidates, cfg.Degree = class, size.n, size.deg
					cfg.Openings, cfg.Workplaces = size.n/20, size.n/100
					cfg.Src = rand.NewPCG(42, 7)
					p := GenerateNetwork(cfg)
					var s FlowSolver
					var res *Result
					b.ReportAllocs()
					for b.Loop() {
						var err error
						if res, err = s.Solve(p); err != nil {
							b.Fatal(err)
						}
					}
					ph, zp, dp, sp := s.Stats()
					b.ReportMetric(float64(ph), "phases")
					b.Logf("placed %d cost %d phases %d (%d zero) dijkstra paths %d search paths %d",
						res.Placed, res.Cost, ph, zp, dp, sp)
				})
			}
		}
	}
}
