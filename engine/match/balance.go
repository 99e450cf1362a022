package match

import (
	"context"
	"fmt"

	"github.com/caregap/caregap/engine/errkind"
)

// GroupBounds puts bounds on how many of a group's candidates are placed.
// The groups partition some of the candidates (a group per municipality
// and sex, say); they are constraints only and never touch the cost.
type GroupBounds struct {
	Group    []int32 // per candidate: its group, −1 if in none
	Min, Max []int32 // per group: at least Min and at most Max placed
}

// Balanced is a placement under group bounds with the price of fairness
// against the unconstrained optimum.
type Balanced struct {
	// Result is the placement; its Cert is nil (Pot certifies it).
	*Result
	GroupPlaced []int32 // placements per group
	M, B        int64   // placement bonus, bonus of a group minimum's unit
	// Pot holds node potentials of the network (see Network) under which
	// every residual arc has a non-negative reduced cost: the certificate
	// VerifyBalanced checks.
	Pot []int64
	// Free is the unconstrained optimum; the price of fairness is
	// LostPlacements = Free.Placed − Placed and ExtraCost = Cost −
	// Free.Cost (negative when fewer are placed).
	Free           *Result
	LostPlacements int
	ExtraCost      int64
}

// BoundsError names the group whose bounds cannot be met or are invalid.
type BoundsError struct {
	Group    int
	Min, Max int32
	Size     int   // candidates in the group
	Placed   int32 // the most the optimum could place while meeting the rest
	Err      error // ErrInfeasible or ErrValueRange
}

func (e *BoundsError) Error() string {
	return fmt.Sprintf("match: group %d (%d candidates): bounds [%d, %d], %d placed: %v",
		e.Group, e.Size, e.Min, e.Max, e.Placed, e.Err)
}

func (e *BoundsError) Unwrap() error { return e.Err }

// Kind is errkind.BadInput: the bounds do not fit the data.
func (e *BoundsError) Kind() errkind.Kind { return errkind.BadInput }

// network is the placement network with group bounds: source, groups,
// candidates, openings, workplaces, sink, numbered in that order (the
// nodes are in topological order of the empty flow). Arcs: source →
// group, twice (capacity Min at cost −B, and Max − Min at 0); source
// (ungrouped) or group → candidate (1, 0); candidate → opening (1, cost −
// M); opening → workplace (Positions); workplace → sink (Capacity).
type network struct {
	g                      *netflow
	gOff, cOff, oOff, wOff int
	sink                   int
	arcOf                  []int // network arc of each arc of p
	candArc, openArc       []int // into each candidate, out of each opening
	sinkArc                []int // out of each workplace
	minArc, restArc        []int
}

func buildNetwork(p *Problem, gb *GroupBounds, M, B int64) *network {
	n, m, nw, ng := p.NumCandidates(), p.NumOpenings(), p.NumWorkplaces(), len(gb.Min)
	nt := &network{gOff: 1, cOff: 1 + ng, oOff: 1 + ng + n, wOff: 1 + ng + n + m}
	nt.sink = nt.wOff + nw
	g := newNetflow(nt.sink + 1)
	nt.g = g
	for k := range ng {
		nt.minArc = append(nt.minArc, g.add(0, nt.gOff+k, int64(gb.Min[k]), -B))
		nt.restArc = append(nt.restArc, g.add(0, nt.gOff+k, int64(gb.Max[k]-gb.Min[k]), 0))
	}
	nt.arcOf = make([]int, p.NumArcs())
	for c := range n {
		from := 0
		if gb.Group[c] >= 0 {
			from = nt.gOff + int(gb.Group[c])
		}
		nt.candArc = append(nt.candArc, g.add(from, nt.cOff+c, 1, 0))
		for a := p.Start[c]; a < p.Start[c+1]; a++ {
			nt.arcOf[a] = g.add(nt.cOff+c, nt.oOff+int(p.Opening[a]), 1, p.Cost[a]-M)
		}
	}
	for o := range m {
		nt.openArc = append(nt.openArc, g.add(nt.oOff+o, nt.wOff+int(p.Workplace[o]), int64(p.Positions[o]), 0))
	}
	for w := range nw {
		nt.sinkArc = append(nt.sinkArc, g.add(nt.wOff+w, nt.sink, int64(p.Capacity[w]), 0))
	}
	return nt
}

func checkGroups(p *Problem, gb *GroupBounds) ([]int, error) {
	if len(gb.Group) != p.NumCandidates() || len(gb.Min) != len(gb.Max) {
		return nil, fmt.Errorf("match: group bounds for %d candidates and %d/%d groups: %w", len(gb.Group), len(gb.Min), len(gb.Max), ErrValueRange)
	}
	size := make([]int, len(gb.Min))
	for c, k := range gb.Group {
		if k < -1 || int(k) >= len(gb.Min) {
			return nil, &ValidationError{"Group", c, ErrIndexRange}
		}
		if k >= 0 {
			size[k]++
		}
	}
	for k := range gb.Min {
		if gb.Min[k] < 0 || gb.Max[k] < gb.Min[k] {
			return nil, &BoundsError{k, gb.Min[k], gb.Max[k], size[k], -1, ErrValueRange}
		}
	}
	return size, nil
}

// SolveBalanced returns the placement with the most candidates placed and
// then the least cost among those that place between Min[k] and Max[k]
// of each group k, with the unconstrained optimum for the price of
// fairness. The bounds are constraints of the flow, exact: a group node
// between the source and its candidates, reached by two arcs, one of
// capacity Min at a bonus B larger than any difference of the objective
// Σ (cost − M)·x (so minimums are met whenever they can be) and one of
// capacity Max − Min. The network is solved by successive shortest paths
// with potentials, and the potentials certify the optimum
// (VerifyBalanced). It returns a *BoundsError wrapping ErrInfeasible,
// naming a group short of its minimum, if the minimums cannot all be
// met, and ErrCostRange if B does not fit in int64.
func SolveBalanced(ctx context.Context, p *Problem, gb *GroupBounds) (*Balanced, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	size, err := checkGroups(p, gb)
	if err != nil {
		return nil, err
	}
	var fs FlowSolver
	free, err := fs.SolveContext(ctx, p)
	if err != nil {
		return nil, err
	}
	M := free.Cert.M
	B, ok := mulCheck(p.MaxPlacements()+1, satAdd(M, spread(p))+1)
	if !ok || B > maxBonus/4 {
		return nil, &ValidationError{"Cost", -1, ErrCostRange}
	}
	nt := buildNetwork(p, gb, M, B)
	topo := make([]int32, nt.g.nodes)
	for i := range topo {
		topo[i] = int32(i)
	}
	if err := nt.g.minCost(ctx, 0, nt.sink, topo); err != nil {
		return nil, err
	}
	res := &Result{Assign: make([]int32, p.NumCandidates())}
	b := &Balanced{Result: res, GroupPlaced: make([]int32, len(gb.Min)), M: M, B: B, Free: free}
	for c := range res.Assign {
		res.Assign[c] = -1
		for a := p.Start[c]; a < p.Start[c+1]; a++ {
			if nt.g.flow(nt.arcOf[a]) > 0 {
				res.Assign[c] = p.Opening[a]
				res.Placed++
				res.Cost += p.Cost[a]
				if k := gb.Group[c]; k >= 0 {
					b.GroupPlaced[k]++
				}
			}
		}
	}
	for k, got := range b.GroupPlaced {
		if got < gb.Min[k] {
			return nil, &BoundsError{k, gb.Min[k], gb.Max[k], size[k], got, ErrInfeasible}
		}
	}
	pot, ok := nt.g.certify(0, nt.sink)
	if !ok {
		return nil, fmt.Errorf("match: group-bounded flow has a negative cycle: %w", ErrNotOptimal)
	}
	b.Pot = pot
	b.LostPlacements = free.Placed - res.Placed
	b.ExtraCost = res.Cost - free.Cost
	return b, nil
}

// VerifyBalanced checks a group-bounded placement without trusting the
// solver: it is feasible in p, meets every group's bounds, and the
// potentials Pot give every residual arc of the network (with M and B
// as stated, M at least p.Bonus(), B above every difference of the
// objective) a non-negative reduced cost, which proves it the
// lexicographic optimum under the bounds.
func VerifyBalanced(p *Problem, gb *GroupBounds, b *Balanced) error {
	if err := Verify(p, b.Result, nil); err != nil {
		return err
	}
	if _, err := checkGroups(p, gb); err != nil {
		return err
	}
	bonus, err := p.Bonus()
	if err != nil {
		return err
	}
	if need, ok := mulCheck(p.MaxPlacements()+1, satAdd(b.M, spread(p))+1); b.M < bonus || !ok || b.B < need {
		return notOptimal("bonus", -1, -1, -1, "M = %d, B = %d below what the problem needs", b.M, b.B)
	}
	nt := buildNetwork(p, gb, b.M, b.B)
	g := nt.g
	if len(b.Pot) != g.nodes {
		return notOptimal("potentials", -1, -1, -1, "%d potentials for %d nodes", len(b.Pot), g.nodes)
	}
	// Put the flow of the placement on the network.
	send := func(a int, f int64) { g.cap[a] -= f; g.cap[a^1] += f }
	placed := make([]int64, len(gb.Min))
	for c, o := range b.Assign {
		if o < 0 {
			continue
		}
		a := p.ArcOf(c, int(o))
		send(nt.arcOf[a], 1)
		send(nt.candArc[c], 1)
		send(nt.openArc[o], 1)
		send(nt.sinkArc[p.Workplace[o]], 1)
		if k := gb.Group[c]; k >= 0 {
			placed[k]++
		}
	}
	for k, f := range placed {
		if f < int64(gb.Min[k]) || f > int64(gb.Max[k]) {
			return infeasible("group bounds", -1, -1, -1, "group %d: %d placed, bounds [%d, %d]", k, f, gb.Min[k], gb.Max[k])
		}
		send(nt.minArc[k], int64(gb.Min[k]))
		send(nt.restArc[k], f-int64(gb.Min[k]))
	}
	for a := range g.to {
		if g.cap[a] < 0 {
			return infeasible("network capacity", -1, -1, -1, "arc %d over its capacity", a)
		}
		if g.cap[a] == 0 {
			continue
		}
		u, v := int(g.to[a^1]), int(g.to[a])
		if rc := g.cost[a] + b.Pot[u] - b.Pot[v]; rc < 0 {
			return notOptimal("reduced cost", -1, -1, -1, "network arc %d → %d has reduced cost %d", u, v, rc)
		}
	}
	// The return arc sink → source (cost 0), and its reverse when flow runs.
	if b.Pot[nt.sink]-b.Pot[0] < 0 || b.Placed > 0 && b.Pot[0]-b.Pot[nt.sink] < 0 {
		return notOptimal("reduced cost", -1, -1, -1, "return arc: potentials %d at the source, %d at the sink", b.Pot[0], b.Pot[nt.sink])
	}
	return nil
}
