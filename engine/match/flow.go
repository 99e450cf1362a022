package match

import (
	"context"
	"math"

	"github.com/caregap/caregap/engine/internal/scratch"
)

// FlowSolver finds a placement with the most candidates placed and, among
// those, the least total cost, by successive shortest paths with
// potentials in the primal–dual form described in doc.go. The zero value is
// ready to use; a FlowSolver keeps its scratch arrays between calls and
// must not be used by two goroutines at once.
type FlowSolver struct {
	p           *Problem
	ctxDone     <-chan struct{} // of SolveContext's ctx; nil: never stops
	stopped     bool            // the phase search saw done closed
	n, m, nw    int
	tNode       int32
	lo          int64   // min(0, min cost): costs are shifted by −lo to be ≥ 0
	in          offsets // in-list of opening o: entries in.start[o]:in.start[o+1]
	inCand      []int32 // candidate of each entry, in candidate order
	inArc       []int32 // arc of each entry
	inKey       []uint64
	count       []int32 // scratch of the counting sort (flow_inlist.go)
	sCand       []int32 // candidate at each sorted position (up to sortedEnd)
	sArc        []int32 // arc at each sorted position
	inShift     uint    // inKey = cost<<inShift | position in the list
	fullSort    bool    // sort all in-lists up front (set by tests)
	sortedEnd   []int32 // inKey of o is sorted up to sortedEnd[o]
	head        []int32 // first possibly free position of each opening's sorted keys
	assign      []int32 // opening of each candidate, −1 if free
	arcOf       []int32 // arc of each candidate's placement
	slot        offsets // candidates held by each opening: slots[slot.start[o]:][:load[o]]
	slots       []int32
	slotLo      []int32 // arcs of the candidate in each slot: slotLo:slotHi
	slotHi      []int32
	slotCost    []int64 // cost of its current arc
	slotPos     []int32 // index of each placed candidate in slots
	load        []int32 // placements per opening
	loadW       []int32 // placements per workplace
	wp          offsets // openings of each workplace: wp.of(wpOpen, w)
	wpOpen      []int32
	mark        []int32 // scratch for Validate
	po          []int64 // scratch: opening potentials for the certificate
	pi          []int64 // potentials of openings, workplaces and the sink, less off
	off         int64
	floor       []int64 // floor[o] ≤ the least reduced cost of a move out of opening o (flow_floor.go)
	slotFloor   []int64 // the same for the candidate in each slot, plus debt of its opening
	debt        []int64 // how far the moves' reduced costs out of each opening have fallen
	dist        []int64
	dpi         []int64  // dist + pi while dist is finite, else dist
	seen        []uint32 // seen[v] == stamp: dist[v] valid
	done        []uint32 // done[v] == stamp: v popped
	stamp       uint32
	pred        []int32 // node v was reached from
	predArc     []int32 // arc into an opening, −1 if reached from its workplace
	popped      []int32
	poppedDist  []int64  // dist of each popped node (dist is blocked once popped)
	q           []qEntry // the Dijkstra's heap (flow_heap.go)
	hpos        []int32
	vis         []uint32 // vis[v] == attempt: on the current search path
	dead        []uint32 // dead[v] == stamp: no tight path to the sink this phase
	failed      []uint32 // failed[v] == stamp: a search from v failed once this phase (fail)
	attempt     uint32
	blocked     int      // arcs skipped because their head was on the search path
	curStamp    []uint32 // curStamp[o] == stamp: curSlot[o] valid
	curSlot     []int32  // first slot of o not yet searched this phase
	phases      int
	dfsPlaced   int
	pathsPlaced int
	zeroPhases  int
	chunks      int    // partial sorts of an in-list's cheapest entries
	resumes     int    // searches resumed past an opening's first slot
	counted     bool   // in-lists sorted by counting sort (flow_inlist.go)
	gone        []bool // gone[v]: v cannot reach the sink any more (flow_gone.go)
	reach       []bool // scratch of sweep
	scanned     int64  // arcs scanned by the phases so far
	sweepAt     int64  // the next sweep is due when scanned reaches it
	sweepEvery  int64  // arcs scanned between sweeps, in multiples of the arcs
	sweeps      int
	goneNodes   int
	sweepEach   bool     // sweep before every phase (set by tests)
	moves       [][]move // move list of each opening (flow_pairs.go)
	movesOK     []bool   // movesOK[u]: moves[u] is up to date
	movesRaw    []bool   // movesRaw[u]: u is scanned arc by arc
	moveBest    []move   // scratch of rebuildMoves: entry toward each target
	moveBits    []uint64 // targets seen by rebuildMoves
	moveTargets []int32
	movePos     []int32 // scratch of the updates by position: 1 + index of each target (flow_pos.go)
	moveAdds    []move  // scratch of joinMovesPos: new entries
	posUpdates  int     // move list updates by position
	rebuilds    int
	hOK         []bool  // hOK[o]: hCand[o] is o's cheapest free candidate (flow_head.go)
	hCand       []int32 // −1: none free
	hArc        []int32
	hCost       []int64 // cost of hArc less lo
	joins       int
	leaves      int
	noMoves     bool   // scan every opening arc by arc (set by tests)
	noPos       bool   // update move lists by binary search only (set by tests)
	afterPhase  func() // called after each phase (set by tests)
}

var _ Solver = (*FlowSolver)(nil)

// Stats returns counters of the last Solve: shortest-path phases (and
// how many of them found a path of zero reduced length, left over by the
// previous phase's search), placements found along Dijkstra paths and by
// the phase search.
func (s *FlowSolver) Stats() (phases, zeroPhases, dijkstraPaths, searchPaths int) {
	return s.phases, s.zeroPhases, s.pathsPlaced, s.dfsPlaced
}

// Solve returns an optimal placement with its certificate. It returns a
// *ValidationError if p is invalid; an instance where nobody can be placed
// gives an empty placement, not an error. It panics if the slice lengths
// of p do not fit together.
func (s *FlowSolver) Solve(p *Problem) (*Result, error) {
	return s.SolveContext(context.Background(), p)
}

// SolveContext is Solve that gives up when ctx is done: it checks ctx once
// per shortest-path phase (each a Dijkstra over the whole graph, so the
// check costs nothing measurable) and then returns ctx's error and no
// result.
func (s *FlowSolver) SolveContext(ctx context.Context, p *Problem) (*Result, error) {
	s.mark = scratch.Grow(s.mark, p.NumOpenings())
	if err := p.validate(s.mark); err != nil {
		return nil, err
	}
	bonus, _ := p.Bonus()
	s.init(p)
	s.ctxDone, s.stopped = ctx.Done(), false
	defer func() { s.ctxDone = nil }()
	for {
		if s.sweepDue() {
			s.sweep()
		}
		if !s.dijkstra() {
			break
		}
		if s.stopped || s.isDone() {
			s.p = nil
			return nil, ctx.Err()
		}
		s.phases++
		s.raise()
		s.augmentPath()
		s.searchPhase()
		if s.afterPhase != nil {
			s.afterPhase()
		}
	}
	res := &Result{Assign: make([]int32, s.n)}
	copy(res.Assign, s.assign)
	for c, o := range s.assign {
		if o >= 0 {
			res.Placed++
			res.Cost += p.Cost[s.arcOf[c]]
		}
	}
	res.Cert = s.certificate(bonus)
	s.p = nil
	return res, nil
}

func (s *FlowSolver) init(p *Problem) {
	s.p = p
	s.n, s.m, s.nw = p.NumCandidates(), p.NumOpenings(), p.NumWorkplaces()
	n, m, nw := s.n, s.m, s.nw
	s.lo = 0
	for _, c := range p.Cost {
		s.lo = min(s.lo, c)
	}
	s.counted = s.initCountedInLists()
	if !s.counted {
		s.initInLists()
	}
	// Slots: an opening never holds more than min(positions, in-degree).
	s.slot.sized(m, func(o int) int32 { return min(p.Positions[o], s.in.size(o)) })
	ns := int(s.slot.total())
	s.slots = scratch.Grow(s.slots, ns)
	s.slotLo = scratch.Grow(s.slotLo, ns)
	s.slotHi = scratch.Grow(s.slotHi, ns)
	s.slotCost = scratch.Grow(s.slotCost, ns)
	s.slotFloor = scratch.Grow(s.slotFloor, ns)
	s.slotPos = scratch.Grow(s.slotPos, n)
	s.assign = scratch.Grow(s.assign, n)
	s.arcOf = scratch.Grow(s.arcOf, n)
	for c := range s.assign {
		s.assign[c], s.arcOf[c] = -1, -1
	}
	s.load = scratch.Zeroed(s.load, m)
	s.loadW = scratch.Zeroed(s.loadW, nw)
	s.wpOpen = s.wp.group(s.wpOpen, p.Workplace, nw)
	nodes := m + nw + 1
	s.tNode = int32(m + nw)
	s.pi = scratch.Zeroed(s.pi, nodes)
	s.off = 0
	s.dist = scratch.Grow(s.dist, nodes)
	s.dpi = scratch.Grow(s.dpi, nodes)
	s.seen = scratch.Zeroed(s.seen, nodes)
	s.done = scratch.Zeroed(s.done, nodes)
	s.vis = scratch.Zeroed(s.vis, nodes)
	s.dead = scratch.Zeroed(s.dead, nodes)
	s.failed = scratch.Zeroed(s.failed, nodes)
	s.gone = scratch.Zeroed(s.gone, nodes)
	s.initMoves(m)
	s.initFloors(m)
	s.initHeads(m)
	s.rebuilds, s.joins, s.leaves = 0, 0, 0
	s.scanned, s.sweepEvery = 0, sweepWork
	s.sweepAt = sweepWork * (int64(p.NumArcs()) + 1)
	s.sweeps, s.goneNodes = 0, 0
	s.curStamp = scratch.Zeroed(s.curStamp, m)
	s.curSlot = scratch.Grow(s.curSlot, m)
	s.stamp, s.attempt = 0, 0
	s.pred = scratch.Grow(s.pred, nodes)
	s.predArc = scratch.Grow(s.predArc, nodes)
	s.hpos = scratch.Grow(s.hpos, nodes)
	s.q = s.q[:0]
	s.popped = s.popped[:0]
	s.phases, s.dfsPlaced, s.pathsPlaced, s.zeroPhases = 0, 0, 0, 0
	s.chunks, s.resumes = 0, 0
}

// place moves candidate c to opening o along arc a, keeping loads and
// slots. Each slot keeps its candidate's arc range and current cost next
// to it, so that scanning an opening's candidates reads memory in order.
func (s *FlowSolver) place(c, o, a int32) {
	if s.assign[c] < 0 {
		s.placedFree(c)
	}
	if old := s.assign[c]; old >= 0 {
		s.leaveMoves(c, old)
		k := s.slotPos[c]
		last := s.slot.start[old] + s.load[old] - 1
		moved := s.slots[last]
		s.slots[k] = moved
		s.slotLo[k], s.slotHi[k], s.slotCost[k] = s.slotLo[last], s.slotHi[last], s.slotCost[last]
		s.slotFloor[k] = s.slotFloor[last]
		s.slotPos[moved] = k
		s.load[old]--
		s.loadW[s.p.Workplace[old]]--
	}
	k := s.slot.start[o] + s.load[o]
	s.slots[k] = c
	s.slotLo[k], s.slotHi[k], s.slotCost[k] = s.p.Start[c], s.p.Start[c+1], s.p.Cost[a]
	s.slotPos[c] = k
	s.load[o]++
	s.loadW[s.p.Workplace[o]]++
	s.assign[c] = o
	s.arcOf[c] = a
	s.joinMoves(c, o, s.p.Cost[a])
	s.joinFloor(c, o, k)
}

// relax lowers the tentative distance of v to d.
func (s *FlowSolver) relax(v int32, d int64, from, arc int32) {
	if s.seen[v] != s.stamp {
		s.seen[v] = s.stamp
		s.dist[v], s.dpi[v] = d, d+s.pi[v]
		s.pred[v], s.predArc[v] = from, arc
		s.qPush(v, d)
		return
	}
	if d < s.dist[v] && s.done[v] != s.stamp {
		s.dist[v], s.dpi[v] = d, d+s.pi[v]
		s.pred[v], s.predArc[v] = from, arc
		s.qLower(v, d)
	}
}

// dijkstra computes reduced distances from the free candidates over the
// openings, workplaces and sink, stopping when the sink is settled. It
// reports whether the sink is reachable.
func (s *FlowSolver) dijkstra() bool {
	s.stamp++
	s.q = s.q[:0]
	s.popped = s.popped[:0]
	s.poppedDist = s.poppedDist[:0]
	// dist is MaxInt64 for nodes not reached yet and MinInt64 for settled
	// and gone ones, so that one comparison decides a relaxation; so is
	// dpi, which is dist + pi otherwise, so that the scans of arcs compare
	// b + cost with it without reading pi first.
	for v, g := range s.gone {
		s.dist[v] = math.MaxInt64
		if g {
			s.dist[v] = math.MinInt64
		}
		s.dpi[v] = s.dist[v]
	}
	p := s.p
	m := int32(s.m)
	// ub bounds the sink's distance from above by the direct paths, free
	// candidate → opening with room → workplace with room → sink, for the
	// floors' skips (flow_floor.go) before the sink is first reached.
	ub := int64(math.MaxInt64)
	for o := 0; o < s.m; o++ {
		if s.gone[o] {
			continue
		}
		c, a, cost := s.cheapestFree(o)
		if c < 0 {
			continue
		}
		s.seen[o] = s.stamp
		s.dist[o], s.dpi[o] = cost-s.pi[o]-s.off, cost-s.off
		s.pred[o], s.predArc[o] = c, a
		s.q = append(s.q, qEntry{d: s.dist[o], v: int32(o)})
		if w := p.Workplace[o]; s.load[o] < p.Positions[o] && s.loadW[w] < p.Capacity[w] && !s.gone[m+w] {
			ub = min(ub, cost-s.off-s.pi[s.tNode])
		}
	}
	s.qHeapify()
	for len(s.q) > 0 {
		u := s.qPop()
		s.done[u] = s.stamp
		du := s.dist[u]
		s.popped = append(s.popped, u)
		s.poppedDist = append(s.poppedDist, du)
		if u == s.tNode {
			return true
		}
		s.dist[u], s.dpi[u] = math.MinInt64, math.MinInt64
		if u >= m {
			w := u - m
			if s.loadW[w] < p.Capacity[w] {
				s.relax(s.tNode, du+s.pi[u]-s.pi[s.tNode], u, -1)
			}
			for _, o := range s.wp.of(s.wpOpen, int(w)) {
				if s.load[o] > 0 && s.done[o] != s.stamp && !s.gone[o] {
					s.relax(o, du+s.pi[u]-s.pi[o], u, -1)
				}
			}
			continue
		}
		wn := m + p.Workplace[u]
		if s.load[u] < p.Positions[u] && s.done[wn] != s.stamp && !s.gone[wn] {
			s.relax(wn, du+s.pi[u]-s.pi[wn], u, -1)
		}
		// The sink is reached only from workplaces, so its distance
		// stays put while u's moves are scanned: whatever is at least
		// lim beyond u cannot be settled before it (flow_floor.go).
		ub = min(ub, s.dist[s.tNode])
		lim := ub - du
		if s.floor[u] >= lim {
			continue
		}
		if s.relaxMoves(u, du) {
			continue
		}
		base := s.slot.start[u]
		end := base + s.load[u]
		debt := s.debt[u]
		for k, c := range s.slots[base:end] {
			i := base + int32(k)
			if s.slotFloor[i]-debt >= lim {
				continue
			}
			b := du + s.pi[u] - s.slotCost[i]
			lo, hi := s.slotLo[i], s.slotHi[i]
			ops, costs := p.Opening[lo:hi], p.Cost[lo:hi]
			s.scanned += int64(hi - lo)
			f := int64(math.MaxInt64)
			for k, o := range ops {
				// u itself, settled and gone openings have dpi MinInt64.
				t := b + costs[k]
				if o != u {
					f = min(f, t-s.pi[o])
				}
				if t < s.dpi[o] {
					s.relax(o, t-s.pi[o], c, lo+int32(k))
				}
			}
			s.slotFloor[i] = f - du + debt
		}
	}
	return false
}

// raise updates the potentials after a successful dijkstra so that every
// shortest path is tight: π(v) += min(dist(v), D), done as a shift of
// everything by D (off) and of the settled nodes by dist(v) − D.
func (s *FlowSolver) raise() {
	D := s.dist[s.tNode]
	m := int32(s.m)
	for i, v := range s.popped {
		s.pi[v] += s.poppedDist[i] - D
		if v < m {
			s.floor[v] += s.poppedDist[i] - D
			s.debt[v] += D - s.poppedDist[i]
		}
	}
	s.off += D
	if D == 0 {
		s.zeroPhases++
	}
}

// augmentPath places one more candidate along the Dijkstra path.
func (s *FlowSolver) augmentPath() {
	m := int32(s.m)
	v := s.pred[s.tNode] // a workplace
	for {
		if v >= m { // workplace: reached from an opening by its forward arc
			v = s.pred[v]
			continue
		}
		a := s.predArc[v]
		if a == -1 { // opening reached backwards from its workplace
			v = s.pred[v]
			continue
		}
		c := s.pred[v]
		if a == -2 { // by a move list (flow_pairs.go)
			a = s.arcInto(c, v)
		}
		from := s.assign[c]
		s.place(c, v, a)
		if from < 0 {
			break
		}
		v = from
	}
	s.pathsPlaced++
}
