package goalseekrun

import (
	"context"
	"math"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/engine/scenario"
)

// handSpec is one lever, sick leave, with a floor of 0 and no ramp (so
// its limit is a reduction of 100 %), for one role of one municipality:
// Krokom's nurses.
func handSpec(t *testing.T, target Target) Spec {
	b, _ := load(t)
	limits := []datasets.LeverLimit{{Lever: "sick_leave", Limit: 0, Source: "test: no floor"}}
	return Spec{Bundle: b, Regions: []string{"2309"}, Roles: []string{"nurse"}, TargetYear: 2030, Target: target,
		Levers: []scenario.Kind{scenario.SickLeave}, NoCurve: true, Tol: 1e-4,
		Inputs: &datasets.GoalSeekInputs{Costs: defaultdata.LeverCosts(), Limits: limits}}
}

// byHand computes, from the forecast without the plan, what one lever
// does: sick leave never changes headcount or contracted FTE (it acts in
// supply.Measure only), so with the sick-leave rates scaled by 1 − p·x
// the effective FTE rises by p·x·L, L = contracted − effective FTE of the
// reference, and from the target year (p = 1)
//
//	gap(t, x) = gap₀(t) − x·L(t)   ⇒   x* = max_t (gap₀(t) − allowed(t)) / L(t)
//
// The wages do not change (contracted FTE does not); the programme pays
// running cost c per FTE of sick leave avoided, p·x·L(t) a year, so
//
//	cost(x) = x · Σ_t (1 + d)^−(t−t0) · c · p(t) · L(t)
//
// and one more FTE in the binding year t* costs cost(x*)/x* / L(t*).
func byHand(t *testing.T, p *Plan, allowed func(row *forecast.Row) float64) (x, cost, marginal float64, binding int) {
	t.Helper()
	pr, err := p.newProblem(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ref := pr.ref[0]
	nr := len(p.regions[0].Supply.Roles)
	ri := -1
	for i, r := range p.regions[0].Supply.Roles {
		if r == "nurse" {
			ri = i
		}
	}
	c, _ := p.prices.find("sick_leave", "2309", "nurse", "", 2030)
	var perUnit float64 // cost of x = 1
	for yi := 1; yi <= p.ToYear-p.base; yi++ {
		row := &ref[yi*nr+ri]
		year := p.base + yi
		ph := math.Min(1, math.Max(0, float64(year-p.start)/float64(p.TargetYear-p.start)))
		lost := row.ContractedFTE - row.EffectiveFTE
		perUnit += math.Pow(1+p.Discount, -float64(yi)) * c.RunSEK * ph * lost
		if year >= p.TargetYear {
			if need := (row.GapFTE - allowed(row)) / lost; need > x {
				x, binding = need, year
			}
		}
	}
	lostStar := ref[(binding-p.base)*nr+ri].ContractedFTE - ref[(binding-p.base)*nr+ri].EffectiveFTE
	return x, x * perUnit, perUnit / lostStar, binding
}

// TestOneLeverByHandOnTheForecast: the goal seek's answer for one lever
// and one role on the real forecast equals the hand computation: the
// intensity, the cost and the marginal cost of an FTE in the binding
// year (0 in the others).
func TestOneLeverByHandOnTheForecast(t *testing.T) {
	target := Target{Value: 10, Percent: true}
	p, err := Prepare(handSpec(t, target))
	if err != nil {
		t.Fatal(err)
	}
	x, cost, marginal, year := byHand(t, p, func(row *forecast.Row) float64 { return 0.10 * row.DemandFTE })
	if x <= 0 || x >= 1 {
		t.Fatalf("by hand x = %g: the case should need the lever, within its limit", x)
	}
	run, err := p.Run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var got float64
	for j, o := range p.opts[0] {
		switch {
		case o.role == "nurse":
			got = run.X[0][j]
		case run.X[0][j] > 1e-6:
			t.Errorf("sick leave of %s used (%g) though only nurses have a target", o.role, run.X[0][j])
		}
	}
	if math.Abs(got-x) > 1e-4*x {
		t.Errorf("intensity %.8f, by hand %.8f", got, x)
	}
	if math.Abs(run.Cost-cost) > 1e-3*cost {
		t.Errorf("cost %.0f SEK, by hand %.0f", run.Cost, cost)
	}
	for _, tg := range run.Targets {
		if tg.Role != "nurse" {
			continue
		}
		want := 0.0
		if int(tg.Year) == year {
			want = marginal
		}
		if math.Abs(tg.MarginalSEK-want) > 1e-3*marginal {
			t.Errorf("nurse %d: marginal cost %.0f SEK per FTE, by hand %.0f (binding year %d)", tg.Year, tg.MarginalSEK, want, year)
		}
	}
}

// TestUnreachableByHand: a target the lever cannot reach (a surplus of
// half the demand) is an answer: every year is reported with the smallest
// gap the lever at its limit leaves, gap₀(t) − L(t) by hand.
func TestUnreachableByHand(t *testing.T) {
	p, err := Prepare(handSpec(t, Target{Value: -50, Percent: true}))
	if err != nil {
		t.Fatal(err)
	}
	run, err := p.Run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	s := run.Summary("en")
	nr := len(p.regions[0].Supply.Roles)
	n := 0
	for _, u := range s.Unreachable {
		if u.Role != "nurse" {
			t.Errorf("%s %d reported out of reach", u.Role, u.Year)
			continue
		}
		n++
		ri := 0
		for i, r := range p.regions[0].Supply.Roles {
			if r == "nurse" {
				ri = i
			}
		}
		ref := &run.Ref[0][(u.Year-p.base)*nr+ri]
		want := ref.GapFTE - (ref.ContractedFTE - ref.EffectiveFTE)
		if math.Abs(u.ReachedFTE-want) > 1e-6*math.Max(1, math.Abs(want)) {
			t.Errorf("nurse %d: smallest gap %.6f, by hand %.6f", u.Year, u.ReachedFTE, want)
		}
	}
	if s.Feasible || n != 11 {
		t.Errorf("feasible %v, %d nurse years out of reach; want 2030-2040", s.Feasible, n)
	}
}
