package match

import "math"

// searchPhase places further candidates along tight paths (zero reduced
// cost) with the potentials of this phase, by depth-first search from
// each opening whose cheapest free candidate is tight.
func (s *FlowSolver) searchPhase() {
	for o := 0; o < s.m; o++ {
		if o%searchCheckEvery == 0 && s.isDone() {
			s.stopped = true
			return
		}
		for s.dead[o] != s.stamp && !s.gone[o] {
			c, a, cost := s.cheapestFree(o)
			if c < 0 || cost-s.pi[o]-s.off != 0 {
				break
			}
			s.attempt++
			if !s.dfs(int32(o)) {
				break
			}
			s.place(c, int32(o), a)
			s.dfsPlaced++
		}
	}
}

// searchCheckEvery is how many openings the phase search tries between
// checks of SolveContext's context.
const searchCheckEvery = 4096

// isDone reports whether SolveContext's context has ended.
func (s *FlowSolver) isDone() bool {
	if s.ctxDone == nil {
		return false
	}
	select {
	case <-s.ctxDone:
		return true
	default:
		return false
	}
}

func (s *FlowSolver) open(v int32) bool {
	if s.vis[v] == s.attempt {
		s.blocked++ // on the current path: v may still reach the sink
		return false
	}
	return s.dead[v] != s.stamp && !s.gone[v]
}

// dfs looks for a tight residual path from v to the sink, having just
// pushed one unit into v, and applies the moves on the way back.
func (s *FlowSolver) dfs(v int32) bool {
	p := s.p
	m := int32(s.m)
	s.vis[v] = s.attempt
	blocked := s.blocked
	if v >= m {
		w := v - m
		if s.loadW[w] < p.Capacity[w] && s.pi[v] == s.pi[s.tNode] {
			return true
		}
		for _, o := range s.wp.of(s.wpOpen, int(w)) {
			if s.load[o] > 0 && s.pi[v] == s.pi[o] && s.open(o) && s.dfs(o) {
				return true
			}
		}
		s.fail(v, blocked)
		return false
	}
	wn := m + p.Workplace[v]
	if s.load[v] < p.Positions[v] && s.pi[v] == s.pi[wn] && s.open(wn) && s.dfs(wn) {
		return true
	}
	// Resume where the last successful search from v stopped: within a
	// phase, arcs passed over stay non-tight or lead to dead nodes (up to
	// slot reordering and the search path, which only costs completeness
	// of the phase, not correctness).
	if s.curStamp[v] != s.stamp {
		s.curStamp[v] = s.stamp
		s.curSlot[v] = 0
	} else if s.curSlot[v] > 0 {
		s.resumes++
	}
	if s.floor[v] > 0 {
		s.dead[v] = s.stamp // no move out of v is tight (flow_floor.go)
		return false
	}
	if found, ok := s.dfsMoves(v); ok {
		if found {
			return true
		}
		s.fail(v, blocked)
		return false
	}
	base := s.slot.start[v]
	full := s.curSlot[v] == 0
	f := int64(math.MaxInt64)
	debt := s.debt[v]
	for k := s.curSlot[v]; k < s.load[v]; k++ {
		if g := s.slotFloor[base+k] - debt; g > 0 {
			f = min(f, g) // no move of this candidate is tight
			continue
		}
		c := s.slots[base+k]
		b := s.pi[v] - s.slotCost[base+k]
		lo, hi := s.slotLo[base+k], s.slotHi[base+k]
		ops, costs := p.Opening[lo:hi], p.Cost[lo:hi]
		s.scanned += int64(hi - lo)
		g := int64(math.MaxInt64)
		for j, o := range ops {
			if o == v {
				continue
			}
			if r := b + costs[j] - s.pi[o]; r != 0 {
				g = min(g, r)
				continue
			}
			g = 0
			if !s.open(o) {
				continue
			}
			if s.dfs(o) {
				s.place(c, o, lo+int32(j))
				s.curSlot[v] = k
				return true
			}
		}
		s.slotFloor[base+k] = g + debt
		f = min(f, g)
	}
	if full {
		s.floor[v] = f
	}
	s.fail(v, blocked)
	return false
}

// fail records that the search from v found no tight path to the sink.
// If no arc was skipped for leading back onto the search path, v is dead
// for the rest of the phase. Otherwise v might still reach the sink from
// another path, so it stays open once; the second such failure in a phase
// marks it dead too. Without that bound, zero-cost cycles of tight arcs
// (common when costs grow with distance) make the search revisit the
// same nodes again and again, superlinearly; a tight path missed this way
// only waits for the next phase's Dijkstra, which finds it.
func (s *FlowSolver) fail(v int32, blocked int) {
	if s.blocked == blocked || s.failed[v] == s.stamp {
		s.dead[v] = s.stamp
		return
	}
	s.failed[v] = s.stamp
}
