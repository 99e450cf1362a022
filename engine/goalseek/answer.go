package goalseek

import (
	"fmt"
	"slices"
)

// finish builds the block's answer from the final linearisation.
func (bs *blockState) finish(blk *Block, tol float64) (*BlockResult, error) {
	n, m := len(bs.x), len(bs.h)
	br := &BlockResult{X: bs.x, H: bs.h, Cost: bs.cost, Marginal: make([]float64, m), AtUpper: make([]bool, n),
		Iterations: bs.iter, Converged: bs.conv}
	for i, v := range bs.h {
		if v > tol {
			br.Unmet = append(br.Unmet, i)
		}
	}
	for j, v := range blk.Vars {
		br.AtUpper[j] = v.Upper > 0 && bs.x[j] >= v.Upper*(1-1e-6)
	}
	// The LP in x itself (not the step), with only the lever limits: the
	// problem another solver can check.
	relax, err := bs.reachable(blk, 0, tol)
	if err != nil {
		return nil, err
	}
	lp := &LP{C: slices.Clone(bs.grad), G: make([][]float64, m), H: make([]float64, m),
		Lo: make([]float64, n), Hi: make([]float64, n)}
	for j, v := range blk.Vars {
		lp.Hi[j] = v.Upper
		lp.VarNames = append(lp.VarNames, lpName(v.Name, "x", j))
	}
	for i := range m {
		lp.G[i] = slices.Clone(bs.jac[i])
		lp.H[i] = relax[i] - bs.h[i] + dot(bs.jac[i], bs.x)
		lp.RowNames = append(lp.RowNames, lpName(blk.Cons[i], "r", i))
	}
	br.LP = lp
	if m == 0 || n == 0 {
		return br, nil
	}
	sol, err := lp.Solve(true)
	if err != nil {
		return nil, fmt.Errorf("shadow prices: %w", err)
	}
	for i, d := range sol.Dual {
		br.Marginal[i] = -d
	}
	return br, nil
}

// lpName makes name a valid CPLEX LP name (letters, digits and
// !"#$%&()/,.;?@_`'{}|~, not starting with a digit or period), or the
// fallback prefix and index.
func lpName(name, prefix string, i int) string {
	if name == "" {
		return fmt.Sprintf("%s%d", prefix, i+1)
	}
	b := []byte(name)
	for k, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
		if !ok {
			b[k] = '_'
		}
	}
	if b[0] >= '0' && b[0] <= '9' || b[0] == '.' {
		return prefix + "_" + string(b)
	}
	return string(b)
}
