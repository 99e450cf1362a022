package match

import "github.com/caregap/caregap/engine/internal/scratch"

// The cheapest free candidate of every opening seeds each phase's
// Dijkstra and the phase search, so every phase asks for it once or twice
// per opening. It changes only when that candidate is placed (placed
// candidates stay placed), so it is kept per opening with its arc and
// shifted cost, and recomputed (freeHead) only after place has placed it.
// On large networks this saves a cache miss or two per opening and phase.

// initHeads marks every opening's cheapest free candidate unknown.
func (s *FlowSolver) initHeads(m int) {
	s.hOK = scratch.Zeroed(s.hOK, m)
	s.hCand = scratch.Grow(s.hCand, m)
	s.hArc = scratch.Grow(s.hArc, m)
	s.hCost = scratch.Grow(s.hCost, m)
}

// cheapestFree returns opening o's cheapest free candidate, its arc and
// the arc's shifted cost (cost − lo); c is −1 if no candidate is free.
func (s *FlowSolver) cheapestFree(o int) (c, a int32, cost int64) {
	if !s.hOK[o] {
		s.hOK[o] = true
		s.hCand[o] = -1
		if h := s.freeHead(o); h >= 0 {
			s.hCand[o], s.hArc[o] = s.sCand[h], s.sArc[h]
			s.hCost[o] = s.p.Cost[s.sArc[h]] - s.lo
		}
	}
	return s.hCand[o], s.hArc[o], s.hCost[o]
}

// placedFree forgets the cheapest free candidate of the openings for
// which it was c, just placed.
func (s *FlowSolver) placedFree(c int32) {
	p := s.p
	for _, o := range p.Opening[p.Start[c]:p.Start[c+1]] {
		if s.hOK[o] && s.hCand[o] == c {
			s.hOK[o] = false
		}
	}
}
