package match

import "testing"

// TestFlowFloors checks after every phase, on every class and shape, that
// each opening's floor and each placed candidate's floor bound the
// reduced costs of their moves from below (flow_floor.go); the optimum
// must verify.
func TestFlowFloors(t *testing.T) {
	const seed = 77
	for i, class := range NetworkClasses {
		for _, shape := range []string{"plentiful", "scarce"} {
			p := shapedNetwork(class, shape, seed, uint64(i))
			var s FlowSolver
			checked := 0
			s.afterPhase = func() {
				for u := range int32(s.m) {
					if s.gone[u] {
						continue
					}
					base := s.slot.start[u]
					for k := base; k < base+s.load[u]; k++ {
						for a := s.slotLo[k]; a < s.slotHi[k]; a++ {
							o := p.Opening[a]
							if o == u || s.gone[o] {
								continue
							}
							rc := p.Cost[a] - s.slotCost[k] + s.pi[u] - s.pi[o]
							if rc < 0 || rc < s.floor[u] || rc < s.slotFloor[k]-s.debt[u] {
								t.Fatalf("%s %s seed %d, phase %d: move %d→%d of candidate %d has reduced cost %d, floors %d (opening) and %d (candidate)",
									class, shape, seed, s.phases, u, o, s.slots[k], rc, s.floor[u], s.slotFloor[k]-s.debt[u])
							}
							checked++
						}
					}
				}
			}
			res, err := s.Solve(p)
			if err != nil {
				t.Fatalf("%s %s seed %d: %v", class, shape, seed, err)
			}
			if err := Verify(p, res, res.Cert); err != nil {
				t.Fatalf("%s %s seed %d: %v", class, shape, seed, err)
			}
			if checked == 0 {
				t.Fatalf("%s %s seed %d: no move checked", class, shape, seed)
			}
		}
	}
}
