package match

import (
	"fmt"

	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/internal/scratch"
)

// ErrBindingSupervisors: DenseSolver cannot model a workplace whose
// supervisor capacity is below what its openings can take.
var ErrBindingSupervisors = errkind.New(errkind.BadInput, "supervisor capacity binds")

// DenseSolver solves placement problems whose supervisor capacities do not
// bind, as one dense rectangular assignment: one row per candidate; one
// column per position of each opening (min(Positions, in-degree+1) copies)
// with cost cost − M where eligible and 1 where not; and one column per
// candidate for staying out, at cost 0. Every row is assigned, a
// placement saves M, an ineligible column is never cheaper than staying
// out, so the assignment optimum is the lexicographic one (doc.go). The
// LAP duals map to a Certificate with U = −u, Y[o] = −v of o's columns
// (equal at an optimum when o is full, 0 otherwise) and Z = 0. Memory is
// n·(columns) int64s, so it suits up to a few thousand candidates. The
// zero value is ready to use.
type DenseSolver struct {
	lap    DenseLAP
	cost   []int64
	col    []int32 // opening of each position column
	in     offsets // arcs into each opening
	first  offsets // position columns of opening o: first.start[o]:first.start[o+1]
	rowCol []int
	u, v   []int64
}

var _ Solver = (*DenseSolver)(nil)

// Solve returns an optimal placement with its certificate, a
// *ValidationError for invalid data, or an error wrapping
// ErrBindingSupervisors if some workplace's openings could take more than
// its supervisor capacity.
func (s *DenseSolver) Solve(p *Problem) (*Result, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	bonus, _ := p.Bonus()
	n, m := p.NumCandidates(), p.NumOpenings()
	in, first := &s.in, &s.first
	in.count(p.Opening, m)
	first.sized(m, func(o int) int32 { return min(p.Positions[o], in.size(o)+1) })
	sumW := make([]int64, p.NumWorkplaces())
	for o := range m {
		sumW[p.Workplace[o]] += int64(min(p.Positions[o], in.size(o)))
	}
	for w, k := range sumW {
		if k > int64(p.Capacity[w]) {
			return nil, fmt.Errorf("match: workplace %d: openings take %d, capacity %d: %w",
				w, k, p.Capacity[w], ErrBindingSupervisors)
		}
	}
	real := int(first.total())
	cols := real + n
	s.col = scratch.Grow(s.col, real)
	for o := range m {
		for j := first.start[o]; j < first.start[o+1]; j++ {
			s.col[j] = int32(o)
		}
	}
	s.cost = scratch.Grow(s.cost, n*cols)
	for c := range n {
		row := s.cost[c*cols : (c+1)*cols]
		for j := range real {
			row[j] = 1
		}
		clear(row[real:])
		for a := p.Start[c]; a < p.Start[c+1]; a++ {
			o := p.Opening[a]
			for j := first.start[o]; j < first.start[o+1]; j++ {
				row[j] = p.Cost[a] - bonus
			}
		}
	}
	s.rowCol = scratch.Grow(s.rowCol, n)
	s.u = scratch.Grow(s.u, n)
	s.v = scratch.Grow(s.v, cols)
	if _, err := s.lap.SolveInt(s.cost, n, cols, s.rowCol, s.u, s.v); err != nil {
		return nil, err
	}
	res := &Result{Assign: make([]int32, n)}
	z := &Certificate{M: bonus, U: make([]int64, n), Y: make([]int64, m), Z: make([]int64, p.NumWorkplaces())}
	for c, j := range s.rowCol {
		res.Assign[c] = -1
		if j < real {
			o := s.col[j]
			res.Assign[c] = o
			res.Placed++
			res.Cost += p.Cost[p.ArcOf(c, int(o))]
		}
		z.U[c] = max(0, -s.u[c])
	}
	ub := DualBound(p, bonus)
	for o := range m {
		if first.size(o) == 0 {
			z.Y[o] = ub // no positions: any dual large enough will do
			continue
		}
		z.Y[o] = max(0, -s.v[first.start[o]])
	}
	z.clamp(ub)
	res.Cert = z
	return res, nil
}

// minCost returns min(0, least cost of p).
func minCost(p *Problem) int64 {
	var lo int64
	for _, c := range p.Cost {
		lo = min(lo, c)
	}
	return lo
}
