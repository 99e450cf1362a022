// Package lap compares match.DenseLAP with scipy's
// scipy.optimize.linear_sum_assignment (Debian's python3-scipy 1.10, which
// implements Crouse's shortest augmenting path algorithm in C++) on dense
// square integer matrices of several instance classes.
//
// Generate draws the classes listed in Classes: uniform costs, geometric
// costs from the default cost model of engine/match (points in a plane,
// distance plus preference and penalty terms), clustered ones (a few
// towns, many near-ties) and heavy-tailed ones (log-normal). Uniform
// draws the older uniform matrices in [0, 1000).
//
// WriteNPY writes a matrix in numpy's .npy format; scipy_lap.py, beside
// this file and embedded as Script, loads it, converts it to float64 and
// times linear_sum_assignment alone (best of k). Solve times
// DenseLAP.SolveInt on the same matrix (best of k, solver only). The
// optimal totals must be equal. The tests in this package check them for
// every class at n = 200 and 300; the command benchmarks/cmd/peers runs
// n = 1000 to 8000 (benchmarks/README.md).
package lap
