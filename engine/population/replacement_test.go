package population

import (
	"math"
	"math/rand/v2"
	"testing"
)

// people fills every age and sex with 50..150 persons.
func people(rng *rand.Rand) Pyramid {
	p := randomPyramid(rng, 100)
	for s := range NumSexes {
		for a := range NumAges {
			p[s][a] += 50
		}
	}
	return p
}

// With ρ = 1 the working ages change each year by exactly X̄ plus their
// own net migration, whatever the turnover; the accounts hold to the last
// person; ρ = 0 is the plain step.
func TestReplacementStep(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var r Rates
	for s := range NumSexes {
		for a := range NumAges {
			r.Death[s][a] = 0.01 * rng.Float64()
			r.NetMigration[s][a] = 2 * (rng.Float64() - 0.5)
		}
	}
	plain := r
	r.Replacement = Replacement{Share: 1, Turnover: -40}
	for range 20 {
		cur := people(rng)
		var next, next0 Pyramid
		var f, f0 Flows
		Step(&next, &cur, &r, &f)
		Step(&next0, &cur, &plain, &f0)
		if v := CheckAccounts(&cur, &next, &f); v > 1e-9 {
			t.Fatalf("accounts violated by %g", v)
		}
		var own float64 // the working ages' net migration without replacement
		for s := range NumSexes {
			for a := WorkLo; a <= WorkHi; a++ {
				own += f0.Migration[s][a]
			}
		}
		got := next.Range(WorkLo, WorkHi) - cur.Range(WorkLo, WorkHi)
		if want := r.Replacement.Turnover + own; math.Abs(got-want) > 1e-9 {
			t.Fatalf("working ages changed by %.6f; want X̄ + own migration = %.6f", got, want)
		}
		// Outside the working ages nothing moves but the births, which
		// follow the women of the working ages.
		for s := range NumSexes {
			for a := 1; a < NumAges; a++ {
				if (a < WorkLo || a > WorkHi) && next[s][a] != next0[s][a] {
					t.Fatalf("sex %d age %d: %g with replacement, %g without", s, a, next[s][a], next0[s][a])
				}
			}
		}
	}
}

// A large negative replacement takes at most what each cohort holds.
func TestReplacementBounded(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	cur := people(rng)
	r := Rates{Replacement: Replacement{Share: 1, Turnover: -1e9}}
	var next Pyramid
	var f Flows
	Step(&next, &cur, &r, &f)
	for s := range NumSexes {
		for a := range NumAges {
			if next[s][a] < -1e-9 {
				t.Fatalf("sex %d age %d: %g persons", s, a, next[s][a])
			}
		}
	}
	if v := CheckAccounts(&cur, &next, &f); v > 1e-6 {
		t.Fatalf("accounts violated by %g", v)
	}
}

// EstimateReplacement recovers the slope of histories built with net
// migration M = c − ρ·X (c differing by region), and bounds it to [0, 1].
func TestEstimateReplacement(t *testing.T) {
	build := func(rng *rand.Rand, c, rho float64) *History {
		n := 12
		h := &History{FirstYear: 2000, Pop: make([]Pyramid, n), Deaths: make([]Pyramid, n), Births: make([]BirthCounts, n)}
		h.Pop[0] = people(rng)
		for i := 1; i < n; i++ {
			h.Pop[i] = people(rng)
			for s := range NumSexes {
				for a := range NumAges {
					h.Deaths[i][s][a] = rng.Float64()
				}
			}
			x := Turnover(&h.Pop[i-1], &h.Deaths[i])
			want := h.Pop[i-1].Range(WorkLo, WorkHi) + x + c - rho*x
			h.Pop[i][Female][30] += want - h.Pop[i].Range(WorkLo, WorkHi)
		}
		return h
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, rho := range []float64{0, 0.3, 0.84, 1} {
		hs := []*History{build(rng, 100, rho), build(rng, -50, rho), build(rng, 0, rho)}
		if got := EstimateReplacement(hs, 0, 3000); math.Abs(got-rho) > 1e-9 {
			t.Errorf("ρ = %g: estimated %g", rho, got)
		}
	}
	if got := EstimateReplacement([]*History{build(rng, 0, -0.5)}, 0, 3000); got != 0 {
		t.Errorf("a migration that amplifies turnover: estimated %g; want the bound 0", got)
	}
	if got := EstimateReplacement([]*History{build(rng, 0, 1.5)}, 0, 3000); got != 1 {
		t.Errorf("an overshooting response: estimated %g; want the bound 1", got)
	}
}

// Estimate's X̄ is the recency-weighted mean turnover of its years.
func TestEstimateTurnover(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	h := &History{FirstYear: 2000, Pop: make([]Pyramid, 5), Deaths: make([]Pyramid, 5), Births: make([]BirthCounts, 5)}
	for i := range h.Pop {
		h.Pop[i] = people(rng)
	}
	r, err := Estimate(h, 2001, 2004, &EstimateSettings{Recency: 0.5, Replacement: 0.7})
	if err != nil {
		t.Fatal(err)
	}
	var num, den float64
	for y := 2001; y <= 2004; y++ {
		w := math.Pow(0.5, float64(2004-y))
		num += w * Turnover(&h.Pop[y-2001], &h.Deaths[y-2000])
		den += w
	}
	if r.Replacement.Share != 0.7 || math.Abs(r.Replacement.Turnover-num/den) > 1e-9 {
		t.Errorf("replacement %+v; want share 0.7, turnover %g", r.Replacement, num/den)
	}
}
