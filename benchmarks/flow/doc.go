// Package flow compares match.FlowSolver with the min-cost flow
// algorithms of LEMON 1.3 (Debian's liblemon-dev): NetworkSimplex and
// CostScaling, run by the small C++ driver lemon_mcf.cpp beside this file.
//
// Both sides solve the same placement network, written by WriteNetwork,
// with the engine's objective: minimise Σ (cost[c,o] − M)·x[c,o] with
// M = Problem.Bonus(), which places the most candidates and then
// minimises cost (engine/match/doc.go). The driver closes the network
// with a sink → source arc of cost −M and solves a minimum-cost
// circulation; it reports the placements and Σ cost[c,o] over them, which
// must equal the engine's Result.Placed and Result.Cost.
//
// Instances come in the classes of match.NetworkClasses (uniform,
// geometric, clustered, heavy) and two shapes, scarce supervisors and
// plentiful places (Config). Timings are of the solve alone, wall and
// process CPU time: the engine's FlowSolver.Solve (best of k) against
// LEMON's run() (best of k, which re-initialises the solver); building the
// LEMON graph and solver is timed separately. The test in
// this package checks the optima on mid-size instances; the command
// benchmarks/cmd/peers runs the full-size comparison (benchmarks/README.md).
package flow
