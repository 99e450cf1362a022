package supply

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/caregap/caregap/engine/population"
)

// scaledParams returns a copy of p with the factors of sc applied the way
// StepScaled and EffectiveFTE document: the parameters Step and Measure
// must be given to agree with them bit for bit.
func scaledParams(p *Params, sc *Scale) *Params {
	q := *p
	q.ExitRate = append([][population.NumAges]float64(nil), p.ExitRate...)
	for r := range q.ExitRate {
		for a, v := range q.ExitRate[r] {
			q.ExitRate[r][a] = min(1, v*sc.Exit)
		}
	}
	q.NewStaffExitRate = append([]float64(nil), p.NewStaffExitRate...)
	for r, v := range q.NewStaffExitRate {
		q.NewStaffExitRate[r] = min(1, v*sc.Exit)
	}
	scale := func(src []population.Pyramid, f, hi float64) []population.Pyramid {
		if src == nil {
			return nil
		}
		dst := append([]population.Pyramid(nil), src...)
		for r := range dst {
			for s := range population.NumSexes {
				for a, v := range dst[r][s] {
					dst[r][s][a] = min(hi, v*f)
				}
			}
		}
		return dst
	}
	q.Recruits = scale(p.Recruits, sc.Recruits, math.Inf(1))
	q.EmploymentRate = scale(p.EmploymentRate, sc.Employment, 1)
	q.SickLeaveRate = scale(p.SickLeaveRate, sc.SickLeave, 1)
	return &q
}

// sameBits reports the first index where a and b differ in any bit.
func sameBits(a, b []float64) (int, bool) {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return i, false
		}
	}
	return -1, len(a) == len(b)
}

// stateBits flattens s for sameBits.
func stateBits(s *State) []float64 {
	var v []float64
	for r := range s.Stock {
		for t := range NumTenures {
			for sex := range population.NumSexes {
				v = append(v, s.Stock[r][t][sex][:]...)
			}
		}
	}
	for i := range s.Trainees {
		v = append(v, s.Trainees[i]...)
		for sex := range population.NumSexes {
			v = append(v, s.InTraining[i][sex][:]...)
		}
	}
	return v
}

// TestStepScaledRandom: StepScaled and EffectiveFTE give, bit for bit,
// what Step and Measure give with the scaled parameters built
// independently, over random valid parameters (randomParams), factors on
// both sides of 1 (up to e^±0.5, beyond what a draw reaches, so that the
// caps at 1 bite) and ten years, with and without the optional fields.
func TestStepScaledRandom(t *testing.T) {
	for _, seed := range seeds(1, 2, 3, 4, 5, 6, 7, 8) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 0))
			nr, np := 1+rng.IntN(7), rng.IntN(4)
			p := randomParams(rng, nr, np)
			switch seed % 4 {
			case 1: // the defaults of nil fields
				p.ExitRate, p.NewStaffExitRate, p.Recruits, p.Transitions = nil, nil, nil, nil
				p.EmploymentRate, p.SickLeaveRate = nil, nil
			case 2:
				p.Supervision = make([]float64, nr)
				for r := range p.Supervision {
					p.Supervision[r] = 30 * rng.Float64()
				}
			case 3:
				p.MatchedEntrants = nil
			}
			if err := Validate(p); err != nil {
				t.Fatal(err)
			}
			h := randomHeadcount(rng, nr)
			if seed%2 == 0 {
				// A role without staff, staff aged 100 and over, a −0
				// (which NewState accepts as a count).
				h[0] = population.Pyramid{}
				h[nr-1][population.Female][population.MaxAge] = 3
				h[nr-1][population.Male][40] = math.Copysign(0, -1)
			}
			s0, err := NewState(p, h)
			if err != nil {
				t.Fatal(err)
			}
			s0.SetSteadyTrainees(p)
			var want, got, wantNext, gotNext State
			want.CopyFrom(s0)
			got.CopyFrom(s0)
			var fte []RoleFTE
			var eff []float64
			// Every other year, the ages EffectiveFTE found are handed
			// to StepScaled.
			var live, given []AgeRange
			live = make([]AgeRange, nr)
			for y := range 10 {
				f := func() float64 { return math.Exp(rng.Float64() - 0.5) }
				sc := Scale{Exit: f(), Recruits: f(), Employment: f(), SickLeave: f()}
				q := scaledParams(p, &sc)
				Step(&wantNext, &want, q, nil)
				StepScaled(&gotNext, &got, p, &sc, given)
				want, wantNext = wantNext, want
				got, gotNext = gotNext, got
				if i, ok := sameBits(stateBits(&got), stateBits(&want)); !ok {
					t.Fatalf("seed %d, year %d: state value %d is %v, Step gives %v", seed, y, i, stateBits(&got)[i], stateBits(&want)[i])
				}
				fte = Measure(&want, q, fte)
				given = nil
				if y%2 == 0 {
					eff = EffectiveFTE(eff, &got, p, &sc, live)
					given = live
				} else {
					eff = EffectiveFTE(eff, &got, p, &sc, nil)
				}
				for r := range fte {
					if math.Float64bits(eff[r]) != math.Float64bits(fte[r].EffectiveFTE) {
						t.Fatalf("seed %d, year %d, role %d: effective FTE %v, Measure gives %v", seed, y, r, eff[r], fte[r].EffectiveFTE)
					}
				}
			}
		})
	}
}

// TestStepScaledAllocs: once next and dst have grown, a year allocates
// nothing.
func TestStepScaledAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 0))
	p := randomParams(rng, 7, 2)
	cur, err := NewState(p, randomHeadcount(rng, 7))
	if err != nil {
		t.Fatal(err)
	}
	var next State
	var eff []float64
	sc := Scale{Exit: 1.1, Recruits: 0.9, Employment: 1, SickLeave: 1.2}
	run := func() {
		StepScaled(&next, cur, p, &sc, nil)
		eff = EffectiveFTE(eff, &next, p, &sc, nil)
	}
	run()
	if n := testing.AllocsPerRun(20, run); n != 0 {
		t.Errorf("%g allocations a year", n)
	}
}

// BenchmarkStepScaled compares a year of StepScaled and EffectiveFTE
// with Step and Measure on the scaled parameters, for 7 roles and one
// pipeline of each kind.
//
//	go test -run '^$' -bench StepScaled ./engine/supply/ | benchstat -
func BenchmarkStepScaled(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 0))
	p := randomParams(rng, 7, 0)
	p.Pipelines = []Pipeline{
		{Name: "out", Source: NoSource, Output: 0, PlacesPerYear: 10, Stages: []Stage{{DurationMonths: 12, CompletionRate: 0.9, DropoutRate: 0.1}}},
		{Name: "in", Source: 1, Output: 0, PlacesPerYear: 10, Stages: []Stage{{DurationMonths: 12, CompletionRate: 0.9, DropoutRate: 0.1}}},
	}
	cur, err := NewState(p, randomHeadcount(rng, 7))
	if err != nil {
		b.Fatal(err)
	}
	sc := Scale{Exit: 1.1, Recruits: 0.9, Employment: 1, SickLeave: 1.2}
	var next State
	b.Run("scaled", func(b *testing.B) {
		b.ReportAllocs()
		var eff []float64
		for b.Loop() {
			StepScaled(&next, cur, p, &sc, nil)
			eff = EffectiveFTE(eff, &next, p, &sc, nil)
		}
	})
	b.Run("step", func(b *testing.B) {
		b.ReportAllocs()
		q := scaledParams(p, &sc)
		var fte []RoleFTE
		for b.Loop() {
			Step(&next, cur, q, nil)
			fte = Measure(&next, q, fte)
		}
	})
}

// TestLiveAges checks liveAges against a scan of every cell, for staff
// at one or two random ages of a random tenure and sex, and none.
func TestLiveAges(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 0))
	for i := range 2000 {
		var p [NumTenures]population.Pyramid
		for range i % 3 {
			v := 1.0
			if rng.IntN(4) == 0 {
				v = math.Copysign(0, -1)
			}
			p[rng.IntN(NumTenures)][rng.IntN(population.NumSexes)][rng.IntN(population.NumAges)] = v
		}
		wantLo, wantHi := population.NumAges, -1
		for a := range population.NumAges {
			for tn := range NumTenures {
				for s := range population.NumSexes {
					if math.Float64bits(p[tn][s][a]) != 0 {
						wantLo, wantHi = min(wantLo, a), max(wantHi, a)
					}
				}
			}
		}
		if lo, hi := liveAges(&p); lo != wantLo || hi != wantHi {
			t.Fatalf("case %d: ages %d..%d, want %d..%d", i, lo, hi, wantLo, wantHi)
		}
	}
}
