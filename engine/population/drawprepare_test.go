package population

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/caregap/caregap/engine/internal/scratch"
)

// refReset is Reset as it was before its region's part (Prepare) was
// split from its draw's (Redraw): everything computed for every draw.
func refReset(d *Draw, s *Streams, u *Uncertainty, seed uint64, k int, region uint32, base *Pyramid, from, to int, rates func(int) *Rates) {
	n := to - from
	d.From, d.base = from, rates
	d.mort = scratch.Grow(d.mort, n)
	d.fert = scratch.Grow(d.fert, n)
	d.mig = scratch.Grow(d.mig, n)
	d.noise = scratch.Grow(d.noise, n)
	u.MortalityLevel.Path(d.mort, false, s.Stream(seed, k, SourceMortalityLevel, 0))
	u.MortalityDrift.Path(d.noise, true, s.Stream(seed, k, SourceMortalityDrift, 0))
	for i := range d.mort {
		d.mort[i] += d.noise[i]
	}
	u.Fertility.Path(d.fert, false, s.Stream(seed, k, SourceFertility, 0))

	total := base.Total()
	var weighted float64
	for sx := range NumSexes {
		for a := range NumAges {
			weighted += rogersCastro[a] * base[sx][a]
		}
	}
	for a := range NumAges {
		d.profile[a] = 0
		if weighted > 0 {
			d.profile[a] = rogersCastro[a] * total / weighted
		}
	}
	mig := u.Migration
	if total > 0 {
		mig.SD /= math.Sqrt(total)
	}
	mig.Path(d.mig, false, s.Stream(seed, k, SourceMigration, region))
	for b := range d.migBand {
		d.migBand[b] = scratch.Grow(d.migBand[b], n)
		mig.Path(d.migBand[b], false, s.Stream(seed, k, SourceMigrationAges+b, region))
	}
	d.common, d.apart = math.Sqrt(u.MigrationCommon), math.Sqrt(1-u.MigrationCommon)

	if u.NoPoisson || n == 0 {
		return
	}
	deaths, births := expectedEvents(base, rates(from+1))
	for _, e := range []struct {
		events float64
		source int
		dst    []float64
	}{{deaths, SourceDeathNoise, d.mort}, {births, SourceBirthNoise, d.fert}} {
		sd := 0.0
		if e.events > 0 {
			sd = 1 / math.Sqrt(e.events)
		}
		Process{SD: sd}.Path(d.noise, false, s.Stream(seed, k, e.source, region))
		for i := range e.dst {
			e.dst[i] += d.noise[i]
		}
	}
}

// sameDraw reports where the drawn paths and shared factors of a and b
// differ in their bits, or "" when they do not.
func sameDraw(a, b *Draw) string {
	same := func(x, y []float64) bool {
		return slices.EqualFunc(x, y, func(p, q float64) bool { return math.Float64bits(p) == math.Float64bits(q) })
	}
	switch {
	case a.From != b.From:
		return "From"
	case !same(a.mort, b.mort):
		return "mortality"
	case !same(a.fert, b.fert):
		return "fertility"
	case !same(a.mig, b.mig):
		return "migration"
	case !same(a.profile[:], b.profile[:]):
		return "profile"
	case math.Float64bits(a.common) != math.Float64bits(b.common) || math.Float64bits(a.apart) != math.Float64bits(b.apart):
		return "common and apart"
	}
	for k := range a.migBand {
		if !same(a.migBand[k], b.migBand[k]) {
			return "migration band"
		}
	}
	return ""
}

// TestDrawPrepare: a Draw prepared once for a region and redrawn for
// each draw holds the paths of the earlier Reset (refReset) of every
// draw, bit for bit, on random regions and settings (seeded; the seed is
// in the failure); so does Reset. Redraw allocates nothing.
func TestDrawPrepare(t *testing.T) {
	const seed = 20261203
	z := rand.New(rand.NewPCG(seed, 1))
	var s Streams
	var got, reset, want Draw
	for trial := range 200 {
		from, n := 2024, z.IntN(20)
		base, rates := randomDrawRegion(z, from, n, false)
		if trial%7 == 0 {
			*base = Pyramid{} // no inhabitants: no profile, no migration scaling
		}
		u := randomUncertainty(z)
		key, sd := RegionKey(string(rune('a'+trial%26))), z.Uint64()
		got.Prepare(&u, key, base, from, from+n, rates)
		for k := range 4 {
			got.Redraw(&s, sd, k)
			reset.Reset(&s, &u, sd, k, key, base, from, from+n, rates)
			refReset(&want, &s, &u, sd, k, key, base, from, from+n, rates)
			if where := sameDraw(&got, &want); where != "" {
				t.Fatalf("seed %d, trial %d, draw %d: Prepare and Redraw differ from the earlier Reset in the %s", seed, trial, k, where)
			}
			if where := sameDraw(&reset, &want); where != "" {
				t.Fatalf("seed %d, trial %d, draw %d: Reset differs from the earlier Reset in the %s", seed, trial, k, where)
			}
		}
	}
	k := 0
	if n := testing.AllocsPerRun(20, func() { k++; got.Redraw(&s, 1, k) }); n != 0 {
		t.Errorf("%g allocations a redraw", n)
	}
}

// BenchmarkDrawReset draws a region of 10 000 from 2024 to 2040: Redraw
// after one Prepare, and the earlier Reset that computed the region's
// part every draw.
func BenchmarkDrawReset(b *testing.B) {
	base, rates := testDrawRegion(10000)
	u := (*Uncertainty)(nil).WithDefaults()
	var s Streams
	var d Draw
	d.Prepare(&u, RegionKey("r"), base, 2024, 2040, rates)
	b.Run("redraw", func(b *testing.B) {
		k := 0
		for b.Loop() {
			k++
			d.Redraw(&s, 1, k)
		}
	})
	b.Run("reference", func(b *testing.B) {
		k := 0
		for b.Loop() {
			k++
			refReset(&d, &s, &u, 1, k, RegionKey("r"), base, 2024, 2040, rates)
		}
	})
}
