package match

import "github.com/caregap/caregap/engine/internal/scratch"

// Counting-sorted in-lists. When the costs span a range R no larger than
// the number of arcs, every opening's in-list is sorted at once by one
// stable counting sort of all arcs by cost (O(arcs + R)), then scattered
// into the lists: ties stay in candidate order, the order of the lazy
// lists of inlist.go, so both give the same placements. It replaces the
// lazy selection and sorting on large networks, where the search
// eventually sorts most lists anyway (places plentiful); on small ones
// the lazy lists are kept.

// countingMinArcs is the least number of arcs for the counting sort.
const countingMinArcs = 1 << 16

// initCountedInLists builds sorted in-lists by counting sort and reports
// whether it did; it does nothing when the network is small or the cost
// range too wide, or when fullSort is set.
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
		return false
	}
	s.in.count(p.Opening, m)
	s.sCand = scratch.Grow(s.sCand, na)
	s.sArc = scratch.Grow(s.sArc, na)
	s.head = scratch.Grow(s.head, m)
	s.sortedEnd = scratch.Grow(s.sortedEnd, m)
	copy(s.sortedEnd, s.in.start[1:m+1])
	copy(s.head, s.in.start[:m])
	// Stable counting sort of the arcs by shifted cost: byCost lists the
	// arcs, cheapest first, and arcCand their candidates.
	s.count = scratch.Zeroed(s.count, int(hi)+2)
	cnt := s.count
	for _, c := range p.Cost {
		cnt[c-s.lo+1]++
	}
	for v := 1; v < len(cnt); v++ {
		cnt[v] += cnt[v-1]
	}
	s.inArc = scratch.Grow(s.inArc, na) // the arcs by cost
	s.inCand = scratch.Grow(s.inCand, na)
	byCost, arcCand := s.inArc, s.inCand
	for c := 0; c < s.n; c++ {
		for a := p.Start[c]; a < p.Start[c+1]; a++ {
			k := cnt[p.Cost[a]-s.lo]
			cnt[p.Cost[a]-s.lo]++
			byCost[k], arcCand[k] = a, int32(c)
		}
	}
	for k, a := range byCost {
		e := s.in.place(p.Opening[a])
		s.sCand[e], s.sArc[e] = arcCand[k], a
	}
	return true
}
