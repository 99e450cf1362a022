package match

import (
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
	h     distHeap
	// blocking flow: current arc, nodes with no tight path to t, the
	// search path
	cur    []int32
	dead   []bool
	onPath []bool
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
		// π += min(dist, dist(t)): nodes settled before t by their
		// distance, all others by dist(t); every residual arc keeps a
		// non-negative reduced cost.
		dt := g.dist[t]
		for v := range n {
			g.pot[v] += min(g.dist[v], dt)
		}
		// Every residual path of reduced length 0 from s to t is now a
		// shortest path, of the same negative cost: augment along as many
		// as there are (a blocking flow over the tight arcs, with a
		// current arc per node, as in Dinic's algorithm).
		g.blocking(s, t)
	}
}

// blocking augments along tight (reduced cost 0) residual paths from s
// to t until there is none.
func (g *netflow) blocking(s, t int) {
	if cap(g.cur) < g.nodes {
		g.cur = make([]int32, g.nodes)
		g.dead = make([]bool, g.nodes)
		g.onPath = make([]bool, g.nodes)
	}
	g.cur, g.dead, g.onPath = g.cur[:g.nodes], g.dead[:g.nodes], g.onPath[:g.nodes]
	copy(g.cur, g.head)
	clear(g.dead)
	for g.augment(s, t, math.MaxInt64) > 0 {
	}
}

// augment pushes up to limit units from u to t along tight arcs by
// depth-first search and returns how many it pushed.
func (g *netflow) augment(u, t int, limit int64) int64 {
	if u == t {
		return limit
	}
	g.onPath[u] = true
	defer func() { g.onPath[u] = false }()
	for ; g.cur[u] >= 0; g.cur[u] = g.next[g.cur[u]] {
		a := g.cur[u]
		v := int(g.to[a])
		if g.cap[a] <= 0 || g.dead[v] || g.onPath[v] || g.cost[a]+g.pot[u]-g.pot[v] != 0 {
			continue
		}
		if f := g.augment(v, t, min(limit, g.cap[a])); f > 0 {
			g.cap[a] -= f
			g.cap[a^1] += f
			return f
		}
	}
	g.dead[u] = true
	return 0
}

// dijkstra computes reduced distances from s until t is settled; false
// if t is unreachable. Nodes not settled keep a distance of at least
// dist(t) (or MaxInt64).
func (g *netflow) dijkstra(s, t int) bool {
	const inf = math.MaxInt64
	for i := range g.dist {
		g.dist[i] = inf
	}
	g.dist[s] = 0
	g.h = append(g.h[:0], distItem{0, int32(s)})
	for len(g.h) > 0 {
		it := g.h.pop()
		u := int(it.v)
		if it.d != g.dist[u] {
			continue
		}
		if u == t {
			return true
		}
		pu := g.pot[u]
		for a := g.head[u]; a >= 0; a = g.next[a] {
			if g.cap[a] <= 0 {
				continue
			}
			v := int(g.to[a])
			d := it.d + g.cost[a] + pu - g.pot[v]
			if d < g.dist[v] {
				g.dist[v] = d
				g.h.push(distItem{d, int32(v)})
			}
		}
	}
	return false
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

// distHeap is a binary min-heap of distances, typed to avoid the
// interface calls of container/heap.
type distHeap []distItem

func (h *distHeap) push(x distItem) {
	*h = append(*h, x)
	a := *h
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if a[p].d <= a[i].d {
			break
		}
		a[p], a[i] = a[i], a[p]
		i = p
	}
}

func (h *distHeap) pop() distItem {
	a := *h
	top := a[0]
	n := len(a) - 1
	a[0] = a[n]
	a = a[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		if r := l + 1; r < n && a[r].d < a[l].d {
			l = r
		}
		if a[i].d <= a[l].d {
			break
		}
		a[i], a[l] = a[l], a[i]
		i = l
	}
	*h = a
	return top
}
