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
// limited.
package matchrun
