package lap

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Classes are the instance classes of dense matrices that Generate draws,
// in the order the benchmark table lists them:
//
//   - "uniform": independent uniform integers in [0, 10^6).
//   - "geometric": candidates (rows) and workplaces (columns) as uniform
//     points in a 100 km × 100 km square; the cost is the default cost
//     model of engine/match (CostWeights defaults, Scale 10):
//     round(10·(km + 5·rank + 20·not preferred + 3·experience gap +
//     10·education gap + 0.5·|hours difference| + 0.05·wait days)).
//   - "clustered": the same cost model with the points drawn around 3 to
//     8 town centres (Gaussian, σ = 3 km) in a 200 km square, and the
//     distance in whole kilometres: many near-ties within a town.
//   - "heavy": heavy-tailed independent costs, round(e^(8 + 2.5·Z)) with
//     Z standard normal (log-normal), capped at 10^10; the median is
//     about 3 000, one cost in a thousand exceeds 7·10^6.
//
// Every cost is a non-negative integer below 10^10, so an optimal total
// at n ≤ 8 000 stays below 2^53 and scipy's float64 total is exact.
var Classes = []string{"uniform", "geometric", "clustered", "heavy"}

// CheckClass returns nil if name is one of Classes, else an error that
// lists them.
func CheckClass(name string) error {
	if !slices.Contains(Classes, name) {
		return fmt.Errorf("lap: unknown instance class %q (one of %v)", name, Classes)
	}
	return nil
}

// Generate returns the n×n row-major cost matrix of the named class drawn
// from PCG(seed, 13): the same class, n and seed give the same matrix. It
// panics if class is not one of Classes (CheckClass tells) or n < 0.
func Generate(class string, n int, seed uint64) []int64 {
	if n < 0 {
		panic("lap: negative size")
	}
	rnd := rand.New(rand.NewPCG(seed, 13))
	c := make([]int64, n*n)
	switch class {
	case "uniform":
		for k := range c {
			c[k] = rnd.Int64N(1_000_000)
		}
	case "geometric":
		rows, cols := people(rnd, n, nil), places(rnd, n, nil)
		modelCosts(c, rows, cols, false)
	case "clustered":
		towns := make([][2]float64, 3+rnd.IntN(6))
		for t := range towns {
			towns[t] = [2]float64{200 * rnd.Float64(), 200 * rnd.Float64()}
		}
		rows, cols := people(rnd, n, towns), places(rnd, n, towns)
		modelCosts(c, rows, cols, true)
	case "heavy":
		for k := range c {
			c[k] = int64(math.Round(math.Min(1e10, math.Exp(8+2.5*rnd.NormFloat64()))))
		}
	default:
		panic(CheckClass(class))
	}
	return c
}

// person is a candidate of the geometric classes, with the attributes the
// default cost model weighs (engine/match.Candidate).
type person struct {
	x, y       float64
	prefs      []int // preferred roles, best first; empty: no preference
	experience float64
	education  float64
	hours      float64
	available  float64 // day
}

// place is an opening at a workplace (engine/match.Opening).
type place struct {
	x, y          float64
	role          int
	minExperience float64
	minEducation  float64
	hours         float64
	start         float64 // day
}

const numRoles = 4

// point draws a point uniform in the 100 km square, or Gaussian (σ = 3
// km) around a uniformly chosen town.
func point(rnd *rand.Rand, towns [][2]float64) (float64, float64) {
	if len(towns) == 0 {
		return 100 * rnd.Float64(), 100 * rnd.Float64()
	}
	t := towns[rnd.IntN(len(towns))]
	return t[0] + 3*rnd.NormFloat64(), t[1] + 3*rnd.NormFloat64()
}

var hoursChoices = []float64{20, 30, 40}

func people(rnd *rand.Rand, n int, towns [][2]float64) []person {
	ps := make([]person, n)
	for i := range ps {
		p := &ps[i]
		p.x, p.y = point(rnd, towns)
		p.prefs = rnd.Perm(numRoles)[:rnd.IntN(numRoles)]
		p.experience = float64(rnd.IntN(8))
		p.education = float64(rnd.IntN(4))
		p.hours = hoursChoices[rnd.IntN(len(hoursChoices))]
		p.available = float64(rnd.IntN(60))
	}
	return ps
}

func places(rnd *rand.Rand, n int, towns [][2]float64) []place {
	ps := make([]place, n)
	for j := range ps {
		p := &ps[j]
		p.x, p.y = point(rnd, towns)
		p.role = rnd.IntN(numRoles)
		p.minExperience = float64(rnd.IntN(5))
		p.minEducation = float64(rnd.IntN(3))
		p.hours = hoursChoices[rnd.IntN(len(hoursChoices))]
		p.start = float64(rnd.IntN(120))
	}
	return ps
}

// modelCosts fills c with the default cost model of engine/match
// (engine/match/model.go components and CostWeights defaults); with
// wholeKm the distance is rounded to kilometres first.
func modelCosts(c []int64, rows []person, cols []place, wholeKm bool) {
	n := len(cols)
	for i := range rows {
		r := &rows[i]
		for j := range cols {
			p := &cols[j]
			km := math.Hypot(r.x-p.x, r.y-p.y)
			if wholeKm {
				km = math.Round(km)
			}
			sum := km
			if k := slices.Index(r.prefs, p.role); k >= 0 {
				sum += 5 * float64(k)
			} else if len(r.prefs) > 0 {
				sum += 5*float64(len(r.prefs)) + 20
			}
			sum += 3*max(0, p.minExperience-r.experience) + 10*max(0, p.minEducation-r.education)
			sum += 0.5*math.Abs(r.hours-p.hours) + 0.05*max(0, p.start-r.available)
			c[i*n+j] = int64(math.Round(10 * sum))
		}
	}
}
