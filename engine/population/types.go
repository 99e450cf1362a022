package population

// MaxAge is the open-ended top age group: index MaxAge holds everyone aged
// MaxAge and over.
const MaxAge = 100

// NumAges is the number of one-year age groups, 0..MaxAge.
const NumAges = MaxAge + 1

// Sex indexes the first dimension of a Pyramid.
type Sex int

// The two sexes, in the order of SCB's Kon codes (1 = men, 2 = women).
const (
	Male Sex = iota
	Female
)

// NumSexes is the number of sexes.
const NumSexes = 2

// String returns "M" or "F", the codes used in the datasets.
func (s Sex) String() string {
	if s == Female {
		return "F"
	}
	return "M"
}

// Pyramid holds persons by sex and one-year age on 31 December of a year.
// Counts are float64: projections are expected values, not integers.
type Pyramid [NumSexes][NumAges]float64

// Total returns the number of persons of both sexes and all ages.
func (p *Pyramid) Total() float64 { return p.Range(0, MaxAge) }

// Range returns the persons of both sexes aged lo..hi inclusive; hi is
// clipped to MaxAge.
func (p *Pyramid) Range(lo, hi int) float64 {
	if hi > MaxAge {
		hi = MaxAge
	}
	var s float64
	for sex := range NumSexes {
		for a := lo; a <= hi; a++ {
			s += p[sex][a]
		}
	}
	return s
}
