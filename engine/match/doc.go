// Package match places candidates outside the labour market in care-sector
// openings whose workplaces have few supervisors, and explains and checks
// the placements.
//
// # Problem
//
// Candidates c (each placed at most once), openings o with Positions[o]
// places at workplace Workplace[o], and workplaces w with supervisor
// capacity Capacity[w] (placements over all their openings). Eligible pairs
// (arcs) carry integer costs cost[c,o]. The goal is lexicographic: place
// as many candidates as possible, then minimise the total cost. As a
// linear program, with x[c,o] ∈ {0, 1}:
//
//	minimise   Σ (cost[c,o] − M)·x[c,o]
//	subject to Σ_o x[c,o] ≤ 1,  Σ_c x[c,o] ≤ Positions[o],
//	           Σ_{c, o∈w} x[c,o] ≤ Capacity[w],  x ≥ 0.
//
// The constraint matrix is that of a network (source → candidate (1) →
// opening (positions) → workplace (capacity) → sink), hence totally
// unimodular, and the LP has integral optima.
//
// Lexicographic optimum. Let P bound the number placed (Problem.
// MaxPlacements) and M = P·(max(0, Cmax) − min(0, Cmin)) + 1
// (Problem.Bonus). A placement with k+j placed (j ≥ 1) costs at most
// (k+j)·max(0, Cmax) and one with k placed at least k·min(0, Cmin), so its
// objective is smaller by at least j·M − P·(max(0,Cmax) − min(0,Cmin)) > 0.
// Every LP optimum therefore places the most candidates, and among those
// minimises cost.
//
// # Flow solver
//
// FlowSolver runs successive shortest paths with node potentials (Edmonds
// & Karp 1972; Tomizawa 1971) in primal–dual form (Ahuja, Magnanti & Orlin
// 1993, ch. 9). Costs are shifted to be non-negative (c − min(0, Cmin)),
// which changes every placement with k placed by the same k·const, so the
// min-cost maximum flow is unchanged. Each phase runs Dijkstra on reduced
// costs, stops when the sink is settled at distance D, raises every
// potential by min(dist, D) (stored as a shift of all nodes plus a
// correction of the settled ones, so a phase costs only what it visits),
// augments along the path found, and then keeps augmenting by depth-first
// search along tight arcs (reduced cost 0), which are shortest paths too;
// a node whose search fails twice in a phase while the search path blocks
// it is dead for the phase (FlowSolver.fail), which bounds the revisits
// along zero-cost cycles, and a tight path missed that way waits for the
// next Dijkstra. Successive shortest paths give, for every k, a cheapest flow of value k;
// when the sink is unreachable the flow is maximum, so the result is the
// lexicographic optimum.
//
// The structure is exploited: candidates have unit capacity and, once
// placed, stay placed (a shortest path never returns to the source), so
// the search runs over openings and workplaces only. A placed candidate's
// potential is implied by its opening (π(c) = π(o) − cost[c,o], the arc
// being tight), moving it from o to o' is one arc of reduced cost
// cost[c,o'] − cost[c,o] + π(o) − π(o'), and free candidates all have
// potential 0, so the cheapest free candidate of each opening is the head
// of that opening's in-list sorted by cost, advanced past placed
// candidates (amortised O(arcs) in all). Arrays are flat and reused.
//
// Move lists (flow_pairs.go). With places plentiful nearly everybody is
// placed, there are hundreds of phases, and each would scan every arc of
// every placed candidate it reaches. Only the least delta
// cost[c,o'] − cost[c,o] over the candidates c at o matters for the arc
// o → o', so each opening keeps, per target o', the three least deltas
// with their candidates, in order of target; a candidate joining updates
// the entries in place, one leaving promotes the next, and the list is
// rebuilt from the candidates' arcs only when an entry loses its least
// and its second is no longer known. Where candidates
// near each other share their openings (about ten arcs per entry on the
// geometric and clustered classes) the searches scan the lists; an
// opening with more than one entry per two arcs is scanned arc by arc.
// A candidate joining or leaving a short list finds its entries through
// a per-target index written for the occasion (flow_pos.go) rather than
// by binary searches.
// The Dijkstra gives settled nodes distance −∞ and unreached ones +∞, so
// one comparison decides each relaxation.
//
// Floors (flow_floor.go). Each opening, and each placed candidate, keeps
// a lower bound on the reduced costs of its moves; a phase lowers the
// bounds of the nodes its Dijkstra settled by what their potentials fell
// behind the rest. The search skips an opening or a candidate whose floor
// is positive (no tight move), and the Dijkstra skips one whose floor
// puts everything behind it beyond the sink's distance, bounded before
// the sink is reached by the direct paths through openings and
// workplaces with room. With places plentiful and costs uniform this
// leaves about one arc in twenty to scan.
//
// Dropped nodes (flow_gone.go). A node that cannot reach the sink never
// will again (an augmenting path ends at the sink, so no node of it is
// reachable from such a node, and only its arcs change); every residual
// arc out of it ends at another such node. Now and then (after the
// phases have scanned 16 times as many arcs as the network has, then
// less often while nothing is found) a search backwards from the sink
// marks them, and they are skipped from then on, keeping the potentials
// they had: arcs into them come from nodes whose potentials only grow,
// arcs out of them stay among them, so reduced costs stay non-negative,
// and the certificate uses those potentials as they are.
//
// Certificate. With final potentials p (openings and workplaces reachable
// from a free candidate keep theirs, dropped ones the potentials they had
// when dropped; the others, which no residual arc from those two sets
// enters, are raised by K so that the sink sits at p(T) = M − min(0,
// Cmin)), the duals
//
//	U[c] = max(0, p(c)),  Y[o] = max(0, p(w) − p(o)),  Z[w] = max(0, p(T) − p(w))
//
// are the negated reduced costs of the saturated arcs source→c, o→w and
// w→T in the circulation closed by T→source of cost −M. Summing reduced
// costs around source→c→o→w→T→source gives
// cost − M + U + Y + Z = max(0, rc(s,c)) + rc(c,o) + max(0, rc(o,w)) +
// max(0, rc(w,T)) ≥ 0 with equality on used arcs, and a positive dual only
// on a saturated arc: exactly LP dual feasibility and complementary
// slackness (see Certificate), which Verify checks in O(arcs) without
// trusting the solver. Verify also requires every dual to be at most
// M − min(0, Cmin): lowering a larger dual to that value keeps the
// certificate valid (Certificate, DualBound), and the bound keeps every
// reduced cost exact in int64.
//
// Ties. In-lists are ordered by cost, then by candidate index, so among
// several optimal placements the one returned depends on the order of
// the candidates: of two candidates equally suited to the last position,
// the one listed first tends to get it. The Problem carries no
// identifiers to break ties otherwise; a caller for whom input order must
// not matter should order the candidates by a keyed hash of their
// pseudonymous ids (or a seeded shuffle) before Build. Every placement
// returned is optimal whatever the order, and Verify proves it.
//
// Explain reports, for one candidate, the reduced cost of every eligible
// opening under the certificate. The duals are not unique, so a reduced
// cost is only a lower bound on the margin: how much cheaper the pair
// would have to be before an optimum places the candidate there (the
// optimum with the pair forced, less the optimum). A reduced cost of 0
// does not imply a tie; one of at least M does imply that taking the
// opening costs a placement elsewhere. ExplainExact computes the exact
// margins: forcing the pair (c, o) costs the cheapest cycle through the
// arc c → o in the residual network of the optimum, which is its reduced
// cost plus the shortest reduced distance from o back to c, found by one
// Dijkstra search backwards from c with the certificate as potentials.
//
// # Dense assignment
//
// DenseLAP solves dense n×m assignment problems by shortest augmenting
// paths with dense Dijkstra over the columns: Jonker & Volgenant (1987),
// "A shortest augmenting path algorithm for dense and sparse linear
// assignment problems", Computing 38, with its column reduction, reduction
// transfer and augmenting row reduction for square matrices; and the
// rectangular form of Crouse (2016), "On implementing 2D rectangular
// assignment algorithms", IEEE TAES 52(4), which scipy's
// linear_sum_assignment implements, for n < m (n > m is solved
// transposed). Each search step is one pass over the scanned row in
// column order that lowers the distances and picks the next column. With
// int64 costs that pass is branch-free, eight columns at a time with
// AVX-512 where the processor has it (lap_amd64.s; a scalar loop
// elsewhere), over an int32 copy of the costs when they fit; wider costs
// break distance ties in the order columns were reached (lap_kernel.go).
// Row duals u and column duals v with u + v ≤ cost, equality
// on assigned pairs, certify optimality (VerifyDense). DenseSolver uses it
// as a Solver for placement problems whose supervisor capacity does not
// bind (one column per position plus one "stay out" column per
// candidate), mapping the duals to a Certificate.
//
// # Stable matching
//
// StableMatching runs candidate-proposing deferred acceptance (Gale &
// Shapley 1962) with capacities as in the hospitals/residents problem
// (Roth 1984), extended to the nested supervisor limit. Each workplace
// orders the placements it could hold by the candidate's rank in the
// opening's own list (then opening index, then candidate index) and
// chooses greedily in that order, subject to each opening's positions and
// its supervisor capacity. Under deferred acceptance this means: an
// opening over its positions rejects the candidate it ranks lowest, and a
// workplace over its supervisor capacity rejects the placement lowest in
// its order. This greedy choice over a laminar family of capacities is a
// matroid choice, hence substitutable and size-monotone, so deferred
// acceptance ends in the candidate-optimal stable placement (Hatfield &
// Milgrom 2005, "Matching with contracts", AER 95(4); cf. the
// student–project allocation problem, Abraham, Irving & Manlove 2007).
// A pair (c, o) blocks a placement if both find each other acceptable, c
// is unplaced or prefers o, and the workplace would choose (c, o) from
// what it holds plus (c, o); BlockingPairs lists them.
//
// # Eligibility and cost
//
// Build applies the hard Rules (commute limit, language level, licence,
// start date, hours, optionally role, the protected title undersköterska
// for SSYK 5321), prices the remaining pairs with the
// named components of CostWeights, and keeps each pair's components in a
// Breakdown. Sex and birth region are never read by Build; the Report
// (Facts.Report, Summarize) uses them, after solving, for placement rates
// by group, over all municipalities or some.
//
// # The caseworker's tools
//
// Re-matching (rematch.go): after the inputs change, RematchCost finds
// the optimum that pays a stated cost per move of a person who could have
// kept their earlier place (exact: the earlier pairs are made cheaper by
// the move cost, and an unplaced outcome is priced at the placement
// bonus); RematchBudget allows at most k moves by searching the price of
// a move (a Lagrangian relaxation in exact fractions). Its answer is
// optimal with a certificate when the budget does not bind or the priced
// optimum moves exactly k; otherwise it is within the budget with a proven
// lower bound. VerifyRematch checks either without trusting the solver.
//
// Top-k (topk.go): TopK lists a candidate's k best openings with the
// exact cost of forcing each pair into the optimum, from one shortest-path
// search over the optimum's residual network.
//
// Group balance (balance.go): SolveBalanced bounds the placements of each
// group (sex or birth region, per municipality) with a node of its own
// between the source and its candidates, so the bounds are flow
// constraints and the optimum stays exact; it reports the price of
// fairness against the unconstrained optimum. Group attributes never
// enter the cost.
package match
