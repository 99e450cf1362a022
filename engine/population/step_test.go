package population

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// seed returns a seed for a randomised test and logs it, so a failure can
// be replayed by fixing the value.
func seed(t testing.TB) uint64 {
	t.Helper()
	s := uint64(time.Now().UnixNano())
	t.Logf("seed %d", s)
	return s
}

func randomPyramid(rng *rand.Rand, scale float64) Pyramid {
	var p Pyramid
	for s := range NumSexes {
		for a := range NumAges {
			p[s][a] = scale * rng.Float64()
		}
	}
	return p
}

func randomRates(rng *rand.Rand) *Rates {
	r := new(Rates)
	for s := range NumSexes {
		for a := range NumAges {
			r.Death[s][a] = rng.Float64() * float64(a+1) / NumAges
			r.NetMigration[s][a] = 40 * (rng.Float64() - 0.5)
			r.NetMigrationRate[s][a] = 0.4 * (rng.Float64() - 0.5)
		}
	}
	for a := 15; a <= 49; a++ {
		r.Fertility[a] = 0.2 * rng.Float64()
	}
	r.BoyShare = 0.45 + 0.1*rng.Float64()
	return r
}

func TestStepHandComputed(t *testing.T) {
	var cur Pyramid
	cur[Male][0], cur[Male][1], cur[Male][99], cur[Male][100] = 100, 50, 10, 5
	cur[Female][29], cur[Female][30] = 200, 100
	r := &Rates{BoyShare: 0.5}
	r.Death[Male][0], r.Death[Male][1], r.Death[Male][2], r.Death[Male][100] = 0.01, 0.02, 0.1, 0.5
	r.Fertility[30], r.Fertility[31] = 0.1, 0.05
	r.NetMigration[Male][2] = -100 // more than the 45 survivors: clamped to −45
	r.NetMigration[Female][30] = 10

	// Worked by hand:
	//   men 1:   100 aged 0 survive at 0.98          → 98, 2 deaths
	//   men 2:   50 aged 1 survive at 0.9 = 45, −45  → 0, 5 deaths
	//   men 100: (10 + 5) survive at 0.5             → 7.5, 7.5 deaths
	//   women 30: 200 + 10 = 210; women 31: 100
	//   births:  0.1·½(100 + 210) + 0.05·½(0 + 100) = 15.5 + 2.5 = 18
	//   boys 9, of whom 1 % die → 8.91; girls 9
	var next Pyramid
	var f Flows
	Step(&next, &cur, r, &f)

	tests := []struct {
		name      string
		got, want float64
	}{
		{"men 0", next[Male][0], 8.91},
		{"men 1", next[Male][1], 98},
		{"men 2", next[Male][2], 0},
		{"men 3", next[Male][3], 0},
		{"men 100", next[Male][100], 7.5},
		{"women 0", next[Female][0], 9},
		{"women 30", next[Female][30], 210},
		{"women 31", next[Female][31], 100},
		{"boys", f.Births[Male], 9},
		{"girls", f.Births[Female], 9},
		{"deaths men 0", f.Deaths[Male][0], 0.09},
		{"deaths men 2", f.Deaths[Male][2], 5},
		{"deaths men 100", f.Deaths[Male][100], 7.5},
		{"migration men 2", f.Migration[Male][2], -45},
		{"migration women 30", f.Migration[Female][30], 10},
		{"total", next.Total(), 8.91 + 98 + 7.5 + 9 + 210 + 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if math.Abs(tt.got-tt.want) > 1e-12 {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
	if v := CheckAccounts(&cur, &next, &f); v > 1e-12 {
		t.Errorf("accounts violated by %g", v)
	}
}

func TestStepDefaultBoyShare(t *testing.T) {
	var cur, next Pyramid
	cur[Female][29] = 1000
	r := new(Rates)
	r.Fertility[30] = 0.1
	var f Flows
	Step(&next, &cur, r, &f)
	// 0.1·½(0 + 1000) = 50 births, 51.2 % boys.
	if got, want := f.Births[Male], 50*DefaultBoyShare; math.Abs(got-want) > 1e-12 {
		t.Errorf("boys %v, want %v", got, want)
	}
}

func TestStepAccountsRandom(t *testing.T) {
	sd := seed(t)
	rng := rand.New(rand.NewPCG(sd, 1))
	for i := range 200 {
		cur := randomPyramid(rng, 20) // small cohorts, so migration often clamps
		r := randomRates(rng)
		var next Pyramid
		var f Flows
		Step(&next, &cur, r, &f)
		if v := CheckAccounts(&cur, &next, &f); v > 1e-9 {
			t.Fatalf("case %d: accounts violated by %g", i, v)
		}
		for s := range NumSexes {
			for a := range NumAges {
				if next[s][a] < 0 {
					t.Fatalf("case %d: negative population %g at sex %d age %d", i, next[s][a], s, a)
				}
			}
		}
	}
}

func TestCheckAccountsDetects(t *testing.T) {
	var prev, next Pyramid
	prev[Male][10] = 5
	next[Male][11] = 5
	var f Flows
	if v := CheckAccounts(&prev, &next, &f); v != 0 {
		t.Fatalf("consistent accounts report %g", v)
	}
	f.Deaths[Male][11] = 2 // two deaths the population did not lose
	if v := CheckAccounts(&prev, &next, &f); v != 2 {
		t.Fatalf("got %g, want 2", v)
	}
}

func TestStepNoAlloc(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cur := randomPyramid(rng, 1000)
	r := randomRates(rng)
	var next Pyramid
	var f Flows
	if n := testing.AllocsPerRun(100, func() { Step(&next, &cur, r, &f) }); n != 0 {
		t.Errorf("Step allocates %v times", n)
	}
	dst := Project(&cur, 2024, 2041, Constant(r))
	rates := Constant(r)
	if n := testing.AllocsPerRun(20, func() { ProjectInto(dst, &cur, 2024, 2041, rates) }); n != 0 {
		t.Errorf("ProjectInto allocates %v times", n)
	}
}

func TestStepAliasPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	var p Pyramid
	Step(&p, &p, new(Rates), nil)
}

func FuzzStep(f *testing.F) {
	f.Add(uint64(1), 0.5, 10.0, 0.05)
	f.Add(uint64(2), 1.0, -50.0, 0.0)
	f.Fuzz(func(t *testing.T, sd uint64, q, mig, fert float64) {
		if !(q >= 0 && q <= 1) || math.IsInf(mig, 0) || math.IsNaN(mig) || math.Abs(mig) > 1e12 ||
			!(fert >= 0 && fert <= 10) {
			t.Skip()
		}
		rng := rand.New(rand.NewPCG(sd, 3))
		cur := randomPyramid(rng, 100)
		r := new(Rates)
		for s := range NumSexes {
			for a := range NumAges {
				r.Death[s][a] = q * rng.Float64()
				r.NetMigration[s][a] = mig * rng.Float64()
			}
		}
		for a := 15; a <= 49; a++ {
			r.Fertility[a] = fert * rng.Float64()
		}
		var next Pyramid
		var fl Flows
		Step(&next, &cur, r, &fl)
		tol := 1e-9 * (1 + math.Abs(mig))
		if v := CheckAccounts(&cur, &next, &fl); !(v <= tol) {
			t.Fatalf("accounts violated by %g", v)
		}
		for s := range NumSexes {
			for a := range NumAges {
				if next[s][a] < 0 {
					t.Fatalf("negative population at sex %d age %d", s, a)
				}
			}
		}
	})
}

// TestStepMigrationRate: net migration held as a rate applies to the
// exposure of the year, added to the count, and the accounts hold.
func TestStepMigrationRate(t *testing.T) {
	var cur, next Pyramid
	cur[Female][40] = 1000
	cur[Male][99], cur[Male][100] = 10, 20
	r := new(Rates)
	r.Death[Female][41] = 0.01
	r.NetMigration[Female][41] = 5
	r.NetMigrationRate[Female][41] = -0.02
	r.NetMigrationRate[Male][100] = 0.1
	r.NetMigrationRate[Male][50] = -0.5 // no one exposed: nothing moves
	var f Flows
	Step(&next, &cur, r, &f)
	tests := []struct {
		name      string
		got, want float64
	}{
		// 1000 exposed: 10 die, 5 − 0.02·1000 = −15 migrate.
		{"women 41", next[Female][41], 1000 - 10 + 5 - 20},
		{"migration women 41", f.Migration[Female][41], -15},
		// Open group: exposure 10 + 20, so 3 migrants.
		{"men 100+", next[Male][100], 33},
		{"men 50", next[Male][50], 0},
	}
	for _, tt := range tests {
		if math.Abs(tt.got-tt.want) > 1e-12 {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if v := CheckAccounts(&cur, &next, &f); v > 1e-12 {
		t.Errorf("accounts violated by %g", v)
	}
}
