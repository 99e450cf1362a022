package match

import (
	"fmt"

	"github.com/caregap/caregap/engine/errkind"
)

// Solver solves a placement problem lexicographically: most candidates
// placed, then least total cost.
type Solver interface {
	Solve(p *Problem) (*Result, error)
}

// Result is a placement together with the dual certificate of its
// optimality.
type Result struct {
	// Assign[c] is the opening candidate c is placed at, or -1.
	Assign []int32
	// Placed is the number of candidates placed.
	Placed int
	// Cost is the total cost of the placement.
	Cost int64
	// Cert proves the placement optimal; nil if the solver gives none.
	Cert *Certificate
}

// Certificate holds an optimal solution of the dual of the linear program
//
//	minimise   Σ_(c,o) (cost[c,o] − M)·x[c,o]
//	subject to Σ_o x[c,o] ≤ 1           for each candidate c   (dual U[c])
//	           Σ_c x[c,o] ≤ Positions[o] for each opening o     (dual Y[o])
//	           Σ_(c,o∈w) x[c,o] ≤ Capacity[w] per workplace w   (dual Z[w])
//	           x ≥ 0,
//
// that is U, Y, Z ≥ 0 with reduced costs
//
//	r[c,o] = cost[c,o] − M + U[c] + Y[o] + Z[Workplace[o]] ≥ 0
//
// on every arc. The placement is optimal iff r = 0 on every used arc and a
// positive dual belongs to a tight constraint (complementary slackness).
// M is at least Problem.Bonus, so LP optimality is the lexicographic
// optimum (doc.go).
//
// Verify accepts only certificates with M ≤ MaxInt64/4 and every dual in
// [0, DualBound(p, M)]; the solvers' certificates are of that form. No
// optimal solution is lost by the upper bound (see DualBound), and it
// keeps every reduced cost exact in int64.
type Certificate struct {
	M int64
	U []int64 // per candidate
	Y []int64 // per opening
	Z []int64 // per workplace
}

// Reduced returns the reduced cost of arc a of candidate c. It is exact
// for certificates that Verify accepts; for others the sum may overflow.
func (z *Certificate) Reduced(p *Problem, c, a int) int64 {
	o := p.Opening[a]
	return p.Cost[a] - z.M + z.U[c] + z.Y[o] + z.Z[p.Workplace[o]]
}

// DualBound returns B = M − min(0, Cmin), Cmin the least cost of p, the
// largest dual value Verify accepts with bonus M.
//
// Why no optimum is lost: in the dual LP (see Certificate) each of U[c],
// Y[o], Z[w] has a non-positive objective coefficient (−1, −Positions[o],
// −Capacity[w]) and appears only in the constraints r[c,o] ≥ 0 of arcs,
// each of which asks U + Y + Z ≥ M − cost[c,o] ≤ B. Lowering a dual that
// exceeds B to B therefore keeps every arc's constraint (that dual alone
// covers it), keeps the dual positive (so complementary slackness still
// holds), and does not lower the dual objective; a used arc, whose
// reduced cost is 0, has all three of its duals ≤ M − cost ≤ B already.
// So whenever some certificate proves a placement optimal, one with every
// dual in [0, B] does too. With |cost| ≤ 2^52 and M ≤ MaxInt64/4, every
// reduced cost cost − M + U + Y + Z then lies within ±(3B + 2^52 + M),
// inside int64.
func DualBound(p *Problem, M int64) int64 {
	return M - min(0, minCost(p))
}

// clamp lowers every dual above b to b, which keeps an optimal
// certificate optimal (DualBound).
func (z *Certificate) clamp(b int64) {
	for _, d := range [][]int64{z.U, z.Y, z.Z} {
		for i := range d {
			d[i] = min(d[i], b)
		}
	}
}

// VerifyError says which constraint of feasibility or optimality fails.
type VerifyError struct {
	Constraint string // e.g. "opening positions", "reduced cost"
	Candidate  int    // -1 if not about a candidate
	Opening    int    // -1 if not about an opening
	Workplace  int    // -1 if not about a workplace
	Detail     string
	Err        error // ErrInfeasible or ErrNotOptimal
}

func (e *VerifyError) Error() string {
	return fmt.Sprintf("match: %v: %s (candidate %d, opening %d, workplace %d): %s",
		e.Err, e.Constraint, e.Candidate, e.Opening, e.Workplace, e.Detail)
}

func (e *VerifyError) Unwrap() error { return e.Err }

// Kind is that of Err: errkind.BadInput for ErrInfeasible, errkind.Internal
// for ErrNotOptimal.
func (e *VerifyError) Kind() errkind.Kind { return errkind.Of(e.Err) }

func infeasible(what string, c, o, w int, format string, args ...any) error {
	return &VerifyError{what, c, o, w, fmt.Sprintf(format, args...), ErrInfeasible}
}

func notOptimal(what string, c, o, w int, format string, args ...any) error {
	return &VerifyError{what, c, o, w, fmt.Sprintf(format, args...), ErrNotOptimal}
}

// Verify checks that r is a feasible placement for p (nobody placed twice
// or at an ineligible opening, no positions or supervisor capacity
// exceeded, Placed and Cost consistent) and, if cert is not nil, that cert
// proves it lexicographically optimal. It returns a *VerifyError wrapping
// ErrInfeasible or ErrNotOptimal naming the first failing arc or
// constraint, or nil. A certificate with M above MaxInt64/4 or a dual
// above DualBound(p, M) is rejected with ErrNotOptimal (see Certificate).
// Verify runs in O(arcs) time. It panics if slice lengths do not match p.
func Verify(p *Problem, r *Result, cert *Certificate) error {
	p.checkShape()
	n, m, nw := p.NumCandidates(), p.NumOpenings(), p.NumWorkplaces()
	if len(r.Assign) != n {
		panic("match: length mismatch")
	}
	load := make([]int64, m)
	loadW := make([]int64, nw)
	placed, total := 0, int64(0)
	used := make([]int32, n) // arc index of the placement, -1 if none
	for c, o := range r.Assign {
		used[c] = -1
		if o < 0 {
			continue
		}
		if int(o) >= m {
			return infeasible("opening index", c, int(o), -1, "no such opening")
		}
		a := p.ArcOf(c, int(o))
		if a < 0 {
			return infeasible("eligibility", c, int(o), -1, "pair is not an arc")
		}
		used[c] = int32(a)
		placed++
		total += p.Cost[a]
		load[o]++
		loadW[p.Workplace[o]]++
	}
	for o, k := range load {
		if k > int64(p.Positions[o]) {
			return infeasible("opening positions", -1, o, int(p.Workplace[o]),
				"%d placed, %d positions", k, p.Positions[o])
		}
	}
	for w, k := range loadW {
		if k > int64(p.Capacity[w]) {
			return infeasible("supervisor capacity", -1, -1, w,
				"%d placed, capacity %d", k, p.Capacity[w])
		}
	}
	if placed != r.Placed || total != r.Cost {
		return infeasible("totals", -1, -1, -1,
			"result says %d placed at cost %d, assignment has %d at cost %d",
			r.Placed, r.Cost, placed, total)
	}
	if cert == nil {
		return nil
	}
	if len(cert.U) != n || len(cert.Y) != m || len(cert.Z) != nw {
		panic("match: length mismatch")
	}
	bonus, err := p.Bonus()
	if err != nil {
		return err
	}
	if cert.M < bonus {
		return notOptimal("bonus", -1, -1, -1, "M = %d below the required %d", cert.M, bonus)
	}
	if cert.M > maxBonus {
		return notOptimal("bonus", -1, -1, -1, "M = %d above the limit %d", cert.M, int64(maxBonus))
	}
	// Bounding the duals keeps every reduced cost exact in int64
	// (DualBound says why no optimum is lost).
	ub := DualBound(p, cert.M)
	for c, u := range cert.U {
		if u < 0 {
			return notOptimal("dual sign", c, -1, -1, "U = %d < 0", u)
		}
		if u > ub {
			return notOptimal("dual bound", c, -1, -1, "U = %d above the bound %d", u, ub)
		}
		if u > 0 && used[c] < 0 {
			return notOptimal("complementary slackness", c, -1, -1,
				"U = %d > 0 but the candidate is not placed", u)
		}
	}
	for o, y := range cert.Y {
		if y < 0 {
			return notOptimal("dual sign", -1, o, -1, "Y = %d < 0", y)
		}
		if y > ub {
			return notOptimal("dual bound", -1, o, -1, "Y = %d above the bound %d", y, ub)
		}
		if y > 0 && load[o] < int64(p.Positions[o]) {
			return notOptimal("complementary slackness", -1, o, -1,
				"Y = %d > 0 but only %d of %d positions filled", y, load[o], p.Positions[o])
		}
	}
	for w, z := range cert.Z {
		if z < 0 {
			return notOptimal("dual sign", -1, -1, w, "Z = %d < 0", z)
		}
		if z > ub {
			return notOptimal("dual bound", -1, -1, w, "Z = %d above the bound %d", z, ub)
		}
		if z > 0 && loadW[w] < int64(p.Capacity[w]) {
			return notOptimal("complementary slackness", -1, -1, w,
				"Z = %d > 0 but only %d of %d supervised", z, loadW[w], p.Capacity[w])
		}
	}
	for c := 0; c < n; c++ {
		for a := int(p.Start[c]); a < int(p.Start[c+1]); a++ {
			rc := cert.Reduced(p, c, a)
			o := int(p.Opening[a])
			if rc < 0 {
				return notOptimal("reduced cost", c, o, int(p.Workplace[o]),
					"reduced cost %d < 0", rc)
			}
			if rc != 0 && int(used[c]) == a {
				return notOptimal("complementary slackness", c, o, int(p.Workplace[o]),
					"used arc has reduced cost %d", rc)
			}
		}
	}
	return nil
}
