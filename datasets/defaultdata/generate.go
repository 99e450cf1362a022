package defaultdata

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/caregap/caregap/datasets"
)

// GenerateConfig configures Generate. The zero value of a field means its
// documented default.
type GenerateConfig struct {
	// Regions is the number of regions; default 290, the number of
	// Swedish municipalities.
	Regions int
	// Seed seeds the PCG random source; the same seed gives the same
	// bundle.
	Seed uint64
	// BaseYear is the year of the population and workforce; default 2024.
	BaseYear int
}

// Size distribution of generated regions (assumptions shaped to Swedish
// municipalities: median about 16 000 inhabitants, a long upper tail of a
// few cities of several hundred thousand).
const (
	genMedianPersons = 16000
	genSizeSigma     = 0.9  // log-normal spread
	genCityChance    = 0.03 // chance of a region being a city 4-20 times larger
	genMinPersons    = 2400
	genMaxPersons    = 1000000
	genGroupSize     = 15   // regions per group, like a county
	genStepwiseShare = 0.15 // share of regions running a stepwise programme
)

// Generate returns a synthetic bundle of cfg.Regions made-up regions
// ("S001", "S002", ...) with the structure of the default dataset:
// sizes drawn from a log-normal distribution, smaller regions older and
// shrinking, larger ones younger and growing, local variation in care use,
// staffing mix and base-year gap, and a stepwise programme in about one
// region in seven. Deterministic per seed. It panics if cfg.Regions is
// negative.
func Generate(cfg GenerateConfig) *datasets.Bundle {
	if cfg.Regions < 0 {
		panic("defaultdata: negative number of regions")
	}
	if cfg.Regions == 0 {
		cfg.Regions = 290
	}
	if cfg.BaseYear == 0 {
		cfg.BaseYear = 2024
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x6361726567617021)) // second word: "caregap!"
	width := max(3, len(fmt.Sprint(cfg.Regions)))
	specs := make([]regionSpec, cfg.Regions)
	for i := range specs {
		persons := genMedianPersons * math.Exp(genSizeSigma*rng.NormFloat64())
		if rng.Float64() < genCityChance {
			persons *= 4 + 16*rng.Float64()
		}
		persons = math.Round(min(max(persons, genMinPersons), genMaxPersons))
		size := math.Log(persons / genMedianPersons) // 0 at the median
		s := regionSpec{
			code:    fmt.Sprintf("S%0*d", width, i+1),
			group:   fmt.Sprintf("Synthetic group %02d", i/genGroupSize+1),
			persons: persons,
			// Smaller regions are older (80+ share up to about 8 %),
			// larger ones younger (about 4 %).
			tilt:      clamp(-0.12*size+0.08*rng.NormFloat64(), -0.35, 0.45),
			growth:    clamp(0.002*size+0.001+0.002*rng.NormFloat64(), -0.006, 0.012),
			careUse:   clamp(1+0.04*rng.NormFloat64(), 0.85, 1.15),
			aideShift: 0.08 * rng.Float64(),
		}
		if persons > 100000 {
			s.students = 0.1 + 0.25*rng.Float64()
		}
		s.name = "Synthetic region " + s.code
		if rng.Float64() < genStepwiseShare {
			// Places per inhabitant as in the Dalarna programme: 1 150
			// staff over three years in about 134 000 inhabitants.
			s.stepwisePlaces = stepwiseParticipants / stepwiseYears * persons / 134000
		}
		for r := range numRoles {
			s.gap[r] = 0.02 + 0.03*rng.Float64()
		}
		specs[i] = s
	}
	return build(specs, cfg.BaseYear)
}

func clamp(x, lo, hi float64) float64 { return min(max(x, lo), hi) }
