package match

// An indexed binary min-heap of FlowSolver nodes keyed by dist.

func (s *FlowSolver) less(i, j int) bool { return s.dist[s.heap[i]] < s.dist[s.heap[j]] }

func (s *FlowSolver) swap(i, j int) {
	h := s.heap
	h[i], h[j] = h[j], h[i]
	s.hpos[h[i]] = int32(i)
	s.hpos[h[j]] = int32(j)
}

func (s *FlowSolver) push(v int32) {
	s.heap = append(s.heap, v)
	i := len(s.heap) - 1
	s.hpos[v] = int32(i)
	s.up(i)
}

func (s *FlowSolver) pop() int32 {
	h := s.heap
	v := h[0]
	last := len(h) - 1
	s.swap(0, last)
	s.heap = h[:last]
	if last > 0 {
		s.down(0)
	}
	return v
}

func (s *FlowSolver) up(i int) {
	for i > 0 {
		j := (i - 1) / 2
		if !s.less(i, j) {
			break
		}
		s.swap(i, j)
		i = j
	}
}

func (s *FlowSolver) down(i int) {
	n := len(s.heap)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		j := l
		if r := l + 1; r < n && s.less(r, l) {
			j = r
		}
		if !s.less(j, i) {
			return
		}
		s.swap(i, j)
		i = j
	}
}
