package main

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/engine/match"
)

func readReport(t *testing.T, dir string) *datasets.MatchReport {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := datasets.DecodeMatchReport(f)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestMatchSolveTime: the solve time is printed on a line of its own for
// each solver, apart from the phases around it, in milliseconds with
// three decimals.
func TestMatchSolveTime(t *testing.T) {
	line := regexp.MustCompile(`(?m)^solve time (\d+\.\d{3}) ms \(solver (\w+) alone: reading, building, verifying and writing not counted\)$`)
	for _, solver := range []string{"flow", "stable"} {
		code, stdout, stderr := caregap(t, "match", "--out", t.TempDir(), "--solver", solver)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", solver, code, stderr)
		}
		m := line.FindAllStringSubmatch(stdout, -1)
		if len(m) != 1 {
			t.Fatalf("%s: want one solve time line, got %d:\n%s", solver, len(m), stdout)
		}
		if ms, err := strconv.ParseFloat(m[0][1], 64); err != nil || ms < 0 || m[0][2] != solver {
			t.Errorf("%s: solve time line %q", solver, m[0][0])
		}
	}
}

// TestMatchDefault runs the flow solver on the embedded default matching
// set with --verify and --explain of a placed candidate.
func TestMatchDefault(t *testing.T) {
	// A placed candidate of the default set, found by a first run.
	out := t.TempDir()
	code, stdout, stderr := caregap(t, "match", "--out", out, "--verify")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"optimality verified", "no supervisor", "placement rate by sex", "utilisation: positions"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	for _, name := range []string{"assignments.parquet", "assignments.csv", "report.json"} {
		if st, err := os.Stat(filepath.Join(out, name)); err != nil || st.Size() == 0 {
			t.Errorf("%s missing or empty (%v)", name, err)
		}
	}
	rows, err := datasets.ReadFile[datasets.Assignment](os.DirFS(out), "assignments.parquet")
	if err != nil {
		t.Fatal(err)
	}
	rep := readReport(t, out)
	// Supervision is the bottleneck of the default: every supervisor
	// place is used and candidates are lost to it.
	if rep.Placed == 0 || len(rows) != rep.Placed || rep.UnplacedByReason["no_supervisor"] == 0 || rep.Supervised != rep.SupervisorCapacity {
		t.Errorf("placed %d, rows %d, no_supervisor %d, supervised %d of %d",
			rep.Placed, len(rows), rep.UnplacedByReason["no_supervisor"], rep.Supervised, rep.SupervisorCapacity)
	}
	if len(rep.UnplacedCandidates) != rep.Unplaced || rep.Placed+rep.Unplaced != rep.Candidates {
		t.Errorf("counts do not add up: %d + %d != %d", rep.Placed, rep.Unplaced, rep.Candidates)
	}
	var total float64
	for _, r := range rows {
		total += r.Cost
	}
	if math.Abs(total-rep.TotalCost) > 1e-6*math.Max(1, total) {
		t.Errorf("assignments cost %g, report %g", total, rep.TotalCost)
	}

	// Verify passes on the engine's own result too (independent of the
	// command's message).
	m, _ := defaultdata.LoadMatch()
	c, o, w, _ := datasets.MatchInputs(m)
	p, _, _ := match.Build(c, o, w, match.Rules{}, match.CostWeights{})
	var s match.FlowSolver
	r, err := s.Solve(p)
	if err != nil || match.Verify(p, r, r.Cert) != nil || r.Placed != rep.Placed {
		t.Fatalf("solve %v, placed %d", err, r.Placed)
	}

	t.Run("explain", func(t *testing.T) {
		id := rows[0].CandidateID
		// In words for the person, Swedish by default: the place, its
		// workplace and no solver vocabulary.
		code, stdout, stderr := caregap(t, "match", "--out", t.TempDir(), "--explain", id, "--progress", "never")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		words := stdout[strings.Index(stdout, "sökande "+id):]
		for _, want := range []string{"Du har fått en plats som", rows[0].WorkplaceID, "km från ditt hem"} {
			if !strings.Contains(strings.Join(strings.Fields(words), " "), want) {
				t.Errorf("explain lacks %q:\n%s", want, words)
			}
		}
		for _, absent := range []string{"cost", "margin", "reduced", "points", "dual"} {
			if strings.Contains(words, absent) {
				t.Errorf("explain in words says %q:\n%s", absent, words)
			}
		}
		code, stdout, _ = caregap(t, "match", "--out", t.TempDir(), "--explain", id, "--lang", "en", "--progress", "never")
		if code != 0 || !strings.Contains(stdout, "candidate "+id) || !strings.Contains(stdout, "You have been offered a place") {
			t.Errorf("--lang en: exit %d:\n%s", code, stdout)
		}
		// --details: the cost, its components and the alternatives.
		code, stdout, stderr = caregap(t, "match", "--out", t.TempDir(), "--explain", id, "--details", "--progress", "never")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, want := range []string{"candidate " + id, "placed at " + rows[0].OpeningID, "cost " + strconv.FormatFloat(rows[0].Cost, 'f', 1, 64) + " points =", "reduced", "commute_km"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("explain --details lacks %q:\n%s", want, stdout)
			}
		}
		// The chosen opening is marked and has reduced cost 0.
		if !regexpMatch(`(?m)^  \* +[0-9.]+ +0\.0 +0\.0  `+rows[0].OpeningID, stdout) {
			t.Errorf("chosen opening not marked with margin and reduced cost 0:\n%s", stdout)
		}
		code, _, stderr = caregap(t, "match", "--out", t.TempDir(), "--explain", "nobody")
		if code != exitBadInput || !strings.Contains(stderr, "no such candidate") {
			t.Errorf("unknown id: exit %d, %s", code, stderr)
		}
		for _, args := range [][]string{{"--details"}, {"--explain", id, "--lang", "fi"}, {"--regions", "Stockholm"}} {
			code, _, stderr = caregap(t, append([]string{"match", "--out", t.TempDir()}, args...)...)
			if code != exitBadInput {
				t.Errorf("%v: exit %d, %s", args, code, stderr)
			}
		}
	})
	t.Run("stable", func(t *testing.T) {
		code, stdout, stderr := caregap(t, "match", "--out", t.TempDir(), "--solver", "stable", "--verify")
		if code != 0 || !strings.Contains(stdout, "stable: no blocking pairs") {
			t.Fatalf("exit %d: %s%s", code, stdout, stderr)
		}
	})
	t.Run("dense binds", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "out")
		code, _, stderr := caregap(t, "match", "--out", dir, "--solver", "dense")
		if code != exitBadInput || !strings.Contains(stderr, "supervisor capacity binds") {
			t.Errorf("exit %d: %s", code, stderr)
		}
		if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
			t.Error("output written after an error")
		}
	})
}

// smallMatchDir writes a small matching set (as in the datasets tests)
// into a new directory, after edit.
func smallMatchDir(t *testing.T, edit func(m *datasets.MatchSet)) string {
	t.Helper()
	m := &datasets.MatchSet{
		Workplaces: []datasets.Workplace{
			{WorkplaceID: "W1", Employer: "Krokom kommun", Region: "2309", XKm: 470, YKm: 7025, SupervisorCapacity: 1},
			{WorkplaceID: "W2", Employer: "Krokom kommun", Region: "2309", XKm: 475, YKm: 7025, SupervisorCapacity: 2},
		},
		Openings: []datasets.Opening{
			{OpeningID: "O1", WorkplaceID: "W1", Role: "service_assistant", Positions: 2, MinLanguage: 2, Start: "2025-02-03"},
			{OpeningID: "O2", WorkplaceID: "W2", Role: "care_aide", Positions: 2, MinLanguage: 3, Start: "2025-02-03"},
		},
	}
	for i, lang := range []int32{2, 3, 4, 5} {
		m.Candidates = append(m.Candidates, datasets.Candidate{CandidateID: "C" + strconv.Itoa(i+1), Region: "2309",
			XKm: 471 + float64(i), YKm: 7024, LanguageLevel: lang, AvailableFrom: "2025-01-01", Sex: "F", BirthRegion: "sweden"})
	}
	if edit != nil {
		edit(m)
	}
	dir := t.TempDir()
	writeRaw(t, filepath.Join(dir, "candidates.parquet"), m.Candidates)
	writeRaw(t, filepath.Join(dir, "openings.parquet"), m.Openings)
	writeRaw(t, filepath.Join(dir, "workplaces.parquet"), m.Workplaces)
	return dir
}

func TestMatchSmall(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := caregap(t, "match", "--data", smallMatchDir(t, nil), "--out", out, "--verify", "--explain", "C1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// 4 candidates; O1 (W1, 1 supervisor place) takes language ≥ 2, O2
	// (W2, 2 places) language ≥ 3: 3 placed, one lost to supervision.
	rep := readReport(t, out)
	if rep.Placed != 3 || rep.UnplacedByReason["no_supervisor"] != 1 || !strings.Contains(stdout, "optimality verified") {
		t.Errorf("placed %d, reasons %v\n%s", rep.Placed, rep.UnplacedByReason, stdout)
	}
}

func TestMatchNobodyEligible(t *testing.T) {
	dir := smallMatchDir(t, func(m *datasets.MatchSet) {
		for i := range m.Candidates {
			m.Candidates[i].LanguageLevel = 1
		}
	})
	out := t.TempDir()
	code, stdout, stderr := caregap(t, "match", "--data", dir, "--out", out, "--verify")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rep := readReport(t, out)
	if rep.Placed != 0 || rep.UnplacedByReason["no_eligible_opening"] != 4 || rep.NoEligibleByRule["language"] != 4 {
		t.Errorf("report %+v", rep)
	}
	if !strings.Contains(stdout, "placed          0") || !strings.Contains(stdout, "language 4") {
		t.Errorf("summary:\n%s", stdout)
	}
	for _, name := range []string{"assignments.parquet", "assignments.csv"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestMatchBadInput checks that bad files exit 2, name file, row and
// column, and write nothing.
func TestMatchBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(m *datasets.MatchSet)
		want string
	}{
		{"duplicate id", func(m *datasets.MatchSet) { m.Candidates[1].CandidateID = "C1" }, "candidates.parquet: row 2, column candidate_id"},
		{"unknown workplace", func(m *datasets.MatchSet) { m.Openings[1].WorkplaceID = "W7" }, "openings.parquet: row 2, column workplace_id"},
		{"negative positions", func(m *datasets.MatchSet) { m.Openings[0].Positions = -3 }, "openings.parquet: row 1, column positions"},
		{"NaN coordinate", func(m *datasets.MatchSet) { m.Candidates[3].XKm = math.NaN() }, "candidates.parquet: row 4, column x_km"},
		{"empty file", func(m *datasets.MatchSet) { m.Workplaces = m.Workplaces[:0] }, "workplaces.parquet: no data rows"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			code, _, stderr := caregap(t, "match", "--data", smallMatchDir(t, tc.edit), "--out", out)
			if code != exitBadInput || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q, want 2 and %q", code, stderr, tc.want)
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Error("output written for bad input")
			}
		})
	}
	code, _, _ := caregap(t, "match", "--out", t.TempDir(), "--solver", "greedy")
	if code != exitBadInput {
		t.Errorf("--solver greedy: exit %d", code)
	}
}

func TestGenerateMatchCmd(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "big")
	code, stdout, stderr := caregap(t, "datasets", "generate-match", "--candidates", "500", "--openings", "40", "--workplaces", "20", "--seed", "2", "--out", dir)
	if code != 0 || !strings.Contains(stdout, "500 rows") {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
	code, _, stderr = caregap(t, "match", "--data", dir, "--out", t.TempDir(), "--verify")
	if code != 0 {
		t.Fatalf("match on a generated set: exit %d: %s", code, stderr)
	}
}

// TestMatchDense runs the dense solver where supervision does not bind
// (capacities raised to the positions) and checks it against flow.
func TestMatchDense(t *testing.T) {
	dir := smallMatchDir(t, func(m *datasets.MatchSet) {
		m.Workplaces[0].SupervisorCapacity, m.Workplaces[1].SupervisorCapacity = 2, 2
	})
	placed := map[string]int{}
	cost := map[string]float64{}
	for _, solver := range []string{"flow", "dense"} {
		out := t.TempDir()
		code, stdout, stderr := caregap(t, "match", "--data", dir, "--out", out, "--solver", solver, "--verify")
		if code != 0 || !strings.Contains(stdout, "optimality verified") {
			t.Fatalf("%s: exit %d: %s%s", solver, code, stdout, stderr)
		}
		rep := readReport(t, out)
		placed[solver], cost[solver] = rep.Placed, rep.TotalCost
	}
	// 4 candidates, 4 positions, 4 supervisor places: everyone placed.
	if placed["dense"] != 4 || placed["flow"] != 4 || math.Abs(cost["dense"]-cost["flow"]) > 1e-9 {
		t.Errorf("placed %v, cost %v", placed, cost)
	}
}

// TestGenerateBoth: datasets generate with --candidates writes a forecast
// set and a matching set into one directory, and both commands read it.
func TestGenerateBoth(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := caregap(t, "datasets", "generate", "--regions", "3", "--candidates", "500", "--openings", "40",
		"--workplaces", "10", "--out", dir); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	if code, _, stderr := caregap(t, "match", "--data", dir, "--verify", "--out", t.TempDir(), "--progress", "never"); code != 0 {
		t.Fatalf("match: exit %d: %s", code, stderr)
	}
	if code, _, stderr := caregap(t, "forecast", "--data", dir, "--scenario", "base", "--no-charts", "--out", t.TempDir()); code != 0 {
		t.Fatalf("forecast: exit %d: %s", code, stderr)
	}
}

// TestMatchRematch: an earlier run, then a changed set (a newcomer,
// one supervisor place fewer at W2). With --max-moves 0 nobody who could
// keep their place loses it, counted from the two assignment files; the
// output names the budget and the fresh optimum.
func TestMatchRematch(t *testing.T) {
	before := t.TempDir()
	if code, _, stderr := caregap(t, "match", "--data", smallMatchDir(t, nil), "--out", before); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	changed := smallMatchDir(t, func(m *datasets.MatchSet) {
		m.Candidates = append(m.Candidates, datasets.Candidate{CandidateID: "C9", Region: "2309", XKm: 470, YKm: 7025,
			LanguageLevel: 5, AvailableFrom: "2025-01-01", Sex: "M", BirthRegion: "sweden"})
		m.Workplaces[1].SupervisorCapacity = 1
	})
	earlier, err := datasets.ReadFile[datasets.Assignment](os.DirFS(before), "assignments.parquet")
	if err != nil {
		t.Fatal(err)
	}
	was := map[string]string{}
	for _, r := range earlier {
		was[r.CandidateID] = r.OpeningID
	}
	// Both placed at W2 before; W2 now supervises one: one must move.
	code, _, stderr := caregap(t, "match", "--data", changed, "--out", t.TempDir(), "--rematch", before, "--max-moves", "0")
	if code != exitBadInput || !strings.Contains(stderr, "forces at least 1 moves") {
		t.Errorf("--max-moves 0: exit %d, %s", code, stderr)
	}
	for _, k := range []string{"1", "2"} {
		out := t.TempDir()
		code, stdout, stderr := caregap(t, "match", "--data", changed, "--out", out, "--rematch", before, "--max-moves", k, "--explain", "C9", "--lang", "en")
		if code != 0 {
			t.Fatalf("--max-moves %s: exit %d: %s", k, code, stderr)
		}
		for _, want := range []string{"re-matching against", "at most " + k + " moves", "the fresh optimum places", "re-matching verified", "candidate C9"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("--max-moves %s: output lacks %q:\n%s", k, want, stdout)
			}
		}
		now, err := datasets.ReadFile[datasets.Assignment](os.DirFS(out), "assignments.parquet")
		if err != nil {
			t.Fatal(err)
		}
		at := map[string]string{}
		for _, r := range now {
			at[r.CandidateID] = r.OpeningID
		}
		moved := 0
		for id, o := range was {
			if at[id] != o {
				moved++ // every earlier pair still exists in the changed set
			}
		}
		if limit, _ := strconv.Atoi(k); moved > limit {
			t.Errorf("--max-moves %s: %d moved (before %v, now %v)", k, moved, was, at)
		}
	}
	code, stdout, stderr := caregap(t, "match", "--data", changed, "--out", t.TempDir(), "--rematch", filepath.Join(before, "assignments.parquet"), "--move-cost", "1000")
	if code != 0 || !strings.Contains(stdout, "1000 points a move") || !strings.Contains(stdout, "moved 1,") {
		t.Errorf("--move-cost 1000: exit %d: %s\n%s", code, stderr, stdout)
	}
	// Keeping the places: W2's second person has nowhere else to go.
	code, _, stderr = caregap(t, "match", "--data", changed, "--out", t.TempDir(), "--rematch", before, "--move-cost", "0", "--keep-placed")
	if code != exitBadInput || !strings.Contains(stderr, "1 person placed before cannot keep a place (C") {
		t.Errorf("--keep-placed with too little room: exit %d: %s", code, stderr)
	}
	// With W2's supervisor back, the places are kept: whoever moves goes somewhere.
	roomy := smallMatchDir(t, func(m *datasets.MatchSet) {
		m.Candidates = append(m.Candidates, datasets.Candidate{CandidateID: "C9", Region: "2309", XKm: 470, YKm: 7025,
			LanguageLevel: 5, AvailableFrom: "2025-01-01", Sex: "M", BirthRegion: "sweden"})
	})
	code, stdout, stderr = caregap(t, "match", "--data", roomy, "--out", t.TempDir(), "--rematch", before, "--move-cost", "0", "--keep-placed", "--lang", "en")
	if code != 0 || !strings.Contains(stdout, "everyone who could keep their place placed") || strings.Contains(stdout, "to unplaced") {
		t.Errorf("--keep-placed: exit %d: %s\n%s", code, stderr, stdout)
	}
}

// TestMatchTopAndBalance: --top lists the places with the given one
// first and words for the person; --balance prints the groups and the
// price of fairness, and bounds that cannot be met are bad input.
func TestMatchTopAndBalance(t *testing.T) {
	dir := smallMatchDir(t, nil)
	code, stdout, stderr := caregap(t, "match", "--data", dir, "--out", t.TempDir(), "--top", "2", "C4")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"best places for C4", "*", "De platser som passar dig bäst", "sökande C4"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("--top: output lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, stderr = caregap(t, "match", "--data", dir, "--out", t.TempDir(), "--balance", "sex:0.25-0.5", "--lang", "en")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"group balance by sex", "price of fairness: 1 placements lost", "balanced matching verified", "Sex and country of birth never"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("--balance: output lacks %q:\n%s", want, stdout)
		}
	}
	spec := filepath.Join(t.TempDir(), "bounds.txt")
	if err := os.WriteFile(spec, []byte("# every group fully placed\nsex:1-1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = caregap(t, "match", "--data", dir, "--out", t.TempDir(), "--balance", spec)
	if code != exitBadInput || !strings.Contains(stderr, "sex F in municipality 2309") {
		t.Errorf("bounds that cannot be met: exit %d, %s", code, stderr)
	}
}

func TestMatchToolUsage(t *testing.T) {
	for _, args := range [][]string{
		{"--max-moves", "2"},
		{"--keep-placed"},
		{"--rematch", "x"},
		{"--rematch", "x", "--max-moves", "1", "--move-cost", "3"},
		{"--top", "3"},
		{"--top", "2", "C1", "--balance", "sex:0-1"},
		{"--balance", "age:0-1"},
		{"--balance", "sex:0.1-0.5", "--solver", "stable"},
		{"C1"},
	} {
		code, _, stderr := caregap(t, append([]string{"match", "--out", t.TempDir()}, args...)...)
		if code != exitBadInput {
			t.Errorf("%v: exit %d, %s", args, code, stderr)
		}
	}
}
