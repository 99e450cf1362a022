package supply

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/caregap/caregap/engine/population"
)

// TestFlowBalanceRandom runs 17 years on random parameters, redrawn every
// year as a forecast's levers would change them, and checks the flow
// balance of every role and pipeline, that no stock turns negative, and
// that measures stay finite.
func TestFlowBalanceRandom(t *testing.T) {
	const years = 17
	for _, seed := range seeds(1, 2, 3, 4, 5, 6, 7, 8) {
		rng := rand.New(rand.NewPCG(seed, 0x5eed))
		nr, np := 1+rng.IntN(7), rng.IntN(4)
		p := randomParams(rng, nr, np)
		cur, err := NewState(p, randomHeadcount(rng, nr))
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if rng.IntN(2) == 0 {
			cur.SetSteadyTrainees(p)
		}
		next := new(State)
		var f Flows
		var fte []RoleFTE
		for y := range years {
			if y > 0 {
				// Redraw the rates but keep the pipelines' shapes, so
				// the state still fits.
				q := randomParams(rng, nr, 0)
				q.Pipelines = p.Pipelines
				p = q
			}
			if err := Validate(p); err != nil {
				t.Fatalf("seed %d year %d: random params invalid: %v", seed, y, err)
			}
			Step(next, cur, p, &f)
			if v := CheckFlows(cur, next, &f); !(v <= 1e-9) {
				t.Fatalf("seed %d year %d: flow balance violated by %g", seed, y, v)
			}
			if v := sectorBalance(cur, next, p, &f); !(v <= 1e-9) {
				t.Fatalf("seed %d year %d: sector balance violated by %g", seed, y, v)
			}
			if r, ok := nonNegative(next); !ok {
				t.Fatalf("seed %d year %d: negative or NaN stock in role %d", seed, y, r)
			}
			fte = Measure(next, p, fte)
			for r, m := range fte {
				if !(m.EffectiveFTE >= 0 && m.EffectiveFTE <= m.ContractedFTE+1e-9 &&
					m.ContractedFTE <= m.Headcount+1e-9 && !math.IsInf(m.Headcount, 0)) {
					t.Fatalf("seed %d year %d role %d: measures %+v", seed, y, r, m)
				}
			}
			cur, next = next, cur
		}
	}
}

// sectorBalance returns the relative violation of the balance of the
// sector as a whole: persons in roles and in pipelines with a source role
// change only by exits, retirements, recruits, matched entrants and
// graduates of pipelines from outside the workforce. Nobody is created.
func sectorBalance(cur, next *State, p *Params, f *Flows) float64 {
	persons := func(s *State) float64 {
		var n float64
		for r := range s.Stock {
			n += s.Headcount(r)
		}
		for i := range p.Pipelines {
			if p.Pipelines[i].Source != NoSource {
				n += sum(s.Trainees[i])
			}
		}
		return n
	}
	want := persons(cur)
	for _, fl := range f.Roles {
		want += fl.Recruits + fl.MatchedEntrants - fl.Exits - fl.Retirements
	}
	for i := range p.Pipelines {
		if p.Pipelines[i].Source == NoSource {
			want += f.Pipelines[i].Graduates
		}
	}
	return math.Abs(persons(next)-want) / max(1, want)
}

// nonNegative reports whether every stock and trainee count of s is
// non-negative (and not NaN), and otherwise the first bad role (-1 for a
// pipeline).
func nonNegative(s *State) (int, bool) {
	for r := range s.Stock {
		for ten := range NumTenures {
			for sex := range population.NumSexes {
				for _, v := range s.Stock[r][ten][sex] {
					if !(v >= 0) {
						return r, false
					}
				}
			}
		}
	}
	for _, x := range s.Trainees {
		for _, v := range x {
			if !(v >= 0) {
				return -1, false
			}
		}
	}
	return 0, true
}

// TestSteadyTraineesRandom checks that one year from the steady state of a
// random pipeline leaves the trainees unchanged and graduates
// 12 c_K finishers_K.
func TestSteadyTraineesRandom(t *testing.T) {
	for _, seed := range seeds(11, 12, 13, 14, 15) {
		rng := rand.New(rand.NewPCG(seed, 0x5eed))
		pl := randomParams(rng, 2, 1).Pipelines[0]
		x := SteadyTrainees(nil, &pl)
		y := append([]float64(nil), x...)
		var pf PipelineFlows
		advance(y, &pl, 12, &pf)
		for k := range x {
			if !near(y[k], x[k], 1e-10) {
				t.Errorf("seed %d stage %d: %g after a year, steady state %g", seed, k, y[k], x[k])
			}
		}
		// Graduates per year in the steady state: the intake times the
		// product over stages of the share who pass.
		want := pl.PlacesPerYear
		for k := range pl.Stages {
			d, phi := monthly(&pl.Stages[k])
			want *= (1 - d) * phi / (1 - (1-d)*(1-phi)) * pl.Stages[k].CompletionRate
		}
		if !near(pf.Graduates, want, 1e-10) {
			t.Errorf("seed %d: %g graduates, want %g", seed, pf.Graduates, want)
		}
	}
}

func TestStepAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 0x5eed))
	p := randomParams(rng, 7, 3)
	cur, err := NewState(p, randomHeadcount(rng, 7))
	if err != nil {
		t.Fatal(err)
	}
	next := new(State)
	var f Flows
	var fte []RoleFTE
	Step(next, cur, p, &f) // sizes next and f
	fte = Measure(next, p, fte)
	dst := make([]float64, len(p.Pipelines[0].Stages))
	if n := testing.AllocsPerRun(20, func() {
		Step(next, cur, p, &f)
		fte = Measure(next, p, fte)
		SteadyTrainees(dst, &p.Pipelines[0])
	}); n != 0 {
		t.Errorf("%g allocations per Step, Measure and SteadyTrainees with reused memory, want 0", n)
	}
	if n := testing.AllocsPerRun(20, func() { Step(next, cur, p, nil) }); n != 0 {
		t.Errorf("%g allocations per Step without flows, want 0", n)
	}
}

// BenchmarkStep steps a region for one year: roles=7 is the default
// dataset's role list, with 3 pipelines of 6 stages (an introduction and
// five courses). Compare runs with
//
//	go test ./engine/supply/ -run '^$' -bench Step -count 10 > new.txt
//	benchstat old.txt new.txt
func BenchmarkStep(b *testing.B) {
	for _, nr := range []int{1, 7, 20} {
		b.Run(fmt.Sprintf("roles=%d", nr), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 0x5eed))
			p := randomParams(rng, nr, 3)
			for i := range p.Pipelines {
				p.Pipelines[i].Stages = make([]Stage, 6)
				for k := range p.Pipelines[i].Stages {
					p.Pipelines[i].Stages[k] = Stage{DurationMonths: 3, CompletionRate: 0.9, DropoutRate: 0.1}
				}
			}
			cur, err := NewState(p, randomHeadcount(rng, nr))
			if err != nil {
				b.Fatal(err)
			}
			cur.SetSteadyTrainees(p)
			next := new(State)
			var f Flows
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				Step(next, cur, p, &f)
				n++
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "region-years/s")
		})
	}
}
