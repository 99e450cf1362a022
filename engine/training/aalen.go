package training

import (
	"cmp"
	"math"
	"slices"
)

// Causes of the end of a course.
const (
	Censored  = 0 // still in the course on the day of the data
	Completed = 1 // completed the course
	Dropped   = 2 // left the programme during the course
)

// Obs is one participant's time in a course: from the day the course
// unlocked to its end, in days, and how it ended.
type Obs struct {
	Time  float64
	Cause int
}

// Curve is the Aalen–Johansen estimate of a course's two competing risks
// (see the package doc), at each distinct time of Obs in increasing
// order. Index i describes the time Times[i], just after its events.
type Curve struct {
	N                                     int // observations
	Times                                 []float64
	AtRisk, Completions, Dropouts, Censor []int
	// Survival is the Kaplan–Meier estimate of still being in the course,
	// SurvivalSE its Greenwood standard error.
	Survival, SurvivalSE []float64
	// Completion and Dropout are the cumulative incidences of the two
	// causes, with delta-method standard errors.
	Completion, CompletionSE []float64
	Dropout, DropoutSE       []float64
}

// AalenJohansen estimates the cumulative incidence of completion and of
// dropout from right-censored observations. At a time with both events
// and censorings the events come first: those censored then are at risk.
// It panics when a time is negative or NaN or a cause unknown, a bug of
// the caller, who builds the observations from checked records.
func AalenJohansen(obs []Obs) *Curve {
	o := slices.Clone(obs)
	for _, x := range o {
		if !(x.Time >= 0) || x.Cause < Censored || x.Cause > Dropped {
			panic("training: bad observation")
		}
	}
	slices.SortFunc(o, func(a, b Obs) int { return cmp.Compare(a.Time, b.Time) })
	c := &Curve{N: len(o)}
	n := len(o)
	s, f1, f2 := 1.0, 0.0, 0.0
	// Running sums of the variance expansions (see cifVar).
	var gw float64
	var v1, v2 cifSums
	for i := 0; i < len(o); {
		t := o[i].Time
		var d [3]int
		k := i
		for ; k < len(o) && o[k].Time == t; k++ {
			d[o[k].Cause]++
		}
		nj, dj := float64(n), float64(d[1]+d[2])
		sPrev := s
		f1 += sPrev * float64(d[1]) / nj
		f2 += sPrev * float64(d[2]) / nj
		s *= 1 - dj/nj
		a := 0.0
		if dj > 0 && dj < nj {
			a = dj / (nj * (nj - dj))
		}
		gw += a
		v1.add(a, f1, sPrev, float64(d[1]), nj)
		v2.add(a, f2, sPrev, float64(d[2]), nj)
		c.Times = append(c.Times, t)
		c.AtRisk = append(c.AtRisk, n)
		c.Completions = append(c.Completions, d[1])
		c.Dropouts = append(c.Dropouts, d[2])
		c.Censor = append(c.Censor, d[0])
		c.Survival = append(c.Survival, s)
		c.SurvivalSE = append(c.SurvivalSE, s*math.Sqrt(gw))
		c.Completion = append(c.Completion, f1)
		c.CompletionSE = append(c.CompletionSE, math.Sqrt(max(0, v1.at(f1))))
		c.Dropout = append(c.Dropout, f2)
		c.DropoutSE = append(c.DropoutSE, math.Sqrt(max(0, v2.at(f2))))
		n -= k - i
		i = k
	}
	return c
}

// cifSums holds the running sums of the delta-method variance of a
// cumulative incidence F (Marubini & Valsecchi 1995; Pintilie 2006,
// eq. 4.5):
//
//	Var F(t) = Σ_{tj≤t} (F(t)−F(tj))² dj/(nj(nj−dj))
//	         + Σ_{tj≤t} S(tj−)² dkj (nj−dkj)/nj³
//	         − 2 Σ_{tj≤t} (F(t)−F(tj)) S(tj−) dkj/nj²
//
// expanded in powers of F(t) so that it costs O(1) per time.
type cifSums struct{ a, fa, ffa, d, e, fe float64 }

func (v *cifSums) add(a, f, sPrev, dk, n float64) {
	v.a += a
	v.fa += f * a
	v.ffa += f * f * a
	v.d += sPrev * sPrev * dk * (n - dk) / (n * n * n)
	e := sPrev * dk / (n * n)
	v.e += e
	v.fe += f * e
}

func (v *cifSums) at(f float64) float64 {
	return f*f*v.a - 2*f*v.fa + v.ffa + v.d - 2*(f*v.e-v.fe)
}

// index returns the index of the last time ≤ t, or -1.
func (c *Curve) index(t float64) int {
	i, found := slices.BinarySearch(c.Times, t)
	if found {
		return i
	}
	return i - 1
}

// At returns the survival and the two cumulative incidences at time t
// (days): the values of the last time ≤ t; 1, 0, 0 before the first.
func (c *Curve) At(t float64) (surv, completion, dropout float64) {
	i := c.index(t)
	if i < 0 {
		return 1, 0, 0
	}
	return c.Survival[i], c.Completion[i], c.Dropout[i]
}

// LogLogBand returns the pointwise confidence interval at level 1−α (z the
// normal quantile, 1.96 for 95 %) of a cumulative incidence F with
// standard error se, on the log(−log) scale so that it stays in [0, 1]:
// F^exp(±z se/(F log F)). When F is 0 or 1 or se is 0 the band is F.
func LogLogBand(f, se, z float64) (lo, hi float64) {
	if f <= 0 || f >= 1 || se == 0 {
		return f, f
	}
	w := z * se / (f * math.Log(f))
	a, b := math.Pow(f, math.Exp(w)), math.Pow(f, math.Exp(-w))
	return min(a, b), max(a, b)
}

// Last returns the index of the last time, or -1 for an empty curve.
func (c *Curve) Last() int { return len(c.Times) - 1 }
