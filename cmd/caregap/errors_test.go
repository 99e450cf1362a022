package main

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/caregap/caregap/api"
	"github.com/caregap/caregap/api/auth"
	"github.com/caregap/caregap/api/jobs"
	"github.com/caregap/caregap/api/store"
	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/scb"
	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/followup"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/engine/goalseek"
	"github.com/caregap/caregap/engine/match"
	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/engine/supply"
	"github.com/caregap/caregap/engine/training"
	"github.com/caregap/caregap/runs/followuprun"
	"github.com/caregap/caregap/runs/forecastrun"
	"github.com/caregap/caregap/runs/goalseekrun"
	"github.com/caregap/caregap/runs/matchrun"
	"github.com/caregap/caregap/runs/poprun"
	"github.com/caregap/caregap/runs/sweeprun"
	"github.com/caregap/caregap/runs/trainingrun"
)

// kindError is one error of the module and the kind it must have. name
// is the package's directory in the module and the identifier, e.g.
// "engine/match.ErrInfeasible" or "datasets.RowError" ("datasets" for the
// directory datasets/).
type kindError struct {
	name string
	err  error
	want errkind.Kind
}

// sentinels lists every exported Err* variable of the module (and the
// unexported ones of this package) with the kind a user would give it:
// what the user's data, scenario, flags or request did is the user's to
// fix; a solver that breaks its contract is internal. A new sentinel
// fails TestEveryErrorHasAKind until it is listed here.
var sentinels = []kindError{
	{"api/auth.ErrInvalid", auth.ErrInvalid, errkind.BadInput},
	{"api/auth.ErrNotFound", auth.ErrNotFound, errkind.NotFound},
	{"api/auth.ErrUnauthenticated", auth.ErrUnauthenticated, errkind.Unauthorized},
	{"api/jobs.ErrClosed", jobs.ErrClosed, errkind.Unavailable},
	{"api/jobs.ErrFull", jobs.ErrFull, errkind.TooManyRequests},
	{"api/store.ErrBadName", store.ErrBadName, errkind.BadInput},
	{"api/store.ErrConflict", store.ErrConflict, errkind.Conflict},
	{"api/store.ErrNotFound", store.ErrNotFound, errkind.NotFound},
	{"cmd/caregap.errNoRows", errNoRows, errkind.BadInput},
	{"cmd/caregap.errNotNumber", errNotNumber, errkind.BadInput},
	{"cmd/caregap.errRagged", errRagged, errkind.BadInput},
	{"cmd/caregap.errTooLarge", errTooLarge, errkind.BadInput},
	{"datasets.ErrBaseYear", datasets.ErrBaseYear, errkind.BadInput},
	{"datasets.ErrCorrupt", datasets.ErrCorrupt, errkind.BadInput},
	{"datasets.ErrDuplicate", datasets.ErrDuplicate, errkind.BadInput},
	{"datasets.ErrEmpty", datasets.ErrEmpty, errkind.BadInput},
	{"datasets.ErrTooManyRows", datasets.ErrTooManyRows, errkind.TooLarge},
	{"datasets.ErrEnum", datasets.ErrEnum, errkind.BadInput},
	{"datasets.ErrIncomplete", datasets.ErrIncomplete, errkind.BadInput},
	{"datasets.ErrMissingAge", datasets.ErrMissingAge, errkind.BadInput},
	{"datasets.ErrMissingColumn", datasets.ErrMissingColumn, errkind.BadInput},
	{"datasets.ErrMissingFile", datasets.ErrMissingFile, errkind.BadInput},
	{"datasets.ErrMissingValue", datasets.ErrMissingValue, errkind.BadInput},
	{"datasets.ErrMissingYear", datasets.ErrMissingYear, errkind.BadInput},
	{"datasets.ErrNaN", datasets.ErrNaN, errkind.BadInput},
	{"datasets.ErrNotParquet", datasets.ErrNotParquet, errkind.BadInput},
	{"datasets.ErrOverlap", datasets.ErrOverlap, errkind.BadInput},
	{"datasets.ErrRange", datasets.ErrRange, errkind.BadInput},
	{"datasets.ErrScenarioSyntax", datasets.ErrScenarioSyntax, errkind.BadInput},
	{"datasets.ErrShareSum", datasets.ErrShareSum, errkind.BadInput},
	{"datasets.ErrStages", datasets.ErrStages, errkind.BadInput},
	{"datasets.ErrSyntax", datasets.ErrSyntax, errkind.BadInput},
	{"datasets.ErrUnknownColumn", datasets.ErrUnknownColumn, errkind.BadInput},
	{"datasets.ErrUnknownRef", datasets.ErrUnknownRef, errkind.BadInput},
	{"datasets.ErrWrongType", datasets.ErrWrongType, errkind.BadInput},
	{"datasets/scb.ErrUnknownTable", scb.ErrUnknownTable, errkind.BadInput},
	{"engine/forecast.ErrHorizon", forecast.ErrHorizon, errkind.BadInput},
	{"engine/forecast.ErrUnknownName", forecast.ErrUnknownName, errkind.BadInput},
	{"engine/forecast.ErrNoSupervisors", forecast.ErrNoSupervisors, errkind.BadInput},
	{"engine/match.ErrBudget", match.ErrBudget, errkind.BadInput},
	{"runs/matchrun.ErrBalance", matchrun.ErrBalance, errkind.BadInput},
	{"runs/matchrun.ErrPrevious", matchrun.ErrPrevious, errkind.BadInput},
	{"engine/training.ErrProgramme", training.ErrProgramme, errkind.BadInput},
	{"engine/training.ErrLocked", training.ErrLocked, errkind.BadInput},
	{"engine/training.ErrUnfinished", training.ErrUnfinished, errkind.BadInput},
	{"engine/training.ErrUnknown", training.ErrUnknown, errkind.BadInput},
	{"engine/training.ErrTwice", training.ErrTwice, errkind.BadInput},
	{"engine/training.ErrOrder", training.ErrOrder, errkind.BadInput},
	{"engine/training.ErrNoData", training.ErrNoData, errkind.BadInput},
	{"runs/trainingrun.ErrProgramme", trainingrun.ErrProgramme, errkind.NotFound},
	{"runs/trainingrun.ErrNoParticipant", trainingrun.ErrNoParticipant, errkind.NotFound},
	{"runs/trainingrun.ErrAlreadyThere", trainingrun.ErrAlreadyThere, errkind.Conflict},
	{"runs/trainingrun.ErrPortable", trainingrun.ErrPortable, errkind.BadInput},
	{"runs/trainingrun.ErrNoPipeline", trainingrun.ErrNoPipeline, errkind.BadInput},
	{"datasets.ErrPages", datasets.ErrPages, errkind.BadInput},
	{"engine/followup.ErrNoPath", followup.ErrNoPath, errkind.BadInput},
	{"engine/followup.ErrCohort", followup.ErrCohort, errkind.BadInput},
	{"runs/followuprun.ErrNoScenario", followuprun.ErrNoScenario, errkind.NotFound},
	{"runs/followuprun.ErrNothingToCompare", followuprun.ErrNothingToCompare, errkind.BadInput},
	{"engine/forecast.ErrSettings", forecast.ErrSettings, errkind.BadInput},
	{"engine/forecast.ErrTotal", forecast.ErrTotal, errkind.BadInput},
	{"engine/goalseek.ErrLPInfeasible", goalseek.ErrLPInfeasible, errkind.BadInput},
	{"engine/goalseek.ErrLPNumerical", goalseek.ErrLPNumerical, errkind.Internal},
	{"engine/goalseek.ErrSettings", goalseek.ErrSettings, errkind.BadInput},
	{"engine/match.ErrBindingSupervisors", match.ErrBindingSupervisors, errkind.BadInput},
	{"engine/match.ErrCostRange", match.ErrCostRange, errkind.BadInput},
	{"engine/match.ErrDuplicateArc", match.ErrDuplicateArc, errkind.BadInput},
	{"engine/match.ErrIndexRange", match.ErrIndexRange, errkind.BadInput},
	{"engine/match.ErrInfeasible", match.ErrInfeasible, errkind.BadInput},
	{"engine/match.ErrNegativeCapacity", match.ErrNegativeCapacity, errkind.BadInput},
	{"engine/match.ErrNotOptimal", match.ErrNotOptimal, errkind.Internal},
	{"engine/match.ErrPreference", match.ErrPreference, errkind.BadInput},
	{"engine/match.ErrValueRange", match.ErrValueRange, errkind.BadInput},
	{"engine/population.ErrNoPopulation", population.ErrNoPopulation, errkind.BadInput},
	{"engine/population.ErrNoYears", population.ErrNoYears, errkind.BadInput},
	{"engine/scenario.ErrCycle", scenario.ErrCycle, errkind.BadInput},
	{"engine/scenario.ErrMissing", scenario.ErrMissing, errkind.BadInput},
	{"engine/scenario.ErrNotAllowed", scenario.ErrNotAllowed, errkind.BadInput},
	{"engine/scenario.ErrUnknownLever", scenario.ErrUnknownLever, errkind.BadInput},
	{"engine/scenario.ErrUnknownName", scenario.ErrUnknownName, errkind.BadInput},
	{"engine/scenario.ErrUnknownProfile", scenario.ErrUnknownProfile, errkind.BadInput},
	{"engine/scenario.ErrValue", scenario.ErrValue, errkind.BadInput},
	{"engine/scenario.ErrYears", scenario.ErrYears, errkind.BadInput},
	{"engine/supply.ErrDuration", supply.ErrDuration, errkind.BadInput},
	{"engine/supply.ErrNegative", supply.ErrNegative, errkind.BadInput},
	{"engine/supply.ErrNoStages", supply.ErrNoStages, errkind.BadInput},
	{"engine/supply.ErrRate", supply.ErrRate, errkind.BadInput},
	{"engine/supply.ErrRoleIndex", supply.ErrRoleIndex, errkind.BadInput},
	{"engine/supply.ErrSameRole", supply.ErrSameRole, errkind.BadInput},
	{"engine/supply.ErrTransitionSum", supply.ErrTransitionSum, errkind.BadInput},
	{"runs/forecastrun.ErrSpec", forecastrun.ErrSpec, errkind.BadInput},
	{"runs/goalseekrun.ErrSpec", goalseekrun.ErrSpec, errkind.BadInput},
	{"runs/matchrun.ErrSolver", matchrun.ErrSolver, errkind.BadInput},
	{"runs/poprun.ErrSpec", poprun.ErrSpec, errkind.BadInput},
	{"runs/sweeprun.ErrGrid", sweeprun.ErrGrid, errkind.BadInput},
	{"runs/sweeprun.ErrSpec", sweeprun.ErrSpec, errkind.BadInput},
	{"runs/sweeprun.ErrOtherSweep", sweeprun.ErrOtherSweep, errkind.Conflict},
	{"runs/sweeprun.ErrIncomplete", sweeprun.ErrIncomplete, errkind.BadInput},
}

// unimportable lists the sentinels this package cannot import (internal
// packages elsewhere in the module) with their kind; the test checks it
// against the declaration only.
var unimportable = map[string]errkind.Kind{
	// A peer program of the benchmarks is not installed: the machine's
	// doing, not the input's.
	"benchmarks/internal/peer.ErrMissing": errkind.Unavailable,
}

// typed lists every type of the module with an Error method, one value
// each (two where the kind depends on what it wraps), as the layers below
// return them.
var typed = []kindError{
	{"cmd/caregap.matrixError", &matrixError{File: "costs.csv", Line: 2, Column: 3, Err: errNotNumber}, errkind.BadInput},
	{"cmd/caregap.usageError", usagef("unknown flag: --nope"), errkind.BadInput},
	{"datasets.RowError", &datasets.RowError{File: "population.parquet", Row: 17, Column: "persons", Err: datasets.ErrRange}, errkind.BadInput},
	{"datasets.RegionError", &datasets.RegionError{Value: "Linkopng", Closest: []string{"Linköping (0580)"}}, errkind.BadInput},
	{"datasets.ScenarioError", &datasets.ScenarioError{File: "x.yaml", Line: 3, Err: datasets.ErrScenarioSyntax}, errkind.BadInput},
	{"engine/forecast.LeverError", &forecast.LeverError{Scenario: "x", Field: "role", Err: forecast.ErrUnknownName}, errkind.BadInput},
	{"datasets.KoladaError", &datasets.KoladaError{File: "page-1.json", Path: "values[0].values[0].value", Err: datasets.ErrSyntax}, errkind.BadInput},
	{"engine/training.EventError", &training.EventError{Record: training.Completions, Field: "date", Err: training.ErrLocked}, errkind.BadInput},
	{"engine/match.BudgetError", &match.BudgetError{MaxMoves: 0, LeastMoves: 1}, errkind.BadInput},
	{"engine/match.BoundsError", &match.BoundsError{Group: 0, Err: match.ErrInfeasible}, errkind.BadInput},
	{"engine/match.PreferenceError", &match.PreferenceError{Side: "Candidate", Err: match.ErrPreference}, errkind.BadInput},
	{"engine/match.ValidationError", &match.ValidationError{Field: "Positions", Index: 2, Err: match.ErrNegativeCapacity}, errkind.BadInput},
	{"engine/match.VerifyError", &match.VerifyError{Constraint: "opening positions", Err: match.ErrInfeasible}, errkind.BadInput},
	{"engine/match.VerifyError", &match.VerifyError{Constraint: "reduced cost", Err: match.ErrNotOptimal}, errkind.Internal},
	{"engine/scenario.Error", &scenario.Error{Scenario: "x", Lever: -1, Field: "name", Err: scenario.ErrMissing}, errkind.BadInput},
	{"engine/supply.ParamError", &supply.ParamError{Field: "ExitRate", Value: 2, Err: supply.ErrRate}, errkind.BadInput},
	{"runs/sweeprun.GridError", &sweeprun.GridError{File: "grid.yaml", Line: 4, Axis: 0, Name: "sick_leave", Field: "values", Err: sweeprun.ErrGrid}, errkind.BadInput},
}

// untyped lists the error types whose kind is not theirs to say, and why.
var untyped = map[string]string{
	// api.Error carries an api.Kind in its field Kind, which classify reads
	// first; TestAPIErrorKinds ties those kinds to errkind's.
	"api.Error": "classified by its own Kind field",
	// A rule breach in words: its kind is that of the rule it wraps.
	"datasets.ruleError": "wraps a rule sentinel",
	// The sentinels of errkind.New themselves.
	"engine/errkind.kindError": "the sentinels' own type",
	// A KeepPlaced re-matching that cannot keep everyone placed: it
	// unwraps to match.ErrInfeasible and is read through match.Unkept.
	"engine/match.keepError": "wraps match.ErrInfeasible",
	// The page's copy of a problem the API answered: the API classified
	// it, and the page shows its detail beside the field it is about.
	"web.apiError": "the API's answer, classified by the API",
	// A form value the page cannot read as a number, shown beside its
	// field; it never leaves the page.
	"web.fieldError": "a form field's message on the page",
}

// errors of no kind: the API and the command line must agree on them too.
var noKind = []kindError{
	{"unknown", errors.New("disk on fire"), errkind.Internal},
	{"path", &fs.PathError{Op: "open", Path: "population.parquet", Err: fs.ErrNotExist}, errkind.Internal},
	{"cancelled", context.Canceled, errkind.Internal},
	{"deadline", context.DeadlineExceeded, errkind.Internal},
}

// declared is an error the module's sources declare: a sentinel with the
// errkind.Kind identifier its declaration names ("" if it is not declared
// by errkind.New), or a type with an Error method.
type declared struct {
	pos  string
	kind string
}

// moduleErrors parses the module's non-test Go sources (no testdata, no
// nested modules) and returns its exported package-level Err* variables
// and its types with an Error method, keyed as in sentinels.
func moduleErrors(t *testing.T) (vars, types map[string]declared) {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root: %v", err)
	}
	vars, types = map[string]declared{}, map[string]declared{}
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); path != root && err == nil {
				return filepath.SkipDir // another module
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		pkg := filepath.ToSlash(rel)
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.GenDecl:
				if decl.Tok != token.VAR {
					continue
				}
				for _, spec := range decl.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, id := range vs.Names {
						if !strings.HasPrefix(id.Name, "Err") || !id.IsExported() {
							continue
						}
						var v ast.Expr
						if i < len(vs.Values) {
							v = vs.Values[i]
						}
						vars[pkg+"."+id.Name] = declared{fset.Position(id.Pos()).String(), declaredKind(v)}
					}
				}
			case *ast.FuncDecl:
				if decl.Recv == nil || decl.Name.Name != "Error" || decl.Type.Params.NumFields() != 0 ||
					decl.Type.Results.NumFields() != 1 || !isIdent(decl.Type.Results.List[0].Type, "string") {
					continue
				}
				recv := decl.Recv.List[0].Type
				if star, ok := recv.(*ast.StarExpr); ok {
					recv = star.X
				}
				if id, ok := recv.(*ast.Ident); ok {
					types[pkg+"."+id.Name] = declared{pos: fset.Position(decl.Pos()).String()}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("parse the module: %v", err)
	}
	return vars, types
}

// declaredKind returns X of a declaration errkind.New(errkind.X, ...), or
// "".
func declaredKind(v ast.Expr) string {
	call, ok := v.(*ast.CallExpr)
	if !ok || len(call.Args) != 2 {
		return ""
	}
	if fn, ok := call.Fun.(*ast.SelectorExpr); !ok || !isIdent(fn.X, "errkind") || fn.Sel.Name != "New" {
		return ""
	}
	arg, ok := call.Args[0].(*ast.SelectorExpr)
	if !ok || !isIdent(arg.X, "errkind") {
		return ""
	}
	return arg.Sel.Name
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// kindNames names each declarable kind as its identifier in errkind.
var kindNames = map[errkind.Kind]string{
	errkind.Internal: "Internal", errkind.BadInput: "BadInput", errkind.NotFound: "NotFound",
	errkind.Conflict: "Conflict", errkind.Unauthorized: "Unauthorized", errkind.Forbidden: "Forbidden",
	errkind.TooManyRequests: "TooManyRequests", errkind.TooLarge: "TooLarge",
	errkind.NotAcceptable: "NotAcceptable", errkind.Unavailable: "Unavailable",
}

// TestEveryErrorHasAKind fails when an exported Err* variable or an error
// type of the module is missing from the tables above, when a sentinel is
// not declared with errkind.New, or when its declared kind differs from
// the table's.
func TestEveryErrorHasAKind(t *testing.T) {
	if len(kindNames) != len(errkind.Kinds()) {
		t.Fatalf("kindNames has %d kinds, errkind %d", len(kindNames), len(errkind.Kinds()))
	}
	vars, types := moduleErrors(t)
	want := map[string]errkind.Kind{}
	for _, s := range sentinels {
		want[s.name] = s.want
	}
	for name, k := range unimportable {
		want[name] = k
	}
	for name, d := range vars {
		k, ok := want[name]
		switch {
		case !ok:
			t.Errorf("%s (%s): not in the sentinels of errors_test.go; give it a kind", name, d.pos)
		case d.kind == "":
			t.Errorf("%s (%s): declare it with errkind.New(errkind.%s, ...)", name, d.pos, kindNames[k])
		case d.kind != kindNames[k]:
			t.Errorf("%s (%s): declared errkind.%s, the table says %s", name, d.pos, d.kind, kindNames[k])
		}
	}
	for name := range want {
		if _, ok := vars[name]; !ok && strings.Contains(name, ".Err") {
			t.Errorf("%s: in the table but not declared in the module", name)
		}
	}
	for name, d := range types {
		_, skip := untyped[name]
		if !skip && !slices.ContainsFunc(typed, func(e kindError) bool { return e.name == name }) {
			t.Errorf("type %s (%s): an error type missing from typed in errors_test.go; give it a Kind method", name, d.pos)
		}
	}
	for _, e := range typed {
		if _, ok := types[e.name]; !ok {
			t.Errorf("type %s: in typed but has no Error method in the module", e.name)
		}
	}
}

// TestAPIAndCLIAgree runs every error through the API's status and the
// command line's exit status: a 4xx answer is exit status 2 (the user's
// to fix), a 5xx answer exit status 1. Each error is tried bare and
// wrapped, as the layers return them.
func TestAPIAndCLIAgree(t *testing.T) {
	all := slices.Concat(sentinels, typed, noKind)
	for _, e := range all {
		for _, err := range []error{e.err, fmt.Errorf("region 1480: %w", e.err)} {
			if got := errkind.Of(err); got != e.want {
				t.Errorf("%s: %q has kind %v, want %v", e.name, err, got, e.want)
			}
			status, code := api.StatusOf(err), exitCode(err)
			client := status >= 400 && status < 500
			server := status >= 500 && status < 600
			if !(client && code == exitBadInput) && !(server && code == exitFailure) {
				t.Errorf("%s: %q answers HTTP %d but exits %d", e.name, err, status, code)
			}
			if client != e.want.ByCaller() {
				t.Errorf("%s: HTTP %d for kind %v", e.name, status, e.want)
			}
		}
	}
	if s, c := api.StatusOf(nil), exitCode(nil); s != http.StatusOK || c != exitOK {
		t.Errorf("nil: HTTP %d, exit %d", s, c)
	}
}

// TestAPIErrorKinds ties the problem kinds of api.Error to errkind's: an
// *api.Error answers the status of the errkind.Kind it stands for.
func TestAPIErrorKinds(t *testing.T) {
	kinds := map[api.Kind]errkind.Kind{
		api.KindValidation: errkind.BadInput, api.KindNotFound: errkind.NotFound,
		api.KindUnauthorized: errkind.Unauthorized, api.KindForbidden: errkind.Forbidden,
		api.KindConflict: errkind.Conflict, api.KindTooManyRequests: errkind.TooManyRequests,
		api.KindPayloadTooLarge: errkind.TooLarge, api.KindNotAcceptable: errkind.NotAcceptable,
		api.KindUnavailable: errkind.Unavailable, api.KindInternal: errkind.Internal,
	}
	if len(kinds) != len(errkind.Kinds()) {
		t.Fatalf("%d api kinds for %d errkind kinds", len(kinds), len(errkind.Kinds()))
	}
	for ak, ek := range kinds {
		got, want := api.StatusOf(&api.Error{Kind: ak, Detail: "x"}), api.StatusOf(errkind.New(ek, "x"))
		if got != want {
			t.Errorf("api.Error of kind %s: HTTP %d; errkind %v: HTTP %d", ak, got, ek, want)
		}
	}
}
