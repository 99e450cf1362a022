package forecast

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/engine/supply"
)

// prepare checks what Run and RunUncertainty share: the names the levers
// use, the base years and the supply parameters. It returns the last forecast year.
func prepare(regions []*Region, scenarios []*scenario.Resolved, s *Settings) (int, error) {
	to := s.toYear()
	var known []string
	if s != nil {
		known = s.KnownRegions
	}
	for _, sc := range scenarios {
		if err := checkNames(sc, regions, known); err != nil {
			return 0, err
		}
	}
	for _, r := range regions {
		if r.BaseYear >= to {
			return 0, fmt.Errorf("%w: region %s: base year %d is not before the last forecast year %d", ErrHorizon, r.Code, r.BaseYear, to)
		}
		if r.Rates == nil && len(r.Given) < to-r.BaseYear {
			return 0, fmt.Errorf("%w: region %s: the given population ends in %d and there are no death, fertility and migration rates to project it to %d",
				ErrHorizon, r.Code, r.BaseYear+len(r.Given), to)
		}
		if err := supply.Validate(&r.Supply); err != nil {
			return 0, fmt.Errorf("region %s: %w", r.Code, err)
		}
	}
	return to, nil
}

func (s *Settings) workers() int {
	if s != nil && s.Workers > 0 {
		return s.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// eachRegion calls fn for the region indexes 0..n-1 on up to workers
// goroutines, each with a worker of its own; fn calls tick once per unit of
// progress, of which there are total. Progress is reported in order, one
// call at a time. It returns the errors of fn joined, or ctx.Err() when
// the context ends first.
func eachRegion(ctx context.Context, n, workers, total int, progress func(done, total int),
	fn func(w *worker, i int, tick func()) error) error {
	return eachRegionWith(ctx, n, workers, total, progress, newWorker, fn)
}

// eachRegionWith is eachRegion with the workers' state made by newW.
func eachRegionWith[W any](ctx context.Context, n, workers, total int, progress func(done, total int),
	newW func() W, fn func(w W, i int, tick func()) error) error {
	var (
		next, done atomic.Int64
		mu         sync.Mutex
		wg         sync.WaitGroup
	)
	errs := make([]error, n)
	tick := func() {
		if progress == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		progress(int(done.Add(1)), total)
	}
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newW()
			for {
				i := int(next.Add(1)) - 1
				if i >= n || ctx.Err() != nil {
					return
				}
				if errs[i] = fn(w, i, tick); errs[i] != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.Join(errs...)
}
