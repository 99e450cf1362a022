package matchrun

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/match"
)

// ErrBalance: a group-balance specification that cannot be read.
var ErrBalance = errkind.New(errkind.BadInput, "bad balance specification")

// Bound bounds the placement rate of groups of candidates by one
// attribute within each municipality.
type Bound struct {
	Attribute string `json:"attribute"`        // "sex" or "birth_region"
	Group     string `json:"group,omitempty"`  // one value ("F", "outside_eu"); "": every value
	Region    string `json:"region,omitempty"` // one municipality code; "": every one
	// MinRate ≤ placed / candidates ≤ MaxRate within each group.
	MinRate float64 `json:"min_rate"`
	MaxRate float64 `json:"max_rate"`
}

// ParseBalance reads bounds written as
//
//	ATTRIBUTE[=GROUP][@MUNICIPALITY]:MIN-MAX
//
// separated by ";" or new lines (a "#" starts a comment), rates as
// fractions or percentages: "sex:0.3-0.7", "birth_region=outside_eu:25%-",
// "sex=F@1480:0.4-0.6". A missing MIN is 0, a missing MAX 1. Every bound
// must name the same attribute: groups by sex and by birth region cross,
// and the bounds of crossing groups are not a flow. A later bound that is
// more specific (a group, a municipality) overrides an earlier one for
// the groups it names. Errors wrap ErrBalance and quote the bound.
func ParseBalance(spec string) ([]Bound, error) {
	var out []Bound
	for _, line := range strings.FieldsFunc(spec, func(r rune) bool { return r == ';' || r == '\n' }) {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		bad := func(why string) error { return fmt.Errorf("balance %q: %s: %w", line, why, ErrBalance) }
		who, rates, ok := strings.Cut(line, ":")
		if !ok {
			return nil, bad("want ATTRIBUTE[=GROUP][@MUNICIPALITY]:MIN-MAX")
		}
		var b Bound
		who, b.Region, _ = strings.Cut(strings.TrimSpace(who), "@")
		b.Attribute, b.Group, _ = strings.Cut(who, "=")
		if b.Attribute != "sex" && b.Attribute != "birth_region" {
			return nil, bad("the attribute is sex or birth_region")
		}
		lo, hi, ok := strings.Cut(rates, "-")
		if !ok {
			return nil, bad("the rates are MIN-MAX, either may be left out")
		}
		var err error
		if b.MinRate, err = parseRate(lo, 0); err != nil {
			return nil, bad(err.Error())
		}
		if b.MaxRate, err = parseRate(hi, 1); err != nil {
			return nil, bad(err.Error())
		}
		if b.MinRate > b.MaxRate {
			return nil, bad("the least rate is above the greatest")
		}
		if len(out) > 0 && out[0].Attribute != b.Attribute {
			return nil, bad("every bound names one attribute (groups by sex and by birth region cross)")
		}
		out = append(out, b)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("balance %q: no bound: %w", spec, ErrBalance)
	}
	return out, nil
}

func parseRate(s string, def float64) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return def, nil
	}
	div := 1.0
	if t, ok := strings.CutSuffix(s, "%"); ok {
		s, div = strings.TrimSpace(t), 100
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || v/div < 0 || v/div > 1 {
		return 0, fmt.Errorf("rate %q is not between 0 and 1 (or 0 %% and 100 %%)", s)
	}
	return v / div, nil
}

// GroupRow is one group's bounds and placements.
type GroupRow struct {
	Region      string `json:"region"`
	Group       string `json:"group"`
	Candidates  int    `json:"candidates"`
	Min         int    `json:"min_placed"`
	Max         int    `json:"max_placed"`
	Placed      int    `json:"placed"`
	FreshPlaced int    `json:"placed_without_bounds"`
}

// Balance is a placement under group bounds and its price of fairness
// against the unconstrained optimum.
type Balance struct {
	Attribute      string     `json:"attribute"`
	Bounds         []Bound    `json:"bounds"`
	Groups         []GroupRow `json:"groups"`
	Placed         int        `json:"placed"`
	Cost           float64    `json:"cost"`
	FreshPlaced    int        `json:"placed_without_bounds"`
	FreshCost      float64    `json:"cost_without_bounds"`
	LostPlacements int        `json:"placements_lost"`
	ExtraCost      float64    `json:"extra_cost"`
	Verified       string     `json:"verified"`
}

// Balance places run r's candidates under the bounds (match.SolveBalanced:
// the bounds are constraints of the flow; group attributes never enter
// the cost) and replaces r.Result by the answer. A group of n candidates
// with rates [lo, hi] may place ⌈lo·n⌉ to ⌊hi·n⌋. Bounds that cannot all
// be met are a *match.BoundsError, wrapped with the group's name.
func (r *Run) Balance(ctx context.Context, bounds []Bound) (*Balance, error) {
	if len(bounds) == 0 {
		return nil, fmt.Errorf("no bound: %w", ErrBalance)
	}
	attr := bounds[0].Attribute
	value := func(c int) string {
		if attr == "sex" {
			return r.Set.Candidates[c].Sex
		}
		return r.Set.Candidates[c].BirthRegion
	}
	type key struct{ region, group string }
	index := map[key]int{}
	var rows []GroupRow
	rates := map[key][2]float64{}
	gb := &match.GroupBounds{Group: make([]int32, len(r.Set.Candidates))}
	for c := range r.Set.Candidates {
		k := key{r.Set.Candidates[c].Region, value(c)}
		gb.Group[c] = -1
		var rate [2]float64
		found, spec := false, -1
		for _, b := range bounds {
			if b.Attribute != attr || b.Group != "" && b.Group != k.group || b.Region != "" && b.Region != k.region {
				continue
			}
			s := 0
			if b.Group != "" {
				s++
			}
			if b.Region != "" {
				s += 2
			}
			if s >= spec {
				rate, found, spec = [2]float64{b.MinRate, b.MaxRate}, true, s
			}
		}
		if !found {
			continue
		}
		g, ok := index[k]
		if !ok {
			g = len(rows)
			index[k] = g
			rows = append(rows, GroupRow{Region: k.region, Group: k.group})
			rates[k] = rate
		}
		rows[g].Candidates++
		gb.Group[c] = int32(g)
	}
	for g := range rows {
		rt := rates[key{rows[g].Region, rows[g].Group}]
		n := float64(rows[g].Candidates)
		rows[g].Min = int(math.Ceil(rt[0]*n - 1e-9))
		rows[g].Max = int(math.Floor(rt[1]*n + 1e-9))
		if rows[g].Min > rows[g].Max {
			return nil, fmt.Errorf("%s %s in municipality %s: rates %g–%g of %d candidates allow no whole number of placements: %w",
				attr, rows[g].Group, rows[g].Region, rt[0], rt[1], rows[g].Candidates, ErrBalance)
		}
		gb.Min = append(gb.Min, int32(rows[g].Min))
		gb.Max = append(gb.Max, int32(rows[g].Max))
	}
	b, err := match.SolveBalanced(ctx, r.Problem, gb)
	if err != nil {
		if be, ok := err.(*match.BoundsError); ok && be.Group >= 0 && be.Group < len(rows) {
			row := rows[be.Group]
			return nil, fmt.Errorf("%s %s in municipality %s: at least %d of its %d candidates should be placed, at most %d can be while the other bounds hold: %w",
				attr, row.Group, row.Region, be.Min, row.Candidates, be.Placed, err)
		}
		return nil, err
	}
	if err := match.VerifyBalanced(r.Problem, gb, b); err != nil {
		return nil, fmt.Errorf("verify balanced matching: %w", err)
	}
	for c, o := range b.Free.Assign {
		if g := gb.Group[c]; g >= 0 {
			if o >= 0 {
				rows[g].FreshPlaced++
			}
			if b.Assign[c] >= 0 {
				rows[g].Placed++
			}
		}
	}
	slices.SortFunc(rows, func(x, y GroupRow) int { return cmp.Or(cmp.Compare(x.Region, y.Region), cmp.Compare(x.Group, y.Group)) })
	scale := r.Breakdown.Scale
	out := &Balance{Attribute: attr, Bounds: bounds, Groups: rows, Placed: b.Placed, Cost: float64(b.Cost) / scale,
		FreshPlaced: b.Free.Placed, FreshCost: float64(b.Free.Cost) / scale,
		LostPlacements: b.LostPlacements, ExtraCost: float64(b.ExtraCost) / scale,
		Verified: "balanced matching verified: most placed within the group bounds, then least cost (network potentials checked independently)"}
	r.Result, r.Verified = b.Result, out.Verified
	return out, nil
}
