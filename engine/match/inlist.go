package match

import (
	"math/bits"
	"slices"
	"sort"

	"github.com/caregap/caregap/engine/internal/scratch"
)

// The in-list of an opening holds its eligible candidates; the solver
// needs them by increasing cost, but only as far as its head advances past
// placed candidates, which with scarce supervisors is a short prefix. So
// each list is sorted lazily: first its 16 cheapest entries are selected
// and sorted (O(d) for a list of d entries), then, if the head gets past
// them, the whole rest is sorted (O(d log d) in all).

// initInLists scatters the arcs into per-opening lists in candidate order
// and prepares their packed sort keys (cost, position), which order ties
// by candidate. If cost range and list length do not fit in 64 bits
// together, every list is sorted at once instead.
func (s *FlowSolver) initInLists() {
	p := s.p
	m, na := s.m, p.NumArcs()
	s.in.count(p.Opening, m)
	s.inCand = scratch.Grow(s.inCand, na)
	s.inArc = scratch.Grow(s.inArc, na)
	s.sCand = scratch.Grow(s.sCand, na)
	s.sArc = scratch.Grow(s.sArc, na)
	s.head = scratch.Grow(s.head, m)
	s.sortedEnd = scratch.Grow(s.sortedEnd, m)
	copy(s.sortedEnd, s.in.start[:m])
	s.inKey = scratch.Grow(s.inKey, na)
	var hi int64
	for _, c := range p.Cost {
		hi = max(hi, c-s.lo)
	}
	maxDeg := int32(0)
	for o := 0; o < m; o++ {
		maxDeg = max(maxDeg, s.in.size(o))
	}
	ib := uint(bits.Len32(uint32(maxDeg)))
	fits := uint(bits.Len64(uint64(hi)))+ib <= 64 && !s.fullSort
	if !fits {
		ib = 32 // keys are plain positions in lists sorted below
	}
	s.inShift = ib
	for c := 0; c < s.n; c++ {
		lo, hi := p.Start[c], p.Start[c+1]
		costs := p.Cost[lo:hi]
		for j, o := range p.Opening[lo:hi] {
			k := s.in.place(o)
			s.inCand[k], s.inArc[k] = int32(c), lo+int32(j)
			key := uint64(k - s.in.start[o])
			if fits {
				key |= uint64(costs[j]-s.lo) << ib
			}
			s.inKey[k] = key
		}
	}
	copy(s.head, s.in.start[:m])
	if !fits {
		// Sort every list now.
		for o := 0; o < m; o++ {
			lo, hi := s.in.start[o], s.in.start[o+1]
			sort.Sort(byCost{p.Cost, s.inCand[lo:hi], s.inArc[lo:hi]})
			s.sortedEnd[o] = hi
			s.materialise(o, lo, hi)
		}
	}
}

// materialise copies the candidates and arcs of sorted positions
// [from, to) of opening o into sCand and sArc.
func (s *FlowSolver) materialise(o int, from, to int32) {
	lo := s.in.start[o]
	mask := uint64(1)<<s.inShift - 1
	for h := from; h < to; h++ {
		e := lo + int32(s.inKey[h]&mask)
		s.sCand[h], s.sArc[h] = s.inCand[e], s.inArc[e]
	}
}

// freeHead advances opening o's list past placed candidates and returns
// the position of its cheapest free candidate, or −1.
func (s *FlowSolver) freeHead(o int) int32 {
	h, end := s.head[o], s.in.start[o+1]
	for ; h < end; h++ {
		if h == s.sortedEnd[o] {
			s.sortChunk(o)
		}
		if s.assign[s.sCand[h]] < 0 {
			break
		}
	}
	s.head[o] = h
	if h == end {
		return -1
	}
	return h
}

// firstChunk is how many of an in-list's cheapest entries are sorted
// first.
const firstChunk = 16

// sortChunk extends the sorted prefix of opening o's keys.
func (s *FlowSolver) sortChunk(o int) {
	lo, se, end := s.in.start[o], s.sortedEnd[o], s.in.start[o+1]
	rest := s.inKey[se:end]
	b := firstChunk
	if se > lo || 2*b >= len(rest) {
		slices.Sort(rest)
		s.sortedEnd[o] = end
	} else {
		selectSmallest(rest, b)
		s.chunks++
		s.sortedEnd[o] = se + int32(b)
	}
	s.materialise(o, se, s.sortedEnd[o])
}

// selectSmallest reorders x so that its k smallest elements come first,
// in order, for k ≤ selectMax: one pass keeps the k smallest seen in a
// sorted buffer (a new element enters it about k·(1 + ln(len(x)/k)) times
// in random order, and is otherwise one well-predicted comparison),
// a second moves the elements below the k-th smallest to the front with
// as many of its equals as it needs, and the buffer is copied over them.
func selectSmallest(x []uint64, k int) {
	if k >= len(x) {
		slices.Sort(x)
		return
	}
	var buf [selectMax]uint64
	b := buf[:0]
	for _, v := range x {
		if len(b) == k {
			if v >= b[k-1] {
				continue
			}
			b = b[:k-1]
		}
		i, _ := slices.BinarySearch(b, v)
		b = append(b, 0)
		copy(b[i+1:], b[i:])
		b[i] = v
	}
	t, equal := b[k-1], 0
	for _, v := range b {
		if v == t {
			equal++
		}
	}
	i := 0
	for j, v := range x {
		if v < t {
			x[i], x[j] = v, x[i]
			i++
		}
	}
	for j := i; equal > 0; j++ {
		if x[j] == t {
			x[i], x[j] = x[j], x[i]
			i++
			equal--
		}
	}
	copy(x, b)
}

// selectMax bounds selectSmallest's k.
const selectMax = 64

type byCost struct {
	cost []int64
	cand []int32
	arc  []int32
}

func (b byCost) Len() int { return len(b.cand) }
func (b byCost) Less(i, j int) bool {
	ci, cj := b.cost[b.arc[i]], b.cost[b.arc[j]]
	return ci < cj || ci == cj && b.cand[i] < b.cand[j]
}
func (b byCost) Swap(i, j int) {
	b.cand[i], b.cand[j] = b.cand[j], b.cand[i]
	b.arc[i], b.arc[j] = b.arc[j], b.arc[i]
}
