package demand_test

import (
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/engine/demand"
	"github.com/caregap/caregap/engine/population"
)

// refUsers is Model.Users as it was before services were summed in groups
// over their nonzero ages: one service after the other, every cell.
func refUsers(m *demand.Model, pop *population.Pyramid, adj *demand.Adjust) []float64 {
	dst := make([]float64, len(m.Services))
	var us []float64
	if adj != nil {
		us = adj.UseScale
	}
	for i := range m.Services {
		rate := &m.Services[i].UseRate
		var u float64
		for s := range population.NumSexes {
			for a := range population.NumAges {
				u += pop[s][a] * rate[s][a]
			}
		}
		dst[i] = u * refScale(us, i)
	}
	return dst
}

func refScale(s []float64, i int) float64 {
	if s == nil {
		return 1
	}
	return s[i]
}

// refCompute is Model.Compute on refUsers, as it was.
func refCompute(m *demand.Model, pop *population.Pyramid, adj *demand.Adjust) []float64 {
	users := refUsers(m, pop, adj)
	dst := make([]float64, len(m.Roles))
	var fs []float64
	if adj != nil {
		fs = adj.FTEScale
	}
	for i := range m.Services {
		svc := &m.Services[i]
		fte := users[i] * svc.FTEPerUser * refScale(fs, i)
		for r, sh := range svc.RoleShare {
			dst[r] += fte * sh
		}
	}
	if adj == nil {
		return dst
	}
	for _, sh := range adj.Shifts {
		base := dst[sh.From]
		if sh.Services != nil {
			var part float64
			for i, on := range sh.Services {
				if on {
					part += users[i] * m.Services[i].FTEPerUser * refScale(fs, i) * m.Services[i].RoleShare[sh.From]
				}
			}
			base = min(part, base)
		}
		ratio := sh.Ratio
		if ratio == 0 {
			ratio = 1
		}
		moved := sh.Share * base
		dst[sh.From] -= moved
		dst[sh.To] += moved * ratio
	}
	return dst
}

// sameBits fails t unless got and want hold the same float64 bits, NaN
// payloads included: an x86 (or arm64) addition or product of two NaNs
// gives the first operand's, so the payload is that of the first NaN term
// met, the same in both loops as long as each cell is added in order.
func sameBits(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Fatalf("%s[%d]: %v (%#x), want %v (%#x)", what, i, got[i], math.Float64bits(got[i]), want[i], math.Float64bits(want[i]))
		}
	}
}

// special is the values drawn now and then for a cell: signed zeros, a
// subnormal, NaN and infinities.
var special = []float64{0, math.Copysign(0, -1), 5e-324, math.NaN(), math.Inf(1), math.Inf(-1)}

// randRate fills a use rate in bands by sex as datasets does, with holes,
// −0 and now and then a special value.
func randRate(rng *rand.Rand, rate *population.Pyramid) {
	for s := range population.NumSexes {
		if rng.IntN(5) == 0 {
			continue // all zero for this sex
		}
		lo := rng.IntN(population.NumAges)
		hi := lo + rng.IntN(population.NumAges-lo)
		for a := lo; a <= hi; a++ {
			switch k := rng.IntN(40); {
			case k == 0:
				rate[s][a] = special[rng.IntN(2)]
			case k == 1 && rng.IntN(10) == 0:
				rate[s][a] = special[rng.IntN(len(special))]
			default:
				rate[s][a] = rng.Float64() * 0.5
			}
		}
	}
}

// randPop fills a population: mostly positive counts, some zeros and −0,
// and, with probability pBad per pyramid, a few NaN, ±Inf or negative
// cells.
func randPop(rng *rand.Rand, pop *population.Pyramid, pBad float64) {
	for s := range population.NumSexes {
		for a := range population.NumAges {
			switch rng.IntN(10) {
			case 0:
				pop[s][a] = special[rng.IntN(2)]
			default:
				pop[s][a] = math.Floor(rng.Float64() * 5000)
			}
		}
	}
	if rng.Float64() < pBad {
		for range 1 + rng.IntN(3) {
			v := special[rng.IntN(len(special))]
			if rng.IntN(3) == 0 {
				v = -rng.Float64() * 100
			}
			pop[rng.IntN(population.NumSexes)][rng.IntN(population.NumAges)] = v
		}
	}
}

func randModel(rng *rand.Rand) (*demand.Model, *demand.Adjust) {
	nr, ns := 1+rng.IntN(5), rng.IntN(11)
	m := &demand.Model{Roles: make([]string, nr)}
	adj := &demand.Adjust{}
	if rng.IntN(2) == 0 {
		adj.UseScale = make([]float64, ns)
		adj.FTEScale = make([]float64, ns)
	}
	for i := range ns {
		svc := demand.Service{FTEPerUser: rng.Float64(), RoleShare: make([]float64, nr)}
		randRate(rng, &svc.UseRate)
		for r := range nr {
			svc.RoleShare[r] = rng.Float64()
		}
		m.Services = append(m.Services, svc)
		if adj.UseScale != nil {
			adj.UseScale[i], adj.FTEScale[i] = 0.5+rng.Float64(), 0.5+rng.Float64()
		}
	}
	for range rng.IntN(3) {
		sh := demand.Shift{From: rng.IntN(nr), To: rng.IntN(nr), Share: rng.Float64(), Ratio: rng.Float64() * 2}
		if rng.IntN(2) == 0 {
			sh.Services = make([]bool, ns)
			for i := range sh.Services {
				sh.Services[i] = rng.IntN(2) == 0
			}
		}
		adj.Shifts = append(adj.Shifts, sh)
	}
	if rng.IntN(4) == 0 {
		adj = nil
	}
	return m, adj
}

// TestComputeMatchesReference checks Users and Compute bit for bit
// against refUsers and refCompute on random models and populations.
func TestComputeMatchesReference(t *testing.T) {
	const seed = 20261203 // any seed; printed on failure
	rng := rand.New(rand.NewPCG(seed, 1))
	var dst, users []float64
	for it := range 3000 {
		m, adj := randModel(rng)
		for k := range 4 {
			var pop population.Pyramid
			randPop(rng, &pop, 0.3)
			users = m.Users(users, &pop, adj)
			sameBits(t, "users", users, refUsers(m, &pop, adj))
			dst = m.Compute(dst, users, &pop, adj)
			if t.Failed() {
				return
			}
			want := refCompute(m, &pop, adj)
			for i := range want {
				if math.Float64bits(dst[i]) != math.Float64bits(want[i]) {
					t.Fatalf("seed %d model %d pop %d: demand[%d] %v, want %v", seed, it, k, i, dst[i], want[i])
				}
			}
		}
	}
}

// TestComputeSignedZeros: a population that is −0 or 0 everywhere, and
// −0 rates, give the reference's +0 sums.
func TestComputeSignedZeros(t *testing.T) {
	negZero := math.Copysign(0, -1)
	var rate, negRate, pop, negPop population.Pyramid
	demand.BandRate(&rate, population.Female, 70, 100, 0.2)
	for s := range population.NumSexes {
		for a := range population.NumAges {
			negRate[s][a], negPop[s][a] = negZero, negZero
		}
	}
	negRate[population.Male][50] = 0.1
	m := &demand.Model{Roles: []string{"a"}, Services: []demand.Service{
		{UseRate: rate, FTEPerUser: 1, RoleShare: []float64{1}},
		{UseRate: negRate, FTEPerUser: 1, RoleShare: []float64{1}},
		{FTEPerUser: 1, RoleShare: []float64{1}}, // no use at all
	}}
	for _, p := range []*population.Pyramid{&pop, &negPop} {
		sameBits(t, "users", m.Users(nil, p, nil), refUsers(m, p, nil))
		sameBits(t, "demand", m.Compute(nil, nil, p, nil), refCompute(m, p, nil))
	}
}

// TestComputeNonFiniteOutside: a NaN or infinite population at an age
// where no service has use makes every sum NaN, as in the reference.
func TestComputeNonFiniteOutside(t *testing.T) {
	var rate population.Pyramid
	demand.BandRate(&rate, population.Male, 80, 100, 0.3)
	m := &demand.Model{Roles: []string{"a"}, Services: []demand.Service{{UseRate: rate, FTEPerUser: 1, RoleShare: []float64{1}}}}
	for _, v := range special[3:] {
		var pop population.Pyramid
		pop[population.Male][85] = 100
		pop[population.Female][3] = v
		got := m.Users(nil, &pop, nil)
		sameBits(t, "users", got, refUsers(m, &pop, nil))
		if !math.IsNaN(got[0]) {
			t.Fatalf("pop %v at an unused age: users %v, want NaN", v, got[0])
		}
	}
}

// TestComputeNewServices: the nonzero ages are found again when the
// Services slice is replaced after a Compute.
func TestComputeNewServices(t *testing.T) {
	var pop population.Pyramid
	for a := range population.NumAges {
		pop[0][a], pop[1][a] = 10, 10
	}
	m := twoServices(80)
	m.Compute(nil, nil, &pop, nil)
	m.Services = twoServices(20).Services
	sameBits(t, "demand", m.Compute(nil, nil, &pop, nil), refCompute(m, &pop, nil))
	m.Services = append(m.Services, m.Services[0])
	sameBits(t, "demand", m.Compute(nil, nil, &pop, nil), refCompute(m, &pop, nil))
}

func twoServices(from int) *demand.Model {
	var a, b population.Pyramid
	demand.BandRate(&a, population.Female, from, 100, 0.1)
	demand.BandRate(&b, population.Male, from+5, 90, 0.2)
	return &demand.Model{Roles: []string{"a", "b"}, Services: []demand.Service{
		{UseRate: a, FTEPerUser: 0.4, RoleShare: []float64{0.5, 0.5}},
		{UseRate: b, FTEPerUser: 1, RoleShare: []float64{1, 0}},
	}}
}

// TestComputeConcurrentFirstCall: goroutines that make the first calls
// on a shared model at once agree (run with -race).
func TestComputeConcurrentFirstCall(t *testing.T) {
	m := twoServices(65)
	var pop population.Pyramid
	for a := range population.NumAges {
		pop[0][a], pop[1][a] = float64(a), 100
	}
	want := refCompute(m, &pop, nil)
	var wg sync.WaitGroup
	got := make([][]float64, 4)
	for i := range got {
		wg.Go(func() { got[i] = m.Compute(nil, nil, &pop, nil) })
	}
	wg.Wait()
	for _, g := range got {
		sameBits(t, "demand", g, want)
	}
}

// TestComputeDefaultData checks every region of the shipped dataset, on
// its base-year population and each given projected year.
func TestComputeDefaultData(t *testing.T) {
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	regions, err := datasets.ForecastRegions(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(regions) == 0 {
		t.Fatal("no regions in the default dataset")
	}
	for _, r := range regions {
		m := &r.Demand
		pops := append([]population.Pyramid{r.Population}, r.Given...)
		for i := range pops {
			sameBits(t, "demand "+r.Code, m.Compute(nil, nil, &pops[i], nil), refCompute(m, &pops[i], nil))
		}
	}
}
