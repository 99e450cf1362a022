package goalseekrun

import (
	"context"
	"math"
	"strconv"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/engine/goalseek"
	"github.com/caregap/caregap/engine/scenario"
)

// Run is a finished goal seek.
type Run struct {
	Plan *Plan
	// Engine is the trust-region loop's answer, block by block (region by
	// region, in Plan.Regions order).
	Engine *goalseek.Result
	// X are the intensities chosen, per region and option.
	X goalseek.Point
	// Scenario is the plan as a scenario file: every chosen lever,
	// extending base.
	Scenario *scenario.Scenario
	// Rows and Ref are the forecast rows of each region with and without
	// the plan (year-major, roles in order).
	Rows, Ref [][]forecast.Row
	Levers    []datasets.GoalSeekLever
	Targets   []datasets.GoalSeekTarget
	Curve     []datasets.GoalSeekCurvePoint
	// Cost is the plan's total discounted cost; Wages the part that is
	// the wages of extra staff.
	Cost, Wages float64

	prob *problem
}

// Progress is told which stage a run is in ("goal seek", then "cost
// curve" with the levels done and their number). It may be nil.
type Progress func(stage string, done, total int)

// Run seeks the least-cost plan, then the cost curve. It stops with
// ctx's error when ctx ends.
func (p *Plan) Run(ctx context.Context, progress Progress) (*Run, error) {
	tell := func(stage string, done, total int) {
		if progress != nil {
			progress(stage, done, total)
		}
	}
	tell("goal seek", 0, 1)
	pr, err := p.newProblem(ctx)
	if err != nil {
		return nil, err
	}
	res, err := goalseek.Solve(ctx, pr.blocks, pr.eval, &goalseek.Settings{Tol: p.tol(), MaxIter: p.MaxIter})
	if err != nil {
		return nil, err
	}
	tell("goal seek", 1, 1)
	run := &Run{Plan: p, Engine: res, Ref: pr.ref, prob: pr, X: make(goalseek.Point, len(p.regions))}
	for b := range p.regions {
		run.X[b] = res.Blocks[b].X
	}
	rows, err := p.forecastPoints(ctx, []goalseek.Point{run.X}, nil)
	if err != nil {
		return nil, err
	}
	run.Rows = rows[0]
	run.Scenario = p.scenarioFile(run.X)
	run.tables()
	if !p.NoCurve {
		levels := p.curveLevels()
		for i, level := range levels {
			tell("cost curve", i, len(levels))
			pts, err := p.curvePoint(ctx, run, level)
			if err != nil {
				return nil, err
			}
			run.Curve = append(run.Curve, pts...)
		}
		tell("cost curve", len(levels), len(levels))
	}
	return run, ctx.Err()
}

func (p *Plan) tol() float64 {
	if p.Tol == 0 {
		return goalseek.DefaultTol
	}
	return p.Tol
}

// curveLevels are the target levels of the cost curve.
func (p *Plan) curveLevels() []float64 {
	if p.Curve != nil {
		return p.Curve
	}
	t := p.Target.Value
	return []float64{t, t + 1, t + 2, t + 5, t + 10}
}

// curvePoint solves the goal seek at another target level, from the
// plan's answer, and returns its cost per region and in all.
func (p *Plan) curvePoint(ctx context.Context, run *Run, level float64) ([]datasets.GoalSeekCurvePoint, error) {
	var res *goalseek.Result
	if level == p.Target.Value {
		res = run.Engine
	} else {
		q := *p
		q.Target.Value = level
		pr := &problem{p: &q, ref: run.prob.ref, cons: make([][]constraint, len(p.regions)), blocks: run.prob.blocks}
		for b := range p.regions {
			pr.cons[b] = q.constraints(b, pr.ref[b])
		}
		var err error
		res, err = goalseek.Solve(ctx, pr.blocks, pr.eval, &goalseek.Settings{Tol: p.tol(), MaxIter: p.MaxIter, Start: run.X})
		if err != nil {
			return nil, err
		}
	}
	all := datasets.GoalSeekCurvePoint{Region: "all", Level: level, LevelUnit: p.Target.Unit()}
	var out []datasets.GoalSeekCurvePoint
	for b, r := range p.regions {
		br := &res.Blocks[b]
		pt := datasets.GoalSeekCurvePoint{Region: r.Code, Level: level, LevelUnit: p.Target.Unit(), CostSEK: br.Cost, Unmet: int32(len(br.Unmet))}
		all.CostSEK += pt.CostSEK
		all.Unmet += pt.Unmet
		out = append(out, pt)
	}
	return append([]datasets.GoalSeekCurvePoint{all}, out...), nil
}

// scenarioFile is the plan as a scenario: the chosen levers region by
// region, extending base.
func (p *Plan) scenarioFile(x goalseek.Point) *scenario.Scenario {
	sc := p.scenarioOf(x, p.Name, nil)
	return &scenario.Scenario{Name: p.Name, Extends: []string{"base"}, Levers: sc.Levers,
		Description: "Least-cost levers for a gap of at most " + p.Target.String() + " per role and municipality from " +
			strconv.Itoa(p.TargetYear) + " (caregap goalseek)"}
}

// tables fills the output rows from the answer.
func (r *Run) tables() {
	p := r.Plan
	tol := p.tol()
	for b, reg := range p.regions {
		br := &r.Engine.Blocks[b]
		acc := p.cost(b, r.X[b], r.Rows[b], r.Ref[b], true)
		r.Cost += acc.total
		for j, o := range p.opts[b] {
			if r.X[b][j] <= 0 {
				continue
			}
			r.Levers = append(r.Levers, datasets.GoalSeekLever{Region: reg.Code, Lever: string(o.kind), AppliesTo: o.appliesTo(),
				Intensity: r.X[b][j], Unit: Units[o.kind], Limit: o.upper, AtLimit: br.AtUpper[j],
				StartYear: int32(p.start), TargetYear: int32(p.TargetYear), Quantity: acc.optQty[j],
				CostUnit: datasets.CostUnit(string(o.kind)), CostSEK: acc.optCost[j]})
		}
		nr := len(reg.Supply.Roles)
		for ri, role := range reg.Supply.Roles {
			if acc.wageFTEYrs[ri] == 0 {
				continue
			}
			r.Wages += acc.wageCost[ri]
			r.Levers = append(r.Levers, datasets.GoalSeekLever{Region: reg.Code, Lever: "wages", AppliesTo: role,
				Intensity: acc.wageFTE[ri], Unit: "extra contracted FTE in the last year", StartYear: int32(p.start),
				TargetYear: int32(p.TargetYear), Quantity: acc.wageFTEYrs[ri], CostUnit: datasets.CostUnit("wage"), CostSEK: acc.wageCost[ri]})
		}
		for i, c := range r.prob.cons[b] {
			if c.role < 0 {
				continue
			}
			row := &r.Rows[b][(c.year-p.base)*nr+c.role]
			kind := "target"
			if c.keep {
				kind = "keep"
			}
			marg := br.Marginal[i]
			met := row.GapFTE-p.allowed(&c, row) <= tol
			if !met {
				marg = 0 // the limits stop it: no marginal cost of the target
			}
			r.Targets = append(r.Targets, datasets.GoalSeekTarget{Region: reg.Code, Role: reg.Supply.Roles[c.role], Year: int32(c.year),
				Constraint: kind, DemandFTE: row.DemandFTE, ReferenceGap: r.Ref[b][(c.year-p.base)*nr+c.role].GapFTE,
				TargetGap: p.allowed(&c, row), GapFTE: row.GapFTE, Met: met,
				Binding: met && marg > 0 && math.Abs(row.GapFTE-p.allowed(&c, row)) <= tol, MarginalSEK: math.Max(0, marg)})
		}
	}
}
