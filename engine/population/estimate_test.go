package population

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// handHistory is two years of a toy region; TestEstimateHandComputed works
// its rates out by hand.
func handHistory() *History {
	h := &History{
		FirstYear: 2020,
		Pop:       make([]Pyramid, 2),
		Deaths:    make([]Pyramid, 2),
		Births:    make([]BirthCounts, 2),
	}
	p0, p1 := &h.Pop[0], &h.Pop[1]
	p0[Male][0], p0[Male][69] = 100, 200
	p0[Female][29], p0[Female][30] = 300, 100
	p1[Male][0], p1[Male][1], p1[Male][70] = 48, 95, 190
	p1[Female][0], p1[Female][30], p1[Female][31] = 52, 310, 98
	d := &h.Deaths[1]
	d[Male][0], d[Male][1], d[Male][70], d[Female][31] = 1, 2, 20, 2
	b := &h.Births[1]
	b[30][Male], b[30][Female] = 30, 20
	b[31][Male], b[31][Female] = 20, 30
	return h
}

func TestEstimateHandComputed(t *testing.T) {
	r, err := Estimate(handHistory(), 2020, 2021, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Exposures: men 0 ← 50 boys, men 1 ← 100, men 70 ← 200, women 31 ← 100.
	// Residuals M = P(t,a) − E + D: men 0: 48 − 50 + 1; men 1: 95 − 100 + 2;
	// men 70: 190 − 200 + 20; women 0: 52 − 50; women 30: 310 − 300;
	// women 31: 98 − 100 + 2.
	// Fertility: 50 births at 30 over ½(100 + 310) women; 50 at 31 over ½(0 + 98).
	// Zero exposure borrows: men 2 pools ages 1..3 (2/100); men 35 reaches
	// age 1 first (window 1..69), men 36 reaches age 70 first (2..70).
	tests := []struct {
		name      string
		got, want float64
	}{
		{"q men 0", r.Death[Male][0], 1.0 / 50},
		{"q men 1", r.Death[Male][1], 2.0 / 100},
		{"q men 70", r.Death[Male][70], 20.0 / 200},
		{"q women 31", r.Death[Female][31], 2.0 / 100},
		{"q men 2 borrowed", r.Death[Male][2], 2.0 / 100},
		{"q men 35 borrowed", r.Death[Male][35], 2.0 / 100},
		{"q men 36 borrowed", r.Death[Male][36], 20.0 / 200},
		{"M men 0", r.NetMigration[Male][0], -1},
		{"M men 1", r.NetMigration[Male][1], -3},
		{"M men 70", r.NetMigration[Male][70], 10},
		{"M women 0", r.NetMigration[Female][0], 2},
		{"M women 30", r.NetMigration[Female][30], 10},
		{"M women 31", r.NetMigration[Female][31], 0},
		{"M women 50", r.NetMigration[Female][50], 0},
		{"f 30", r.Fertility[30], 50.0 / 205},
		{"f 31", r.Fertility[31], 50.0 / 49},
		{"f 29", r.Fertility[29], 0},
		{"boy share", r.BoyShare, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if math.Abs(tt.got-tt.want) > 1e-12 {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

// randomHistory returns a consistent history of n years: deaths never
// exceed their exposure, and every fertile age has women.
func randomHistory(rng *rand.Rand, first, n int) *History {
	h := &History{
		FirstYear: first,
		Pop:       make([]Pyramid, n),
		Deaths:    make([]Pyramid, n),
		Births:    make([]BirthCounts, n),
	}
	for i := range n {
		h.Pop[i] = randomPyramid(rng, 300)
		for a := 15; a <= 49; a++ {
			h.Pop[i][Female][a] += 1
			h.Births[i][a][Male] = 5 * rng.Float64()
			h.Births[i][a][Female] = 5 * rng.Float64()
		}
		if i == 0 {
			continue
		}
		prev := &h.Pop[i-1]
		for s := range NumSexes {
			for a := 1; a < NumAges; a++ {
				e := prev[s][a-1]
				if a == MaxAge {
					e += prev[s][MaxAge]
				}
				h.Deaths[i][s][a] = e * 0.3 * rng.Float64()
			}
			h.Deaths[i][s][0] = 0.1 * rng.Float64()
		}
	}
	return h
}

// TestEstimateReproducesOneYear checks the identity of the package
// documentation: rates estimated from one year, projected over that year
// from its start, give back the observed population.
func TestEstimateReproducesOneYear(t *testing.T) {
	sd := seed(t)
	rng := rand.New(rand.NewPCG(sd, 8))
	for i := range 50 {
		h := randomHistory(rng, 2010, 4)
		year := 2011 + rng.IntN(3)
		// Any blend of rates and counts and any recency: one year's
		// residual is given back whole.
		set := &EstimateSettings{RateShare: rng.Float64(), Recency: rng.Float64()}
		if i%2 == 0 {
			set = nil
		}
		r, err := Estimate(h, year, year, set)
		if err != nil {
			t.Fatal(err)
		}
		p := Project(&h.Pop[year-2011], year-1, year, Constant(r))
		want := &h.Pop[year-2010]
		for s := range NumSexes {
			for a := range NumAges {
				if d := math.Abs(p.Pop[1][s][a] - want[s][a]); d > 1e-9*(1+want[s][a]) {
					t.Fatalf("case %d year %d sex %d age %d: projected %v, observed %v",
						i, year, s, a, p.Pop[1][s][a], want[s][a])
				}
			}
		}
		var boys float64
		for a := range NumAges {
			boys += h.Births[year-2010][a][Male]
		}
		if d := math.Abs(p.Flows[0].Births[Male] - boys); d > 1e-9*boys {
			t.Fatalf("case %d: projected %v boys, observed %v", i, p.Flows[0].Births[Male], boys)
		}
	}
}

func TestEstimatePoolsYears(t *testing.T) {
	// Two years with 10 % and 30 % mortality at one age over equal
	// exposure pool to 20 %; net migration is the mean residual.
	h := &History{
		FirstYear: 2000,
		Pop:       make([]Pyramid, 3),
		Deaths:    make([]Pyramid, 3),
		Births:    make([]BirthCounts, 3),
	}
	h.Pop[0][Female][80], h.Pop[1][Female][80] = 100, 100
	h.Pop[1][Female][81], h.Pop[2][Female][81] = 95, 75
	h.Deaths[1][Female][81], h.Deaths[2][Female][81] = 10, 30
	r, err := Estimate(h, 1990, 2010, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Death[Female][81]; math.Abs(got-0.2) > 1e-12 {
		t.Errorf("q: got %v, want 0.2", got)
	}
	// Residuals: 95 − 100 + 10 = 5 and 75 − 100 + 30 = 5.
	if got := r.NetMigration[Female][81]; math.Abs(got-5) > 1e-12 {
		t.Errorf("M: got %v, want 5", got)
	}
	if r.BoyShare != 0 {
		t.Errorf("boy share without births: got %v, want 0 (the default)", r.BoyShare)
	}
}

// TestEstimateMigrationBlend works the blend and the recency weights out
// by hand: residuals +30 and −10 over exposures 100 and 200.
func TestEstimateMigrationBlend(t *testing.T) {
	h := &History{
		FirstYear: 2000,
		Pop:       make([]Pyramid, 3),
		Deaths:    make([]Pyramid, 3),
		Births:    make([]BirthCounts, 3),
	}
	h.Pop[0][Male][20], h.Pop[1][Male][20] = 100, 200
	h.Pop[1][Male][21], h.Pop[2][Male][21] = 130, 190
	tests := []struct {
		name        string
		set         EstimateSettings
		count, rate float64
	}{
		// Mean residual (30 − 10)/2 = 10; pooled rate 20/300.
		{"counts", EstimateSettings{}, 10, 0},
		{"rates", EstimateSettings{RateShare: 1}, 0, 20.0 / 300},
		{"blend", EstimateSettings{RateShare: 0.25}, 7.5, 0.25 * 20 / 300},
		// Weights ½ for 2001 and 1 for 2002: (15 − 10)/1.5 and 5/(50 + 200).
		{"recent counts", EstimateSettings{Recency: 0.5}, 5 / 1.5, 0},
		{"recent rates", EstimateSettings{RateShare: 1, Recency: 0.5}, 0, 5.0 / 250},
	}
	for _, tt := range tests {
		r, err := Estimate(h, 2001, 2002, &tt.set)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.NetMigration[Male][21]; math.Abs(got-tt.count) > 1e-12 {
			t.Errorf("%s: count %v, want %v", tt.name, got, tt.count)
		}
		if got := r.NetMigrationRate[Male][21]; math.Abs(got-tt.rate) > 1e-12 {
			t.Errorf("%s: rate %v, want %v", tt.name, got, tt.rate)
		}
	}
	for _, bad := range []EstimateSettings{{RateShare: 1.5}, {RateShare: -0.1}, {Recency: 2}, {Recency: math.NaN()}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%+v: no panic", bad)
				}
			}()
			Estimate(h, 2001, 2002, &bad)
		}()
	}
}

func TestEstimateStandard(t *testing.T) {
	var std [NumSexes][NumAges]float64
	for s := range NumSexes {
		for a := range NumAges {
			std[s][a] = 0.01
		}
	}
	h := &History{
		FirstYear: 2000,
		Pop:       make([]Pyramid, 2),
		Deaths:    make([]Pyramid, 2),
		Births:    make([]BirthCounts, 2),
	}
	// Men: a large cohort dying at 2 % (twice the standard) and a small
	// one with no deaths; no other exposure.
	h.Pop[0][Male][59], h.Pop[0][Male][9] = 1e6, 10
	h.Deaths[1][Male][60] = 2e4
	r, err := Estimate(h, 2001, 2001, &EstimateSettings{Standard: &std, PriorDeaths: 10})
	if err != nil {
		t.Fatal(err)
	}
	// Level L = 20000 / (1e6·0.01 + 10·0.01) ≈ 1.99998, prior mean m = L·0.01.
	level := 2e4 / (1e6*0.01 + 10*0.01)
	m := level * 0.01
	tests := []struct {
		name      string
		got, want float64
	}{
		{"large cohort ≈ raw", r.Death[Male][60], (2e4 + 10) / (1e6 + 10/m)},
		{"small cohort ≈ prior", r.Death[Male][10], (0 + 10) / (10 + 10/m)},
		{"no exposure = prior", r.Death[Male][30], m},
		// Women have no deaths and no exposure: level 1, the standard.
		{"women", r.Death[Female][30], 0.01},
	}
	for _, tt := range tests {
		if math.Abs(tt.got-tt.want) > 1e-12 {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if math.Abs(r.Death[Male][60]-0.02) > 1e-4 {
		t.Errorf("large cohort: got %v, want about its raw 0.02", r.Death[Male][60])
	}
}

func TestEstimateCapsAtOne(t *testing.T) {
	h := &History{
		FirstYear: 2000,
		Pop:       make([]Pyramid, 2),
		Deaths:    make([]Pyramid, 2),
		Births:    make([]BirthCounts, 2),
	}
	// One person aged 99 and three deaths at 100+ (in-migrants died too).
	h.Pop[0][Male][99] = 1
	h.Deaths[1][Male][100] = 3
	r, err := Estimate(h, 2001, 2001, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Death[Male][100] != 1 {
		t.Errorf("got %v, want 1", r.Death[Male][100])
	}
}

func TestEstimateErrors(t *testing.T) {
	h := handHistory()
	empty := &History{FirstYear: 2000, Pop: make([]Pyramid, 3), Deaths: make([]Pyramid, 3), Births: make([]BirthCounts, 3)}
	tests := []struct {
		name     string
		h        *History
		from, to int
		want     error
	}{
		{"after", h, 2022, 2030, ErrNoYears},
		{"before", h, 2000, 2019, ErrNoYears},
		{"first year only", h, 2020, 2020, ErrNoYears},
		{"empty", empty, 2000, 2002, ErrNoPopulation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Estimate(tt.h, tt.from, tt.to, nil)
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestEstimatePanics(t *testing.T) {
	testPanics(t, map[string]func(){
		"reversed": func() { Estimate(handHistory(), 2021, 2020, nil) },
		"lengths": func() {
			h := handHistory()
			h.Births = h.Births[:1]
			Estimate(h, 2020, 2021, nil)
		},
		"pool none": func() { Pool() },
	})
}

func TestPool(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	a := randomHistory(rng, 2006, 5) // 2006..2010
	b := randomHistory(rng, 2008, 5) // 2008..2012
	p, err := Pool(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if p.FirstYear != 2008 || p.LastYear() != 2010 {
		t.Fatalf("pooled %d..%d, want 2008..2010", p.FirstYear, p.LastYear())
	}
	// 2009 is a's index 3 and b's index 1.
	if got, want := p.Pop[1][Female][40], a.Pop[3][Female][40]+b.Pop[1][Female][40]; got != want {
		t.Errorf("pop: got %v, want %v", got, want)
	}
	if got, want := p.Births[1][30][Male], a.Births[3][30][Male]+b.Births[1][30][Male]; got != want {
		t.Errorf("births: got %v, want %v", got, want)
	}
	c := randomHistory(rng, 2020, 2)
	if _, err := Pool(a, c); !errors.Is(err, ErrNoYears) {
		t.Errorf("disjoint: got %v, want ErrNoYears", err)
	}
}

func ExampleEstimate() {
	// Two years of a toy region (see handHistory): 200 men aged 69 at the
	// end of 2020, 20 of whom die in 2021 at age 70, while 10 move in.
	h := handHistory()
	r, err := Estimate(h, 2021, 2021, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("q(men, 70) = %.2f, net migration %+.0f\n", r.Death[Male][70], r.NetMigration[Male][70])
	p := Project(&h.Pop[0], 2020, 2021, Constant(r))
	fmt.Printf("projected %.0f men aged 70, observed %.0f\n", p.Pop[1][Male][70], h.Pop[1][Male][70])
	// Output:
	// q(men, 70) = 0.10, net migration +10
	// projected 190 men aged 70, observed 190
}
