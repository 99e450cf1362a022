package matchrun

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/match"
)

// The embedded default matching set, solved with each solver: the
// placement verifies, and the run is the one `caregap match` reports.
func TestSolveDefault(t *testing.T) {
	for _, tc := range []struct {
		solver, verified string
		cert             bool
	}{
		{"flow", "optimality verified", true},
		{"stable", "stable: no blocking pairs", false},
	} {
		t.Run(tc.solver, func(t *testing.T) {
			r := defaultRun(t, tc.solver)
			if r.Solver != tc.solver {
				t.Errorf("Solver = %q, want %q", r.Solver, tc.solver)
			}
			if (r.Result.Cert != nil) != tc.cert {
				t.Errorf("certificate present = %v, want %v", r.Result.Cert != nil, tc.cert)
			}
			if r.Result.Placed == 0 || r.Result.Placed > len(r.Set.Candidates) {
				t.Fatalf("placed %d of %d candidates", r.Result.Placed, len(r.Set.Candidates))
			}
			msg, err := r.Verify()
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if !strings.HasPrefix(msg, tc.verified) {
				t.Errorf("Verify says %q, want it to start with %q", msg, tc.verified)
			}
		})
	}
	// Supervisor capacity binds in the default set (section 2 of
	// notebooks/03-matching.ipynb), so the dense solver refuses it.
	t.Run("dense", func(t *testing.T) {
		m := defaultRun(t, "flow").Set
		r, err := Build(m, match.Rules{}, match.CostWeights{})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Solve("dense"); !errors.Is(err, match.ErrBindingSupervisors) {
			t.Fatalf("Solve(dense) = %v, want ErrBindingSupervisors", err)
		}
		if r.Result != nil || r.Solver != "" {
			t.Errorf("after a failed Solve: Result %v, Solver %q; want nil and empty", r.Result, r.Solver)
		}
	})
}

// The flow solver places the most candidates at least cost, so on the
// same problem it places at least as many as the stable matching, and at
// no more cost when it places as many.
func TestFlowDominatesStable(t *testing.T) {
	flow, stable := defaultRun(t, "flow"), defaultRun(t, "stable")
	f, s := flow.Result, stable.Result
	if f.Placed < s.Placed || (f.Placed == s.Placed && f.Cost > s.Cost) {
		t.Errorf("flow %d placed at cost %d, stable %d at cost %d", f.Placed, f.Cost, s.Placed, s.Cost)
	}
}

// Where supervisor capacity does not bind, the dense and the flow solver
// reach the same optimum: the same number placed at the same total cost
// (the placements themselves may differ between equal choices).
func TestDenseMatchesFlow(t *testing.T) {
	type set struct {
		name string
		m    *datasets.MatchSet
	}
	sets := []set{{"small", unbound(smallSet())}}
	// Seeded random sets; the seeds are arbitrary.
	for _, seed := range []uint64{1, 2, 3, 17, 2024} {
		sets = append(sets, set{"random/seed=" + strconv.FormatUint(seed, 10), unbound(randomSet(seed, 40))})
	}
	for _, s := range sets {
		t.Run(s.name, func(t *testing.T) {
			flow, dense := solved(t, s.m, "flow"), solved(t, s.m, "dense")
			for _, r := range []*Run{flow, dense} {
				if _, err := r.Verify(); err != nil {
					t.Errorf("%s: Verify: %v", r.Solver, err)
				}
			}
			f, d := flow.Result, dense.Result
			if f.Placed != d.Placed || f.Cost != d.Cost {
				t.Errorf("flow %d placed at cost %d, dense %d at cost %d", f.Placed, f.Cost, d.Placed, d.Cost)
			}
			if rf, rd := flow.Report().TotalCost, dense.Report().TotalCost; rf != rd {
				t.Errorf("report total cost: flow %v, dense %v", rf, rd)
			}
		})
	}
}

func TestSolveUnknownSolver(t *testing.T) {
	r, err := Build(smallSet(), match.Rules{}, match.CostWeights{})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Solve("simplex"); !errors.Is(err, ErrSolver) {
		t.Fatalf("Solve(simplex) = %v, want ErrSolver", err)
	}
}

// A run solved again with another solver is verified as that solver's
// placement: the flow solver's optimum after a stable matching is checked
// against its certificate, not for blocking pairs.
func TestSolveAgainWithAnotherSolver(t *testing.T) {
	r := defaultRun(t, "stable")
	if err := r.Solve("flow"); err != nil {
		t.Fatal(err)
	}
	if r.Prefs != nil {
		t.Errorf("Prefs kept from the stable run after Solve(flow)")
	}
	msg, err := r.Verify()
	if err != nil {
		t.Fatalf("Verify after Solve(stable) then Solve(flow): %v", err)
	}
	if !strings.HasPrefix(msg, "optimality verified") {
		t.Errorf("Verify says %q, want the certificate checked", msg)
	}
}

// Verify does not trust the solver: a placement changed after solving
// fails it.
func TestVerifyRejectsCorrupted(t *testing.T) {
	// Each corruption changes r.Result in place (a copy of the solver's).
	corruptions := []struct {
		name string
		do   func(t *testing.T, r *Run)
		want error // nil: any error (blocking pairs carry no sentinel)
	}{
		{"one placement fewer", func(t *testing.T, r *Run) {
			c := slices.IndexFunc(r.Result.Assign, func(o int32) bool { return o >= 0 })
			a := r.Problem.ArcOf(c, int(r.Result.Assign[c]))
			r.Result.Assign[c] = -1
			r.Result.Placed--
			r.Result.Cost -= r.Problem.Cost[a]
		}, match.ErrNotOptimal},
		{"ineligible pair", func(t *testing.T, r *Run) {
			// A candidate with no eligible opening placed at opening 0.
			c := -1
			for i := range r.Result.Assign {
				if r.Problem.Start[i] == r.Problem.Start[i+1] {
					c = i
					break
				}
			}
			if c < 0 {
				t.Fatal("every candidate has an eligible opening")
			}
			r.Result.Assign[c] = 0
			r.Result.Placed++
		}, match.ErrInfeasible},
		{"supervisor place used twice", func(t *testing.T, r *Run) {
			// An unplaced candidate put at an eligible opening anyway:
			// in the default set every supervisor place is taken.
			for c, o := range r.Result.Assign {
				if ops, costs := r.Problem.Arcs(c); o < 0 && len(ops) > 0 {
					r.Result.Assign[c] = ops[0]
					r.Result.Placed++
					r.Result.Cost += costs[0]
					return
				}
			}
			t.Fatal("no unplaced candidate with an eligible opening")
		}, match.ErrInfeasible},
		{"cost misreported", func(t *testing.T, r *Run) { r.Result.Cost-- }, match.ErrInfeasible},
	}
	for _, solver := range []string{"flow", "stable"} {
		for _, tc := range corruptions {
			t.Run(solver+"/"+tc.name, func(t *testing.T) {
				r := defaultRun(t, solver)
				res := *r.Result
				res.Assign = slices.Clone(r.Result.Assign)
				r.Result = &res
				tc.do(t, r)
				_, err := r.Verify()
				if err == nil {
					t.Fatal("Verify accepted the corrupted placement")
				}
				want := tc.want
				if solver == "stable" && want == match.ErrNotOptimal {
					want = nil // no certificate: a blocking pair shows it
				}
				if want != nil && !errors.Is(err, want) {
					t.Errorf("Verify = %v, want %v", err, want)
				}
			})
		}
	}
}

func TestVerifyBeforeSolvePanics(t *testing.T) {
	r, err := Build(smallSet(), match.Rules{}, match.CostWeights{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if recover() == nil {
			t.Error("Verify before Solve did not panic")
		}
	}()
	r.Verify()
}

// An assignment's cost is the weighted sum of its components, as
// match.CostWeights documents: round(Scale · Σ weight·component) / Scale,
// so the two differ by at most half a unit of 1/Scale (0.05 points with
// the default Scale 10), plus the float32 rounding of the components.
func TestAssignmentsCostIsSumOfComponents(t *testing.T) {
	for _, solver := range []string{"flow", "stable"} {
		t.Run(solver, func(t *testing.T) {
			r := defaultRun(t, solver)
			rows := r.Assignments()
			if len(rows) != r.Result.Placed {
				t.Fatalf("%d rows, %d placed", len(rows), r.Result.Placed)
			}
			w := map[string]float64{}
			for k, name := range r.Breakdown.Names {
				w[name] = r.Breakdown.Weights[k]
			}
			tol := 0.5/r.Breakdown.Scale + 1e-4
			var total float64
			for _, a := range rows {
				sum := w["commute_km"]*a.CommuteKm + w["preference_rank"]*a.PreferenceRank + w["not_preferred"]*a.NotPreferred +
					w["experience_gap"]*a.ExperienceGap + w["education_gap"]*a.EducationGap + w["hours_mismatch"]*a.HoursMismatch +
					w["wait_days"]*a.WaitDays
				if math.Abs(a.Cost-sum) > tol {
					t.Errorf("%s at %s: cost %v, components sum to %v", a.CandidateID, a.OpeningID, a.Cost, sum)
				}
				total += a.Cost
			}
			if want := float64(r.Result.Cost) / r.Breakdown.Scale; math.Abs(total-want) > 1e-6 {
				t.Errorf("assignments cost %v in all, the result %v", total, want)
			}
		})
	}
}
