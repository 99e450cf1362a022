package lap

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/caregap/caregap/benchmarks/internal/peertest"
)

// TestScipyOptimum solves matrices of every class with DenseLAP and with
// scipy's linear_sum_assignment and requires equal optimal totals. n = 200
// and 300 take well under a second each on both sides.
func TestScipyOptimum(t *testing.T) {
	ctx := context.Background()
	peertest.Require(t, Available(ctx))
	dir := t.TempDir()
	for _, class := range append([]string{"uniform1000"}, Classes...) {
		for _, n := range []int{200, 300} {
			for _, seed := range []uint64{1, 2} {
				t.Run(fmt.Sprintf("%s/n=%d/seed=%d", class, n, seed), func(t *testing.T) {
					var c []int64
					if class == "uniform1000" {
						c = Uniform(n, seed)
					} else {
						c = Generate(class, n, seed)
					}
					_, total, err := Solve(c, n, 1)
					if err != nil {
						t.Fatal(err)
					}
					path := filepath.Join(dir, fmt.Sprintf("%s-%d-%d.npy", class, n, seed))
					writeNPYFile(t, path, c, n, n)
					r, err := Scipy(ctx, path, 1)
					if err != nil {
						t.Fatal(err)
					}
					if r.N != n || r.M != n || r.Total != total {
						t.Errorf("seed %d: scipy %dx%d total %d, DenseLAP total %d", seed, r.N, r.M, r.Total, total)
					}
				})
			}
		}
	}
}

func writeNPYFile(t *testing.T, path string, c []int64, n, m int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteNPY(f, c, n, m); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestWriteNPYRectangular checks the header of a non-square matrix
// against numpy's reading of it.
func TestWriteNPYRectangular(t *testing.T) {
	ctx := context.Background()
	peertest.Require(t, Available(ctx))
	path := filepath.Join(t.TempDir(), "r.npy")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	// Values spanning the int64 range: a wrong byte order or offset shows.
	a := []int64{0, -1, 1 << 40, 7, -(1 << 62), 123456789}
	if err := WriteNPY(f, a, 2, 3); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, err := exec.CommandContext(ctx, Python, "-c",
		"import numpy, sys; x = numpy.load(sys.argv[1]); print(x.shape, x.dtype, x.ravel().tolist())", path).CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want := "(2, 3) int64 [0, -1, 1099511627776, 7, -4611686018427387904, 123456789]\n"
	if string(out) != want {
		t.Errorf("numpy read %q, want %q", out, want)
	}
}
