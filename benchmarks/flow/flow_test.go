package flow

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/caregap/caregap/benchmarks/internal/peertest"
	"github.com/caregap/caregap/engine/match"
)

// TestLemonOptimum solves mid-size networks of every class and both shapes
// with the engine and with LEMON's NetworkSimplex and CostScaling, and
// requires the same number placed and the same total cost. 5 000
// candidates with 20 eligible openings each (100 000 arcs) keep the test
// at several seconds, most of it LEMON's CostScaling and compiling the
// driver when $LEMON_MCF is not set.
func TestLemonOptimum(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	driver, err := Driver(ctx, dir)
	peertest.Require(t, err)
	for _, class := range Classes {
		for _, shape := range Shapes {
			for _, seed := range []uint64{1, 2} {
				t.Run(fmt.Sprintf("%s/%s/seed=%d", class, shape, seed), func(t *testing.T) {
					p := match.GenerateNetwork(Config(class, shape, 5000, 20, seed))
					_, res, err := Solve(p, 1)
					if err != nil {
						t.Fatal(err)
					}
					path := filepath.Join(dir, fmt.Sprintf("%s-%s-%d.net", class, shape, seed))
					f, err := os.Create(path)
					if err != nil {
						t.Fatal(err)
					}
					if err := WriteNetwork(f, p); err != nil {
						t.Fatal(err)
					}
					if err := f.Close(); err != nil {
						t.Fatal(err)
					}
					for _, alg := range Algorithms {
						lr, err := Lemon(ctx, driver, path, alg, 1)
						if err != nil {
							t.Fatal(err)
						}
						if lr.Placed != res.Placed || lr.Cost != res.Cost {
							t.Errorf("seed %d: %s placed %d cost %d, engine placed %d cost %d",
								seed, alg, lr.Placed, lr.Cost, res.Placed, res.Cost)
						}
					}
					t.Logf("seed %d: placed %d cost %d", seed, res.Placed, res.Cost)
				})
			}
		}
	}
}
