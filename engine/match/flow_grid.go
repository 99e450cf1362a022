package match

import (
	"cmp"
	"math"
	"slices"
)

// pointGrid finds the openings nearest to a point for GenerateNetwork's
// geometric classes: openings sit at their workplace, and workplaces are
// bucketed in square cells, about sixteen cells per workplace so that
// towns denser than the average stay cheap to search.

type nearOpening struct {
	d float64 // km
	o int32
}

type pointGrid struct {
	x0, y0, cell float64
	side         int     // cells per axis
	start        []int32 // workplaces of cell k: wps[start[k]:start[k+1]]
	wps          []int32
	wpt          []point
	ops          offsets // openings of each workplace: ops.of(open, w)
	open         []int32
	near         []nearOpening // scratch: workplaces found, as (d, w)
}

func newPointGrid(wpt []point, workplace []int32, m int) *pointGrid {
	g := &pointGrid{x0: math.Inf(1), y0: math.Inf(1), wpt: wpt}
	x1, y1 := math.Inf(-1), math.Inf(-1)
	for _, q := range wpt {
		g.x0, g.y0 = min(g.x0, q.x), min(g.y0, q.y)
		x1, y1 = max(x1, q.x), max(y1, q.y)
	}
	g.side = max(1, int(4*math.Sqrt(float64(len(wpt)))))
	g.cell = max(x1-g.x0, y1-g.y0, 1e-9) / float64(g.side)
	key := make([]int32, len(wpt))
	for w, q := range wpt {
		i, j := g.cellOf(q)
		key[w] = int32(i*g.side + j)
	}
	var cells offsets
	g.wps = cells.group(nil, key, g.side*g.side)
	g.start = cells.start
	g.open = g.ops.group(nil, workplace[:m], len(wpt))
	return g
}

// cellOf returns the cell of q, clamped to the grid.
func (g *pointGrid) cellOf(q point) (int, int) {
	cl := func(v float64) int { return min(g.side-1, max(0, int(v/g.cell))) }
	return cl(q.x - g.x0), cl(q.y - g.y0)
}

// nearest appends to dst the k openings nearest to q, by distance, then
// workplace, then opening index; k must not exceed the number of
// openings.
func (g *pointGrid) nearest(dst []nearOpening, q point, k int) []nearOpening {
	ci, cj := g.cellOf(q)
	found := g.near[:0]
	count := 0 // openings of the workplaces found
	for r := 0; r <= g.side; r++ {
		for i := ci - r; i <= ci+r; i++ {
			if i < 0 || i >= g.side {
				continue
			}
			step := 2 * r
			if i == ci-r || i == ci+r || r == 0 {
				step = 1
			}
			for j := cj - r; j <= cj+r; j += step {
				if j < 0 || j >= g.side {
					continue
				}
				c := i*g.side + j
				for _, w := range g.wps[g.start[c]:g.start[c+1]] {
					at := g.wpt[w]
					found = append(found, nearOpening{math.Hypot(at.x-q.x, at.y-q.y), w})
					count += int(g.ops.size(int(w)))
				}
			}
		}
		if count < k {
			continue
		}
		// Every workplace not yet seen lies beyond one of the sides of the
		// searched box that are not the grid's border.
		bound := math.Inf(1)
		if ci-r > 0 {
			bound = min(bound, q.x-(g.x0+float64(ci-r)*g.cell))
		}
		if ci+r+1 < g.side {
			bound = min(bound, g.x0+float64(ci+r+1)*g.cell-q.x)
		}
		if cj-r > 0 {
			bound = min(bound, q.y-(g.y0+float64(cj-r)*g.cell))
		}
		if cj+r+1 < g.side {
			bound = min(bound, g.y0+float64(cj+r+1)*g.cell-q.y)
		}
		within := 0
		for _, f := range found {
			if f.d <= bound {
				within += int(g.ops.size(int(f.o)))
			}
		}
		if within >= k {
			break
		}
	}
	slices.SortFunc(found, func(a, b nearOpening) int {
		return cmp.Or(cmp.Compare(a.d, b.d), cmp.Compare(a.o, b.o))
	})
	g.near = found
	for _, f := range found {
		for _, o := range g.ops.of(g.open, int(f.o)) {
			if k == 0 {
				return dst
			}
			dst = append(dst, nearOpening{f.d, o})
			k--
		}
	}
	return dst
}
