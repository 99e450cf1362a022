package forecast

import (
	"math"
	mbits "math/bits"
	"slices"

	"github.com/caregap/caregap/engine/internal/scratch"
)

// bandStream computes the bands of cells (bandstat.go) from their draws
// fed in draw order, pass after pass over the same draws, in memory that
// does not depend on the number of draws; the bands are bandOf's bit for
// bit.
//
// Pass 0 sums the draws and counts those over the threshold; it keeps a
// cell's first streamBins draws and, once it has them, sorts them into
// the edges of streamBins + 1 bins and counts every draw by bin. With no
// more draws than that, the sample is every draw and the band is known
// at the end of pass 0. Otherwise the bin holding each quantile's order
// statistic is known, with the number of draws below it. Pass 1 sums the
// squared deviations from the mean, and each later pass takes up each
// quantile still open: a bin of at most streamCap draws is collected and
// the quantile picked from it; a larger one is split into at most
// streamBins sub-ranges of the order-preserving integer keys of the
// values (orderKey), whose draws are counted with the smallest and
// largest key seen, so that the next range is what the quantile's
// sub-range holds (one value ends it). The bin holding a given rank
// holds about 2n / streamBins draws (a size-biased spacing of the
// sample), so up to about 10 000 draws a band takes two passes, and three
// up to some millions: a crowded bin split 128 ways leaves a few draws
// each. The tests' shapes, heavy tails and ties included, take at most
// four at 40 000 draws, and the bounded memory is at most streamCap
// values a quantile, whatever the draws.
type bandStream struct {
	n         int // draws
	threshold float64
	pass      int
	cells     []cellStream
}

const (
	streamBins = 128
	streamCap  = 1024
	binsLog2   = 7 // log2(streamBins)
)

type cellStream struct {
	sum, mean, ss, comp float64
	above               int
	nan                 bool
	minK                uint64    // the smallest key fed in pass 0
	edges               []float64 // pass 0: the first draws, then sorted
	counts              []uint32  // draws by bin: edges[b−1] ≤ x < edges[b]
	top                 []uint64  // the largest key of each bin's draws
	t                   [3]selTarget
}

// selTarget narrows the range of keys [lo, hi] that holds the order
// statistic rank, with below draws under lo and count within.
type selTarget struct {
	rank, below, count int
	lo, hi             uint64
	shift              uint // refine: sub-range of key k is (k − lo) >> shift
	state              uint8
	value              float64
	counts             []uint32
	bot, top           []uint64 // refine: the smallest and largest key of each sub-range's draws
	vals               []float64
}

const (
	selResolved uint8 = iota
	selCollect
	selRefine
)

// reset readies s for cells cells of n draws each, keeping its buffers.
func (s *bandStream) reset(cells, n int, threshold float64) {
	s.n, s.threshold, s.pass = n, threshold, 0
	s.cells = scratch.Grow(s.cells, cells)
	for i := range s.cells {
		c := &s.cells[i]
		*c = cellStream{minK: math.MaxUint64, edges: c.edges[:0], counts: c.counts[:0], top: c.top[:0], t: c.t}
		for j := range c.t {
			t := &c.t[j]
			*t = selTarget{counts: t.counts[:0], bot: t.bot[:0], top: t.top[:0], vals: t.vals[:0]}
		}
	}
}

// add feeds cell c's next draws, in draw order, to the current pass.
func (s *bandStream) add(c int, xs []float64) {
	cs := &s.cells[c]
	if s.pass == 0 {
		s.add0(cs, xs)
		return
	}
	for _, x := range xs {
		x = canonical(x)
		if s.pass == 1 {
			d := x - cs.mean
			cs.ss += d * d
			cs.comp += d
		}
		if cs.nan {
			continue
		}
		k := orderKey(x)
		for i := range cs.t {
			t := &cs.t[i]
			if t.state == selResolved || k < t.lo || k > t.hi {
				continue
			}
			if t.state == selCollect {
				t.vals = append(t.vals, x)
				continue
			}
			b := (k - t.lo) >> t.shift
			t.counts[b]++
			t.bot[b], t.top[b] = min(t.bot[b], k), max(t.top[b], k)
		}
	}
}

func (s *bandStream) add0(cs *cellStream, xs []float64) {
	for _, x := range xs {
		x = canonical(x)
		cs.sum += x
		if x > s.threshold {
			cs.above++
		}
		if x != x {
			cs.nan = true
		}
		if cs.nan {
			continue
		}
		k := orderKey(x)
		cs.minK = min(cs.minK, k)
		if len(cs.edges) < streamBins {
			cs.edges = append(cs.edges, x)
			if len(cs.edges) == streamBins && s.n > streamBins {
				slices.Sort(cs.edges)
				cs.counts = scratch.Grow(cs.counts, streamBins+1)
				cs.top = scratch.Grow(cs.top, streamBins+1)
				clear(cs.counts)
				clear(cs.top)
				for _, e := range cs.edges {
					cs.bin(e, orderKey(e))
				}
			}
			continue
		}
		cs.bin(x, k)
	}
}

// bin counts x, of key k, in its bin.
func (cs *cellStream) bin(x float64, k uint64) {
	b := upper(cs.edges, x)
	cs.counts[b]++
	cs.top[b] = max(cs.top[b], k)
}

// upper returns the number of sorted edges ≤ x.
func upper(edges []float64, x float64) int {
	lo, hi := 0, len(edges)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if edges[m] <= x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// endPass ends the current pass and reports whether every band is known;
// if not, the draws are to be fed again, in the same order.
func (s *bandStream) endPass() bool {
	done := true
	for i := range s.cells {
		if !s.endCell(&s.cells[i]) {
			done = false
		}
	}
	s.pass++
	return done
}

func (s *bandStream) endCell(cs *cellStream) bool {
	n := float64(s.n)
	if s.pass == 0 {
		cs.mean = cs.sum / n
		if cs.nan {
			return true
		}
		if s.n <= streamBins { // every draw is in the sample, in draw order
			for _, x := range cs.edges {
				d := x - cs.mean
				cs.ss += d * d
				cs.comp += d
			}
			slices.Sort(cs.edges)
			for i, p := range bandProbs {
				cs.t[i] = selTarget{state: selResolved, value: cs.edges[orderIndex(p, s.n)]}
			}
			return true
		}
		for i, p := range bandProbs {
			t := &cs.t[i]
			t.rank = orderIndex(p, s.n)
			b, below := pick(cs.counts, t.rank)
			t.below, t.count = below, int(cs.counts[b])
			// The bin's smallest draw is its lower edge, a draw itself.
			t.lo, t.hi = cs.minK, cs.top[b]
			if b > 0 {
				t.lo = orderKey(cs.edges[b-1])
			}
			t.decide()
		}
		return false
	}
	done := true
	for i := range cs.t {
		t := &cs.t[i]
		switch t.state {
		case selCollect:
			slices.Sort(t.vals)
			t.value, t.state = t.vals[t.rank-t.below], selResolved
		case selRefine:
			b, below := pick(t.counts, t.rank-t.below)
			t.below += below
			t.count = int(t.counts[b])
			t.lo, t.hi = t.bot[b], t.top[b]
			t.decide()
		}
		done = done && t.state == selResolved
	}
	return done
}

// pick returns the bin of counts that holds the draw of the given rank
// (from 0) and the number of draws in the bins before it.
func pick(counts []uint32, rank int) (bin, below int) {
	for b, c := range counts {
		if below+int(c) > rank {
			return b, below
		}
		below += int(c)
	}
	panic("forecast: bandStream: a rank beyond the draws counted")
}

// decide sets what the next pass does for t: nothing when its range
// holds one value, collect the draws when they are few, else count them
// by sub-range.
func (t *selTarget) decide() {
	switch {
	case t.lo == t.hi:
		t.value, t.state = fromKey(t.lo), selResolved
	case t.count <= streamCap:
		t.vals, t.state = t.vals[:0], selCollect
	default:
		span := t.hi - t.lo
		t.shift = uint(max(0, mbits.Len64(span)-binsLog2))
		nb := int(span>>t.shift) + 1
		t.counts = scratch.Grow(t.counts, nb)
		t.bot = scratch.Grow(t.bot, nb)
		t.top = scratch.Grow(t.top, nb)
		clear(t.counts)
		clear(t.top)
		for i := range t.bot {
			t.bot[i] = math.MaxUint64
		}
		t.state = selRefine
	}
}

// band returns the statistics of cell c once endPass has reported every
// band known.
func (s *bandStream) band(c int) cellBand {
	cs := &s.cells[c]
	n := float64(s.n)
	b := cellBand{mean: cs.mean + cs.comp/n, sd: math.Sqrt((cs.ss - cs.comp*cs.comp/n) / n), probAbove: float64(cs.above) / n}
	if cs.nan {
		return nanBand(b.probAbove)
	}
	for i := range cs.t {
		b.q[i] = cs.t[i].value
	}
	return b
}
