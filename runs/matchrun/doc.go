// Package matchrun runs a matching end to end over a datasets.MatchSet:
// convert and build the problem (match.Build), solve it with one of the
// engine's solvers, verify the placement independently, and explain one
// candidate's placement against its alternatives.
//
// Both `caregap match` and the HTTP API use it, so a placement and its
// explanation are the same whichever way they were asked for.
//
// A Record keeps what answers per-candidate questions once the problem is
// gone: each candidate's outcome, the placement's cost breakdown and the
// cheapest alternatives with their reduced costs
//
//	r[c,o] = cost[c,o] − M + U[c] + Y[o] + Z[w(o)]
//
// from the solver's dual certificate (engine/match, Certificate). Each is
// a lower bound on how much cheaper the pair would have to be before the
// optimum placed the candidate there: duals are not unique, so r = 0 does
// not prove a tie (match.ExplainExact computes the exact margin). A
// reduced cost r ≥ M means that taking opening o would certainly cost a
// placement elsewhere; the record stores r − M and marks it. r < M does
// not prove the contrary. The solver "stable" gives no certificate; its
// alternatives are listed by cost alone.
//
// Record.Report recomputes a run's report over the candidates and
// workplaces of some municipalities only, for callers whose scope is
// limited. SubsetRegions takes those municipalities by code, name or group
// (datasets.ResolveRegions).
//
// An Explanation speaks twice: Text, a short account in English, and
// Words, what a caseworker reads to the person in Swedish or English. For
// a placement, Words names the role, the employer and workplace and its
// municipality (by name, once NameRegions has given the names), when it
// starts and how far it is, what about it fits the person's wishes and
// what does not, and up to three other places that would have fitted
// almost as well (within 5 points of the exact margin, none that would
// take someone else's place); for an unplaced person, the reason and what
// would change it. It never speaks of costs, margins, prices or the
// solver.
package matchrun
