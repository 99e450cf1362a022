package match

import (
	"container/heap"
	"math"
	"sort"
)

// NoMargin is the Margin of a pair that no feasible placement contains
// (its opening has no position or its workplace no supervisor).
const NoMargin = math.MaxInt64

// Alternative is one eligible opening of a candidate with its reduced cost
// under a certificate and, from ExplainExact, its exact margin.
type Alternative struct {
	Opening int
	Cost    int64
	// Reduced is the reduced cost of the pair under the certificate: 0
	// for the chosen opening, otherwise a lower bound on Margin. The duals
	// are not unique, so 0 does not mean a tie. Reduced ≥ M does mean
	// that taking the opening costs a placement elsewhere (then Margin ≥
	// M, and only a lost placement can make it so large).
	Reduced int64
	// Margin is exact: how much the objective Σ (cost − M)·x rises when
	// the candidate is forced to this opening and everyone else is placed
	// anew at best, that is, how much cheaper the pair would have to be
	// before an optimum places the candidate there. 0 for the chosen
	// opening and for true ties; NoMargin if no feasible placement holds
	// the pair. Set by ExplainExact; Explain leaves it at −1 (unknown).
	Margin int64
	// Displaces (ExplainExact only): the optimum with the pair forced
	// places one candidate fewer; Margin is then M plus the change in
	// total cost, which may be negative.
	Displaces bool
	Chosen    bool
}

// Explain lists candidate c's eligible openings sorted by reduced cost
// (then opening index), with Margin −1. It reads only the certificate, in
// O(len of c's list). The reduced costs depend on the duals in cert,
// which need not be unique; those from FlowSolver are the ones of its
// final shortest-path potentials. Each is a lower bound on the exact
// margin (ExplainExact): a pair with reduced cost 0 may still be
// strictly worse than the chosen one. When taking the opening would cost
// a placement elsewhere, the reduced cost may include the placement bonus
// cert.M; it does whenever it is at least cert.M. Explain panics if cert
// is nil.
func Explain(p *Problem, r *Result, cert *Certificate, c int) []Alternative {
	ops, costs := p.Arcs(c)
	alts := make([]Alternative, len(ops))
	for k := range ops {
		a := int(p.Start[c]) + k
		alts[k] = Alternative{
			Opening: int(ops[k]),
			Cost:    costs[k],
			Reduced: cert.Reduced(p, c, a),
			Margin:  -1,
			Chosen:  r.Assign[c] == ops[k],
		}
	}
	sort.Slice(alts, func(i, j int) bool {
		if alts[i].Reduced != alts[j].Reduced {
			return alts[i].Reduced < alts[j].Reduced
		}
		return alts[i].Opening < alts[j].Opening
	})
	return alts
}

// ExplainExact is Explain with exact margins, sorted by Margin (then
// opening index). It first checks cert with Verify and returns its error
// if r is not proved optimal.
//
// Method: with the certificate as node potentials (source 0, candidate
// U[c], opening M − Z[w] − Y[o], workplace M − Z[w], sink M) every arc
// of the residual network of r has a non-negative reduced cost. Forcing
// the pair (c, o) costs the cheapest residual cycle through the arc
// c → o: its reduced cost plus the shortest reduced distance from o back
// to c. One Dijkstra search backwards from c gives these distances for
// all of c's openings, in O(arcs · log(nodes)) time (Ahuja, Magnanti &
// Orlin 1993, ch. 9, on re-optimisation). The cycle takes one placement
// away exactly when it runs backwards over the return arc sink → source;
// among cycles of equal cost the search prefers one that does not.
func ExplainExact(p *Problem, r *Result, cert *Certificate, c int) ([]Alternative, error) {
	if err := Verify(p, r, cert); err != nil {
		return nil, err
	}
	alts := Explain(p, r, cert, c)
	ms := newMarginSearch(p, r, cert)
	ms.run(c)
	for k := range alts {
		al := &alts[k]
		if al.Chosen {
			al.Margin = 0
			continue
		}
		v := ms.nOff + al.Opening
		if ms.dist[v] == NoMargin {
			al.Margin = NoMargin
			continue
		}
		al.Margin = satAdd(al.Reduced, ms.dist[v])
		al.Displaces = ms.lost[v]
	}
	sort.SliceStable(alts, func(i, j int) bool {
		if alts[i].Margin != alts[j].Margin {
			return alts[i].Margin < alts[j].Margin
		}
		return alts[i].Opening < alts[j].Opening
	})
	return alts, nil
}

func satAdd(a, b int64) int64 {
	if b > 0 && a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// marginSearch is the residual network of a verified placement with the
// certificate's potentials. Nodes: candidates [0, n), openings
// [n, n+m), workplaces [n+m, n+m+nw), the source and the sink.
type marginSearch struct {
	p          *Problem
	r          *Result
	z          *Certificate
	nOff, wOff int
	src, sink  int
	in         offsets // arcs into opening o: inArc[in.start[o]:in.start[o+1]]
	inArc      []int32
	inCand     []int32
	wp         offsets // openings of workplace w: wp.of(wpOpen, w)
	wpOpen     []int32
	load       []int32
	loadW      []int32
	placed     []int32 // the placed candidates
	dist       []int64 // reduced distance to the target, NoMargin if none
	lost       []bool  // the shortest path crosses sink → source backwards
	done       []bool
	h          marginHeap
}

func newMarginSearch(p *Problem, r *Result, z *Certificate) *marginSearch {
	n, m, nw := p.NumCandidates(), p.NumOpenings(), p.NumWorkplaces()
	s := &marginSearch{p: p, r: r, z: z, nOff: n, wOff: n + m, src: n + m + nw, sink: n + m + nw + 1}
	s.in.count(p.Opening, m)
	s.inArc = make([]int32, p.NumArcs())
	s.inCand = make([]int32, p.NumArcs())
	for c := range n {
		for a := p.Start[c]; a < p.Start[c+1]; a++ {
			k := s.in.place(p.Opening[a])
			s.inArc[k], s.inCand[k] = a, int32(c)
		}
	}
	s.wpOpen = s.wp.group(nil, p.Workplace, nw)
	s.load, s.loadW = loads(p, r)
	for c, o := range r.Assign {
		if o >= 0 {
			s.placed = append(s.placed, int32(c))
		}
	}
	nodes := n + m + nw + 2
	s.dist = make([]int64, nodes)
	s.lost = make([]bool, nodes)
	s.done = make([]bool, nodes)
	return s
}

// relax offers node u the distance d (and lost flag) through an arc of
// reduced cost rc ≥ 0 from a settled node.
func (s *marginSearch) relax(u int, d int64, lost bool, rc int64) {
	if s.done[u] {
		return
	}
	d = satAdd(d, rc)
	if d < s.dist[u] || d == s.dist[u] && !lost && s.lost[u] {
		s.dist[u], s.lost[u] = d, lost
		heap.Push(&s.h, marginItem{d, lost, int32(u)})
	}
}

// run computes, for every node, the least reduced length of a residual
// path to candidate t, preferring paths that keep every placement.
func (s *marginSearch) run(t int) {
	p, z := s.p, s.z
	for i := range s.dist {
		s.dist[i], s.lost[i], s.done[i] = NoMargin, false, false
	}
	s.dist[t] = 0
	s.h = append(s.h[:0], marginItem{0, false, int32(t)})
	for s.h.Len() > 0 {
		it := heap.Pop(&s.h).(marginItem)
		v := int(it.v)
		if s.done[v] || it.d != s.dist[v] || it.lost != s.lost[v] {
			continue
		}
		s.done[v] = true
		d, lost := it.d, it.lost
		switch {
		case v < s.nOff: // candidate
			if o := s.r.Assign[v]; o >= 0 {
				// Backwards over the used arc v → o: reduced cost 0.
				s.relax(s.nOff+int(o), d, lost, 0)
			} else {
				s.relax(s.src, d, lost, 0) // source → v: −U[v], 0 for a free v
			}
		case v < s.wOff: // opening
			o := v - s.nOff
			for k := s.in.start[o]; k < s.in.start[o+1]; k++ {
				c, a := int(s.inCand[k]), int(s.inArc[k])
				if s.r.Assign[c] != int32(o) {
					s.relax(c, d, lost, z.Reduced(p, c, a))
				}
			}
			if s.load[o] > 0 { // backwards over o → w
				s.relax(s.wOff+int(p.Workplace[o]), d, lost, z.Y[o])
			}
		case v < s.src: // workplace
			w := v - s.wOff
			for _, o := range s.wp.of(s.wpOpen, w) {
				if s.load[o] < p.Positions[o] { // o → w: −Y[o], 0 where o has room
					s.relax(s.nOff+int(o), d, lost, 0)
				}
			}
			if s.loadW[w] > 0 { // backwards over w → sink
				s.relax(s.sink, d, lost, z.Z[w])
			}
		case v == s.src:
			s.relax(s.sink, d, lost, 0)  // the return arc sink → source
			for _, c := range s.placed { // backwards over source → c
				s.relax(int(c), d, lost, z.U[c])
			}
		default: // sink
			for w := range p.Capacity {
				if s.loadW[w] < p.Capacity[w] { // w → sink: −Z[w], 0 where w has room
					s.relax(s.wOff+w, d, lost, 0)
				}
			}
			if len(s.placed) > 0 { // backwards over the return arc
				s.relax(s.src, d, true, 0)
			}
		}
	}
}

type marginItem struct {
	d    int64
	lost bool
	v    int32
}

type marginHeap []marginItem

func (h marginHeap) Len() int { return len(h) }
func (h marginHeap) Less(i, j int) bool {
	return h[i].d < h[j].d || h[i].d == h[j].d && !h[i].lost && h[j].lost
}
func (h marginHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *marginHeap) Push(x any)   { *h = append(*h, x.(marginItem)) }
func (h *marginHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
