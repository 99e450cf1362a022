package population

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randomDrawRegion returns a base population and yearly rates for the
// years from+1..from+n drawn from z: death rates up to 1 with some
// zeros, fertility on some ages only, migration counts and rates of
// either sign (large enough, at times, that the clamp to zero acts), a
// boy share of 0 (the default) or drawn, and, when rep is set, a
// replacement.
func randomDrawRegion(z *rand.Rand, from, n int, rep bool) (*Pyramid, func(int) *Rates) {
	var base Pyramid
	size := math.Pow(10, 1+5*z.Float64())
	for s := range NumSexes {
		for a := range NumAges {
			if z.IntN(20) > 0 {
				base[s][a] = size * z.Float64()
			}
		}
	}
	rs := make([]Rates, n)
	for i := range rs {
		r := &rs[i]
		for s := range NumSexes {
			for a := range NumAges {
				if z.IntN(10) > 0 {
					r.Death[s][a] = math.Pow(z.Float64(), 3)
				}
				if z.IntN(3) == 0 {
					r.NetMigration[s][a] = size * 0.02 * z.NormFloat64()
				}
				if z.IntN(2) == 0 {
					r.NetMigrationRate[s][a] = 0.3 * z.NormFloat64()
				}
			}
		}
		for a := 15 + z.IntN(5); a < 45+z.IntN(5); a++ {
			r.Fertility[a] = 0.2 * z.Float64()
		}
		if z.IntN(2) == 0 {
			r.BoyShare = 0.45 + 0.1*z.Float64()
		}
		if rep {
			r.Replacement = Replacement{Share: z.Float64(), Turnover: size * z.NormFloat64()}
		}
	}
	return &base, func(y int) *Rates { return &rs[y-from-1] }
}

// randomUncertainty draws settings around the defaults, some sources
// off, some with SDs large enough to cap the death rates at 1.
func randomUncertainty(z *rand.Rand) Uncertainty {
	proc := func() Process {
		switch z.IntN(4) {
		case 0:
			return Process{SD: -1}
		case 1:
			return Process{}
		}
		return Process{SD: 3 * z.Float64(), Phi: z.Float64()}
	}
	u := Uncertainty{MortalityLevel: proc(), MortalityDrift: proc(), Fertility: proc(), Migration: proc(),
		MigrationCommon: z.Float64(), NoPoisson: z.IntN(3) == 0}
	return u.WithDefaults()
}

// TestDrawProjectPops: Draw.ProjectPops gives the populations of
// ProjectPops under the draw's Rates, bit for bit, on random regions,
// rates and settings (seeded; the seed is in the failure), with and
// without replacement, and on the regions of testDrawRegion; a reused
// dst allocates nothing.
func TestDrawProjectPops(t *testing.T) {
	const seed = 20261203
	z := rand.New(rand.NewPCG(seed, 0))
	var s Streams
	var d Draw
	var got, want []Pyramid
	for trial := range 300 {
		from, n := 2024, z.IntN(20)
		base, rates := randomDrawRegion(z, from, n, trial%2 == 1)
		u := randomUncertainty(z)
		d.Reset(&s, &u, z.Uint64(), z.IntN(1000), RegionKey("r"), base, from, from+n, rates)
		to := from + z.IntN(n+1)
		want = ProjectPops(want, base, from, to, d.Rates())
		got = d.ProjectPops(got, base, to)
		comparePops(t, seed, trial, got, want)
	}
	for _, persons := range []float64{0, 1, 10000, 1e7} {
		base, rates := testDrawRegion(persons)
		u := (*Uncertainty)(nil).WithDefaults()
		for k := range 5 {
			d.Reset(&s, &u, 1, k, RegionKey("r"), base, 2024, 2040, rates)
			want = ProjectPops(want, base, 2024, 2040, d.Rates())
			got = d.ProjectPops(got, base, 2040)
			comparePops(t, seed, k, got, want)
		}
	}
	base, _ := testDrawRegion(10000)
	if n := testing.AllocsPerRun(10, func() { got = d.ProjectPops(got, base, 2040) }); n != 0 {
		t.Errorf("%g allocations a projection", n)
	}
}

func comparePops(t *testing.T, seed uint64, trial int, got, want []Pyramid) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("seed %d, trial %d: %d years, want %d", seed, trial, len(got), len(want))
	}
	for i := range got {
		for sx := range NumSexes {
			for a := range NumAges {
				if g, w := got[i][sx][a], want[i][sx][a]; math.Float64bits(g) != math.Float64bits(w) {
					t.Fatalf("seed %d, trial %d, year index %d, sex %d, age %d: %v, ProjectPops gives %v", seed, trial, i, sx, a, g, w)
				}
			}
		}
	}
}

// TestDrawProjectPopsPanics: a horizon before the draw's first year or
// past its drawn years is the caller's bug.
func TestDrawProjectPopsPanics(t *testing.T) {
	base, rates := testDrawRegion(100)
	u := (*Uncertainty)(nil).WithDefaults()
	var s Streams
	var d Draw
	d.Reset(&s, &u, 1, 0, RegionKey("r"), base, 2024, 2030, rates)
	for _, to := range []int{2023, 2031} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("to %d: no panic", to)
				}
			}()
			d.ProjectPops(nil, base, to)
		}()
	}
}

// BenchmarkDrawProjectPops projects a draw of a region of 10 000 from
// 2024 to 2040 with the rates applied as each year is projected (fused)
// and through the draw's Rates (rates), the path it replaces.
func BenchmarkDrawProjectPops(b *testing.B) {
	base, rates := testDrawRegion(10000)
	u := (*Uncertainty)(nil).WithDefaults()
	var s Streams
	var d Draw
	d.Reset(&s, &u, 1, 0, RegionKey("r"), base, 2024, 2040, rates)
	pops := d.ProjectPops(nil, base, 2040)
	b.Run("fused", func(b *testing.B) {
		for b.Loop() {
			pops = d.ProjectPops(pops, base, 2040)
		}
	})
	b.Run("rates", func(b *testing.B) {
		for b.Loop() {
			pops = ProjectPops(pops, base, 2024, 2040, d.Rates())
		}
	})
}
