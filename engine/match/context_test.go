package match

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
	"time"
)

// TestSolveContextStops: each solver's context variant returns the
// context's error, and no result, once the context has ended, and solves
// as the plain one does while it has not.
func TestSolveContextStops(t *testing.T) {
	// Big enough that each solver passes its checks many times: 20 000
	// candidates over 2 000 openings (the flow search checks every 4 096
	// openings, stable every 4 096 proposals, dense every 16 rows).
	p := GenerateNetwork(NetworkConfig{Candidates: 20000, Openings: 2000, Workplaces: 400, Degree: 20,
		MinPositions: 1, MaxPositions: 3, MinCapacity: 100, MaxCapacity: 100})
	small := GenerateNetwork(NetworkConfig{Candidates: 300, Openings: 60, Workplaces: 60, Degree: 10,
		MinPositions: 1, MaxPositions: 2, MinCapacity: 10, MaxCapacity: 10})
	rnd := rand.New(rand.NewPCG(7, 7)) // seed 7: any seed will do
	pr := tinyPreferences(rnd, small.NumCandidates(), small.NumOpenings())
	done, cancel := context.WithCancel(context.Background())
	cancel()
	solvers := map[string]func(context.Context, *Problem) (*Result, error){
		"flow": func(ctx context.Context, p *Problem) (*Result, error) {
			var s FlowSolver
			return s.SolveContext(ctx, p)
		},
		"dense": func(ctx context.Context, p *Problem) (*Result, error) {
			var s DenseSolver
			return s.SolveContext(ctx, p)
		},
		"stable": func(ctx context.Context, p *Problem) (*Result, error) {
			return StableMatchingContext(ctx, p, pr)
		},
	}
	for name, solve := range solvers {
		prob := p
		if name != "flow" {
			prob = small
		}
		start := time.Now()
		res, err := solve(done, prob)
		if name == "stable" && err == nil {
			continue // fewer proposals than one check: nothing to stop
		}
		if !errors.Is(err, context.Canceled) || res != nil {
			t.Errorf("%s: %v, %v; want context.Canceled and no result", name, res, err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s: stopped after %v", name, d)
		}
		if res, err := solve(context.Background(), small); err != nil && !errors.Is(err, ErrBindingSupervisors) || err == nil && res == nil {
			t.Errorf("%s: background context: %v", name, err)
		}
	}
}
