package match

import (
	"math"

	"github.com/caregap/caregap/engine/internal/scratch"
)

// Floors of the moves' reduced costs. With places plentiful most openings
// are full, and each phase the search from an opening whose cheapest free
// candidate is tight scans every move out of it for a tight one, and
// mostly finds none. floor[u] is a lower bound on the reduced cost
// cost[c,o] − cost[c,u] + π(u) − π(o) of every move out of u; when it is
// positive no move out of u is tight, and the search skips the scan. The
// Dijkstra skips it too when du + floor[u] is no less than the sink's
// tentative distance: nothing reached through u would be settled before
// the sink, and nodes left unsettled are raised by D whatever their
// distance.
//
// The bound stays valid as the potentials rise: a phase raises every
// potential by min(dist, D), so a move's reduced cost falls by at most
// D − min(dist(u), D), which is zero unless u was settled (raise lowers
// the floors of the settled openings by D − dist(u)). A candidate
// joining u brings moves of its own (joinFloor takes the least of their
// reduced costs), one leaving takes some away (the bound stays valid).
// A search that scans all of u's moves and finds no tight path sets the
// floor to the least reduced cost it saw. Moves into dropped openings
// (flow_gone.go), whose potentials are kept apart from the shift, may
// give a floor lower than need be, never higher than the moves that
// matter.

// initFloors gives every opening the floor of an empty move set.
func (s *FlowSolver) initFloors(m int) {
	s.floor = scratch.Grow(s.floor, m)
	for o := range s.floor {
		s.floor[o] = math.MaxInt64
	}
	s.debt = scratch.Zeroed(s.debt, m)
}

// joinFloor sets the floor of slot k, whose candidate c was just placed
// at u, and lowers u's floor to it.
func (s *FlowSolver) joinFloor(c, u, k int32) {
	p := s.p
	lo, hi := p.Start[c], p.Start[c+1]
	b := s.pi[u] - s.slotCost[k]
	f := int64(math.MaxInt64)
	for j, o := range p.Opening[lo:hi] {
		if o != u {
			f = min(f, b+p.Cost[lo+int32(j)]-s.pi[o])
		}
	}
	s.slotFloor[k] = f + s.debt[u]
	s.floor[u] = min(s.floor[u], f)
}
