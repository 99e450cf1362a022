package forecast

import (
	"math"
	"slices"
)

// The statistics of a band are defined on the draws in draw order, so
// that they can be computed from all the draws at once (bandOf) or from
// passes over draws run again (bandStream) with the same bits:
//
//   - a gap of −0 counts as +0;
//   - with m = Σx/n and d = x − m, each sum in draw order, Mean is
//     m + Σd/n (the corrected two-pass mean, exact when the draws are
//     equal) and SD is √((Σd² − (Σd)²/n)/n) (gonum's PopMeanStdDev
//     formula);
//   - P10, P50 and P90 are order statistics (orderIndex);
//   - a draw that is NaN makes every statistic but ProbAbove NaN;
//   - ProbAbove is the share of draws over the threshold.

// bandProbs are the probabilities of a band's quantiles: P10, P50, P90.
var bandProbs = [3]float64{0.1, 0.5, 0.9}

// orderIndex returns the index, among n sorted values, of the empirical
// p-quantile as gonum's stat.Quantile(p, stat.Empirical, …) picks it: the
// first i with i + 1 ≥ p·n (p·n rounded as a float64, as gonum does).
func orderIndex(p float64, n int) int {
	return max(0, int(math.Ceil(p*float64(n)))-1)
}

// canonical returns x with −0 made +0, so that every order of equal
// values gives the same bits.
func canonical(x float64) float64 {
	if x == 0 {
		return 0
	}
	return x
}

// cellBand holds a band's statistics before it is labelled.
type cellBand struct {
	mean, sd, probAbove float64
	q                   [3]float64
}

// bandOf returns the statistics of the draws v (in draw order); buf is
// scratch of len(v) or more.
func bandOf(v, buf []float64, threshold float64) cellBand {
	buf = buf[:len(v)]
	var sum float64
	var above int
	nan := false
	for i, x := range v {
		x = canonical(x)
		buf[i] = x
		sum += x
		if x > threshold {
			above++
		}
		nan = nan || x != x
	}
	n := float64(len(v))
	mean := sum / n
	var ss, comp float64
	for _, x := range buf {
		d := x - mean
		ss += d * d
		comp += d
	}
	b := cellBand{mean: mean + comp/n, sd: math.Sqrt((ss - comp*comp/n) / n), probAbove: float64(above) / n}
	if nan {
		return nanBand(b.probAbove)
	}
	slices.Sort(buf)
	for i, p := range bandProbs {
		b.q[i] = buf[orderIndex(p, len(v))]
	}
	return b
}

// orderKey maps a float64 (not NaN, not −0) to a uint64 in the same
// order; fromKey inverts it.
func orderKey(x float64) uint64 {
	b := math.Float64bits(x)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

func fromKey(k uint64) float64 {
	if k>>63 != 0 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

// nanBand is the band of draws of which one is NaN.
func nanBand(probAbove float64) cellBand {
	nan := math.NaN()
	return cellBand{mean: nan, sd: nan, probAbove: probAbove, q: [3]float64{nan, nan, nan}}
}
