package match

import (
	"container/heap"
	"context"
	"math"
)

// netflow is a general min-cost flow network for the constrained
// placement problems (group bounds) that the three-layer FlowSolver does
// not cover. Arcs come in pairs: arc a and its reverse a^1.
type netflow struct {
	nodes int
	head  []int32 // first arc out of each node, −1 if none
	next  []int32
	to    []int32
	cap   []int64 // residual capacity
	cost  []int64
	pot   []int64
	dist  []int64
	pred  []int32 // arc into each node on the shortest path
	h     distHeap
}

func newNetflow(nodes int) *netflow {
	g := &netflow{nodes: nodes, head: make([]int32, nodes)}
	for i := range g.head {
		g.head[i] = -1
	}
	return g
}

// add adds the arc u → v with capacity and cost, and returns its index.
func (g *netflow) add(u, v int, capacity, cost int64) int {
	a := len(g.to)
	g.to = append(g.to, int32(v), int32(u))
	g.cap = append(g.cap, capacity, 0)
	g.cost = append(g.cost, cost, -cost)
	g.next = append(g.next, g.head[u], g.head[v])
	g.head[u], g.head[v] = int32(a), int32(a+1)
	return a
}

// flow is the flow on arc a (a forward arc).
func (g *netflow) flow(a int) int64 { return g.cap[a^1] }

// minCost sends flow from s to t along successive shortest paths while
// they have negative cost: a min-cost flow of any value (the cost of a
// flow of value k is convex in k). topo lists the nodes in an order in
// which every arc of the empty flow goes forward, for the first
// potentials. It checks ctx once per path.
func (g *netflow) minCost(ctx context.Context, s, t int, topo []int32) error {
	n := g.nodes
	const inf = math.MaxInt64
	g.pot = make([]int64, n)
	g.dist = make([]int64, n)
	g.pred = make([]int32, n)
	// First potentials: shortest distances from s over the DAG of the
	// empty flow; nodes s does not reach keep 0 (never reached later:
	// new residual arcs point back along paths from s).
	for i := range g.dist {
		g.dist[i] = inf
	}
	g.dist[s] = 0
	for _, u := range topo {
		if g.dist[u] == inf {
			continue
		}
		for a := g.head[u]; a >= 0; a = g.next[a] {
			if g.cap[a] > 0 && g.dist[u]+g.cost[a] < g.dist[g.to[a]] {
				g.dist[g.to[a]] = g.dist[u] + g.cost[a]
			}
		}
	}
	for v, d := range g.dist {
		if d != inf {
			g.pot[v] = d
		}
	}
	done := ctx.Done()
	for {
		select {
		case <-done:
			return ctx.Err()
		default:
		}
		if !g.dijkstra(s, t) {
			return nil
		}
		if g.dist[t]+g.pot[t]-g.pot[s] >= 0 { // the path's true cost
			return nil
		}
		for v := range n {
			if g.dist[v] != inf {
				g.pot[v] += g.dist[v]
			} else {
				g.pot[v] += g.dist[t]
			}
		}
		push := int64(inf)
		for v := t; v != s; v = int(g.to[g.pred[v]^1]) {
			push = min(push, g.cap[g.pred[v]])
		}
		for v := t; v != s; v = int(g.to[g.pred[v]^1]) {
			a := g.pred[v]
			g.cap[a] -= push
			g.cap[a^1] += push
		}
	}
}

// dijkstra computes reduced distances from s; false if t is unreachable.
func (g *netflow) dijkstra(s, t int) bool {
	const inf = math.MaxInt64
	for i := range g.dist {
		g.dist[i] = inf
	}
	g.dist[s] = 0
	g.h = append(g.h[:0], distItem{0, int32(s)})
	for g.h.Len() > 0 {
		it := heap.Pop(&g.h).(distItem)
		u := int(it.v)
		if it.d != g.dist[u] {
			continue
		}
		for a := g.head[u]; a >= 0; a = g.next[a] {
			if g.cap[a] <= 0 {
				continue
			}
			v := int(g.to[a])
			d := it.d + g.cost[a] + g.pot[u] - g.pot[v]
			if d < g.dist[v] {
				g.dist[v], g.pred[v] = d, a
				heap.Push(&g.h, distItem{d, int32(v)})
			}
		}
	}
	return g.dist[t] != inf
}

// certify returns potentials π under which every residual arc, and the
// return arc t → s of cost 0 (with its reverse where flow runs), has a
// non-negative reduced cost, by Bellman–Ford from a virtual root; ok is
// false if the residual network has a negative cycle (the flow is not
// optimal).
func (g *netflow) certify(s, t int) (pot []int64, ok bool) {
	n := g.nodes
	pot = make([]int64, n) // all 0: the virtual root's arcs
	inQ := make([]bool, n)
	cnt := make([]int, n)
	q := make([]int32, 0, n)
	for v := range n {
		q = append(q, int32(v))
		inQ[v] = true
	}
	var out int64 // flow out of s
	for a := g.head[s]; a >= 0; a = g.next[a] {
		if a%2 == 0 {
			out += g.flow(int(a))
		}
	}
	relax := func(u, v int, c int64) {
		if pot[u]+c < pot[v] {
			pot[v] = pot[u] + c
			if !inQ[v] {
				inQ[v] = true
				q = append(q, int32(v))
			}
		}
	}
	for len(q) > 0 {
		u := int(q[0])
		q = q[1:]
		inQ[u] = false
		if cnt[u]++; cnt[u] > n+1 {
			return nil, false
		}
		for a := g.head[u]; a >= 0; a = g.next[a] {
			if g.cap[a] > 0 {
				relax(u, int(g.to[a]), g.cost[a])
			}
		}
		if u == t {
			relax(t, s, 0)
		}
		if u == s && out > 0 {
			relax(s, t, 0)
		}
	}
	// Shortest distances: c + pot(u) − pot(v) ≥ 0 on every residual arc.
	return pot, true
}

type distItem struct {
	d int64
	v int32
}

type distHeap []distItem

func (h distHeap) Len() int           { return len(h) }
func (h distHeap) Less(i, j int) bool { return h[i].d < h[j].d }
func (h distHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *distHeap) Push(x any)        { *h = append(*h, x.(distItem)) }
func (h *distHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
