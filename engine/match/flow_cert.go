package match

import "github.com/caregap/caregap/engine/internal/scratch"

// certificate turns the final potentials into LP duals (doc.go).
func (s *FlowSolver) certificate(bonus int64) *Certificate {
	p := s.p
	mt := bonus - s.lo // bonus on shifted costs
	k := mt - (s.pi[s.tNode] + s.off)
	pot := func(v int32) int64 {
		if s.gone[v] { // potential frozen when it went (flow_gone.go)
			return s.pi[v]
		}
		x := s.pi[v] + s.off
		if s.done[v] != s.stamp { // unreachable from the free candidates
			x += k
		}
		return x
	}
	z := &Certificate{
		M: bonus,
		U: make([]int64, s.n),
		Y: make([]int64, s.m),
		Z: make([]int64, s.nw),
	}
	s.po = scratch.Grow(s.po, s.m)
	po := s.po
	for o := range po {
		po[o] = pot(int32(o))
	}
	for w := range z.Z {
		pw := pot(int32(s.m + w))
		z.Z[w] = max(0, mt-pw)
	}
	for o := range z.Y {
		pw := pot(int32(s.m) + p.Workplace[o])
		z.Y[o] = max(0, pw-po[o])
	}
	for c, o := range s.assign {
		if o >= 0 {
			z.U[c] = max(0, po[o]-(p.Cost[s.arcOf[c]]-s.lo))
		}
	}
	z.clamp(mt) // mt = DualBound(p, bonus)
	return z
}
