package match

// The Dijkstra's priority queue: an indexed 4-ary min-heap of nodes whose
// entries carry their key (the node's tentative distance), so that sifting
// compares entries without reading dist through the node, and a node's
// four children sit in one or two cache lines. The heap holds at most
// one entry per node; hpos[v] is v's index in it while v is queued. On
// equal keys the sink comes first, so that the Dijkstra stops before
// settling (and scanning) the nodes as far as the sink: with places
// plentiful many nodes tie with it.

// qEntry is one heap entry: node v at tentative distance d.
type qEntry struct {
	d int64
	v int32
}

// qPush queues node v at distance d.
func (s *FlowSolver) qPush(v int32, d int64) {
	s.q = append(s.q, qEntry{d: d, v: v})
	s.qUp(len(s.q)-1, d)
}

// qLower lowers queued node v's key to d.
func (s *FlowSolver) qLower(v int32, d int64) {
	s.qUp(int(s.hpos[v]), d)
}

// qPop removes and returns the node with the least key.
func (s *FlowSolver) qPop() int32 {
	q := s.q
	v := q[0].v
	last := q[len(q)-1]
	s.q = q[:len(q)-1]
	if len(s.q) > 0 {
		s.qDown(0, last)
	}
	return v
}

// qHeapify orders the entries in s.q into a heap.
func (s *FlowSolver) qHeapify() {
	if len(s.q) > 1 {
		for i := (len(s.q) - 2) / 4; i >= 0; i-- {
			s.qDown(i, s.q[i])
		}
	}
	for i, e := range s.q {
		s.hpos[e.v] = int32(i)
	}
}

// qBefore reports whether entry a comes before entry b: by key, and the
// sink before other nodes with the same key.
func (s *FlowSolver) qBefore(a, b qEntry) bool {
	return a.d < b.d || a.d == b.d && a.v == s.tNode
}

// qUp moves the entry at i, whose key is now d, toward the root.
func (s *FlowSolver) qUp(i int, d int64) {
	q := s.q
	e := qEntry{d: d, v: q[i].v}
	for i > 0 {
		j := (i - 1) >> 2
		if !s.qBefore(e, q[j]) {
			break
		}
		q[i] = q[j]
		s.hpos[q[i].v] = int32(i)
		i = j
	}
	q[i] = e
	s.hpos[e.v] = int32(i)
}

// qDown places entry e at hole i or below, toward the leaves.
func (s *FlowSolver) qDown(i int, e qEntry) {
	q := s.q
	n := len(q)
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		j := c
		for k := c + 1; k < min(c+4, n); k++ {
			if s.qBefore(q[k], q[j]) {
				j = k
			}
		}
		if !s.qBefore(q[j], e) {
			break
		}
		q[i] = q[j]
		s.hpos[q[i].v] = int32(i)
		i = j
	}
	q[i] = e
	s.hpos[e.v] = int32(i)
}
