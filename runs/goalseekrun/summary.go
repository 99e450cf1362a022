package goalseekrun

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/caregap/caregap/engine/scenario"

	"github.com/caregap/caregap/runs/labels"
)

// Summary is the run as a page or a report shows it: self-describing
// JSON (summary.json, and the API's answer), with every amount in SEK
// discounted to the base year and every gap in FTE.
type Summary struct {
	Kind       string   `json:"kind"` // "goalseek"
	Scenario   string   `json:"scenario"`
	Lang       string   `json:"lang"`
	BaseYear   int      `json:"base_year"`
	StartYear  int      `json:"start_year"`
	TargetYear int      `json:"target_year"`
	ToYear     int      `json:"to_year"`
	Regions    []string `json:"regions"`
	Roles      []string `json:"roles"`
	Target     struct {
		Value float64 `json:"value"`
		Unit  string  `json:"unit"` // "FTE" or "%"
		Text  string  `json:"text"`
	} `json:"target"`
	DiscountRate float64 `json:"discount_rate"`
	TolFTE       float64 `json:"tolerance_fte"`
	// Feasible: every target is met within the limits.
	Feasible    bool    `json:"feasible"`
	Converged   bool    `json:"converged"`
	Iterations  int     `json:"iterations"`
	Evaluations int     `json:"forecast_evaluations"`
	CostSEK     float64 `json:"cost_sek"`
	WagesSEK    float64 `json:"wages_sek"`
	// ProgrammeSEK is the levers' own cost (courses, programmes,
	// recruitment, placements); CostSEK = WagesSEK + ProgrammeSEK.
	ProgrammeSEK float64           `json:"programme_sek"`
	ByRole       []RoleSummary     `json:"roles_result"`
	Levers       []LeverSummary    `json:"levers"`
	Curve        []CurvePoint      `json:"cost_curve"`
	Unreachable  []Unreachable     `json:"unreachable"`
	AtLimit      []LimitReached    `json:"limits_reached"`
	Notes        []string          `json:"notes"`
	Units        map[string]string `json:"units"`
}

// RoleSummary is one role summed over the regions.
type RoleSummary struct {
	Role   string `json:"role"`
	Name   string `json:"name"`
	Chosen bool   `json:"chosen"` // a target role; else kept from growing
	// Shortage and surplus in the target year and the last year, without
	// and with the plan: sums of the positive (negative) gaps of the
	// regions.
	RefShortageTarget  float64 `json:"reference_shortage_fte_target_year"`
	PlanShortageTarget float64 `json:"plan_shortage_fte_target_year"`
	RefShortageLast    float64 `json:"reference_shortage_fte_last_year"`
	PlanShortageLast   float64 `json:"plan_shortage_fte_last_year"`
	PlanSurplusLast    float64 `json:"plan_surplus_fte_last_year"`
	WagesSEK           float64 `json:"wages_sek"`
	// MarginalSEK is the highest marginal cost of one more FTE of the
	// role over the regions and years where its target binds, with where
	// and when; Binding counts those region-years.
	MarginalSEK    float64 `json:"marginal_cost_sek"`
	MarginalRegion string  `json:"marginal_cost_region,omitempty"`
	MarginalYear   int     `json:"marginal_cost_year,omitempty"`
	Binding        int     `json:"binding_region_years"`
}

// LeverSummary is one lever summed over the regions that use it.
type LeverSummary struct {
	Lever     string  `json:"lever"`
	Name      string  `json:"name"`
	AppliesTo string  `json:"applies_to"`
	Regions   int     `json:"regions"`
	Min, Max  float64 `json:"-"`
	Range     string  `json:"intensity_range"`
	Unit      string  `json:"unit"`
	CostSEK   float64 `json:"cost_sek"`
	AtLimit   int     `json:"regions_at_limit"`
}

// CurvePoint is the plan's least cost at a target level, all regions.
type CurvePoint struct {
	Level   float64 `json:"level"`
	Unit    string  `json:"unit"`
	CostSEK float64 `json:"cost_sek"`
	Unmet   int     `json:"unmet_role_years"`
}

// Unreachable is a target the limits do not allow: the role's gap in a
// region and year, and the smallest gap reached.
type Unreachable struct {
	Region     string  `json:"region"`
	Role       string  `json:"role"`
	Year       int     `json:"year"`
	TargetFTE  float64 `json:"target_gap_fte"`
	ReachedFTE float64 `json:"smallest_gap_fte"`
}

// LimitReached is a lever at its limit in a region: a binding limit.
type LimitReached struct {
	Region    string  `json:"region"`
	Lever     string  `json:"lever"`
	AppliesTo string  `json:"applies_to"`
	Limit     float64 `json:"limit"`
}

// Summary builds the run's summary with names in lang.
func (r *Run) Summary(lang labels.Lang) *Summary {
	p := r.Plan
	s := &Summary{Kind: "goalseek", Scenario: p.Name, Lang: string(lang), BaseYear: p.base, StartYear: p.start,
		TargetYear: p.TargetYear, ToYear: p.ToYear, Regions: p.Regions, Roles: p.Roles,
		DiscountRate: p.Discount, TolFTE: p.tol(), Iterations: r.Engine.Iterations, Evaluations: r.Engine.Evaluations,
		CostSEK: r.Cost, WagesSEK: r.Wages, ProgrammeSEK: r.Cost - r.Wages, Feasible: true, Converged: true,
		Units: map[string]string{}}
	s.Target.Value, s.Target.Unit, s.Target.Text = p.Target.Value, p.Target.Unit(), p.Target.String()
	for k, u := range Units {
		s.Units[string(k)] = u
	}
	for _, br := range r.Engine.Blocks {
		s.Converged = s.Converged && br.Converged
	}
	roles := p.regions[0].Supply.Roles
	byRole := make([]RoleSummary, len(roles))
	for ri, role := range roles {
		byRole[ri] = RoleSummary{Role: role, Name: labels.Role(lang, role, role), Chosen: p.chosen[role]}
	}
	for b, reg := range p.regions {
		nr := len(reg.Supply.Roles)
		for ri := range reg.Supply.Roles {
			rs := &byRole[ri]
			t, l := (p.TargetYear-p.base)*nr+ri, (p.ToYear-p.base)*nr+ri
			rs.RefShortageTarget += math.Max(0, r.Ref[b][t].GapFTE)
			rs.PlanShortageTarget += math.Max(0, r.Rows[b][t].GapFTE)
			rs.RefShortageLast += math.Max(0, r.Ref[b][l].GapFTE)
			rs.PlanShortageLast += math.Max(0, r.Rows[b][l].GapFTE)
			rs.PlanSurplusLast += math.Max(0, -r.Rows[b][l].GapFTE)
		}
	}
	for _, t := range r.Targets {
		ri := slices.Index(roles, t.Role)
		rs := &byRole[ri]
		if t.Binding {
			rs.Binding++
			if t.MarginalSEK > rs.MarginalSEK {
				rs.MarginalSEK, rs.MarginalRegion, rs.MarginalYear = t.MarginalSEK, t.Region, int(t.Year)
			}
		}
		if !t.Met {
			s.Feasible = false
			s.Unreachable = append(s.Unreachable, Unreachable{Region: t.Region, Role: t.Role, Year: int(t.Year),
				TargetFTE: t.TargetGap, ReachedFTE: t.GapFTE})
		}
	}
	for _, l := range r.Levers {
		if l.Lever == "wages" {
			byRole[slices.Index(roles, l.AppliesTo)].WagesSEK += l.CostSEK
			continue
		}
		if l.AtLimit {
			s.AtLimit = append(s.AtLimit, LimitReached{Region: l.Region, Lever: l.Lever, AppliesTo: l.AppliesTo, Limit: l.Limit})
		}
		i := slices.IndexFunc(s.Levers, func(x LeverSummary) bool { return x.Lever == l.Lever && x.AppliesTo == l.AppliesTo })
		if i < 0 {
			s.Levers = append(s.Levers, LeverSummary{Lever: l.Lever, Name: labels.Lever(lang, l.Lever), AppliesTo: l.AppliesTo,
				Unit: l.Unit, Min: math.Inf(1), Max: math.Inf(-1)})
			i = len(s.Levers) - 1
		}
		ls := &s.Levers[i]
		ls.Regions++
		ls.CostSEK += l.CostSEK
		ls.Min, ls.Max = math.Min(ls.Min, l.Intensity), math.Max(ls.Max, l.Intensity)
		if l.AtLimit {
			ls.AtLimit++
		}
	}
	for i := range s.Levers {
		s.Levers[i].Range = formatRange(s.Levers[i].Min, s.Levers[i].Max)
	}
	order := func(l LeverSummary) (int, int) { // the menu's order: lever, then role
		k := slices.Index(DefaultLevers, scenario.Kind(l.Lever))
		ri := slices.IndexFunc(roles, func(r string) bool { return strings.HasPrefix(l.AppliesTo, r) })
		return k, ri
	}
	slices.SortStableFunc(s.Levers, func(a, b LeverSummary) int {
		ka, ra := order(a)
		kb, rb := order(b)
		if ka != kb {
			return ka - kb
		}
		return ra - rb
	})
	s.ByRole = byRole
	for _, c := range r.Curve {
		if c.Region == "all" {
			s.Curve = append(s.Curve, CurvePoint{Level: c.Level, Unit: c.LevelUnit, CostSEK: c.CostSEK, Unmet: int(c.Unmet)})
		}
	}
	s.Notes = []string{
		"Costs are the levers' own costs (lever_costs) plus the wages of the change in contracted FTE against the forecast without the plan, discounted to the base year, over the years to the last forecast year.",
		"A marginal cost is the shadow price of a target: what one more FTE of the role in that municipality and year would cost with the plan's levers, from the linearised problem at the plan.",
		"Roles not chosen are kept: their gap may not grow above its level without the plan, or above 0.",
	}
	if s.Unreachable == nil {
		s.Unreachable = []Unreachable{}
	}
	if s.AtLimit == nil {
		s.AtLimit = []LimitReached{}
	}
	return s
}

func formatRange(lo, hi float64) string {
	f := func(v float64) string { return trimFloat(v) }
	if math.Abs(hi-lo) <= 1e-9*math.Max(1, math.Abs(hi)) {
		return f(lo)
	}
	return f(lo) + "–" + f(hi)
}

func trimFloat(v float64) string {
	switch a := math.Abs(v); {
	case a >= 100:
		return fmt.Sprintf("%.0f", v)
	case a >= 1:
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.4f", v)
}
