package population

import (
	"hash/fnv"
	"math"
	"math/rand/v2"

	"github.com/caregap/caregap/engine/internal/scratch"
)

// Process is a yearly Gaussian process: an AR(1) with a stationary start,
//
//	x(1) = SD·ε(1),   x(t) = Phi·x(t−1) + SD·√(1−Phi²)·ε(t),   ε iid N(0, 1)
//
// so each year's value has standard deviation SD and two years k apart
// correlate Phi^k (Phi = 1 draws one value for the whole horizon, Phi = 0
// independent years). An integrated process is its running sum
// y(t) = x(1) + … + x(t): a random walk when Phi = 0, a drift drawn once
// (y(t) = t·x) when Phi = 1. In settings the zero Process means the
// documented default, a negative SD turns the source off and a negative
// Phi means 0.
type Process struct {
	SD, Phi float64
}

// Or returns p with its zero fields taken from def, as Process documents:
// the zero Process is def, a negative SD is no process, a negative Phi is
// 0; Phi is capped at 1.
func (p Process) Or(def Process) Process {
	switch {
	case p.SD < 0:
		return Process{}
	case p.SD == 0:
		p.SD = def.SD
	}
	switch {
	case p.Phi < 0:
		p.Phi = 0
	case p.Phi == 0:
		p.Phi = def.Phi
	}
	p.Phi = min(p.Phi, 1)
	return p
}

// Path writes the values of years 1..len(dst) into dst, running sums when
// integrated, with the variates of z. It draws len(dst) variates even when
// SD is 0, so that turning one source off leaves the others' draws as
// they were. It does not allocate.
func (p Process) Path(dst []float64, integrated bool, z *rand.Rand) {
	c := math.Sqrt(max(0, 1-p.Phi*p.Phi))
	var x, y float64
	for t := range dst {
		e := z.NormFloat64()
		if t == 0 {
			x = p.SD * e
		} else {
			x = p.Phi*x + p.SD*c*e
		}
		y += x
		if integrated {
			dst[t] = y
		} else {
			dst[t] = x
		}
	}
}

// Uncertainty sets the population part of the Monte Carlo draws. The zero
// value is the default, calibrated on SCB's registers (see Draw).
type Uncertainty struct {
	// MortalityLevel is the national log factor on death rates, AR(1)
	// [SD 0.02, Phi 0.5].
	MortalityLevel Process
	// MortalityDrift is the error of the mortality trend, integrated
	// AR(1) on log death rates [SD 0.01 a year, Phi 0.9].
	MortalityDrift Process
	// Fertility is the national log factor on fertility rates, AR(1)
	// [SD 0.10, Phi 0.9].
	Fertility Process
	// Migration is the shock to the region's yearly net migration rates
	// (net migrants per person at risk), AR(1), whose SD is given for a
	// region of one inhabitant: a region of P inhabitants draws each age
	// band's shock with SD/√P (their sum has less: the bands are drawn
	// partly apart)
	// [SD 0.9, Phi 0.9: ±0.9 % a year for 10 000 inhabitants].
	Migration Process
	// MigrationCommon is the share of the variance of the migration rate
	// common to every age; the rest is drawn for each of the ages 0-15,
	// 16-29, 30-64 and 65+ apart [0.3; negative means 0].
	MigrationCommon float64
	// NoPoisson leaves out the Poisson noise of a region's deaths and
	// births (see Draw).
	NoPoisson bool
}

// WithDefaults returns u with the documented defaults in place of zero
// values; a nil u is every default.
func (u *Uncertainty) WithDefaults() Uncertainty {
	var v Uncertainty
	if u != nil {
		v = *u
	}
	v.MortalityLevel = v.MortalityLevel.Or(Process{SD: 0.02, Phi: 0.5})
	v.MortalityDrift = v.MortalityDrift.Or(Process{SD: 0.01, Phi: 0.9})
	v.Fertility = v.Fertility.Or(Process{SD: 0.10, Phi: 0.9})
	v.Migration = v.Migration.Or(Process{SD: 0.9, Phi: 0.9})
	switch {
	case v.MigrationCommon < 0:
		v.MigrationCommon = 0
	case v.MigrationCommon == 0:
		v.MigrationCommon = 0.3
	}
	v.MigrationCommon = min(v.MigrationCommon, 1)
	return v
}

// Sources of the draws: each has a stream of its own (Streams), so that
// adding or turning off one leaves the others unchanged. The population's
// are below 16; the forecast numbers its own from 16.
const (
	SourceMortalityLevel = iota
	SourceMortalityDrift
	SourceFertility
	SourceMigration
	SourceDeathNoise
	SourceBirthNoise
	SourceMigrationAges // and the next three: one per migration age band
)

// migrationBands are the first ages of the bands whose migration is
// drawn apart (Uncertainty.MigrationCommon).
var migrationBands = [...]int{0, 16, 30, 65}

// migrationBand[a] is the band of age a.
var migrationBand = func() (b [NumAges]int) {
	for a := range NumAges {
		for i, lo := range migrationBands {
			if a >= lo {
				b[a] = i
			}
		}
	}
	return b
}()

// Streams hands out the random streams of one draw: a national stream per
// source, the same for every region, and a local one per source and
// region. A stream is a PCG seeded with (Seed, k·2⁴⁰ + source·2³² + r),
// where k is the draw, r = 0 for a national stream and the FNV-1a hash of
// the region code (with its top bit set) for a local one; so a region's
// draws do not depend on the other regions run, their order or the number
// of workers. The zero Streams is ready to use; it reseeds one generator,
// so a stream is valid until the next call.
type Streams struct {
	src rand.PCG
	rnd *rand.Rand
}

// RegionKey returns the local key of a region code.
func RegionKey(code string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(code))
	return h.Sum32() | 1<<31
}

// Stream returns the stream of source for draw k; region is 0 for the
// national stream or a RegionKey.
func (s *Streams) Stream(seed uint64, k, source int, region uint32) *rand.Rand {
	if s.rnd == nil {
		s.rnd = rand.New(&s.src)
	}
	s.src.Seed(seed, uint64(k)<<40|uint64(source&0xff)<<32|uint64(region))
	return s.rnd
}

// Draw is one draw of a region's population rates. For year index i
// (the year from+i, i ≥ 1) it hands out the region's rates with
//
//	death     q(a) · exp(L(i) + D(i) + ηD(i))        capped at 1
//	fertility f(a) · exp(F(i) + ηB(i))
//	migration rate ρ(s,a) + m(i) · w(a)              per person at risk
//
// where L is MortalityLevel, D the integrated MortalityDrift and F
// Fertility, national; m is the region's Migration with SD/√P₀; ηD and ηB
// are independent yearly N(0, 1/√deaths) and N(0, 1/√births), deaths and
// births expected in the first year (the Poisson noise of a small
// region's events); P₀ is the base population and w(a) the Rogers–Castro
// model schedule of migration by age (Rogers and Castro 1981: a peak at
// 20-30, children moving with their parents, little after 65),
// normalised so that Σ w(a)·P₀(a) = Σ P₀(a): a shock m moves about m·P
// persons in all, young adults most. The shock is a rate
// (Rates.NetMigrationRate) on the population at risk, so it follows the
// cohorts as they age. A Draw is reused from draw to draw and does
// not allocate once its buffers have grown.
type Draw struct {
	From            int
	mort, fert, mig []float64 // by year index − 1
	migBand         [len(migrationBands)][]float64
	common, apart   float64 // √ρ and √(1−ρ) of MigrationCommon ρ
	noise           []float64
	profile         [NumAges]float64 // w(a)
	base            func(int) *Rates
	rates           Rates
	ratesFn         func(int) *Rates
	deaths, surv    Pyramid // ProjectPops's scratch for the replacement
	// What Prepare sets for the region's draws.
	n                               int
	region                          uint32
	mortLevel, mortDrift, fertility Process
	migration                       Process // SD scaled by the base population
	poisson                         bool
	deathSD, birthSD                float64
}

// Reset sets d to draw k of the region with key region (RegionKey), base
// population base on 31 December of from and base rates for the years
// from+1..to. u must hold its defaults (WithDefaults). It is Prepare
// followed by Redraw.
func (d *Draw) Reset(s *Streams, u *Uncertainty, seed uint64, k int, region uint32, base *Pyramid, from, to int, rates func(int) *Rates) {
	d.Prepare(u, region, base, from, to, rates)
	d.Redraw(s, seed, k)
}

// Prepare sets in d what the draws of a region share, as Reset takes
// them: the migration profile and the standard deviations that depend on
// the base population and rates. Redraw then makes each draw. d keeps
// rates, not base or u.
func (d *Draw) Prepare(u *Uncertainty, region uint32, base *Pyramid, from, to int, rates func(int) *Rates) {
	n := to - from
	d.From, d.base, d.n, d.region = from, rates, n, region
	d.mortLevel, d.mortDrift, d.fertility = u.MortalityLevel, u.MortalityDrift, u.Fertility

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
	d.migration = u.Migration
	if total > 0 {
		d.migration.SD /= math.Sqrt(total)
	}
	d.common, d.apart = math.Sqrt(u.MigrationCommon), math.Sqrt(1-u.MigrationCommon)

	d.poisson = !u.NoPoisson && n > 0
	if !d.poisson {
		return
	}
	deaths, births := expectedEvents(base, rates(from+1))
	d.deathSD, d.birthSD = 0, 0
	if deaths > 0 {
		d.deathSD = 1 / math.Sqrt(deaths)
	}
	if births > 0 {
		d.birthSD = 1 / math.Sqrt(births)
	}
}

// Redraw sets d, prepared for a region (Prepare), to its draw k with the
// streams of s and seed. It does not allocate once d's buffers have
// grown.
func (d *Draw) Redraw(s *Streams, seed uint64, k int) {
	n, region := d.n, d.region
	d.mort = scratch.Grow(d.mort, n)
	d.fert = scratch.Grow(d.fert, n)
	d.mig = scratch.Grow(d.mig, n)
	d.noise = scratch.Grow(d.noise, n)
	d.mortLevel.Path(d.mort, false, s.Stream(seed, k, SourceMortalityLevel, 0))
	d.mortDrift.Path(d.noise, true, s.Stream(seed, k, SourceMortalityDrift, 0))
	for i := range d.mort {
		d.mort[i] += d.noise[i]
	}
	d.fertility.Path(d.fert, false, s.Stream(seed, k, SourceFertility, 0))

	d.migration.Path(d.mig, false, s.Stream(seed, k, SourceMigration, region))
	for b := range d.migBand {
		d.migBand[b] = scratch.Grow(d.migBand[b], n)
		d.migration.Path(d.migBand[b], false, s.Stream(seed, k, SourceMigrationAges+b, region))
	}

	if !d.poisson {
		return
	}
	Process{SD: d.deathSD}.Path(d.noise, false, s.Stream(seed, k, SourceDeathNoise, region))
	for i := range d.mort {
		d.mort[i] += d.noise[i]
	}
	Process{SD: d.birthSD}.Path(d.noise, false, s.Stream(seed, k, SourceBirthNoise, region))
	for i := range d.fert {
		d.fert[i] += d.noise[i]
	}
}

// expectedEvents returns the deaths and births of the year after base
// under r.
func expectedEvents(base *Pyramid, r *Rates) (deaths, births float64) {
	for s := range NumSexes {
		for a := 1; a < NumAges; a++ {
			e := base[s][a-1]
			if a == MaxAge {
				e += base[s][MaxAge]
			}
			deaths += r.Death[s][a] * e
		}
	}
	for a := 1; a < NumAges; a++ {
		births += r.Fertility[a] * base[Female][a]
	}
	return deaths, births
}

// Rates returns the rates function of the draw, for the years
// From+1..From+len: the base rates with the draw applied. The Rates it
// returns are valid until its next call, which is how Project uses them.
func (d *Draw) Rates() func(int) *Rates {
	if d.ratesFn == nil {
		d.ratesFn = d.year
	}
	return d.ratesFn
}

func (d *Draw) year(y int) *Rates {
	i := y - d.From - 1
	b := d.base(y)
	r := &d.rates
	// The base rates with the draw applied, written in one pass rather
	// than copied and then changed: every field of Rates is set here.
	r.BoyShare, r.Replacement, r.NetMigration = b.BoyShare, b.Replacement, b.NetMigration
	fm, ff := math.Exp(d.mort[i]), math.Exp(d.fert[i])
	var m [len(migrationBands)]float64
	for b := range m {
		m[b] = d.common*d.mig[i] + d.apart*d.migBand[b][i]
	}
	for s := range NumSexes {
		for a := range NumAges {
			r.Death[s][a] = min(1, b.Death[s][a]*fm)
			r.NetMigrationRate[s][a] = b.NetMigrationRate[s][a] + m[migrationBand[a]]*d.profile[a]
		}
	}
	for a := range NumAges {
		r.Fertility[a] = b.Fertility[a] * ff
	}
	return r
}

// rogersCastro is the model migration schedule of Rogers and Castro (1981)
// with their standard parameters but a higher constant: a childhood
// component 0.02·exp(−0.1a), a labour-force peak 0.06·exp(−0.1(a−20) −
// exp(−0.4(a−20))) and a constant 0.006 (their 0.003 left the band of
// 65-79 too narrow in the back-test: 69 % covered against 85 %).
var rogersCastro = func() (w [NumAges]float64) {
	for a := range NumAges {
		x := float64(a)
		w[a] = 0.02*math.Exp(-0.1*x) + 0.06*math.Exp(-0.1*(x-20)-math.Exp(-0.4*(x-20))) + 0.006
	}
	return w
}()
