package match

import "github.com/caregap/caregap/engine/internal/scratch"

// Counting-sorted in-lists. When the costs span a range R no larger than
// the number of arcs, every opening's in-list is sorted at once by one
// stable counting sort of all arcs by cost (O(arcs + R)), then scattered
// into the lists: ties stay in candidate order, the order of the lazy
// lists of inlist.go, so both give the same placements. A wider range
// below 2³² (heavy-tailed costs) takes a stable radix sort instead, two
// counting sorts by 16-bit digits, low digit first, but only when the
// openings have places for a good share of the candidates: then the heads
// advance deep into most lists, while with places scarce they stay near
// the front and the lazy lists sort little (on large networks the radix
// sort's passes cost more than that). It replaces the
// lazy selection and sorting on large networks, where the search
// eventually sorts most lists anyway (places plentiful); on small ones
// the lazy lists are kept.

// countingMinArcs is the least number of arcs for the counting sort.
const countingMinArcs = 1 << 16

// radixMinShare: the radix sort needs places for at least one candidate
// in radixMinShare.
const radixMinShare = 4

// initCountedInLists builds sorted in-lists by counting or radix sort and
// reports whether it did; it does nothing when the network is small or
// the cost range 2³² or wider, or when fullSort is set.
func (s *FlowSolver) initCountedInLists() bool {
	p := s.p
	m, na := s.m, p.NumArcs()
	if s.fullSort || na < countingMinArcs {
		return false
	}
	var hi int64
	for _, c := range p.Cost {
		hi = max(hi, c-s.lo)
	}
	if hi >= int64(na) {
		var places int64
		for _, q := range p.Positions {
			places += int64(q)
		}
		if hi >= 1<<32 || radixMinShare*places < int64(s.n) {
			return false
		}
	}
	s.in.count(p.Opening, m)
	s.sCand = scratch.Grow(s.sCand, na)
	s.sArc = scratch.Grow(s.sArc, na)
	s.head = scratch.Grow(s.head, m)
	s.sortedEnd = scratch.Grow(s.sortedEnd, m)
	copy(s.sortedEnd, s.in.start[1:m+1])
	copy(s.head, s.in.start[:m])
	s.inArc = scratch.Grow(s.inArc, na) // the arcs by cost
	s.inCand = scratch.Grow(s.inCand, na)
	if hi < int64(na) {
		s.countingByCost(0, -1, hi+1, s.inArc, s.inCand)
	} else {
		// Low digit into the scratch of the lists, high digit back.
		s.countingByCost(0, 1<<16-1, 1<<16, s.sArc, s.sCand)
		s.countingByCost(16, -1, hi>>16+1, s.inArc, s.inCand)
	}
	byCost, arcCand := s.inArc, s.inCand
	for k, a := range byCost {
		e := s.in.place(p.Opening[a])
		s.sCand[e], s.sArc[e] = arcCand[k], a
	}
	return true
}

// countingByCost is one stable counting sort of the arcs by the digit
// (cost − lo) >> shift & mask, which takes size values, into arcs and
// cands: from candidate order if shift is 0, else from s.sArc and s.sCand.
func (s *FlowSolver) countingByCost(shift uint, mask, size int64, arcs, cands []int32) {
	p := s.p
	s.count = scratch.Zeroed(s.count, int(size)+1)
	cnt := s.count
	for _, c := range p.Cost {
		cnt[(c-s.lo)>>shift&mask+1]++
	}
	for v := 1; v < len(cnt); v++ {
		cnt[v] += cnt[v-1]
	}
	if shift == 0 {
		for c := 0; c < s.n; c++ {
			for a := p.Start[c]; a < p.Start[c+1]; a++ {
				d := (p.Cost[a] - s.lo) & mask
				k := cnt[d]
				cnt[d]++
				arcs[k], cands[k] = a, int32(c)
			}
		}
		return
	}
	for k, a := range s.sArc {
		d := (p.Cost[a] - s.lo) >> shift & mask
		j := cnt[d]
		cnt[d]++
		arcs[j], cands[j] = a, s.sCand[k]
	}
}
