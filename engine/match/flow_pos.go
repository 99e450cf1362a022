package match

import (
	"slices"

	"github.com/caregap/caregap/engine/internal/scratch"
)

// Move list updates by position. A candidate joining or leaving an opening
// touches one entry per eligible opening of its own; finding each by a
// binary search is a chain of dependent loads per arc. When the list is
// short beside the candidate's arcs times the search's depth, one pass
// writes every entry's index into movePos (indexed by target, all zero
// between calls), each arc then finds its entry by one load, and a second
// pass clears movePos. New targets are merged in at the end, deleted
// entries compacted out.

// posMaxShare: a list of up to posMaxShare entries per arc of the
// candidate is updated by position, a longer one by binary search.
const posMaxShare = 4

// initMovePos prepares movePos for m openings.
func (s *FlowSolver) initMovePos(m int) {
	s.movePos = scratch.Zeroed(s.movePos, m)
}

// byPosition reports whether a change of candidate c at list should go
// by position.
func (s *FlowSolver) byPosition(c int32, list []move) bool {
	return len(list) <= posMaxShare*int(s.p.Start[c+1]-s.p.Start[c]) && !s.noPos
}

// scatter writes 1 + the index of each entry of list into movePos.
func (s *FlowSolver) scatter(list []move) {
	for i := range list {
		s.movePos[list[i].o] = int32(i) + 1
	}
}

// unscatter clears what scatter wrote.
func (s *FlowSolver) unscatter(list []move) {
	for i := range list {
		s.movePos[list[i].o] = 0
	}
}

// joinMovesPos is joinMoves by position.
func (s *FlowSolver) joinMovesPos(c, u int32, cu int64, list []move) []move {
	p := s.p
	s.posUpdates++
	s.scatter(list)
	adds := s.moveAdds[:0]
	for a := p.Start[c]; a < p.Start[c+1]; a++ {
		o := p.Opening[a]
		if o == u {
			continue
		}
		d := p.Cost[a] - cu
		i := s.movePos[o] - 1
		if i < 0 {
			adds = append(adds, newMove(o, c, d))
			continue
		}
		mv := &list[i]
		if d < mv.d1 && i < s.curSlot[u] {
			s.curSlot[u] = i // the search must see the new least
		}
		mv.join(c, d)
	}
	s.unscatter(list)
	s.moveAdds = adds
	if len(adds) == 0 {
		return list
	}
	slices.SortFunc(adds, func(x, y move) int { return int(x.o - y.o) })
	// Merge from the back; the search must see the first new entry.
	n := len(list)
	list = slices.Grow(list, len(adds))[:n+len(adds)]
	i, j := n-1, len(adds)-1
	for k := len(list) - 1; j >= 0; k-- {
		if i >= 0 && list[i].o > adds[j].o {
			list[k] = list[i]
			i--
			continue
		}
		list[k] = adds[j]
		if j == 0 {
			s.curSlot[u] = min(s.curSlot[u], int32(k))
		}
		j--
	}
	return list
}

// leaveMovesPos is leaveMoves by position; it reports false if the list
// went stale.
func (s *FlowSolver) leaveMovesPos(c, u int32, list []move) ([]move, bool) {
	p := s.p
	s.posUpdates++
	s.scatter(list)
	gone := 0
	for a := p.Start[c]; a < p.Start[c+1]; a++ {
		o := p.Opening[a]
		if o == u {
			continue
		}
		mv := &list[s.movePos[o]-1]
		empty, stale := mv.leave(c)
		switch {
		case empty:
			mv.c1 = deletedEntry
			gone++
		case stale:
			s.unscatter(list)
			return list, false
		}
	}
	s.unscatter(list)
	if gone == 0 {
		return list, true
	}
	k := 0
	cur := s.curSlot[u]
	for i := range list {
		if list[i].c1 == deletedEntry {
			if int32(i) < cur {
				s.curSlot[u]--
			}
			continue
		}
		list[k] = list[i]
		k++
	}
	return list[:k], true
}

// deletedEntry marks an entry leaveMovesPos removes.
const deletedEntry = -5
