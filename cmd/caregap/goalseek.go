package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/runs/goalseekrun"
	"github.com/caregap/caregap/runs/labels"
	"github.com/spf13/cobra"
)

type goalseekFlags struct {
	targetYear int
	roles      []string
	regions    []string
	maxGap     string
	costs      string
	limits     string
	data       string
	match      string
	to         int
	discount   float64
	levers     []string
	noCurve    bool
	lang       string
	name       string
	out        string
}

func newGoalseekCmd() *cobra.Command {
	var f goalseekFlags
	cmd := &cobra.Command{
		Use:   "goalseek --target-year Y --out DIR [--roles ...] [--regions ...] [--max-gap FTE|PCT%] [--costs FILE] [--limits FILE]",
		Short: "Find the least-cost mix of levers that closes each role's gap from a year on, with the marginal cost of an FTE",
		Long: `goalseek chooses, per municipality, how far to take each lever (full time,
sick leave, later retirement, recruits, training places, placements, task
shifting, career moves) so that each chosen role's gap is at most --max-gap
(FTE, or % of demand with a % sign) in every year from --target-year to
--to, at the least discounted cost, within the limits of each lever. Roles
not chosen may not end up with a larger gap than without the plan. It
writes
  plan.yaml                                   the plan as a scenario file:
                                              caregap forecast --scenario DIR/plan.yaml
  goalseek_levers.parquet, .csv               the levers chosen and their cost, the wages
  goalseek_targets.parquet, .csv              each role's gap against its target, the
                                              marginal cost of one more FTE
  goalseek_curve.parquet, .csv                the least cost against the target level
  summary.json, lever_costs.csv, lever_limits.csv, lp/<region>.lp
A target the limits do not allow is reported with the smallest gap reached.
Costs and limits default to illustrative figures (caregap datasets schema
shows lever_costs and lever_limits).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runGoalseek(cmd, &f) },
	}
	fl := cmd.Flags()
	fl.IntVar(&f.targetYear, "target-year", 0, "first year the target must hold (required)")
	fl.StringSliceVar(&f.roles, "roles", nil, "roles whose gap must meet the target, comma-separated (default: all)")
	fl.StringSliceVar(&f.regions, "regions", nil, "municipality codes, comma-separated (default: all)")
	fl.StringVar(&f.maxGap, "max-gap", "0", "largest gap allowed per role, municipality and year: FTE, or a share of demand such as 2%")
	fl.StringVar(&f.costs, "costs", "", "lever_costs file, .csv or .parquet (default: the illustrative prices)")
	fl.StringVar(&f.limits, "limits", "", "lever_limits file, .csv or .parquet (default: the illustrative limits)")
	fl.StringVar(&f.data, "data", "", "dataset directory (default: the embedded default dataset)")
	fl.StringVar(&f.match, "match", "", "matching dataset directory whose workplaces' supervisor places bound the placements (default: the embedded one with the default dataset, none with --data)")
	fl.IntVar(&f.to, "to", goalseekrun.DefaultToYear, "last year: the target holds to it and costs are counted to it")
	fl.Float64Var(&f.discount, "discount", goalseekrun.DefaultDiscount, "real discount rate a year")
	fl.StringSliceVar(&f.levers, "levers", nil, "levers the plan may use, comma-separated (default: all eight)")
	fl.BoolVar(&f.noCurve, "no-curve", false, "skip the cost curve (four more solves)")
	fl.StringVar(&f.lang, "lang", "sv", "language of the names in summary.json: sv or en")
	fl.StringVar(&f.name, "name", goalseekrun.DefaultName, "name of the scenario written")
	fl.StringVar(&f.out, "out", "", "output directory (created if missing)")
	return cmd
}

// parseMaxGap reads "3" (FTE) or "2%" (of demand).
func parseMaxGap(s string) (goalseekrun.Target, error) {
	s = strings.TrimSpace(s)
	pct := strings.HasSuffix(s, "%")
	v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, "%")), 64)
	if err != nil {
		return goalseekrun.Target{}, usagef("--max-gap %q: a number of FTE, or a share of demand such as 2%%", s)
	}
	return goalseekrun.Target{Value: v, Percent: pct}, nil
}

// readTable reads one dataset file of row type T given by path.
func readTable[T any](flag, path string) ([]T, error) {
	rows, err := datasets.ReadFile[T](os.DirFS(filepath.Dir(path)), filepath.Base(path))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, usagef("--%s %s: no such file", flag, path)
	}
	return rows, err
}

func runGoalseek(cmd *cobra.Command, f *goalseekFlags) error {
	if f.out == "" {
		return usagef("--out is required")
	}
	if f.targetYear == 0 {
		return usagef("--target-year is required")
	}
	target, err := parseMaxGap(f.maxGap)
	if err != nil {
		return err
	}
	lang, ok := labels.ParseLang(f.lang)
	if !ok {
		return usagef("--lang %q: sv or en", f.lang)
	}
	b, err := loadBundle(f.data)
	if err != nil {
		return err
	}
	in := &datasets.GoalSeekInputs{Costs: defaultdata.LeverCosts(), Limits: defaultdata.LeverLimits()}
	if f.costs != "" {
		if in.Costs, err = readTable[datasets.LeverCost]("costs", f.costs); err != nil {
			return err
		}
	}
	if f.limits != "" {
		if in.Limits, err = readTable[datasets.LeverLimit]("limits", f.limits); err != nil {
			return err
		}
	}
	var m *datasets.MatchSet
	switch {
	case f.match != "":
		if m, err = datasets.ReadMatchFS(os.DirFS(f.match)); err != nil {
			return fmt.Errorf("read %s: %w", f.match, err)
		}
	case f.data == "":
		if m, err = defaultdata.LoadMatch(); err != nil {
			return err
		}
	}
	var kinds []scenario.Kind
	for _, l := range splitList(f.levers) {
		kinds = append(kinds, scenario.Kind(l))
	}
	plan, err := goalseekrun.Prepare(goalseekrun.Spec{Bundle: b, Inputs: in, Match: m, Regions: splitList(f.regions),
		Roles: splitList(f.roles), TargetYear: f.targetYear, Target: target, ToYear: f.to, Discount: f.discount,
		Levers: kinds, NoCurve: f.noCurve, Name: f.name})
	if err != nil {
		return err
	}
	errw := cmd.ErrOrStderr()
	run, err := plan.Run(cmd.Context(), func(stage string, done, total int) {
		if done < total {
			fmt.Fprintf(errw, "caregap goalseek: %s %d/%d\n", stage, done+1, total)
		}
	})
	if err != nil {
		return err
	}
	if _, err := run.Write(f.out, 0o755, true, lang); err != nil {
		return err
	}
	printGoalseek(cmd.OutOrStdout(), run.Summary(labels.EN))
	fmt.Fprintf(cmd.OutOrStdout(), "wrote %s (the plan: caregap forecast --scenario %s)\n", f.out, filepath.Join(f.out, goalseekrun.ScenarioFile))
	return nil
}

// msek formats SEK as millions.
func msek(v float64) string { return strconv.FormatFloat(v/1e6, 'f', 1, 64) }

func printGoalseek(w io.Writer, s *goalseekrun.Summary) {
	fmt.Fprintf(w, "caregap goalseek: %d regions, gap at most %s per role and municipality in %d-%d; levers phased in %d-%d\n\n",
		len(s.Regions), s.Target.Text, s.TargetYear, s.ToYear, s.StartYear, s.TargetYear)
	state := "every target met"
	if !s.Feasible {
		state = fmt.Sprintf("%d role-years out of reach within the limits", len(s.Unreachable))
	}
	fmt.Fprintf(w, "Plan cost %s MSEK, discounted to %d at %s %% a year: wages of the extra staff %s, the levers' own costs %s (%s)\n\n",
		msek(s.CostSEK), s.BaseYear, strconv.FormatFloat(s.DiscountRate*100, 'g', 4, 64), msek(s.WagesSEK), msek(s.ProgrammeSEK), state)
	fmt.Fprintf(w, "Shortage, FTE (sum over the municipalities' shortages), and the marginal cost of one more FTE\n")
	fmt.Fprintf(w, "  %-27s %8s %8s %8s %8s  %s\n", "role", fmt.Sprint(s.TargetYear), "plan", fmt.Sprint(s.ToYear), "plan", "highest marginal cost, MSEK per FTE (where, when)")
	for _, r := range s.ByRole {
		role := r.Role
		if !r.Chosen {
			role += " (kept)"
		}
		marg := "-"
		if r.Binding > 0 {
			marg = fmt.Sprintf("%s (%s, %d)", msek(r.MarginalSEK), r.MarginalRegion, r.MarginalYear)
		}
		fmt.Fprintf(w, "  %-27s %8.0f %8.1f %8.0f %8.1f  %s\n", role, r.RefShortageTarget, r.PlanShortageTarget, r.RefShortageLast, r.PlanShortageLast, marg)
	}
	fmt.Fprintf(w, "\nLevers chosen (municipalities using each, intensity at the target year, cost in MSEK)\n")
	fmt.Fprintf(w, "  %-18s %-42s %4s %-17s %9s  %s\n", "lever", "applies to", "used", "intensity", "cost", "unit")
	for _, l := range s.Levers {
		fmt.Fprintf(w, "  %-18s %-42s %4d %-17s %9s  %s", l.Lever, l.AppliesTo, l.Regions, l.Range, msek(l.CostSEK), l.Unit)
		if l.AtLimit > 0 {
			fmt.Fprintf(w, "; at its limit in %d", l.AtLimit)
		}
		fmt.Fprintln(w)
	}
	if len(s.Curve) > 0 {
		fmt.Fprintf(w, "\nCost curve: least cost, MSEK, against the largest gap allowed\n")
		for _, c := range s.Curve {
			fmt.Fprintf(w, "  %6g %-3s %10s", c.Level, c.Unit, msek(c.CostSEK))
			if c.Unmet > 0 {
				fmt.Fprintf(w, "  (%d role-years out of reach)", c.Unmet)
			}
			fmt.Fprintln(w)
		}
	}
	if len(s.Unreachable) > 0 {
		fmt.Fprintf(w, "\nOut of reach within the limits (the smallest gap reached):\n")
		for i, u := range s.Unreachable {
			if i == 20 {
				fmt.Fprintf(w, "  ... and %d more (goalseek_targets.csv, met = false)\n", len(s.Unreachable)-20)
				break
			}
			fmt.Fprintf(w, "  %s %-27s %d  target %.1f FTE, reached %.1f FTE\n", u.Region, u.Role, u.Year, u.TargetFTE, u.ReachedFTE)
		}
	}
	fmt.Fprintln(w)
}
