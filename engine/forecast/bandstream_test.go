package forecast

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat"
)

// streamBands feeds the cells' draws (cells × n, draw-major within a
// cell) to a bandStream in windows of w draws, pass after pass, and
// returns the bands and the passes taken.
func streamBands(s *bandStream, vals [][]float64, n, w int, threshold float64) ([]cellBand, int) {
	s.reset(len(vals), n, threshold)
	passes := 0
	for done := false; !done; {
		for start := 0; start < n; start += w {
			for c, v := range vals {
				s.add(c, v[start:min(n, start+w)])
			}
		}
		done = s.endPass()
		passes++
	}
	out := make([]cellBand, len(vals))
	for c := range vals {
		out[c] = s.band(c)
	}
	return out, passes
}

func sameBits(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || (a != a && b != b)
}

func sameBand(a, b cellBand) bool {
	return sameBits(a.mean, b.mean) && sameBits(a.sd, b.sd) && sameBits(a.probAbove, b.probAbove) &&
		sameBits(a.q[0], b.q[0]) && sameBits(a.q[1], b.q[1]) && sameBits(a.q[2], b.q[2])
}

// TestBandStreamEqualsAll: the bands streamed in passes are those of all
// the draws at once, bit for bit, on draws of many shapes (spread,
// heavy-tailed, tied, constant, signed zeros, infinities, NaN, values a
// few ulps apart) and numbers (1 to 40 000, either side of the sample and
// the collection sizes), in windows of any size; and the passes stay few.
func TestBandStreamEqualsAll(t *testing.T) {
	shapes := map[string]func(r *rand.Rand, k int) float64{
		"normal":   func(r *rand.Rand, k int) float64 { return -50 + 8*r.NormFloat64() },
		"heavy":    func(r *rand.Rand, k int) float64 { return math.Pow(r.Float64(), -3) * float64(1-2*(k%2)) },
		"ties":     func(r *rand.Rand, k int) float64 { return float64(r.IntN(5)) - 2 },
		"constant": func(r *rand.Rand, k int) float64 { return 3200.1 },
		"zeros":    func(r *rand.Rand, k int) float64 { return []float64{0, math.Copysign(0, -1), 1e-300}[r.IntN(3)] },
		"ulps":     func(r *rand.Rand, k int) float64 { return math.Nextafter(100, 200) + float64(r.IntN(3))*1e-13 },
		"infinite": func(r *rand.Rand, k int) float64 {
			return []float64{math.Inf(1), math.Inf(-1), 7, r.Float64()}[r.IntN(4)]
		},
		"nan":       func(r *rand.Rand, k int) float64 { return map[bool]float64{true: math.NaN(), false: 1}[k == 17] },
		"clustered": func(r *rand.Rand, k int) float64 { return float64(r.IntN(3))*1e6 + r.Float64() },
	}
	var s bandStream
	for name, f := range shapes {
		for _, n := range []int{1, 2, 3, 10, 127, 128, 129, 300, 5000, 40000} {
			r := rand.New(rand.NewPCG(uint64(n), 9))
			vals := make([][]float64, 3)
			for c := range vals {
				vals[c] = make([]float64, n)
				for k := range n {
					vals[c][k] = f(r, k)
				}
			}
			buf := make([]float64, n)
			for _, w := range []int{1, 7, 64, n} {
				got, passes := streamBands(&s, vals, n, w, 0.5)
				for c := range vals {
					if want := bandOf(vals[c], buf, 0.5); !sameBand(got[c], want) {
						t.Fatalf("%s, %d draws, window %d, cell %d: streamed %+v, all at once %+v", name, n, w, c, got[c], want)
					}
				}
				limit := 4
				switch {
				case n <= streamBins:
					limit = 1
				case n <= 5000:
					limit = 2
				}
				if passes > limit {
					t.Errorf("%s, %d draws: %d passes, want at most %d", name, n, passes, limit)
				}
			}
		}
	}
}

// TestBandOfGonum: bandOf's quantiles are gonum's empirical quantiles of
// the sorted draws and its SD is gonum's population SD, to rounding, and
// its mean is exact for equal draws.
func TestBandOfGonum(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 3, 9, 10, 11, 29, 30, 31, 99, 100, 101, 1000, 4999} {
		v := make([]float64, n)
		for k := range v {
			v[k] = 100 * r.NormFloat64()
		}
		b := bandOf(v, make([]float64, n), 0)
		sorted := slices.Clone(v)
		slices.Sort(sorted)
		for i, p := range bandProbs {
			if want := stat.Quantile(p, stat.Empirical, sorted, nil); b.q[i] != want {
				t.Errorf("n %d, p %g: %g, gonum %g", n, p, b.q[i], want)
			}
		}
		mean, sd := stat.PopMeanStdDev(v, nil)
		if math.Abs(b.mean-mean) > 1e-12*100 || math.Abs(b.sd-sd) > 1e-12*100 {
			t.Errorf("n %d: mean %g sd %g, gonum %g %g", n, b.mean, b.sd, mean, sd)
		}
	}
	v := slices.Repeat([]float64{3200.1}, 1000)
	if b := bandOf(v, make([]float64, len(v)), 0); b.mean != 3200.1 || b.sd != 0 {
		t.Errorf("1 000 equal draws: mean %v sd %v, want 3200.1 and 0", b.mean, b.sd)
	}
}
