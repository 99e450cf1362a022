package population

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestProcessMoments checks the AR(1) and its running sum against their
// moments over 20 000 paths (seed 1): sd σ each year, lag-one correlation
// φ, and var y(n) = σ² Σ_{i,j} φ^|i−j| when integrated.
func TestProcessMoments(t *testing.T) {
	const paths, n = 20000, 5
	z := rand.New(rand.NewPCG(1, 0))
	for _, p := range []Process{{SD: 0.1, Phi: 0}, {SD: 0.1, Phi: 0.6}, {SD: 0.2, Phi: 1}} {
		var sx, sxx, sxy, syy [n]float64
		x, y := make([]float64, n), make([]float64, n)
		for range paths {
			p.Path(x, false, z)
			p.Path(y, true, z) // another path, integrated
			for i := range n {
				sx[i] += x[i]
				sxx[i] += x[i] * x[i]
				syy[i] += y[i] * y[i]
				if i > 0 {
					sxy[i] += x[i] * x[i-1]
				}
			}
		}
		for i := range n {
			if sd := math.Sqrt(sxx[i] / paths); math.Abs(sd-p.SD) > 0.03*p.SD {
				t.Errorf("%+v year %d: sd %g", p, i+1, sd)
			}
		}
		if r := sxy[n-1] / sxx[n-2]; math.Abs(r-p.Phi) > 0.03 {
			t.Errorf("%+v: lag-one correlation %g", p, r)
		}
		var v float64
		for i := range n {
			for j := range n {
				v += p.SD * p.SD * math.Pow(p.Phi, math.Abs(float64(i-j)))
			}
		}
		if sd := math.Sqrt(syy[n-1] / paths); math.Abs(sd-math.Sqrt(v)) > 0.03*math.Sqrt(v) {
			t.Errorf("%+v: integrated sd %g, want %g", p, sd, math.Sqrt(v))
		}
	}
}

func testDrawRegion(persons float64) (*Pyramid, func(int) *Rates) {
	var base Pyramid
	var r Rates
	for s := range NumSexes {
		for a := range NumAges {
			base[s][a] = persons / (NumSexes * NumAges)
			r.Death[s][a] = 0.01
		}
	}
	for a := 20; a < 40; a++ {
		r.Fertility[a] = 0.1
	}
	return &base, Constant(&r)
}

// TestDrawOffIsProjection: with every source off a draw gives the
// projection, and the national sources are shared by regions while the
// local ones are not.
func TestDraw(t *testing.T) {
	base, rates := testDrawRegion(10000)
	off := Process{SD: -1}
	u := (&Uncertainty{MortalityLevel: off, MortalityDrift: off, Fertility: off, Migration: off, NoPoisson: true}).WithDefaults()
	var s Streams
	var d Draw
	d.Reset(&s, &u, 1, 0, RegionKey("x"), base, 2024, 2034, rates)
	got := Project(base, 2024, 2034, d.Rates())
	want := Project(base, 2024, 2034, rates)
	if got.Pop[10] != want.Pop[10] {
		t.Fatal("a draw with every source off differs from the projection")
	}

	def := (*Uncertainty)(nil).WithDefaults()
	var a, b Draw
	a.Reset(&s, &def, 1, 7, RegionKey("a"), base, 2024, 2034, rates)
	b.Reset(&s, &def, 1, 7, RegionKey("b"), base, 2024, 2034, rates)
	ra, rb := *a.Rates()(2030), *b.Rates()(2030)
	// National mortality and fertility are shared, Poisson noise is not;
	// migration is local.
	if ra.Death == rb.Death || ra.NetMigrationRate == rb.NetMigrationRate {
		t.Error("two regions drew the same local sources")
	}
	noPoisson := def
	noPoisson.NoPoisson = true
	a.Reset(&s, &noPoisson, 1, 7, RegionKey("a"), base, 2024, 2034, rates)
	b.Reset(&s, &noPoisson, 1, 7, RegionKey("b"), base, 2024, 2034, rates)
	if ra, rb = *a.Rates()(2030), *b.Rates()(2030); ra.Death != rb.Death || ra.Fertility != rb.Fertility {
		t.Error("two regions drew different national mortality or fertility")
	}
}

// TestDrawMigrationScalesWithSize: the yearly net migration rate drawn
// for an age of a region of P inhabitants, over the age's weight w(a),
// has sd Migration.SD/√P.
func TestDrawMigrationScalesWithSize(t *testing.T) {
	u := (*Uncertainty)(nil).WithDefaults()
	for _, persons := range []float64{10000, 250000} {
		base, rates := testDrawRegion(persons)
		var s Streams
		var d Draw
		var ss float64
		const draws = 4000
		for k := range draws {
			d.Reset(&s, &u, 1, k, RegionKey("r"), base, 2024, 2025, rates)
			m := d.Rates()(2025).NetMigrationRate[Female][40] / d.profile[40]
			ss += m * m
		}
		// 4 000 draws: the sd's sampling error is about 1.1 %.
		want := u.Migration.SD / math.Sqrt(persons)
		if sd := math.Sqrt(ss / draws); math.Abs(sd-want) > 0.04*want {
			t.Errorf("%g persons: sd of the net migration rate %g, want %g", persons, sd, want)
		}
	}
}

// TestDrawAllocs: a draw reused from draw to draw, and its rates, do not
// allocate.
func TestDrawAllocs(t *testing.T) {
	base, rates := testDrawRegion(10000)
	u := (*Uncertainty)(nil).WithDefaults()
	var s Streams
	var d Draw
	var p Projection
	d.Reset(&s, &u, 1, 0, RegionKey("r"), base, 2024, 2040, rates)
	ProjectInto(&p, base, 2024, 2040, d.Rates())
	k := 0
	if n := testing.AllocsPerRun(20, func() {
		k++
		d.Reset(&s, &u, 1, k, RegionKey("r"), base, 2024, 2040, rates)
		ProjectInto(&p, base, 2024, 2040, d.Rates())
	}); n != 0 {
		t.Errorf("%g allocations a draw", n)
	}
}

// TestProjectPops: the populations of ProjectPops are ProjectInto's bit
// for bit, under a draw's rates (every source on) and the base rates,
// and a reused dst allocates nothing.
func TestProjectPops(t *testing.T) {
	base, rates := testDrawRegion(10000)
	u := (*Uncertainty)(nil).WithDefaults()
	var s Streams
	var d Draw
	var pops []Pyramid
	for k := range 5 {
		d.Reset(&s, &u, 1, k, RegionKey("r"), base, 2024, 2040, rates)
		want := Project(base, 2024, 2040, d.Rates())
		pops = ProjectPops(pops, base, 2024, 2040, d.Rates())
		if len(pops) != len(want.Pop) {
			t.Fatalf("draw %d: %d years, want %d", k, len(pops), len(want.Pop))
		}
		for i := range pops {
			for sx := range NumSexes {
				for a := range NumAges {
					if g, w := pops[i][sx][a], want.Pop[i][sx][a]; math.Float64bits(g) != math.Float64bits(w) {
						t.Fatalf("draw %d, year %d, sex %d, age %d: %v, ProjectInto gives %v", k, 2024+i, sx, a, g, w)
					}
				}
			}
		}
	}
	if got, want := ProjectPops(nil, base, 2024, 2030, rates), Project(base, 2024, 2030, rates); got[6] != want.Pop[6] {
		t.Error("the base rates' projection differs")
	}
	if n := testing.AllocsPerRun(10, func() { pops = ProjectPops(pops, base, 2024, 2040, d.Rates()) }); n != 0 {
		t.Errorf("%g allocations a projection", n)
	}
}
