package match

import "math"

// VerifyDense checks that rowCol is a valid assignment of the n×m problem
// (every row of the smaller side assigned, no column twice) and that the
// duals u, v satisfy the conditions listed at SolveFloat within tol. It
// returns a *VerifyError wrapping ErrInfeasible or ErrNotOptimal that
// names the failing row and column, or nil. Every comparison fails on
// NaN, so a NaN cost, dual or tol never passes.
func VerifyDense(cost []float64, n, m int, rowCol []int, u, v []float64, tol float64) error {
	checkDense(len(cost), n, m, len(rowCol), false, len(u), false, len(v))
	colUsed := make([]bool, m)
	assigned := 0
	for i, j := range rowCol {
		if j < 0 {
			if n <= m {
				return infeasible("row assigned", i, -1, -1, "row %d unassigned", i)
			}
			if !(math.Abs(u[i]) <= tol) {
				return notOptimal("complementary slackness", i, -1, -1, "unassigned row has dual %g", u[i])
			}
			continue
		}
		if j >= m || colUsed[j] {
			return infeasible("column once", i, j, -1, "column %d out of range or used twice", j)
		}
		colUsed[j] = true
		assigned++
		if r := cost[i*m+j] - u[i] - v[j]; !(math.Abs(r) <= tol) {
			return notOptimal("complementary slackness", i, j, -1, "assigned pair has reduced cost %g", r)
		}
	}
	if assigned != min(n, m) {
		return infeasible("assignment size", -1, -1, -1, "%d assigned, want %d", assigned, min(n, m))
	}
	for j, used := range colUsed {
		if n < m && (!(v[j] <= tol) || !used && !(v[j] >= -tol)) {
			return notOptimal("column dual", -1, j, -1, "v = %g (used %v)", v[j], used)
		}
	}
	if n > m {
		for i := range u {
			if !(u[i] <= tol) {
				return notOptimal("row dual", i, -1, -1, "u = %g > 0", u[i])
			}
		}
	}
	for i := 0; i < n; i++ {
		row := cost[i*m : i*m+m]
		for j, c := range row {
			if r := c - u[i] - v[j]; !(r >= -tol) {
				return notOptimal("reduced cost", i, j, -1, "reduced cost %g < 0", r)
			}
		}
	}
	return nil
}
