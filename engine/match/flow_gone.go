package match

import "github.com/caregap/caregap/engine/internal/scratch"

// Nodes that can no longer reach the sink. When some candidates cannot
// all be placed (a town with more candidates than places within reach),
// the openings and workplaces around them fill up and, from then on, no
// residual path leads from them to the sink; yet every phase's Dijkstra
// and search would visit them again from the free candidates that stay
// out. A sweep (a search backwards from the sink over the residual
// network) finds the nodes that cannot reach it, and the solver drops
// them for good ("gone"):
//
//   - Permanent. An augmenting path P runs to the sink, so a node v that
//     cannot reach the sink reaches no node of P; the arcs that change
//     lie on P, hence v's reachable set, and the fact, never change.
//   - Closed. Every residual arc out of a gone node ends at a gone node
//     (its head could reach the sink otherwise), and those arcs are fixed
//     from the sweep on.
//   - Potentials. A gone node keeps the potential it had when it went
//     (stored absolute: π + off at that time, where the other nodes store
//     π less off). Arcs out of it end at gone nodes, frozen too; arcs into
//     it come from nodes whose potentials only grow, so reduced costs
//     stay non-negative. The certificate uses those potentials as they
//     are (certificate, pot).
//
// A sweep costs O(arcs), as much as a few phases, so it runs when the
// phases since the last one have scanned several times as many arcs
// (sweepDue), and less often while sweeps find nothing.

// sweepWork is the first sweep's budget, in multiples of the arcs: a
// sweep runs once the phases have scanned that many arcs since the last.
const sweepWork = 16

// sweepDue reports whether the next sweep is due, given the arcs scanned.
func (s *FlowSolver) sweepDue() bool {
	return s.scanned >= s.sweepAt || s.sweepEach
}

// sweep marks gone every opening and workplace that cannot reach the
// sink, and spaces the next sweep: at the same budget if this one found
// some, at twice the budget (up to 64 times the arcs) if it found none.
func (s *FlowSolver) sweep() {
	p := s.p
	m := int32(s.m)
	na := int64(p.NumArcs()) + 1
	s.sweeps++
	s.reach = scratch.Zeroed(s.reach, len(s.pi))
	reach := s.reach
	queue := s.popped[:0] // scratch between phases
	add := func(v int32) {
		if !reach[v] && !s.gone[v] {
			reach[v] = true
			queue = append(queue, v)
		}
	}
	for w := range s.nw {
		if s.loadW[w] < p.Capacity[w] {
			add(m + int32(w))
		}
	}
	for i := 0; i < len(queue); i++ {
		v := queue[i]
		if v >= m { // workplace: reached from its openings with room
			for _, o := range s.wp.of(s.wpOpen, int(v-m)) {
				if s.load[o] < p.Positions[o] {
					add(o)
				}
			}
			continue
		}
		// Opening v: reached from its workplace if it holds someone, and
		// from the opening of every placed candidate eligible for v.
		if s.load[v] > 0 {
			add(m + p.Workplace[v])
		}
		lo, hi := s.in.start[v], s.in.start[v+1]
		cands := s.inCand[lo:hi]
		if s.counted {
			cands = s.sCand[lo:hi]
		}
		for _, c := range cands {
			if u := s.assign[c]; u >= 0 && u != v {
				add(u)
			}
		}
	}
	found := 0
	for v := range s.tNode {
		if !reach[v] && !s.gone[v] {
			s.gone[v] = true
			s.pi[v] += s.off
			found++
		}
	}
	s.popped = queue[:0]
	s.goneNodes += found
	if found == 0 {
		s.sweepEvery = min(2*s.sweepEvery, 64)
	}
	s.sweepAt = s.scanned + s.sweepEvery*na
}
