package matchrun

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"time"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/match"
	"github.com/caregap/caregap/runs"
)

// Spec is what a matching runs on. The zero value of each field but Set
// is its documented default.
type Spec struct {
	// Set is the matching set, read and checked.
	Set *datasets.MatchSet
	// Solver is one of Solvers ["flow"].
	Solver string
	// Rules and Weights of eligibility and cost [the engine's defaults].
	Rules   match.Rules
	Weights match.CostWeights
	// Verify checks the placement independently of the solver
	// (Run.Verify); its message is kept in Run.Verified.
	Verify bool
}

// Match runs a matching between reading and writing: build the problem,
// solve it and, with spec.Verify, verify the placement. phase, when not
// nil, is told the name of each phase as it starts ("build", "solve",
// "verify"), for progress bars and timings. Match checks ctx between the
// phases and the solvers check it as they solve. A dense solve whose supervisors bind is bad input with a hint.
func Match(ctx context.Context, spec Spec, phase func(name string)) (*Run, error) {
	if spec.Solver == "" {
		spec.Solver = "flow"
	}
	at := func(name string) error {
		if phase != nil {
			phase(name)
		}
		return ctx.Err()
	}
	if err := at("build"); err != nil {
		return nil, err
	}
	r, err := Build(spec.Set, spec.Rules, spec.Weights)
	if err != nil {
		return nil, err
	}
	if err := at("solve"); err != nil {
		return nil, err
	}
	if err := r.SolveContext(ctx, spec.Solver); err != nil {
		if spec.Solver == "dense" {
			return nil, fmt.Errorf("solver dense: %w; use solver flow", err)
		}
		return nil, err
	}
	if spec.Verify {
		if err := at("verify"); err != nil {
			return nil, err
		}
		if r.Verified, err = r.Verify(); err != nil {
			return nil, fmt.Errorf("verify matching: %w", err)
		}
	}
	return r, ctx.Err()
}

// SolveContext is Solve that gives up when ctx is done: the solvers check
// ctx as they go (match.FlowSolver.SolveContext and the others) and it
// then returns ctx's error, keeping no result.
func (r *Run) SolveContext(ctx context.Context, solver string) error {
	if !slices.Contains(Solvers, solver) {
		return fmt.Errorf("solver %q: %w; one of %v", solver, ErrSolver, Solvers)
	}
	r.Prefs, r.Result, r.Solver, r.SolveTime = nil, nil, "", 0 // nothing of an earlier solve survives
	var err error
	t0 := time.Now()
	switch solver {
	case "flow":
		var s match.FlowSolver
		r.Result, err = s.SolveContext(ctx, r.Problem)
	case "dense":
		var s match.DenseSolver
		r.Result, err = s.SolveContext(ctx, r.Problem)
	case "stable":
		r.Prefs = StablePreferences(r.Problem, r.Breakdown)
		r.Result, err = match.StableMatchingContext(ctx, r.Problem, r.Prefs)
	}
	r.SolveTime = time.Since(t0)
	if err != nil {
		r.Result, r.Prefs = nil, nil
		return err
	}
	r.Solver = solver
	return nil
}

// Files says what a matching's run directory holds besides
// assignments.parquet and report.json, which it always holds.
type Files struct {
	CSV bool // assignments.csv
	// Alternatives per candidate kept in record.json, the record that
	// answers per-candidate questions later (NewRecord); 0: no record.
	Alternatives int
}

// Write writes the run into dir, atomically (runs.WriteDir): dir holds
// every file or none. It returns the files written by name without
// extension ("assignments", "report", "record").
func (r *Run) Write(dir string, perm fs.FileMode, files Files) ([]string, error) {
	names := []string{"assignments", "report"}
	err := runs.WriteDir(dir, perm, func(stage string) error {
		rows := r.Assignments()
		if err := datasets.WriteParquet(filepath.Join(stage, "assignments.parquet"), rows); err != nil {
			return err
		}
		if files.CSV {
			if err := datasets.WriteCSV(filepath.Join(stage, "assignments.csv"), rows); err != nil {
				return err
			}
		}
		if err := datasets.WriteMatchReport(filepath.Join(stage, "report.json"), r.Report()); err != nil {
			return err
		}
		if files.Alternatives > 0 {
			rec := NewRecord(r, files.Alternatives)
			return datasets.WriteFileAtomic(filepath.Join(stage, "record.json"), rec.Encode)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if files.Alternatives > 0 {
		names = append(names, "record")
	}
	return names, nil
}
