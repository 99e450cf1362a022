package match

import "github.com/caregap/caregap/engine/internal/scratch"

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

// move is one entry of an opening's move list: candidate c, placed at
// the opening, moves to opening o at delta cost d.
type move struct {
	o, c int32
	d    int64
}

// moveListMaxShare is the largest share of distinct targets per arc,
// as a fraction 1/moveListMaxShare, at which an opening keeps a move list.
const moveListMaxShare = 2

// initMoves prepares empty, stale move lists for m openings.
func (s *FlowSolver) initMoves(m int) {
	s.moves = scratch.Grow2(s.moves, m, 0)
	s.movesOK = scratch.Zeroed(s.movesOK, m)
	s.movesRaw = scratch.Zeroed(s.movesRaw, m)
	s.moveTag = scratch.Zeroed(s.moveTag, m)
	s.moveIdx = scratch.Grow(s.moveIdx, m)
	s.moveGen = 0
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

// rebuildMoves recomputes u's move list from its candidates' arcs; ties
// go to the candidate in the earlier slot.
func (s *FlowSolver) rebuildMoves(u int32) {
	p := s.p
	s.moveGen++
	if s.moveGen == 0 { // wrapped: clear the tags
		clear(s.moveTag)
		s.moveGen = 1
	}
	gen := s.moveGen
	list := s.moveBuf[:0]
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
			if s.moveTag[o] != gen {
				s.moveTag[o] = gen
				s.moveIdx[o] = int32(len(list))
				list = append(list, move{o, c, d})
			} else if i := s.moveIdx[o]; d < list[i].d {
				list[i] = move{o, c, d}
			}
		}
	}
	s.scanned += int64(arcs)
	s.moveBuf = list
	s.movesOK[u] = true
	s.rebuilds++
	if moveListMaxShare*len(list) > arcs && arcs >= 64 {
		s.movesRaw[u] = true
		s.moves[u] = nil
		return
	}
	s.moves[u] = append(s.moves[u][:0], list...)
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
	for _, mv := range list {
		o := mv.o
		if s.done[o] == s.stamp || s.gone[o] {
			continue
		}
		d := b + mv.d - s.pi[o]
		if s.seen[o] != s.stamp || d < s.dist[o] {
			s.relax(o, d, mv.c, -2)
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
	for k := s.curSlot[v]; int(k) < len(list); k++ {
		mv := list[k]
		o := mv.o
		if pv+mv.d != s.pi[o] || !s.open(o) {
			continue
		}
		if s.dfs(o) {
			s.place(mv.c, o, s.arcInto(mv.c, o))
			s.curSlot[v] = k
			return true, true
		}
	}
	return false, true
}
