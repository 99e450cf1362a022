package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/caregap/caregap/engine/forecast"
)

func TestMain(m *testing.M) { ptest.Main(m) }

// synthetic is a plan whose cells are gaps drawn from a PCG seeded by
// (seed, scenario, region): a test of the pipeline's plumbing (combine,
// grouping, coders) apart from the forecast.
type synthetic struct {
	Seed      uint64
	Scenarios []string
	Regions   []string
	Roles     []string
	Years, N  int
}

func init() {
	Register("synthetic", func(_ context.Context, spec []byte) (Plan, error) {
		var p synthetic
		err := json.Unmarshal(spec, &p)
		return &p, err
	})
}

func (p *synthetic) Shape() Shape {
	return Shape{Scenarios: p.Scenarios, Regions: p.Regions, Draws: p.N, Threshold: 1,
		National: len(p.Regions) > 1, BaseYear: 2024, Roles: p.Roles, Years: p.Years}
}

func (p *synthetic) Cell(_ context.Context, si, ri int) (*forecast.Draws, error) {
	rng := rand.New(rand.NewPCG(p.Seed, uint64(si)<<32|uint64(ri)))
	n := len(p.Roles) + 1
	g := make([]float64, p.Years*n*p.N)
	for i := range g {
		g[i] = rng.NormFloat64() * 100
	}
	return &forecast.Draws{Region: p.Regions[ri], BaseYear: 2024, Roles: p.Roles, Scenarios: []string{p.Scenarios[si]},
		Years: p.Years, N: p.N, Gaps: g}, nil
}

func (p *synthetic) WriteCell(string, *forecast.Draws) error  { return nil }
func (p *synthetic) WriteTotal(string, *forecast.Total) error { return nil }

func toAny(bs []forecast.Band) []any {
	out := make([]any, len(bs))
	for i, b := range bs {
		out[i] = b
	}
	return out
}

// TestSyntheticSums checks the pipeline's region and national bands
// against the same cells run in this process and summed with
// forecast.Total.Add: equal bit for bit, the national ones whatever order
// the runner combined the draws in.
func TestSyntheticSums(t *testing.T) {
	syn := &synthetic{Seed: 11, Scenarios: []string{"base", "lever"}, Regions: []string{"a", "b", "c"},
		Roles: []string{"r1", "r2"}, Years: 3, N: 21}
	spec, _ := json.Marshal(syn)
	src := Source{Kind: "synthetic", Spec: spec}

	var regions, national []forecast.Band
	ctx := context.Background()
	for si, name := range syn.Scenarios {
		tot := forecast.NewTotal(2024, syn.Roles, []string{name}, syn.Years, syn.N)
		for ri := range syn.Regions {
			d, _ := syn.Cell(ctx, si, ri)
			regions = append(regions, d.Bands(&forecast.Uncertainty{Threshold: 1})...)
			if err := tot.Add(d); err != nil {
				t.Fatal(err)
			}
		}
		national = append(national, tot.Bands(&forecast.Uncertainty{Threshold: 1})...)
	}

	// Groups of 1, 2 (the last of one region) and every region.
	for _, g := range []int{1, 2, 3} {
		t.Run(fmt.Sprintf("group=%d", g), func(t *testing.T) {
			sh := syn.Shape()
			sh.Group = g
			p, s := beam.NewPipelineWithRoot()
			out := Build(s, src, sh, "")
			passert.Equals(s, out.Regions, toAny(regions)...)
			passert.Equals(s, out.National, toAny(national)...)
			ptest.RunAndValidate(t, p)
		})
	}
}
