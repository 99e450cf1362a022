package pipeline

import (
	"context"
	"encoding/binary"
	"fmt"
	"reflect"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/caregap/caregap/engine/forecast"
)

// Cell is the unit of work: scenario S in the regions R0 .. R1-1
// (indices into the plan's Scenarios and Regions), whose draws are
// summed in the DoFn before the combine.
type Cell struct {
	S, R0, R1 int
}

// Sum is a region's (or a sum of regions') gaps of one scenario and one
// draw in fixed point (forecast.Draws.Fixed's layout: years × (roles + 1),
// the year index major). Its coder writes 8 bytes a value, little endian,
// so a shuffle moves 8 bytes a value plus the key.
type Sum struct {
	V []int64
}

// Drawn is the national sum of draw K of one scenario.
type Drawn struct {
	K int
	V []int64
}

func encodeSum(s Sum) []byte {
	b := make([]byte, 8*len(s.V))
	for i, v := range s.V {
		binary.LittleEndian.PutUint64(b[8*i:], uint64(v))
	}
	return b
}

func decodeSum(b []byte) (Sum, error) {
	if len(b)%8 != 0 {
		return Sum{}, fmt.Errorf("pipeline: a fixed-point sum of %d bytes is not a whole number of int64 values", len(b))
	}
	v := make([]int64, len(b)/8)
	for i := range v {
		v[i] = int64(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return Sum{V: v}, nil
}

func init() {
	beam.RegisterType(reflect.TypeFor[Cell]())
	beam.RegisterType(reflect.TypeFor[Sum]())
	beam.RegisterType(reflect.TypeFor[Drawn]())
	beam.RegisterType(reflect.TypeFor[forecast.Band]())
	beam.RegisterCoder(reflect.TypeFor[Sum](), encodeSum, decodeSum)

	register.DoFn4x1[context.Context, Cell, func(forecast.Band), func(int64, Sum), error](&cellFn{})
	register.DoFn4x1[context.Context, int, func(*Drawn) bool, func(forecast.Band), error](&nationalFn{})
	register.Combiner1[Sum](&sumFn{})
	register.DoFn3x0[int64, Sum, func(int, Drawn)](&splitFn{})
	register.Emitter1[forecast.Band]()
	register.Emitter2[int64, Sum]()
	register.Emitter2[int, Drawn]()
	register.Iter1[Drawn]()
}

// cellFn runs the draws of a cell's regions: it writes each region's
// bands (when Out is set) and emits them, and emits the regions' summed
// fixed-point gaps of each draw keyed by scenario × draws + draw, for the
// national sum.
type cellFn struct {
	Source Source
	Out    string

	plan Plan
}

func (f *cellFn) Setup(ctx context.Context) error {
	p, err := f.Source.open(ctx)
	f.plan = p
	return err
}

func (f *cellFn) ProcessElement(ctx context.Context, c Cell, bands func(forecast.Band), sums func(int64, Sum)) error {
	sh := f.plan.Shape()
	if c.S < 0 || c.S >= len(sh.Scenarios) || c.R0 < 0 || c.R0 >= c.R1 || c.R1 > len(sh.Regions) {
		return fmt.Errorf("pipeline: cell (scenario %d, regions %d..%d) outside the plan's %d scenarios × %d regions",
			c.S, c.R0, c.R1-1, len(sh.Scenarios), len(sh.Regions))
	}
	m := sh.Years * (len(sh.Roles) + 1)
	var acc, buf []int64
	if sh.National {
		acc = make([]int64, sh.Draws*m)
	}
	for ri := c.R0; ri < c.R1; ri++ {
		d, err := f.plan.Cell(ctx, c.S, ri)
		if err != nil {
			return fmt.Errorf("scenario %s, region %s: %w", sh.Scenarios[c.S], sh.Regions[ri], err)
		}
		if len(d.Scenarios) != 1 || d.N != sh.Draws {
			return fmt.Errorf("pipeline: scenario %s, region %s: the cell holds %d scenarios and %d draws; the plan asks for 1 and %d",
				sh.Scenarios[c.S], sh.Regions[ri], len(d.Scenarios), d.N, sh.Draws)
		}
		bs := d.Bands(&forecast.Uncertainty{Threshold: sh.Threshold})
		if f.Out != "" {
			if err := f.plan.WriteCell(f.Out, d); err != nil {
				return err
			}
		}
		for _, b := range bs {
			bands(b)
		}
		if !sh.National {
			continue
		}
		for k := range d.N {
			if buf, err = d.Fixed(0, k, buf); err != nil {
				return err
			}
			if len(buf) != m {
				return fmt.Errorf("pipeline: scenario %s, region %s: %d values a draw; the plan's %d years × %d roles need %d",
					sh.Scenarios[c.S], sh.Regions[ri], len(buf), sh.Years, len(sh.Roles)+1, m)
			}
			dst := acc[k*m : (k+1)*m]
			for i, v := range buf {
				dst[i] += v // exact: integer sums, as the combine's
			}
		}
	}
	if !sh.National {
		return nil
	}
	for k := range sh.Draws {
		// Each draw's sum is its own slice of acc, never written again:
		// the runner may hold it.
		sums(int64(c.S)*int64(sh.Draws)+int64(k), Sum{V: acc[k*m : (k+1)*m : (k+1)*m]})
	}
	return nil
}

// sumFn adds fixed-point gaps value by value: integer sums, exact and
// independent of the order and grouping in which the runner combines
// them, so combiner lifting changes nothing.
type sumFn struct{}

func (sumFn) CreateAccumulator() Sum { return Sum{} }

func (sumFn) AddInput(a, in Sum) Sum { return addInto(a, in) }

func (sumFn) MergeAccumulators(a, b Sum) Sum { return addInto(a, b) }

func (sumFn) ExtractOutput(a Sum) Sum { return a }

// addInto adds b into a, copying b when a is empty so that an input the
// runner holds is never written to. Lengths differ only for regions of
// another shape, which the plan refuses; a mismatch keeps the longer
// length so that nationalFn reports it.
func addInto(a, b Sum) Sum {
	if a.V == nil {
		return Sum{V: slices.Clone(b.V)}
	}
	if len(b.V) > len(a.V) {
		a.V = append(a.V, make([]int64, len(b.V)-len(a.V))...)
	}
	for i, v := range b.V {
		a.V[i] += v
	}
	return a
}

// splitFn splits the key scenario × N + draw into the scenario, the
// key of the national grouping, and the draw.
type splitFn struct {
	N int
}

func (f *splitFn) ProcessElement(key int64, s Sum, emit func(int, Drawn)) {
	emit(int(key/int64(f.N)), Drawn{K: int(key % int64(f.N)), V: s.V})
}

// nationalFn makes the national bands of one scenario from its draws'
// national sums: a forecast.Total of that scenario alone, whose Bands are
// those the one-process sweep computes.
type nationalFn struct {
	Source Source
	Out    string

	plan Plan
}

func (f *nationalFn) Setup(ctx context.Context) error {
	p, err := f.Source.open(ctx)
	f.plan = p
	return err
}

func (f *nationalFn) ProcessElement(ctx context.Context, si int, draws func(*Drawn) bool, bands func(forecast.Band)) error {
	sh := f.plan.Shape()
	if si < 0 || si >= len(sh.Scenarios) {
		return fmt.Errorf("pipeline: national scenario index %d outside the plan's %d scenarios", si, len(sh.Scenarios))
	}
	name := sh.Scenarios[si]
	t := forecast.NewTotal(sh.BaseYear, sh.Roles, []string{name}, sh.Years, sh.Draws)
	want := sh.Years * (len(sh.Roles) + 1)
	seen := make([]bool, sh.Draws)
	var d Drawn
	for draws(&d) {
		if d.K < 0 || d.K >= sh.Draws || seen[d.K] {
			return fmt.Errorf("pipeline: scenario %s: draw %d is out of range or twice in the national sums", name, d.K)
		}
		if len(d.V) != want {
			return fmt.Errorf("pipeline: scenario %s, draw %d: %d summed values; the plan's %d years × %d roles need %d (regions of another shape?)",
				name, d.K, len(d.V), sh.Years, len(sh.Roles)+1, want)
		}
		seen[d.K] = true
		t.AddFixed(0, d.K, d.V)
	}
	if i := slices.Index(seen, false); i >= 0 {
		return fmt.Errorf("pipeline: scenario %s: draw %d is missing from the national sums", name, i)
	}
	bs := t.Bands(&forecast.Uncertainty{Threshold: sh.Threshold})
	if f.Out != "" {
		if err := f.plan.WriteTotal(f.Out, t); err != nil {
			return err
		}
	}
	for _, b := range bs {
		bands(b)
	}
	return nil
}
