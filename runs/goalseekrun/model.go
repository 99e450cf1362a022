package goalseekrun

import (
	"context"
	"fmt"
	"math"

	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/engine/goalseek"
	"github.com/caregap/caregap/engine/scenario"
)

// scenarioOf is the scenario of point pt: one lever per region (with
// active[b]; nil: every region) and option with a positive intensity.
func (p *Plan) scenarioOf(pt goalseek.Point, name string, active []bool) *scenario.Resolved {
	sc := &scenario.Resolved{Name: name}
	for b, r := range p.regions {
		if active != nil && !active[b] {
			continue
		}
		for j := range p.opts[b] {
			if x := pt[b][j]; x > 0 {
				sc.Levers = append(sc.Levers, p.opts[b][j].lever(r.Code, x, p.start, p.TargetYear))
			}
		}
	}
	return sc
}

// forecastPoints runs the forecast of every point in the regions with
// active[b] (nil: all) and returns, per point and region, the region's rows
// (year-major, roles in order); nil for a region not run.
func (p *Plan) forecastPoints(ctx context.Context, pts []goalseek.Point, active []bool) ([][][]forecast.Row, error) {
	var regions []*forecast.Region
	var index []int
	for b, r := range p.regions {
		if active == nil || active[b] {
			regions, index = append(regions, r), append(index, b)
		}
	}
	scs := make([]*scenario.Resolved, len(pts))
	for k, pt := range pts {
		scs[k] = p.scenarioOf(pt, fmt.Sprintf("point%d", k), active)
	}
	out := make([][][]forecast.Row, len(pts))
	for k := range pts {
		out[k] = make([][]forecast.Row, len(p.regions))
	}
	if len(regions) == 0 {
		return out, nil
	}
	res, err := forecast.Run(ctx, regions, scs, &p.settings, nil)
	if err != nil {
		return nil, err
	}
	i := 0
	for q, r := range regions {
		n := (p.ToYear - p.base + 1) * len(r.Supply.Roles)
		for k := range pts {
			block := res.Rows[i : i+n]
			if block[0].Region != r.Code || block[0].Scenario != scs[k].Name || block[n-1].Scenario != scs[k].Name {
				panic("goalseekrun: forecast rows out of the expected order")
			}
			out[k][index[q]] = block
			i += n
		}
	}
	return out, nil
}

// constraint is one row of a region's problem: a role's gap in a year
// (target or keep), or the supervisor places.
type constraint struct {
	role  int // index in the region's roles; -1 for the supervisor places
	year  int
	keep  bool
	limit float64 // FTE, for keep (from the reference) and FTE targets
}

// constraints lists region b's constraints from the reference rows.
func (p *Plan) constraints(b int, ref []forecast.Row) []constraint {
	r := p.regions[b]
	nr := len(r.Supply.Roles)
	var cs []constraint
	for year := p.TargetYear; year <= p.ToYear; year++ {
		yi := year - p.base
		for ri, role := range r.Supply.Roles {
			c := constraint{role: ri, year: year, keep: !p.chosen[role]}
			if c.keep {
				c.limit = math.Max(0, ref[yi*nr+ri].GapFTE)
			} else {
				c.limit = p.Target.Value
			}
			cs = append(cs, c)
		}
	}
	if p.superCap[b] >= 0 {
		for _, o := range p.opts[b] {
			if o.kind == scenario.MatchedEntrants {
				cs = append(cs, constraint{role: -1, limit: p.superCap[b]})
				break
			}
		}
	}
	return cs
}

// allowed is the largest gap constraint c allows at the rows: its limit,
// or for a percentage target that share of the year's demand.
func (p *Plan) allowed(c *constraint, row *forecast.Row) float64 {
	if !c.keep && p.Target.Percent {
		return p.Target.Value / 100 * row.DemandFTE
	}
	return c.limit
}

// values are the constraint values h ≤ 0 of region b at x.
func (p *Plan) values(b int, cs []constraint, x []float64, rows []forecast.Row) []float64 {
	nr := len(p.regions[b].Supply.Roles)
	h := make([]float64, len(cs))
	for i := range cs {
		c := &cs[i]
		if c.role < 0 {
			var placed float64
			for j, o := range p.opts[b] {
				if o.kind == scenario.MatchedEntrants {
					placed += x[j]
				}
			}
			h[i] = placed - c.limit
			continue
		}
		row := &rows[(c.year-p.base)*nr+c.role]
		h[i] = row.GapFTE - p.allowed(c, row)
	}
	return h
}

// problem is the goal seek's problem on the forecast: the blocks, the
// reference rows and the function the engine evaluates.
type problem struct {
	p      *Plan
	ref    [][]forecast.Row // per region, without the plan
	cons   [][]constraint
	blocks []goalseek.Block
}

func (p *Plan) newProblem(ctx context.Context) (*problem, error) {
	zero := make(goalseek.Point, len(p.regions))
	for b := range zero {
		zero[b] = make([]float64, len(p.opts[b]))
	}
	refs, err := p.forecastPoints(ctx, []goalseek.Point{zero}, nil)
	if err != nil {
		return nil, err
	}
	pr := &problem{p: p, ref: refs[0], cons: make([][]constraint, len(p.regions)), blocks: make([]goalseek.Block, len(p.regions))}
	for b, r := range p.regions {
		pr.cons[b] = p.constraints(b, pr.ref[b])
		blk := goalseek.Block{Name: r.Code}
		for _, o := range p.opts[b] {
			blk.Vars = append(blk.Vars, goalseek.Var{Name: string(o.kind) + "_" + o.appliesTo(), Upper: o.upper})
		}
		for _, c := range pr.cons[b] {
			blk.Cons = append(blk.Cons, p.consName(b, &c))
		}
		pr.blocks[b] = blk
	}
	return pr, nil
}

func (p *Plan) consName(b int, c *constraint) string {
	switch {
	case c.role < 0:
		return "supervisor_places"
	case c.keep:
		return fmt.Sprintf("keep_%s_%d", p.regions[b].Supply.Roles[c.role], c.year)
	}
	return fmt.Sprintf("gap_%s_%d", p.regions[b].Supply.Roles[c.role], c.year)
}

// eval is the goalseek.Func of the problem.
func (pr *problem) eval(ctx context.Context, pts []goalseek.Point, active []bool) ([]goalseek.Value, error) {
	rows, err := pr.p.forecastPoints(ctx, pts, active)
	if err != nil {
		return nil, err
	}
	out := make([]goalseek.Value, len(pts))
	for k, pt := range pts {
		v := goalseek.Value{H: make([][]float64, len(pt)), Cost: make([]float64, len(pt))}
		for b := range pt {
			if rows[k][b] == nil {
				continue
			}
			v.H[b] = pr.p.values(b, pr.cons[b], pt[b], rows[k][b])
			v.Cost[b] = pr.p.cost(b, pt[b], rows[k][b], pr.ref[b], false).total
		}
		out[k] = v
	}
	return out, nil
}
