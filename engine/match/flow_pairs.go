package match

import (
	"math"
	"math/bits"
	"slices"

	"github.com/caregap/caregap/engine/internal/scratch"
)

// Opening-to-opening moves. From an opening u the residual network leads
// to an opening o through every candidate c placed at u and eligible for
// o, at reduced cost cost[c,o] − cost[c,u] + π(u) − π(o). Only the least
// of those matters to a shortest path or a tight one, so for each pair
// (u, o) the solver keeps the least delta cost[c,o] − cost[c,u] over the
// candidates at u, with the candidate that gives it: u's move list. When
// the candidates near each other share their eligible openings (the
// geometric and clustered classes), an opening's candidates have ten
// times fewer distinct targets than arcs, and a search scans that many.
//
// A list is rebuilt, in one pass over the candidates' arcs, the first time
// the search needs it after u's candidates changed (place marks it stale);
// with places plentiful most openings keep theirs over many phases. An
// opening whose candidates have more than half as many distinct targets
// as arcs (uniformly drawn eligibility) is scanned arc by arc instead,
// for the rest of the solve: there the list would save little and cost
// memory.

// move is one entry of an opening's move list: toward opening o, the
// candidate c1 at the opening moves at the least delta d1, c2 at the next
// least d2 and c3 at the third d3 (noSecond where there is no such
// candidate, unknownSecond where it was placed elsewhere since and the
// next one is not known). With the third kept, the least can leave twice
// before the list must be rebuilt.
type move struct {
	o, c1, c2, c3 int32
	d1, d2, d3    int64
}

const (
	noSecond      = -1
	unknownSecond = -2
)

// moveListMaxShare is the largest share of distinct targets per arc,
// as a fraction 1/moveListMaxShare, at which an opening keeps a move list.
const moveListMaxShare = 2

// initMoves prepares empty, stale move lists for m openings.
func (s *FlowSolver) initMoves(m int) {
	s.moves = scratch.Grow2(s.moves, m, 0)
	s.movesOK = scratch.Zeroed(s.movesOK, m)
	s.movesRaw = scratch.Zeroed(s.movesRaw, m)
	s.moveBest = scratch.Grow(s.moveBest, m)
	s.moveBits = scratch.Zeroed(s.moveBits, (m+63)/64)
	s.initMovePos(m)
}

// movesOf returns u's move list, rebuilt if stale, or nil and false if u
// is scanned arc by arc.
func (s *FlowSolver) movesOf(u int32) ([]move, bool) {
	if s.movesRaw[u] || s.noMoves {
		return nil, false
	}
	if !s.movesOK[u] {
		s.rebuildMoves(u)
		if s.movesRaw[u] {
			return nil, false
		}
	}
	return s.moves[u], true
}

// rebuildMoves recomputes u's move list from its candidates' arcs, in
// order of target; ties go to the candidate in the earlier slot. The
// entries are gathered per target in moveBest, with the targets seen
// marked in the bitset moveBits (all clear between rebuilds); the list
// then comes out in order of target by a walk of the bitset, or, when the
// bitset is long beside the targets, by a sort of the targets.
func (s *FlowSolver) rebuildMoves(u int32) {
	p := s.p
	best, set := s.moveBest, s.moveBits
	tg := s.moveTargets[:0]
	arcs := 0
	base := s.slot.start[u]
	for k := base; k < base+s.load[u]; k++ {
		c := s.slots[k]
		sc := s.slotCost[k]
		lo, hi := s.slotLo[k], s.slotHi[k]
		arcs += int(hi - lo)
		costs := p.Cost[lo:hi]
		for j, o := range p.Opening[lo:hi] {
			if o == u {
				continue
			}
			d := costs[j] - sc
			w, b := o>>6, uint64(1)<<(o&63)
			if set[w]&b == 0 {
				set[w] |= b
				best[o] = newMove(o, c, d)
				tg = append(tg, o)
			} else {
				best[o].offer(c, d)
			}
		}
	}
	s.scanned += int64(arcs)
	s.moveTargets = tg
	s.movesOK[u] = true
	s.curSlot[u] = 0 // the phase search resumes in a list that changed
	s.rebuilds++
	out := s.moves[u][:0]
	switch {
	case moveListMaxShare*len(tg) > arcs && arcs >= 64:
		for _, o := range tg {
			set[o>>6] = 0
		}
		s.movesRaw[u] = true
		s.moves[u] = nil
		return
	case len(set) <= moveBitsPerTarget*len(tg):
		for i, w := range set {
			for ; w != 0; w &= w - 1 {
				out = append(out, best[i<<6+bits.TrailingZeros64(w)])
			}
			set[i] = 0
		}
	default:
		slices.Sort(tg)
		for _, o := range tg {
			out = append(out, best[o])
			set[o>>6] = 0
		}
	}
	s.moves[u] = out
}

// moveBitsPerTarget is how many words of the bitset rebuildMoves walks
// per target at most rather than sort the targets.
const moveBitsPerTarget = 4

// offer records candidate c moving at delta d in the entry, whose second
// is known.
func (mv *move) offer(c int32, d int64) {
	switch {
	case d < mv.d1:
		mv.c3, mv.d3 = mv.c2, mv.d2
		mv.c2, mv.d2 = mv.c1, mv.d1
		mv.c1, mv.d1 = c, d
	case mv.c2 == noSecond || d < mv.d2:
		mv.c3, mv.d3 = mv.c2, mv.d2
		mv.c2, mv.d2 = c, d
	case mv.c3 == noSecond || d < mv.d3:
		mv.c3, mv.d3 = c, d
	}
}

// newMove is the entry toward o with c its only candidate.
func newMove(o, c int32, d int64) move {
	return move{o: o, c1: c, d1: d, c2: noSecond, c3: noSecond}
}

// join records candidate c, just placed at the entry's opening, moving
// at delta d, where the second or third least may be unknown.
func (mv *move) join(c int32, d int64) {
	switch {
	case mv.c2 == unknownSecond:
		if d < mv.d1 { // the old least is now the second
			mv.c2, mv.d2 = mv.c1, mv.d1
			mv.c1, mv.d1 = c, d
		}
	case mv.c3 == unknownSecond:
		switch {
		case d < mv.d1:
			mv.c3, mv.d3 = mv.c2, mv.d2
			mv.c2, mv.d2 = mv.c1, mv.d1
			mv.c1, mv.d1 = c, d
		case d < mv.d2:
			mv.c3, mv.d3 = mv.c2, mv.d2
			mv.c2, mv.d2 = c, d
		}
	default:
		mv.offer(c, d)
	}
}

// leave removes candidate c, leaving the entry's opening; it reports
// whether the entry is left empty (delete it) or its least unknown (the
// list goes stale).
func (mv *move) leave(c int32) (empty, stale bool) {
	switch c {
	case mv.c1:
		switch {
		case mv.c2 == noSecond:
			return true, false
		case mv.c2 == unknownSecond:
			return false, true
		}
		mv.c1, mv.d1 = mv.c2, mv.d2
		mv.c2, mv.d2 = mv.c3, mv.d3
	case mv.c2:
		mv.c2, mv.d2 = mv.c3, mv.d3
	case mv.c3:
	default:
		return false, false
	}
	if mv.c3 >= 0 {
		mv.c3 = unknownSecond
	}
	return false, false
}

// findMove returns the index of target o in a move list, or where it
// would go: a binary search whose steps compile to conditional moves.
func findMove(list []move, o int32) (int, bool) {
	n := len(list)
	if n == 0 {
		return 0, false
	}
	base := 0
	for n > 1 {
		half := n >> 1
		if list[base+half].o < o {
			base += half
		}
		n -= half
	}
	if list[base].o < o {
		base++
	}
	return base, base < len(list) && list[base].o == o
}

// joinMoves adds candidate c, just placed at u at cost cu, to u's move
// list if it is up to date.
func (s *FlowSolver) joinMoves(c, u int32, cu int64) {
	if !s.movesOK[u] || s.movesRaw[u] || s.noMoves {
		return
	}
	p := s.p
	list := s.moves[u]
	if s.byPosition(c, list) {
		s.moves[u] = s.joinMovesPos(c, u, cu, list)
		s.joins++
		return
	}
	for a := p.Start[c]; a < p.Start[c+1]; a++ {
		o := p.Opening[a]
		if o == u {
			continue
		}
		d := p.Cost[a] - cu
		i, ok := findMove(list, o)
		if !ok {
			list = slices.Insert(list, i, newMove(o, c, d))
			s.curSlot[u] = min(s.curSlot[u], int32(i)) // the search must see it
			continue
		}
		mv := &list[i]
		if d < mv.d1 && int32(i) < s.curSlot[u] {
			s.curSlot[u] = int32(i) // the search must see the new least
		}
		mv.join(c, d)
	}
	s.moves[u] = list
	s.joins++
}

// leaveMoves removes candidate c, leaving u, from u's move list if it is
// up to date; the list goes stale if c was the least toward an opening
// whose second is unknown.
func (s *FlowSolver) leaveMoves(c, u int32) {
	if !s.movesOK[u] || s.movesRaw[u] || s.noMoves {
		return
	}
	p := s.p
	list := s.moves[u]
	if s.byPosition(c, list) {
		list, ok := s.leaveMovesPos(c, u, list)
		s.moves[u] = list
		if !ok {
			s.movesOK[u] = false
			return
		}
		s.leaves++
		return
	}
	for a := p.Start[c]; a < p.Start[c+1]; a++ {
		o := p.Opening[a]
		if o == u {
			continue
		}
		i, _ := findMove(list, o)
		empty, stale := list[i].leave(c)
		switch {
		case empty:
			list = slices.Delete(list, i, i+1)
			if int32(i) < s.curSlot[u] {
				s.curSlot[u]--
			}
		case stale:
			s.movesOK[u] = false
			s.moves[u] = list
			return
		}
	}
	s.moves[u] = list
	s.leaves++
}

// arcInto returns the arc of candidate c into opening o; c must be
// eligible for o.
func (s *FlowSolver) arcInto(c, o int32) int32 {
	p := s.p
	for a := p.Start[c]; a < p.Start[c+1]; a++ {
		if p.Opening[a] == o {
			return a
		}
	}
	panic("match: candidate not eligible for the opening")
}

// relaxMoves relaxes the moves out of opening u, settled at distance du,
// from its move list; it reports false if u has none (scan arc by arc).
func (s *FlowSolver) relaxMoves(u int32, du int64) bool {
	list, ok := s.movesOf(u)
	if !ok {
		return false
	}
	b := du + s.pi[u]
	s.scanned += int64(len(list))
	for i := range list {
		mv := &list[i]
		o := mv.o // settled and gone openings have dpi MinInt64 (dijkstra)
		if t := b + mv.d1; t < s.dpi[o] {
			s.relax(o, t-s.pi[o], mv.c1, -2)
		}
	}
	return true
}

// dfsMoves continues the phase search from opening v along tight moves
// of its move list (dfs); ok is false if v has none (scan arc by arc).
func (s *FlowSolver) dfsMoves(v int32) (found, ok bool) {
	list, ok := s.movesOf(v)
	if !ok {
		return false, false
	}
	pv := s.pi[v]
	s.scanned += int64(len(list) - int(s.curSlot[v]))
	full := s.curSlot[v] == 0
	f := int64(math.MaxInt64)
	for k := s.curSlot[v]; int(k) < len(list); k++ {
		o, c, d := list[k].o, list[k].c1, list[k].d1
		if r := pv + d - s.pi[o]; r != 0 {
			f = min(f, r)
			continue
		}
		f = 0
		if !s.open(o) {
			continue
		}
		if s.dfs(o) {
			s.curSlot[v] = k
			s.place(c, o, s.arcInto(c, o))
			return true, true
		}
	}
	if full {
		s.floor[v] = f // flow_floor.go
	}
	return false, true
}
