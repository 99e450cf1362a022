package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/engine/match"
	"github.com/spf13/cobra"
)

type matchFlags struct {
	data     string
	solver   string
	verify   bool
	explain  string
	out      string
	progress string
}

// matchRules and matchWeights are the rules and cost weights of `caregap
// match`: the engine's documented defaults (the zero values), named here
// so that the help text and the code agree.
var (
	matchRules   = match.Rules{}
	matchWeights = match.CostWeights{}
)

func newMatchCmd() *cobra.Command {
	var f matchFlags
	cmd := &cobra.Command{
		Use:   "match --out DIR [--data DIR] [--solver flow|dense|stable] [--verify] [--explain CANDIDATE_ID]",
		Short: "Place people outside the labour market in care openings where supervisors are scarce",
		Long: `match reads candidates, openings and workplaces (--data DIR with
candidates, openings and workplaces as .parquet or .csv; default: the
embedded default matching set of the 19 default municipalities), keeps the
eligible pairs, prices them, places as many candidates as openings and
supervisors allow at least total cost, and writes
  assignments.parquet, assignments.csv  one row per placement with its cost breakdown
  report.json                           counts, reasons, utilisation, rates by group
and prints a summary.

Eligibility (hard rules): distance within the candidate's max_commute_km
(0: 30 km); language_level at least the opening's minimum; a driving
licence where the opening needs one; available by the opening's start;
hours wanted within 10 hours a week of the opening's (0: any).

Cost of a pair, in points: 1 per km of commute, 5 per place down the
candidate's role list, 20 for a role not on a non-empty list, 3 per year
short of the experience wanted, 10 per level short of the education
wanted, 0.5 per hour a week of difference, 0.05 per day of waiting for the
start. Sex and birth region are never used; they only enter the report.

Solvers: flow (min-cost flow, most placed then least cost, with a dual
certificate); dense (dense assignment; only when supervisor capacity does
not bind); stable (candidate-proposing deferred acceptance: candidates rank
openings by commute, role preference and waiting, openings rank candidates
by experience, education and hours fit).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runMatch(cmd, &f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.data, "data", "", "matching directory (default: the embedded default matching set)")
	fl.StringVar(&f.solver, "solver", "flow", "solver: flow, dense or stable")
	fl.BoolVar(&f.verify, "verify", false, "check the placement independently: the optimality certificate (flow, dense) or blocking pairs (stable)")
	fl.StringVar(&f.explain, "explain", "", "print why candidate ID is placed where it is, against its alternatives")
	fl.StringVar(&f.out, "out", "", "output directory (created if missing)")
	fl.StringVar(&f.progress, "progress", "auto", "progress bar: auto (on a terminal), always or never")
	return cmd
}

// matchRun holds one run's inputs and results.
type matchRun struct {
	set    *datasets.MatchSet
	cands  []match.Candidate
	ops    []match.Opening
	wps    []match.Workplace
	p      *match.Problem
	bd     *match.Breakdown
	res    *match.Result
	prefs  *match.Preferences // stable only
	timing []phaseTime
}

type phaseTime struct {
	name string
	d    time.Duration
}

func runMatch(cmd *cobra.Command, f *matchFlags) error {
	if f.out == "" {
		return usagef("--out is required")
	}
	switch f.solver {
	case "flow", "dense", "stable":
	default:
		return usagef("--solver %s: must be flow, dense or stable", f.solver)
	}
	bar := newProgress(cmd.ErrOrStderr(), f.progress, 4, "match")
	defer bar.finish()
	run := &matchRun{}
	phase := func(name string, step int, do func() error) error {
		t0 := time.Now()
		err := do()
		run.timing = append(run.timing, phaseTime{name, time.Since(t0)})
		bar.set(step, 4)
		return err
	}
	// Read, check and solve everything before writing anything.
	explainAt := -1
	if err := phase("read", 1, func() error {
		m, err := loadMatchSet(f.data)
		if err != nil {
			return err
		}
		run.set = m
		run.cands, run.ops, run.wps, err = datasets.MatchInputs(m)
		if err != nil {
			return err
		}
		if f.explain != "" {
			explainAt = slices.IndexFunc(m.Candidates, func(c datasets.Candidate) bool { return c.CandidateID == f.explain })
			if explainAt < 0 {
				return usagef("--explain %s: no such candidate", f.explain)
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := phase("build", 2, func() (err error) {
		run.p, run.bd, err = match.Build(run.cands, run.ops, run.wps, matchRules, matchWeights)
		return err
	}); err != nil {
		return err
	}
	if err := phase("solve", 3, func() error { return run.solve(f.solver) }); err != nil {
		return err
	}
	verified := ""
	if f.verify {
		t0 := time.Now()
		msg, err := run.verify()
		if err != nil {
			return fmt.Errorf("verify: %w", err)
		}
		run.timing = append(run.timing, phaseTime{"verify", time.Since(t0)})
		verified = msg
	}
	rows := datasets.AssignmentRows(run.set, run.p, run.bd, run.res)
	rep := datasets.NewMatchReport(run.set, run.cands, run.p, run.bd, run.res, f.solver)
	if err := phase("write", 4, func() error { return writeMatchOutputs(f.out, rows, rep) }); err != nil {
		return err
	}
	bar.finish()
	w := cmd.OutOrStdout()
	printMatchSummary(w, run, rep)
	if verified != "" {
		fmt.Fprintln(w, verified)
	}
	if explainAt >= 0 {
		run.explain(w, explainAt)
	}
	fmt.Fprintf(w, "wrote %s\n", f.out)
	return nil
}

// loadMatchSet reads and checks the matching set in dir, or the embedded
// default when dir is empty.
func loadMatchSet(dir string) (*datasets.MatchSet, error) {
	if dir == "" {
		m, err := defaultdata.LoadMatch()
		if err != nil {
			return nil, fmt.Errorf("embedded default matching set: %w", err)
		}
		return m, nil
	}
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return nil, usagef("--data %s: not a directory", dir)
	}
	m, err := datasets.ReadMatchFS(os.DirFS(dir))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	return m, nil
}

func (r *matchRun) solve(solver string) error {
	var err error
	switch solver {
	case "flow":
		var s match.FlowSolver
		r.res, err = s.Solve(r.p)
	case "dense":
		var s match.DenseSolver
		r.res, err = s.Solve(r.p)
		if errors.Is(err, match.ErrBindingSupervisors) {
			return usageError{fmt.Errorf("--solver dense: %w; use --solver flow", err)}
		}
	case "stable":
		r.prefs = stablePreferences(r.p, r.bd)
		r.res, err = match.StableMatching(r.p, r.prefs)
	}
	return err
}

// Components that each side of a stable matching ranks by: candidates by
// what concerns them, openings by fit to the job.
var (
	candidateSide = []string{"commute_km", "preference_rank", "not_preferred", "wait_days"}
	openingSide   = []string{"experience_gap", "education_gap", "hours_mismatch"}
)

// stablePreferences derives ranked lists from the cost breakdown: a
// candidate ranks its eligible openings by the weighted candidate-side
// components, an opening its eligible candidates by the weighted
// opening-side components; ties by total cost, then index.
func stablePreferences(p *match.Problem, bd *match.Breakdown) *match.Preferences {
	score := func(a int, names []string) float64 {
		var s float64
		for k, v := range bd.Components(a) {
			if slices.Contains(names, bd.Names[k]) {
				s += bd.Weights[k] * float64(v)
			}
		}
		return s
	}
	type entry struct {
		idx   int32
		score float64
		cost  int64
	}
	less := func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.score, b.score), cmp.Compare(a.cost, b.cost), cmp.Compare(a.idx, b.idx))
	}
	n, m := p.NumCandidates(), p.NumOpenings()
	pr := &match.Preferences{Candidate: make([][]int32, n), Opening: make([][]int32, m)}
	byOpening := make([][]entry, m)
	var list []entry
	for c := range n {
		list = list[:0]
		for a := int(p.Start[c]); a < int(p.Start[c+1]); a++ {
			o := p.Opening[a]
			list = append(list, entry{o, score(a, candidateSide), p.Cost[a]})
			byOpening[o] = append(byOpening[o], entry{int32(c), score(a, openingSide), p.Cost[a]})
		}
		slices.SortFunc(list, less)
		pr.Candidate[c] = make([]int32, len(list))
		for i, e := range list {
			pr.Candidate[c][i] = e.idx
		}
	}
	for o, l := range byOpening {
		slices.SortFunc(l, less)
		pr.Opening[o] = make([]int32, len(l))
		for i, e := range l {
			pr.Opening[o][i] = e.idx
		}
	}
	return pr
}

// verify checks the placement without trusting the solver and says what
// was shown.
func (r *matchRun) verify() (string, error) {
	if r.prefs != nil {
		if err := match.Verify(r.p, r.res, nil); err != nil {
			return "", err
		}
		bp, err := match.BlockingPairs(r.p, r.prefs, r.res.Assign)
		if err != nil {
			return "", err
		}
		if len(bp) > 0 {
			c, o := bp[0].Candidate, bp[0].Opening
			return "", fmt.Errorf("%d blocking pairs, first candidate %s and opening %s", len(bp), r.cands[c].ID, r.ops[o].ID)
		}
		return "stable: no blocking pairs (placement feasible, checked independently)", nil
	}
	if r.res.Cert == nil {
		return "", errors.New("the solver gave no certificate")
	}
	if err := match.Verify(r.p, r.res, r.res.Cert); err != nil {
		return "", err
	}
	return "optimality verified: most placed, then least cost (dual certificate checked independently)", nil
}

func writeMatchOutputs(dir string, rows []datasets.Assignment, rep *datasets.MatchReport) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := datasets.WriteParquet(filepath.Join(dir, "assignments.parquet"), rows); err != nil {
		return err
	}
	if err := datasets.WriteCSV(filepath.Join(dir, "assignments.csv"), rows); err != nil {
		return err
	}
	return datasets.WriteMatchReport(filepath.Join(dir, "report.json"), rep)
}

// reasonOrder lists the reasons in the order the summary prints them.
var reasonOrder = []match.Reason{match.NoEligible, match.LostToPositions, match.LostToSupervisor, match.LostToCost}

func printMatchSummary(w io.Writer, r *matchRun, rep *datasets.MatchReport) {
	fmt.Fprintf(w, "caregap match: %d candidates, %d openings (%d positions) at %d workplaces (%d supervisor places); solver %s\n\n",
		rep.Candidates, rep.Openings, rep.Positions, rep.Workplaces, rep.SupervisorCapacity, rep.Solver)
	fmt.Fprintf(w, "placed    %7d  %s\n", rep.Placed, pct(rep.Placed, rep.Candidates))
	fmt.Fprintf(w, "unplaced  %7d  %s\n", rep.Unplaced, pct(rep.Unplaced, rep.Candidates))
	for _, reason := range reasonOrder {
		n := rep.UnplacedByReason[datasets.ReasonCode(reason)]
		if n == 0 {
			continue
		}
		fmt.Fprintf(w, "  %-24s %7d", reason.String(), n)
		if reason == match.NoEligible {
			var parts []string
			rules := make([]string, 0, len(rep.NoEligibleByRule))
			for rule := range rep.NoEligibleByRule {
				rules = append(rules, rule)
			}
			sort.Strings(rules)
			for _, rule := range rules {
				parts = append(parts, fmt.Sprintf("%s %d", rule, rep.NoEligibleByRule[rule]))
			}
			fmt.Fprintf(w, "  (mostly excluded by: %s)", strings.Join(parts, ", "))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "\nutilisation: positions %d of %d (%.1f %%), supervisors %d of %d (%.1f %%)\n",
		rep.PositionsFilled, rep.Positions, 100*rep.OpeningUtilisation, rep.Supervised, rep.SupervisorCapacity, 100*rep.SupervisorUtilisation)
	printGroups(w, "placement rate by sex", rep.BySex)
	printGroups(w, "by birth region", rep.ByBirthRegion)
	printGroups(w, "by municipality", rep.ByRegion)
	mean := 0.0
	if rep.Placed > 0 {
		mean = rep.TotalCost / float64(rep.Placed)
	}
	fmt.Fprintf(w, "total cost %.1f points (%.1f per placement)\n", rep.TotalCost, mean)
	var parts []string
	var total time.Duration
	for _, t := range r.timing {
		parts = append(parts, fmt.Sprintf("%s %s", t.name, t.d.Round(time.Millisecond)))
		total += t.d
	}
	fmt.Fprintf(w, "time %s (%s), %d eligible pairs\n", total.Round(time.Millisecond), strings.Join(parts, ", "), r.p.NumArcs())
}

func printGroups(w io.Writer, title string, groups []datasets.GroupPlacement) {
	var parts []string
	for _, g := range groups {
		parts = append(parts, fmt.Sprintf("%s %.1f %% (%d/%d)", g.Group, 100*g.Rate, g.Placed, g.Candidates))
	}
	fmt.Fprintf(w, "%s: %s\n", title, strings.Join(parts, ", "))
}

func pct(a, b int) string {
	if b == 0 {
		return ""
	}
	return fmt.Sprintf("(%.1f %%)", 100*float64(a)/float64(b))
}

// explain prints candidate c's placement with its cost breakdown and its
// eligible alternatives with their reduced costs.
func (r *matchRun) explain(w io.Writer, c int) {
	cd := &r.set.Candidates[c]
	fmt.Fprintf(w, "\ncandidate %s (municipality %s)\n", cd.CandidateID, cd.Region)
	ops, _ := r.p.Arcs(c)
	if len(ops) == 0 {
		rule := r.bd.Excluded[c]
		fmt.Fprintf(w, "  no eligible opening; the rule that excluded most openings: %s\n", rule)
		return
	}
	if o := r.res.Assign[c]; o >= 0 {
		a := r.p.ArcOf(c, int(o))
		fmt.Fprintf(w, "  placed at %s\n", r.describeOpening(int(o)))
		fmt.Fprintf(w, "  cost %.1f points =", float64(r.p.Cost[a])/r.bd.Scale)
		sep := " "
		for k, v := range r.bd.Components(a) {
			if v == 0 {
				continue
			}
			fmt.Fprintf(w, "%s%s %.4g × %g", sep, r.bd.Names[k], v, r.bd.Weights[k])
			sep = " + "
		}
		if sep == " " {
			fmt.Fprint(w, " 0")
		}
		fmt.Fprintln(w)
	} else {
		for _, u := range match.Reasons(r.p, r.bd, r.res) {
			if u.Candidate == c {
				fmt.Fprintf(w, "  not placed: %s\n", u.Reason)
			}
		}
	}
	if r.res.Cert == nil {
		fmt.Fprintf(w, "  eligible openings by cost (solver %s gives no certificate, so no reduced costs):\n", "stable")
		alts := make([]int, len(ops))
		for k := range ops {
			alts[k] = k
		}
		_, costs := r.p.Arcs(c)
		sort.SliceStable(alts, func(i, j int) bool { return costs[alts[i]] < costs[alts[j]] })
		for _, k := range alts {
			mark := " "
			if r.res.Assign[c] == ops[k] {
				mark = "*"
			}
			fmt.Fprintf(w, "  %s %8.1f  %s\n", mark, float64(costs[k])/r.bd.Scale, r.describeOpening(int(ops[k])))
		}
		return
	}
	fmt.Fprintln(w, "  alternatives (reduced cost: how much cheaper the pair would have to be before")
	fmt.Fprintln(w, "  the optimum could place the candidate there; 0 = chosen or an equal choice):")
	fmt.Fprintf(w, "    %8s  %10s  %s\n", "cost", "reduced", "opening")
	bonus := false
	for _, alt := range match.Explain(r.p, r.res, r.res.Cert, c) {
		mark := " "
		if alt.Chosen {
			mark = "*"
		}
		red := fmt.Sprintf("%10.1f", float64(alt.Reduced)/r.bd.Scale)
		if alt.Reduced >= r.res.Cert.M {
			// Taking it would leave someone else unplaced.
			red = fmt.Sprintf("M+%8.1f", float64(alt.Reduced-r.res.Cert.M)/r.bd.Scale)
			bonus = true
		}
		fmt.Fprintf(w, "  %s %8.1f  %s  %s\n", mark, float64(alt.Cost)/r.bd.Scale, red, r.describeOpening(alt.Opening))
	}
	if bonus {
		fmt.Fprintln(w, "  (M+: taking that opening would cost a placement elsewhere)")
	}
}

func (r *matchRun) describeOpening(o int) string {
	op := &r.set.Openings[o]
	wp := &r.set.Workplaces[r.p.Workplace[o]]
	return fmt.Sprintf("%s %s at %s (%s, %s)", op.OpeningID, op.Role, wp.WorkplaceID, wp.Employer, wp.Region)
}
