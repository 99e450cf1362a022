package population

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func TestProjectShape(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 5))
	base := randomPyramid(rng, 500)
	r := randomRates(rng)
	p := Project(&base, 2024, 2030, Constant(r))
	if len(p.Pop) != 7 || len(p.Flows) != 6 || p.From != 2024 || p.To() != 2030 {
		t.Fatalf("shape: %d pops, %d flows, %d..%d", len(p.Pop), len(p.Flows), p.From, p.To())
	}
	if p.Pop[0] != base {
		t.Error("Pop[0] is not the base")
	}
	if p.Year(2023) != nil || p.Year(2031) != nil || p.Year(2027) != &p.Pop[3] {
		t.Error("Year lookup")
	}
	for i := range p.Flows {
		if v := CheckAccounts(&p.Pop[i], &p.Pop[i+1], &p.Flows[i]); v > 1e-9 {
			t.Errorf("year %d: accounts violated by %g", p.From+i+1, v)
		}
	}
	if p0 := Project(&base, 2024, 2024, Constant(r)); len(p0.Pop) != 1 || len(p0.Flows) != 0 {
		t.Error("zero-year projection")
	}
}

func TestProjectYearlyRates(t *testing.T) {
	var base Pyramid
	base[Male][50] = 100
	// Death rates that differ by year: 10 % in 2025, 20 % in 2026.
	r25, r26 := new(Rates), new(Rates)
	r25.Death[Male][51] = 0.1
	r26.Death[Male][52] = 0.2
	var asked []int
	p := Project(&base, 2024, 2026, func(y int) *Rates {
		asked = append(asked, y)
		if y == 2025 {
			return r25
		}
		return r26
	})
	if fmt.Sprint(asked) != "[2025 2026]" {
		t.Errorf("rates asked for %v", asked)
	}
	// 100 · 0.9 · 0.8 = 72.
	if got := p.Pop[2][Male][52]; math.Abs(got-72) > 1e-12 {
		t.Errorf("got %v, want 72", got)
	}
}

func TestProjectPanics(t *testing.T) {
	var base Pyramid
	testPanics(t, map[string]func(){
		"project":  func() { Project(&base, 2024, 2023, Constant(new(Rates))) },
		"constant": func() { NaiveConstant(&base, 2024, 2023) },
		"cohort":   func() { NaiveCohort(&base, 2024, 2023) },
	})
}

// testPanics runs each case as a subtest that fails unless it panics.
func testPanics(t *testing.T, cases map[string]func()) {
	t.Helper()
	for name, fn := range cases {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			fn()
		})
	}
}

func TestNaive(t *testing.T) {
	var base Pyramid
	base[Female][0], base[Female][98], base[Female][99], base[Female][100] = 10, 1, 2, 3
	c := NaiveConstant(&base, 2017, 2020)
	for i, p := range c.Pop {
		if p != base {
			t.Errorf("constant year %d differs from base", 2017+i)
		}
	}
	k := NaiveCohort(&base, 2017, 2019)
	// 2018: 10 newborns again, the 10 move to age 1, 1 to 99, 2 + 3 in 100+.
	// 2019: the 1 joins 100+ too: 2 + 3 + 1 = 6.
	tests := []struct {
		name      string
		got, want float64
	}{
		{"2018 age 0", k.Pop[1][Female][0], 10},
		{"2018 age 1", k.Pop[1][Female][1], 10},
		{"2018 age 99", k.Pop[1][Female][99], 1},
		{"2018 age 100", k.Pop[1][Female][100], 5},
		{"2019 age 2", k.Pop[2][Female][2], 10},
		{"2019 age 100", k.Pop[2][Female][100], 6},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	for i := range k.Flows {
		if v := CheckAccounts(&k.Pop[i], &k.Pop[i+1], &k.Flows[i]); v != 0 {
			t.Errorf("cohort year %d: accounts violated by %g", 2018+i, v)
		}
	}
}

func ExampleProject() {
	// A toy population of 1,000 women aged 30 and 1,000 men aged 30.
	var base Pyramid
	base[Female][30], base[Male][30] = 1000, 1000

	r := &Rates{BoyShare: 0.5}
	for a := 20; a <= 40; a++ {
		r.Fertility[a] = 0.05 // births per woman and year
	}
	for s := range NumSexes {
		for a := range NumAges {
			r.Death[s][a] = 0.01
		}
	}
	r.NetMigration[Female][31] = 10

	p := Project(&base, 2024, 2026, Constant(r))
	for i, pop := range p.Pop {
		fmt.Printf("%d: total %.1f, aged 0 %.1f\n", p.From+i, pop.Total(), pop.Range(0, 0))
	}
	// Output:
	// 2024: total 2000.0, aged 0 0.0
	// 2025: total 2039.5, aged 0 49.5
	// 2026: total 2078.6, aged 0 49.5
}

// BenchmarkProject projects one region 17 years ahead (2024 to 2041).
//
//	go test -run '^$' -bench Project -count 10 ./engine/population | benchstat -
func BenchmarkProject(b *testing.B) {
	rng := rand.New(rand.NewPCG(6, 7))
	base := randomPyramid(rng, 500)
	rates := Constant(randomRates(rng))
	const years = 17
	var dst Projection
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		ProjectInto(&dst, &base, 2024, 2024+years, rates)
		n++
	}
	b.ReportMetric(float64(n*years)/b.Elapsed().Seconds(), "region-years/s")
}
