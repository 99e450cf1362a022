package defaultdata

import "math"

// Index ranges of the datasets (see datasets/rows.go): one-year ages 0..100,
// where 100 means 100 and over, and two sexes, 0 = men ("M"), 1 = women
// ("F"), in the order of SCB's Kon codes.
const (
	maxAge  = 100
	numAges = maxAge + 1
	numSex  = 2
)

// sexCode is the dataset code of sex index s.
var sexCode = [numSex]string{"M", "F"}

// pyramid holds persons by sex and one-year age.
type pyramid [numSex][numAges]float64

// total returns the persons of both sexes aged lo..hi inclusive.
func (p *pyramid) total(lo, hi int) float64 {
	var t float64
	for s := range numSex {
		for a := lo; a <= min(hi, maxAge); a++ {
			t += p[s][a]
		}
	}
	return t
}

// nationalStructure is the age and sex structure given to every region
// before its tilt: SCB's projected mean population of 2026
// (nationalMeanPop2026). Mean population by age at the end of the year
// approximates the population on 31 December, except at age 0: children
// born during the year are present for half of it on average, so the mean
// population of age 0 is about half the number alive at the end of the
// year, and it is doubled here. Using 2026 for the base year 2024 shifts the
// structure by about a year and a half; acceptable for illustrative data.
func nationalStructure() pyramid {
	var p pyramid
	for s := range numSex {
		for a := range numAges {
			p[s][a] = nationalMeanPop2026[s][a]
		}
		p[s][0] *= 2
	}
	return p
}

// nationalDeathProb converts SCB's projected deaths and mean population of
// 2026 into the cohort probability that the population model applies: the
// probability that a person of age a at the end of the year, alive at its
// start, dies during it (datasets.DeathRate).
//
// Deaths and mean population are both counted by age at the end of the
// year, so m = deaths / mean population is the central death rate of one
// birth cohort over one calendar year (a Lexis parallelogram). With a
// constant hazard over that year the probability of dying is
// q = 1 − exp(−m). At age 0 the cohort is born during the year; the number
// born is about twice the mean population (see nationalStructure), so the
// probability that a child born during the year dies before its end is
// deaths / (2 × mean population). The open group 100 uses the same formula
// with the summed 100..105+ counts.
func nationalDeathProb() [numSex][numAges]float64 {
	var q [numSex][numAges]float64
	for s := range numSex {
		for a := range numAges {
			d, m := nationalDeaths2026[s][a], nationalMeanPop2026[s][a]
			if a == 0 {
				q[s][a] = d / (2 * m)
				continue
			}
			q[s][a] = 1 - math.Exp(-d/m)
		}
	}
	return q
}

// Fertility: SCB reports a total fertility rate of 1.43 children per woman
// for 2024 and a mean age at childbirth of about 31-32. The schedule is an
// assumption of that shape: a Gaussian in the mother's age, peaking at 31.5,
// wider below the peak (sd 5.2 years) than above it (sd 4.8), over ages
// 15..49 and scaled so the rates sum to 1.43.
const (
	totalFertility   = 1.43 // SCB, 2024
	fertilityPeakAge = 31.5 // assumption, near SCB's mean age at childbirth
	minMotherAge     = 15
	maxMotherAge     = 49
)

// fertilitySchedule returns births per woman and year by mother's age
// minMotherAge..maxMotherAge.
func fertilitySchedule() []float64 {
	f := make([]float64, maxMotherAge-minMotherAge+1)
	var sum float64
	for i := range f {
		x := float64(minMotherAge+i) - fertilityPeakAge
		sd := 5.2
		if x > 0 {
			sd = 4.8
		}
		f[i] = math.Exp(-0.5 * x * x / (sd * sd))
		sum += f[i]
	}
	for i := range f {
		f[i] *= totalFertility / sum
	}
	return f
}
