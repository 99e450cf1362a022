package pipeline

import (
	"context"
	"fmt"
	"sync"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/caregap/caregap/engine/forecast"
)

// Plan is what the pipeline reads of a sweep: its shape, one cell's
// draws, and the writer of a cell's bands. Cell must be safe for
// concurrent use, since a worker runs several bundles at once.
type Plan interface {
	Shape() Shape
	// Cell runs the draws of scenario si in region ri: Draws of that
	// scenario alone, Shape().Draws of them.
	Cell(ctx context.Context, si, ri int) (*forecast.Draws, error)
	// WriteCell writes the bands of a cell's draws under dir, atomically.
	WriteCell(dir string, d *forecast.Draws) error
	// WriteTotal writes the bands of a total over the regions under dir,
	// atomically.
	WriteTotal(dir string, t *forecast.Total) error
}

// Shape is what the pipeline needs to know of a plan before it runs.
type Shape struct {
	Scenarios, Regions []string
	Draws              int
	Threshold          float64 // the gap whose exceedance share the bands report
	// National is set when the regions' draws are summed into national
	// bands: more than one region, all of them with BaseYear, Roles and
	// Years.
	National bool
	BaseYear int
	Roles    []string
	Years    int
	// Group is the number of regions of one scenario an element runs,
	// summing their draws before the combine, which divides the
	// combine's shuffle by Group [1]. The last group of a scenario may
	// be smaller.
	Group int
}

// Source names a plan in a form that travels to the workers: the DoFns
// hold it (encoded as JSON by the SDK) and open the plan in Setup. Kind
// selects an opener (Register); Spec is the opener's serialised input.
type Source struct {
	Kind string
	Spec []byte
}

var (
	openersMu sync.Mutex
	openers   = map[string]func(ctx context.Context, spec []byte) (Plan, error){}
	plans     = map[string]*openedPlan{}
)

type openedPlan struct {
	once sync.Once
	plan Plan
	err  error
}

// Register makes kind's plans openable by the pipeline's DoFns. Call it
// from an init function, so that the workers, which run the same binary,
// have it too. It panics when kind is registered twice.
func Register(kind string, open func(ctx context.Context, spec []byte) (Plan, error)) {
	openersMu.Lock()
	defer openersMu.Unlock()
	if _, ok := openers[kind]; ok {
		panic("pipeline: plan kind " + kind + " registered twice")
	}
	openers[kind] = open
}

// open returns the plan of s, opened once per process and shared by the
// DoFns that name it.
func (s Source) open(ctx context.Context) (Plan, error) {
	openersMu.Lock()
	fn, ok := openers[s.Kind]
	key := s.Kind + "\x00" + string(s.Spec)
	op := plans[key]
	if op == nil {
		op = new(openedPlan)
		plans[key] = op
	}
	openersMu.Unlock()
	if !ok {
		return nil, fmt.Errorf("pipeline: no plan kind %q registered in this binary", s.Kind)
	}
	op.once.Do(func() { op.plan, op.err = fn(ctx, s.Spec) })
	return op.plan, op.err
}

// Open opens s's plan in this process, as the workers do.
func Open(ctx context.Context, s Source) (Plan, error) { return s.open(ctx) }

// Output holds the pipeline's two collections of forecast.Band: each
// cell's region bands, and the national bands of each scenario (empty
// when the shape has no national sum).
type Output struct {
	Regions, National beam.PCollection
}

// Build adds the sweep of src's plan, whose shape is sh, to the scope:
//
//	cells (scenario, regions) Create, Reshuffle (sh.Group regions a cell)
//	  → cellFn                region bands (written to out/scenario=S/region=R)
//	                          and per draw k: (S·N + k, the regions' summed
//	                          fixed-point gaps)
//	  → CombinePerKey(sum)    national gaps per (scenario, draw)
//	  → split, GroupByKey     per scenario: its N draws
//	  → nationalFn            national bands (written to out/scenario=S/region=all)
//
// out may be empty, and then nothing is written: the bands are only in
// the collections returned.
func Build(s beam.Scope, src Source, sh Shape, out string) Output {
	s = s.Scope("caregap.sweep")
	g := max(sh.Group, 1)
	var cells []Cell
	for si := range sh.Scenarios {
		for r0 := 0; r0 < len(sh.Regions); r0 += g {
			cells = append(cells, Cell{S: si, R0: r0, R1: min(r0+g, len(sh.Regions))})
		}
	}
	col := beam.Reshuffle(s, beam.CreateList(s, cells))
	regions, sums := beam.ParDo2(s, &cellFn{Source: src, Out: out}, col)
	if !sh.National {
		return Output{Regions: regions, National: beam.CreateList(s, []forecast.Band{})}
	}
	national := beam.CombinePerKey(s, &sumFn{}, sums)
	byScen := beam.GroupByKey(s, beam.ParDo(s, &splitFn{N: sh.Draws}, national))
	return Output{Regions: regions, National: beam.ParDo(s, &nationalFn{Source: src, Out: out}, byScen)}
}
