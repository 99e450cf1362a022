package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/engine/match"
	"github.com/caregap/caregap/runs/labels"
	"github.com/caregap/caregap/runs/matchrun"
	"github.com/spf13/cobra"
)

type matchFlags struct {
	data     string
	solver   string
	verify   bool
	explain  string
	details  bool
	lang     string
	regions  []string
	out      string
	progress string
	rematch  string
	maxMoves int
	moveCost float64
	keep     bool
	top      int
	balance  string
}

func newMatchCmd() *cobra.Command {
	var f matchFlags
	cmd := &cobra.Command{
		Use: "match --out DIR [--data DIR] [--regions MUNICIPALITIES] [--solver flow|dense|stable] [--verify] [--explain CANDIDATE_ID [--details] [--lang sv|en]]\n" +
			"  [--rematch PREV_ASSIGNMENTS (--max-moves K | --move-cost C) [--keep-placed]] [--top K [CANDIDATE_ID]] [--balance FILE|SPEC]",
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
hours wanted within 10 hours a week of the opening's (0: any); the
certificate of the protected title undersköterska for an opening of SSYK
5321.

Cost of a pair, in points: 1 per km of commute, 5 per place down the
candidate's role list, 20 for a role not on a non-empty list, 3 per year
short of the experience wanted, 10 per level short of the education
wanted, 0.5 per hour a week of difference, 0.05 per day of waiting for the
start. Sex and birth region are never used; they only enter the report.

Solvers: flow (min-cost flow, most placed then least cost, with a dual
certificate); dense (dense assignment; only when supervisor capacity does
not bind); stable (candidate-proposing deferred acceptance: candidates rank
openings by commute, role preference and waiting, openings rank candidates
by experience, education and hours fit).

--regions keeps the candidates and workplaces of some municipalities, by
code, name or group ("caregap regions" lists them). --explain ID prints
what a caseworker can tell the person, in Swedish or with --lang en in
English: the place, when it starts and how far it is, why it was chosen and
which places would have fitted almost as well, or why no place was found
and what would change it. --details adds the cost of the placement and
every alternative with its margin and reduced cost.

--rematch PREV re-places everyone against an earlier run's assignments
(its assignments.parquet or .csv, or its directory) after the inputs
changed: with --max-moves K it moves at most K people who could have kept
their place (to another place or to none), with --move-cost C it counts
each move as C points; people whose earlier place is gone are placed anew
and not counted. --keep-placed leaves nobody who could keep their place
without one (they may still move to another). It prints who moves, and
the fresh optimum beside it.
--top K ID (or --top K --explain ID) lists the K best places for one
person with what giving each costs everyone else. --balance bounds the
placement rate of groups by sex or birth region in each municipality,
e.g. "sex:0.3-0.7" or "birth_region=outside_eu@1480:25%-", or a file with
one bound a line, and prints what the bounds cost (the price of
fairness). Group attributes never enter the cost.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				if f.top <= 0 || f.explain != "" && f.explain != args[0] {
					return usagef("a candidate id as an argument goes with --top K (or give --explain ID)")
				}
				f.explain = args[0]
			}
			return runMatch(cmd, &f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.data, "data", "", "matching directory (default: the embedded default matching set)")
	fl.StringVar(&f.solver, "solver", "flow", "solver: flow, dense or stable")
	fl.BoolVar(&f.verify, "verify", false, "check the placement independently: the optimality certificate (flow, dense) or blocking pairs (stable)")
	fl.StringVar(&f.explain, "explain", "", "print, in words for the person, why candidate ID is placed where it is or not placed")
	fl.BoolVar(&f.details, "details", false, "with --explain: also the cost of the placement and of every alternative, with margins and reduced costs")
	fl.StringVar(&f.lang, "lang", "sv", "language of --explain: sv or en")
	fl.StringSliceVar(&f.regions, "regions", nil, "municipalities to match by code, name or group, comma-separated (default: all)")
	fl.StringVar(&f.out, "out", "", "output directory (created if missing)")
	fl.StringVar(&f.progress, "progress", "auto", "progress bar: auto (on a terminal), always or never")
	fl.StringVar(&f.rematch, "rematch", "", "re-place against an earlier run's assignments (file or run directory); with --max-moves or --move-cost")
	fl.IntVar(&f.maxMoves, "max-moves", -1, "with --rematch: move at most K people who could keep their place")
	fl.Float64Var(&f.moveCost, "move-cost", -1, "with --rematch: count each move as C points")
	fl.BoolVar(&f.keep, "keep-placed", false, "with --rematch: everyone who could keep their place keeps a place (perhaps another)")
	fl.IntVar(&f.top, "top", 0, "list the K best places for the candidate of --explain (or the argument)")
	fl.StringVar(&f.balance, "balance", "", "bounds on placement rates by sex or birth region per municipality: a file or a SPEC such as sex:0.3-0.7")
	return cmd
}

// matchRun holds one run and the time of its phases.
type matchRun struct {
	*matchrun.Run
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
	lang, ok := labels.ParseLang(f.lang)
	if !ok {
		return usagef("--lang %s: must be sv or en", f.lang)
	}
	if f.details && f.explain == "" {
		return usagef("--details: give --explain CANDIDATE_ID too")
	}
	tools, err := checkToolFlags(f)
	if err != nil {
		return err
	}
	steps := 5 // read, build, solve, verify, write
	if tools.any() {
		steps++ // rematch, balance or top
	}
	bar := newProgress(cmd.ErrOrStderr(), f.progress, steps, "match")
	defer bar.finish()
	run := &matchRun{}
	t0, step := time.Now(), 0
	phase := func(name string) { // the end of the phase before, the start of name
		if step > 0 {
			run.timing[step-1].d = time.Since(t0)
		}
		t0, step = time.Now(), step+1
		run.timing = append(run.timing, phaseTime{name: name})
		bar.set(step-1, steps)
	}
	// Read, check and solve everything before writing anything.
	phase("read")
	set, err := loadMatchSet(f.data)
	if err != nil {
		return err
	}
	names, err := matchRegions(f.data)
	if err != nil {
		return err
	}
	where := ""
	if len(f.regions) > 0 {
		var codes []string
		if set, codes, err = matchrun.SubsetRegions(set, names, splitList(f.regions)); err != nil {
			return err
		}
		where = municipalities(names, codes)
	}
	explainAt := -1
	if f.explain != "" {
		explainAt = slices.IndexFunc(set.Candidates, func(c datasets.Candidate) bool { return c.CandidateID == f.explain })
		if explainAt < 0 {
			if where != "" {
				return usagef("--explain %s: no such candidate in %s", f.explain, where)
			}
			return usagef("--explain %s: no such candidate", f.explain)
		}
	}
	run.Run, err = matchrun.Match(cmd.Context(), matchrun.Spec{Set: set, Solver: f.solver, Verify: f.verify}, phase)
	if err != nil {
		return err
	}
	if err := tools.run(cmd.Context(), run, f, explainAt, phase); err != nil {
		return err
	}
	phase("write")
	if _, err := run.Write(f.out, 0o755, matchrun.Files{CSV: true}); err != nil {
		return err
	}
	phase("")
	run.timing = run.timing[:len(run.timing)-1]
	bar.finish()
	w := cmd.OutOrStdout()
	printMatchSummary(w, run, run.Report(), where)
	if run.Verified != "" {
		fmt.Fprintln(w, run.Verified)
	}
	tools.print(w, run, lang, names, explainAt)
	if explainAt >= 0 && f.top <= 0 {
		e := run.Explain(explainAt)
		e.NameRegions(names)
		printWords(w, e, lang)
		if f.details {
			printExplanation(w, e)
		}
	}
	fmt.Fprintf(w, "wrote %s\n", f.out)
	return nil
}

// loadMatchSet reads and checks the matching set in dir, or the embedded
// default when dir is empty.
func loadMatchSet(dir string) (*datasets.MatchSet, error) {
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, usagef("--data %s: not a directory", dir)
		}
	}
	return defaultdata.LoadMatchOr(dir)
}

// reasonOrder lists the reasons in the order the summary prints them.
var reasonOrder = []match.Reason{match.NoEligible, match.LostToPositions, match.LostToSupervisor, match.LostToCost}

func printMatchSummary(w io.Writer, r *matchRun, rep *datasets.MatchReport, where string) {
	if where != "" {
		where += "; "
	}
	fmt.Fprintf(w, "caregap match: %s%d candidates, %d openings (%d positions) at %d workplaces (%d supervisor places); solver %s\n\n",
		where, rep.Candidates, rep.Openings, rep.Positions, rep.Workplaces, rep.SupervisorCapacity, rep.Solver)
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
	fmt.Fprintf(w, "time %s (%s), %d eligible pairs\n", total.Round(time.Millisecond), strings.Join(parts, ", "), r.Problem.NumArcs())
	fmt.Fprintf(w, "solve time %.3f ms (solver %s alone: reading, building, verifying and writing not counted)\n",
		float64(r.SolveTime)/float64(time.Millisecond), r.Solver)
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

// matchRegions returns the names of the municipalities of a matching set:
// those of the regions file in dir when it has one, else the embedded
// default dataset's (municipality codes are national).
func matchRegions(dir string) ([]datasets.Region, error) {
	if dir != "" {
		for _, name := range []string{"regions.parquet", "regions.csv"} {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				return loadRegions(dir)
			}
		}
	}
	return loadRegions("")
}

// printWords prints what a caseworker reads to the person, wrapped.
func printWords(w io.Writer, e *matchrun.Explanation, lang labels.Lang) {
	who := e.Region
	if e.RegionName != "" {
		who = e.RegionName
	}
	fmt.Fprintf(w, "\n%s %s (%s)\n", map[labels.Lang]string{labels.SV: "sökande", labels.EN: "candidate"}[lang], e.CandidateID, who)
	wrapWords(w, e.Words(lang))
}

// wrapWords prints words indented, in lines of at most 78 characters.
func wrapWords(w io.Writer, words string) {
	line := 0
	fmt.Fprint(w, " ")
	for _, word := range strings.Fields(words) {
		if n := utf8.RuneCountInString(word); line > 0 && line+1+n > 76 {
			fmt.Fprint(w, "\n ")
			line = 0
		}
		fmt.Fprint(w, " "+word)
		line += 1 + utf8.RuneCountInString(word)
	}
	fmt.Fprintln(w)
}

// printExplanation prints a candidate's placement with its cost
// breakdown and its eligible alternatives with their exact margins (how
// much cheaper the pair would have to be before the optimum placed the
// candidate there, match.ExplainExact) and the certificate's reduced
// costs, lower bounds on them.
func printExplanation(w io.Writer, e *matchrun.Explanation) {
	fmt.Fprintf(w, "\ndetails of candidate %s (municipality %s)\n", e.CandidateID, e.Region)
	if e.Eligible == 0 {
		fmt.Fprintf(w, "  no eligible opening; the rule that excluded most openings: %s\n", e.Rule)
		return
	}
	if p := e.Placement; p != nil {
		fmt.Fprintf(w, "  placed at %s\n", p.Describe())
		fmt.Fprintf(w, "  cost %.1f points =", p.Cost)
		sep := " "
		for _, c := range p.Components {
			if c.Value == 0 {
				continue
			}
			fmt.Fprintf(w, "%s%s %.4g × %g", sep, c.Name, c.Value, c.Weight)
			sep = " + "
		}
		if sep == " " {
			fmt.Fprint(w, " 0")
		}
		fmt.Fprintln(w)
	} else {
		for _, reason := range reasonOrder {
			if datasets.ReasonCode(reason) == e.Status {
				fmt.Fprintf(w, "  not placed: %s\n", reason)
			}
		}
	}
	if !e.ReducedCosts {
		fmt.Fprintf(w, "  eligible openings by cost (solver %s gives no certificate, so no reduced costs):\n", "stable")
		for _, alt := range e.Alternatives {
			mark := " "
			if alt.Chosen {
				mark = "*"
			}
			fmt.Fprintf(w, "  %s %8.1f  %s\n", mark, alt.Cost, alt.Describe())
		}
		return
	}
	fmt.Fprintln(w, "  alternatives (margin: how much cheaper the pair would have to be before the")
	fmt.Fprintln(w, "  optimum placed the candidate there, exactly; 0 = chosen or an equal choice;")
	fmt.Fprintln(w, "  reduced: the dual certificate's lower bound on the margin):")
	fmt.Fprintf(w, "    %8s  %10s  %10s  %s\n", "cost", "margin", "reduced", "opening")
	bonus := false
	for _, alt := range e.Alternatives {
		mark := " "
		if alt.Chosen {
			mark = "*"
		}
		margin := fmt.Sprintf("%10s", "-")
		if alt.Margin != nil {
			margin = fmt.Sprintf("%10.1f", *alt.Margin)
			if alt.Displaces {
				margin = fmt.Sprintf("M+%8.1f", *alt.Margin)
				bonus = true
			}
		}
		red := fmt.Sprintf("%10.1f", *alt.ReducedCost)
		if alt.CostsPlacement {
			red = fmt.Sprintf("M+%8.1f", *alt.ReducedCost)
			bonus = true
		}
		fmt.Fprintf(w, "  %s %8.1f  %s  %s  %s\n", mark, alt.Cost, margin, red, alt.Describe())
	}
	if bonus {
		fmt.Fprintln(w, "  (M+: taking that opening would cost a placement elsewhere)")
	}
}

// matchTools are the caseworker's tools of one `caregap match`: at most
// one of re-matching, group balance and the k best places.
type matchTools struct {
	earlier  []datasets.Assignment
	prevFile string
	bounds   []matchrun.Bound
	rm       *matchrun.Rematched
	earl     *matchrun.Earlier
	bal      *matchrun.Balance
	top      *matchrun.Options
}

func (t *matchTools) any() bool { return t.prevFile != "" || t.bounds != nil }

// checkToolFlags checks the tools' flags before anything is read but the
// earlier assignments and a balance file.
func checkToolFlags(f *matchFlags) (*matchTools, error) {
	t := &matchTools{}
	n := 0
	for _, on := range []bool{f.rematch != "", f.balance != "", f.top > 0} {
		if on {
			n++
		}
	}
	switch {
	case n > 1:
		return nil, usagef("--rematch, --balance and --top go one at a time")
	case n > 0 && f.solver != "flow":
		return nil, usagef("--rematch, --balance and --top need --solver flow")
	case f.rematch == "" && (f.maxMoves >= 0 || f.moveCost >= 0 || f.keep):
		return nil, usagef("--max-moves, --move-cost and --keep-placed go with --rematch PREV_ASSIGNMENTS")
	case f.rematch != "" && (f.maxMoves >= 0) == (f.moveCost >= 0):
		return nil, usagef("--rematch: give one of --max-moves K and --move-cost C")
	case f.top < 0:
		return nil, usagef("--top %d: must be at least 1", f.top)
	case f.top > 0 && f.explain == "":
		return nil, usagef("--top K: give the candidate, --top K ID or --explain ID")
	case f.top > 0 && f.details:
		return nil, usagef("--details goes with --explain, not --top")
	}
	if f.rematch != "" {
		path := f.rematch
		if st, err := os.Stat(path); err == nil && st.IsDir() {
			path = filepath.Join(path, "assignments.parquet")
			if _, err := os.Stat(path); err != nil {
				path = filepath.Join(f.rematch, "assignments.csv")
			}
		}
		rows, err := datasets.ReadFile[datasets.Assignment](os.DirFS(filepath.Dir(path)), filepath.Base(path))
		if err != nil {
			return nil, fmt.Errorf("--rematch %s: %w", f.rematch, err)
		}
		t.earlier, t.prevFile = rows, path
	}
	if f.balance != "" {
		spec := f.balance
		if b, err := os.ReadFile(f.balance); err == nil {
			spec = string(b)
		} else if strings.ContainsAny(f.balance, "/\\") && !strings.Contains(f.balance, ":") {
			return nil, usagef("--balance %s: %v", f.balance, err)
		}
		var err error
		if t.bounds, err = matchrun.ParseBalance(spec); err != nil {
			return nil, fmt.Errorf("--balance: %w", err)
		}
	}
	return t, nil
}

// run applies the tool to the solved run.
func (t *matchTools) run(ctx context.Context, r *matchRun, f *matchFlags, explainAt int, phase func(string)) error {
	var err error
	switch {
	case t.prevFile != "":
		phase("rematch")
		if t.earl, err = matchrun.EarlierOf(r.Run, t.earlier, t.prevFile); err != nil {
			return err
		}
		var opts []match.RematchOption
		if f.keep {
			opts = append(opts, match.KeepPlaced())
		}
		t.rm, err = r.Rematch(ctx, t.earl, f.maxMoves, f.moveCost, opts...)
	case t.bounds != nil:
		phase("balance")
		t.bal, err = r.Balance(ctx, t.bounds)
	case f.top > 0:
		phase("top")
		t.top, err = r.TopK(explainAt, f.top)
	}
	return err
}

// print prints the tool's answer and the person's words.
func (t *matchTools) print(w io.Writer, r *matchRun, lang labels.Lang, names []datasets.Region, explainAt int) {
	switch {
	case t.rm != nil:
		t.rm.WriteText(w, t.earl, t.prevFile)
		if explainAt >= 0 {
			printToolWords(w, r, lang, names, explainAt, t.rm.Words(lang, r.Run, explainAt, names))
		}
	case t.bal != nil:
		t.bal.WriteText(w)
		printToolWords(w, r, lang, names, -1, t.bal.Words(lang, names))
	case t.top != nil:
		t.top.WriteText(w)
		printToolWords(w, r, lang, names, explainAt, t.top.Words(lang, names))
	}
}

// printToolWords prints words for the person (c ≥ 0) or for everyone,
// wrapped like printWords.
func printToolWords(w io.Writer, r *matchRun, lang labels.Lang, names []datasets.Region, c int, words string) {
	if c >= 0 {
		x := r.Set.Candidates[c]
		who := x.Region
		for _, n := range names {
			if n.Region == x.Region && n.Name != "" {
				who = n.Name
			}
		}
		fmt.Fprintf(w, "\n%s %s (%s)\n", map[labels.Lang]string{labels.SV: "sökande", labels.EN: "candidate"}[lang], x.CandidateID, who)
	} else {
		fmt.Fprintln(w)
	}
	wrapWords(w, words)
}
