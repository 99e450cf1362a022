package supply

import (
	"flag"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/caregap/caregap/engine/population"
)

// seedFlag replaces the fixed seeds of the randomised tests, to replay a
// failure: go test ./engine/supply/ -run Random -supply.seed=N
var seedFlag = flag.Uint64("supply.seed", 0, "seed of the randomised tests (0: the fixed seeds)")

// seeds returns the seeds a randomised test runs with.
func seeds(fixed ...uint64) []uint64 {
	if *seedFlag != 0 {
		return []uint64{*seedFlag}
	}
	return fixed
}

// cell addresses one sex-age cell of a role's stock.
type cell struct {
	role, tenure int
	sex          population.Sex
	age          int
	n            float64
}

// stateOf builds a state shaped for p holding the given cells.
func stateOf(t testing.TB, p *Params, cells ...cell) *State {
	t.Helper()
	s, err := NewState(p, make([]population.Pyramid, len(p.Roles)))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cells {
		s.Stock[c.role][c.tenure][c.sex][c.age] += c.n
	}
	return s
}

// checkCells fails t unless s holds exactly the given cells, to within tol,
// and zero elsewhere.
func checkCells(t *testing.T, s *State, tol float64, cells ...cell) {
	t.Helper()
	want := make([][NumTenures]population.Pyramid, len(s.Stock))
	for _, c := range cells {
		want[c.role][c.tenure][c.sex][c.age] += c.n
	}
	for r := range s.Stock {
		for ten := range NumTenures {
			for sex := range population.NumSexes {
				for a := range population.NumAges {
					got, w := s.Stock[r][ten][sex][a], want[r][ten][sex][a]
					if !near(got, w, tol) {
						t.Errorf("role %d tenure %d %v age %d: got %.12g, want %.12g",
							r, ten, population.Sex(sex), a, got, w)
					}
				}
			}
		}
	}
}

// near reports whether got is within tol of want, relative to max(1, |want|).
func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*max(1, math.Abs(want))
}

// constAges returns an age schedule with rate v at every age.
func constAges(v float64) [population.NumAges]float64 {
	var x [population.NumAges]float64
	for a := range x {
		x[a] = v
	}
	return x
}

// randomParams draws valid parameters for nr roles and np pipelines: rates
// of the size seen in municipal care, transitions with row sums up to 1,
// and pipelines from within and from outside the workforce.
func randomParams(rng *rand.Rand, nr, np int) *Params {
	p := &Params{
		Roles:            make([]string, nr),
		ExitRate:         make([][population.NumAges]float64, nr),
		RetirementRate:   make([][population.NumAges]float64, nr),
		NewStaffExitRate: make([]float64, nr),
		EmploymentRate:   make([]population.Pyramid, nr),
		SickLeaveRate:    make([]population.Pyramid, nr),
		Transitions:      make([][]float64, nr),
		Recruits:         make([]population.Pyramid, nr),
		MatchedEntrants:  make([]float64, nr),
	}
	for r := range nr {
		p.Roles[r] = string(rune('a' + r))
		for a := range population.NumAges {
			p.ExitRate[r][a] = 0.15 * rng.Float64()
			if a >= 60 {
				p.RetirementRate[r][a] = min(1, float64(a-59)*0.1*rng.Float64())
			}
			if a == 75 {
				p.RetirementRate[r][a] = 1
			}
			for s := range population.NumSexes {
				p.EmploymentRate[r][s][a] = 0.5 + 0.5*rng.Float64()
				p.SickLeaveRate[r][s][a] = 0.1 * rng.Float64()
				if a >= 18 && a <= 60 && rng.IntN(4) == 0 {
					p.Recruits[r][s][a] = 5 * rng.Float64()
				}
			}
		}
		p.NewStaffExitRate[r] = 0.3 * rng.Float64()
		if rng.IntN(3) == 0 {
			p.Recruits[r] = population.Pyramid{} // matched entrants fall back to the default profile
		}
		p.MatchedEntrants[r] = 20 * rng.Float64()
		row := make([]float64, nr)
		left := 1.0
		for to := range row {
			if to != r && rng.IntN(2) == 0 {
				row[to] = left * rng.Float64()
				left -= row[to]
			}
		}
		p.Transitions[r] = row
	}
	if rng.IntN(2) == 0 {
		p.MatchedProfile[population.Female][20+rng.IntN(30)] = 1
		p.MatchedProfile[population.Male][20+rng.IntN(30)] = rng.Float64()
	}
	for i := range np {
		pl := Pipeline{
			Name:          string(rune('p' + i)),
			Source:        rng.IntN(nr+1) - 1,
			Output:        rng.IntN(nr),
			PlacesPerYear: 200 * rng.Float64(),
		}
		if pl.Source == pl.Output {
			pl.Source = NoSource
		}
		for range 1 + rng.IntN(6) {
			pl.Stages = append(pl.Stages, Stage{
				DurationMonths: 0.5 + 12*rng.Float64(),
				CompletionRate: 0.5 + 0.5*rng.Float64(),
				DropoutRate:    0.3 * rng.Float64(),
			})
		}
		p.Pipelines = append(p.Pipelines, pl)
	}
	return p
}

// randomHeadcount draws a base-year workforce of working ages.
func randomHeadcount(rng *rand.Rand, nr int) []population.Pyramid {
	h := make([]population.Pyramid, nr)
	for r := range h {
		for s := range population.NumSexes {
			for a := 18; a <= 70; a++ {
				h[r][s][a] = 50 * rng.Float64()
			}
		}
	}
	return h
}
