// Package goalseek finds the least-cost intensities of levers that bring
// a model's constraints within their targets, with the marginal cost of
// each target: a sequential linear programme with a trust region over a
// model the caller evaluates (for caregap, the forecast).
//
// # Problem
//
// The problem splits into blocks (municipalities) whose variables act on
// their own constraints and cost only. Block b chooses intensities
// x ∈ [0, U] (U: the lever limits, ramps included) to
//
//	minimise  C(x)   subject to  h_i(x) ≤ 0  for every constraint i
//
// where h_i is, for caregap, a role's gap in a year less its target and
// C the discounted cost of the levers. Both come from the real model,
// which is close to linear in x over a step but not linear: levers
// interact (a higher employment rate makes every recruit worth more FTE),
// rates are clipped at 0 and 1.
//
// # Iteration
//
// At the current x the model is linearised by forward finite differences,
// J_ij = (h_i(x + δ_j e_j) − h_i(x)) / δ_j and g_j likewise for C, with
// δ_j = 10⁻⁴·U_j (backwards at the upper bound). Because blocks are
// independent, variable j of every block is moved in the same point: a
// round costs max_b n_b + 1 model evaluations whatever the number of
// blocks. Within the trust region |d_j| ≤ Δ·U_j two LPs are solved:
//
//	(A) least violation   min Σ s_i   s.t.  h + J d − s ≤ 0,  s ≥ 0
//	(B) least cost        min gᵀd     s.t.  h + J d ≤ s*
//
// so that an unreachable target is approached as closely as the limits
// allow (s* = 0 when every target can be met within the region) and the
// cost is minimised given that. The step is judged in the real model by
// the ℓ1 merit φ(x) = C(x) + μ·Σ max(0, h_i(x)), μ = 2·max |π_i| over the
// duals π of (B) so far (an exact penalty: μ above every multiplier):
// with ρ = (φ(x) − φ(x + d)) / (predicted reduction of the linear model),
// the step is taken when ρ ≥ 0.1; Δ shrinks to a quarter of the step when
// ρ < 0.25 and doubles (to at most 1) when ρ > 0.75 at the boundary. A
// block stops when its predicted reduction is below 10⁻⁹ of its merit.
//
// # Answer
//
// At the answer the model is linearised once more and the LP
//
//	minimise gᵀx   s.t.  J x ≤ J x̂ − h(x̂) + s*,  0 ≤ x ≤ U
//
// (no trust region) is solved with its dual (gonum's simplex on the
// standard form, and again on the dual programme, the two optima checked
// against each other). The shadow price of constraint i, −π_i ≥ 0, is
// the cost of tightening its target by one unit: for a gap in FTE, the
// marginal cost of one more FTE in that role and year. A constraint with
// h_i(x̂) > Tol is unmet: the limits do not allow its target, and h_i(x̂)
// is how far the closest plan (least total violation) stays from it.
// The LP is returned so that an independent solver can check its optimum
// and duals (WriteCPLEX writes it for GLPK or CBC).
//
// Example: one lever of cost 3 per unit closes 2 FTE per unit of a gap of
// 12 FTE (and of 9 in a second year); the answer is x = 6 at cost 18, the
// first year binding with a marginal cost of 3/2 = 1.5 per FTE and the
// second year slack at 0.
//
// The package has no IO: the caller evaluates the model (runs/goalseekrun
// runs the forecast) and writes the answer.
package goalseek
