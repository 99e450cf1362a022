package forecast

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/caregap/caregap/engine/internal/scratch"
	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/engine/scenario"
)

// boundedWindow is the number of draws a worker holds at once when the
// bands are computed in passes.
const boundedWindow = 64

// boundedMinDraws is the fewest draws run in passes: below it the draws
// held at once take no more memory than the stream would (a sample of
// 128 values a gap, its bins and up to 1 024 values a percentile).
var boundedMinDraws = 1024

// boundedRuns counts the runs in passes (for tests).
var boundedRuns atomic.Int64

// windowBytes is what the workers hold of a window of draws.
func windowBytes(cells, workers int) int64 {
	return int64(workers) * int64(cells) * boundedWindow * 8
}

// inMemoryBytes is what RunUncertainty holds of the draws at once when it
// keeps them all: a region's gaps per worker, and the regions' total.
func inMemoryBytes(regions []*Region, nscs, to, draws, workers int, total bool) int64 {
	held := min(workers, len(regions))
	if total {
		held++
	}
	return int64(held) * int64(maxCells(regions, nscs, to)) * int64(draws) * 8
}

// maxCells is the most gaps a region has: scenarios × years × (roles + 1).
func maxCells(regions []*Region, nscs, to int) int {
	var cells int
	for _, r := range regions {
		cells = max(cells, nscs*(to-r.BaseYear+1)*(len(r.Supply.Roles)+1))
	}
	return cells
}

// boundedWorker runs a region's draws a window at a time.
type boundedWorker struct {
	mc    mcWorker
	bs    bandStream
	fixed []int64 // the window's gaps in fixed point
}

// runBounded is RunUncertainty in memory that does not grow with the
// number of draws: each region's bands come from passes over its draws,
// a window at a time (bandStream). The regions' total is held (Total)
// when it fits u.MaxMemory beside the workers' windows, and its draws
// summed in the regions' first pass; otherwise its bands come from
// passes over the draws of every region, a window of draws at a time,
// summed in fixed point. The bands are RunUncertainty's bit for bit.
// Progress counts the draws of the first pass of each.
func runBounded(ctx context.Context, regions []*Region, scs []*scenario.Resolved, s *Settings, u *Uncertainty,
	to int, total bool, progress func(done, total int)) ([]Band, error) {
	boundedRuns.Add(1)
	var (
		done atomic.Int64
		tot  *Total
	)
	nw := min(s.workers(), len(regions))
	cells := maxCells(regions, len(scs), to)
	steps := len(regions) * u.Draws
	if total && int64(cells)*int64(u.Draws)*8+windowBytes(cells, nw) <= u.MaxMemory {
		r := regions[0]
		names := make([]string, len(scs))
		for i, sc := range scs {
			names[i] = sc.Name
		}
		tot = NewTotal(r.BaseYear, r.Supply.Roles, names, to-r.BaseYear+1, u.Draws)
	} else if total {
		steps *= 2
	}
	var mu sync.Mutex
	tick := func() {
		if progress != nil {
			mu.Lock()
			defer mu.Unlock()
			progress(int(done.Add(1)), steps)
		}
	}
	workers := make([]*boundedWorker, nw)
	for i := range workers {
		workers[i] = new(boundedWorker)
	}
	parts := make([][]Band, len(regions))
	err := eachIndex(ctx, len(regions), workers, func(w *boundedWorker, i int) error {
		r := regions[i]
		b, err := w.regionBands(ctx, r, scs, to, u, tick, func(d *Draws, start, n int) error {
			if tot == nil {
				return nil
			}
			return w.addWindow(d, start, n, func(c, j int, v int64) { tot.Sum[c*u.Draws+start+j] += v }, &mu)
		})
		parts[i] = b
		return err
	})
	if err != nil {
		return nil, err
	}
	out := slices.Concat(parts...)
	if tot != nil {
		return append(out, tot.Bands(u)...), nil
	}
	if total {
		b, err := totalBands(ctx, regions, scs, to, u, workers, tick)
		if err != nil {
			return nil, err
		}
		out = append(out, b...)
	}
	return out, nil
}

// regionBands returns region r's bands from passes over its draws; each
// window of the first pass, draws start..start+n−1, goes to window.
func (w *boundedWorker) regionBands(ctx context.Context, r *Region, scs []*scenario.Resolved, to int, u *Uncertainty,
	tick func(), window func(d *Draws, start, n int) error) ([]Band, error) {
	m := &w.mc
	if err := m.prepareRegion(r, scs, to, boundedWindow); err != nil {
		return nil, fmt.Errorf("region %s: %w", r.Code, err)
	}
	key := population.RegionKey(r.Code)
	cells := len(scs) * m.years * m.n
	w.bs.reset(cells, u.Draws, u.Threshold)
	for pass := 0; ; pass++ {
		for start := 0; start < u.Draws; start += boundedWindow {
			nw := min(boundedWindow, u.Draws-start)
			for j := range nw {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				m.runDraw(r, key, scs, to, u, start+j, j)
				if pass == 0 {
					tick()
				}
			}
			if pass == 0 {
				if err := window(m.toDraws(r, scs), start, nw); err != nil {
					return nil, err
				}
			}
			for c := range cells {
				w.bs.add(c, m.gaps[c*boundedWindow:c*boundedWindow+nw])
			}
		}
		if w.bs.endPass() {
			break
		}
	}
	return labelBands(scs, r.Code, r.BaseYear, r.Supply.Roles, m.years, w.bs.band), nil
}

// totalBands returns the bands of the regions' total (Region AllRegions)
// from passes over the draws, each window of draws run in every region
// and summed in fixed point (Total) before the stream takes it.
func totalBands(ctx context.Context, regions []*Region, scs []*scenario.Resolved, to int, u *Uncertainty,
	workers []*boundedWorker, tick func()) ([]Band, error) {
	r0 := regions[0]
	years, n := to-r0.BaseYear+1, len(r0.Supply.Roles)+1
	cells := len(scs) * years * n
	sum := make([]int64, cells*boundedWindow)
	buf := make([]float64, boundedWindow)
	var (
		bs bandStream
		mu sync.Mutex
	)
	bs.reset(cells, u.Draws, u.Threshold)
	for pass := 0; ; pass++ {
		for start := 0; start < u.Draws; start += boundedWindow {
			nw := min(boundedWindow, u.Draws-start)
			clear(sum)
			err := eachIndex(ctx, len(regions), workers, func(w *boundedWorker, i int) error {
				r, m := regions[i], &w.mc
				if err := m.prepareRegion(r, scs, to, boundedWindow); err != nil {
					return fmt.Errorf("region %s: %w", r.Code, err)
				}
				key := population.RegionKey(r.Code)
				for j := range nw {
					if err := ctx.Err(); err != nil {
						return err
					}
					m.runDraw(r, key, scs, to, u, start+j, j)
					if pass == 0 {
						tick()
					}
				}
				return w.addWindow(m.toDraws(r, scs), start, nw, func(c, j int, v int64) { sum[c*boundedWindow+j] += v }, &mu)
			})
			if err != nil {
				return nil, err
			}
			for c := range cells {
				for j := range nw {
					buf[j] = fromFixed(sum[c*boundedWindow+j])
				}
				bs.add(c, buf[:nw])
			}
		}
		if bs.endPass() {
			break
		}
	}
	return labelBands(scs, AllRegions, r0.BaseYear, r0.Supply.Roles, years, bs.band), nil
}

// eachIndex calls fn for the indexes 0..n-1 on one goroutine per worker,
// and returns the errors of fn joined, or ctx.Err() when the context
// ends first.
func eachIndex[W any](ctx context.Context, n int, workers []W, fn func(w W, i int) error) error {
	return eachRegionWith(ctx, n, len(workers), 0, nil, pool(workers), func(w W, i int, _ func()) error {
		return fn(w, i)
	})
}

// pool returns a function that hands out the workers one by one.
func pool[W any](workers []W) func() W {
	var next atomic.Int64
	return func() W { return workers[next.Add(1)-1] }
}

// addWindow rounds the gaps of d's draws 0..n−1 (draws start..start+n−1
// of the run) to fixed point and, when every one fits a Total, passes
// each with its cell and draw slot to add, holding mu; otherwise it
// returns the ErrTotal of the first that does not.
func (w *boundedWorker) addWindow(d *Draws, start, n int, add func(c, j int, v int64), mu *sync.Mutex) error {
	w.fixed = scratch.Grow(w.fixed, len(d.Gaps))
	roles := len(d.Roles) + 1
	cells := len(d.Gaps) / d.N
	for c := range cells {
		for j := range n {
			g := d.Gaps[c*d.N+j]
			v, ok := toFixed(g)
			if !ok {
				return d.fixedError(c/(d.Years*roles), c/roles%d.Years, c%roles, start+j, g)
			}
			w.fixed[c*d.N+j] = v
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for c := range cells {
		for j := range n {
			add(c, j, w.fixed[c*d.N+j])
		}
	}
	return nil
}
