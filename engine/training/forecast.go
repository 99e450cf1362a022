package training

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// ForecastSettings tune Forecast; the zero value means the defaults.
type ForecastSettings struct {
	// Months is the horizon in calendar months after AsOf's month, which
	// is month 0 (its remaining days). [24]
	Months int
	// Draws is the number of simulated futures. [1000]
	Draws int
	// Level is the coverage of the band. [0.9]
	Level float64
	// MinGroup is the fewest observations of a course in a municipality
	// for its own curve to be used; below, the pooled curve is. [30]
	MinGroup int
	// Intake is the number of new participants a month per municipality
	// over the horizon; nil: none, only those in progress.
	Intake map[string]float64
	// PendingDays is how long after completing the last step a
	// participant without a certificate is still expected to get one;
	// older completions without a certificate are not counted. [90]
	PendingDays int
	// Bootstrap is the number of bootstrap re-estimates of the curves the
	// draws cycle through, each from the participants resampled with
	// replacement; the band then holds the uncertainty of the estimates
	// too. 0: [200]; negative: none, every draw uses the estimates given.
	Bootstrap int
	// Src is the random source; nil: a PCG seeded with 1.
	Src rand.Source
}

func (s ForecastSettings) withDefaults() ForecastSettings {
	if s.Months <= 0 {
		s.Months = 24
	}
	if s.Draws <= 0 {
		s.Draws = 1000
	}
	if s.Level <= 0 || s.Level >= 1 {
		s.Level = 0.9
	}
	if s.MinGroup <= 0 {
		s.MinGroup = 30
	}
	if s.Bootstrap == 0 {
		s.Bootstrap = 200
	}
	if s.PendingDays <= 0 {
		s.PendingDays = 90
	}
	if s.Src == nil {
		s.Src = rand.NewPCG(1, 0)
	}
	return s
}

// Band is a mean and a band of a simulated count.
type Band struct{ Mean, Lo, Hi float64 }

// RegionForecast is the certificate forecast of one municipality (or,
// with Region "", of all).
type RegionForecast struct {
	Region string
	Target int
	// Issued are the certificates issued by AsOf.
	Issued int
	// Monthly[m] are the certificates of month m; Cumulative[m] the
	// certificates issued by the end of month m, Issued included.
	Monthly, Cumulative []Band
	// PacePerMonth is today's pace: certificates of the twelve months up
	// to AsOf, per month.
	PacePerMonth float64
	// TargetByPace is the day the target is reached at today's pace, or
	// NoDay when the pace is zero; AsOf when it is reached already.
	TargetByPace int
	// TargetMonth is the first month whose mean cumulative reaches the
	// target, or -1 within the horizon.
	TargetMonth int
}

// CertificateForecast is the forecast of the certificates of the last
// step of a programme.
type CertificateForecast struct {
	AsOf int
	// Months are the first days of months 0..n-1 (month 0 is AsOf's).
	Months  []int
	Level   float64
	Total   RegionForecast
	Regions []RegionForecast
}

// Forecast simulates the journeys in progress on est.AsOf forward, course
// after course, with the estimated curves: a participant now t days into
// a course ends it at time u > t with cause k with probability
// S(u−) dk(u)/n(u) / S(t) (the Aalen–Johansen jumps after t); with the
// probability S(τ)/S(t) left beyond the last time τ, the course ends
// after τ at the exponential rate of its StageFit, completed with
// probability P. Each next course starts on the completion day and draws
// from its whole curve. A participant who completes the last course of
// the last step is certified after the median delay seen in the data
// between completing a step and its certificate; one who completed it
// before AsOf and has none is certified after that delay, or the day
// after AsOf, when the completion is at most PendingDays old. Curves are the
// municipality's own when it has MinGroup observations of the course,
// else the pooled ones. With Bootstrap, draw d uses the curves
// re-estimated from the d-th (modulo Bootstrap) resample of the
// participants, so the band covers the uncertainty of the estimates.
func Forecast(r *Register, est *Estimates, s ForecastSettings) *CertificateForecast {
	s = s.withDefaults()
	rng := rand.New(s.Src)
	p := r.Programme
	asOf := est.AsOf
	lastStep := p.Steps()
	delay := certificateDelay(r, lastStep, asOf)
	t0 := time.Unix(int64(asOf)*86400, 0).UTC()
	first := time.Date(t0.Year(), t0.Month(), 1, 0, 0, 0, 0, time.UTC)
	fc := &CertificateForecast{AsOf: asOf, Level: s.Level}
	for m := 0; m <= s.Months; m++ {
		fc.Months = append(fc.Months, Day(first.AddDate(0, m, 0)))
	}
	end := fc.Months[s.Months]
	fc.Months = fc.Months[:s.Months]
	month := func(day int) int {
		i, found := slices.BinarySearch(fc.Months, day)
		if !found {
			i--
		}
		return i
	}
	regions := make([]string, len(r.Sites))
	for i, st := range r.Sites {
		regions[i] = st.Region
	}
	ri := func(region string) int { return slices.Index(regions, region) }
	// Estimates of the draws: est itself, or bootstrap re-estimates
	// (participants resampled with replacement) so that the band holds
	// the uncertainty of the curves as well as the chance of the process.
	ests := []*Estimates{est}
	if s.Bootstrap > 0 {
		ests = ests[:0]
		for range s.Bootstrap {
			ests = append(ests, Estimate(resample(rng, r), asOf))
		}
	}
	var cur *Estimates
	curve := func(region string, c int) *CourseEstimate {
		if g := cur.Group(region); g != nil && g.Courses[c].Curve.N >= s.MinGroup && g.Courses[c].Fit.Q > 0 {
			return &g.Courses[c]
		}
		if cur.Pooled.Courses[c].Fit.Q > 0 {
			return &cur.Pooled.Courses[c]
		}
		return &est.Pooled.Courses[c]
	}
	// counts[d][r][m]
	counts := make([][][]float64, s.Draws)
	lastC := len(p.Courses) - 1
	for d := range counts {
		cur = ests[d%len(ests)]
		cnt := make([][]float64, len(regions))
		for i := range cnt {
			cnt[i] = make([]float64, s.Months)
		}
		certify := func(region string, day int) {
			if day > asOf && day < end {
				if i := ri(region); i >= 0 {
					cnt[i][month(day)]++
				}
			}
		}
		// run simulates from course c, elapsed days into it, unlocked on
		// day u, and certifies on completion of the last course.
		run := func(region string, c, elapsed, u int) {
			for ; c <= lastC && u < end; c++ {
				dt, ok := drawEnd(rng, curve(region, c), float64(elapsed))
				if !ok || float64(u+elapsed)+dt >= float64(end) {
					return
				}
				u += elapsed + int(math.Round(dt))
				elapsed = 0
			}
			if c > lastC {
				certify(region, u+delay)
			}
		}
		for _, j := range r.Journeys {
			if j.Start > asOf || (j.Left != NoDay && j.Left <= asOf) {
				continue
			}
			if j.Certified[lastStep-1] != NoDay && j.Certified[lastStep-1] <= asOf {
				continue
			}
			c := currentOn(j, asOf)
			if c > lastC {
				if done := j.StepDone(p, lastStep); asOf-done <= s.PendingDays {
					certify(j.Region, max(asOf+1, done+delay))
				}
				continue
			}
			u := j.Unlocked(c)
			run(j.Region, c, asOf-u, u)
		}
		for region, per := range s.Intake {
			for m := range s.Months {
				n := int(per)
				if rng.Float64() < per-float64(n) {
					n++
				}
				lo := max(fc.Months[m], asOf+1)
				hi := end
				if m+1 < s.Months {
					hi = fc.Months[m+1]
				}
				for range n {
					start := lo + rng.IntN(max(1, hi-lo))
					run(region, 0, 0, start)
				}
			}
		}
		counts[d] = cnt
	}
	fc.Total = RegionForecast{TargetMonth: -1}
	for i, st := range r.Sites {
		rf := RegionForecast{Region: st.Region, Target: st.Target, TargetMonth: -1}
		fc.Total.Target += st.Target
		series := make([][]float64, s.Draws)
		for d := range series {
			series[d] = counts[d][i]
		}
		rf.fill(r, asOf, series, s.Level)
		fc.Regions = append(fc.Regions, rf)
	}
	tot := make([][]float64, s.Draws)
	for d := range tot {
		tot[d] = make([]float64, s.Months)
		for i := range regions {
			for m, v := range counts[d][i] {
				tot[d][m] += v
			}
		}
	}
	fc.Total.fill(r, asOf, tot, s.Level)
	return fc
}

// resample returns a register of len(r.Journeys) journeys of r drawn
// with replacement; the journeys are shared, not copied.
func resample(rng *rand.Rand, r *Register) *Register {
	b := *r
	b.Journeys = make([]*Journey, len(r.Journeys))
	for i := range b.Journeys {
		b.Journeys[i] = r.Journeys[rng.IntN(len(r.Journeys))]
	}
	return &b
}

// fill computes the bands of rf from the simulated monthly counts of
// each draw, and the pace and target dates.
func (rf *RegionForecast) fill(r *Register, asOf int, series [][]float64, level float64) {
	lastStep := r.Programme.Steps()
	var recent int
	for _, j := range r.Journeys {
		if rf.Region != "" && j.Region != rf.Region {
			continue
		}
		if d := j.Certified[lastStep-1]; d != NoDay && d <= asOf {
			rf.Issued++
			if d > asOf-365 {
				recent++
			}
		}
	}
	rf.PacePerMonth = float64(recent) / 12
	switch {
	case rf.Issued >= rf.Target:
		rf.TargetByPace = asOf
	case recent == 0:
		rf.TargetByPace = NoDay
	default:
		rf.TargetByPace = asOf + int(math.Ceil(float64(rf.Target-rf.Issued)/rf.PacePerMonth*DaysPerMonth))
	}
	months := len(series[0])
	cum := make([][]float64, len(series))
	for d := range series {
		cum[d] = make([]float64, months)
		acc := float64(rf.Issued)
		for m, v := range series[d] {
			acc += v
			cum[d][m] = acc
		}
	}
	rf.Monthly = bands(series, level)
	rf.Cumulative = bands(cum, level)
	for m, b := range rf.Cumulative {
		if b.Mean >= float64(rf.Target) {
			rf.TargetMonth = m
			break
		}
	}
}

// bands returns per month the mean and the central level-interval of the
// draws (empirical quantiles, type 7).
func bands(draws [][]float64, level float64) []Band {
	months := len(draws[0])
	out := make([]Band, months)
	col := make([]float64, len(draws))
	for m := range months {
		var sum float64
		for d := range draws {
			col[d] = draws[d][m]
			sum += col[d]
		}
		slices.Sort(col)
		out[m] = Band{Mean: sum / float64(len(col)), Lo: quantile(col, (1-level)/2), Hi: quantile(col, (1+level)/2)}
	}
	return out
}

func quantile(sorted []float64, q float64) float64 {
	h := q * float64(len(sorted)-1)
	i := int(h)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}

// currentOn returns the first course of j not completed by day asOf.
func currentOn(j *Journey, asOf int) int {
	for c := range j.Done {
		if d := j.CourseDone(c); d == NoDay || d > asOf {
			return c
		}
	}
	return len(j.Done)
}

// certificateDelay returns the median days from completing the step to
// its certificate among certificates issued by asOf; 0 without any.
func certificateDelay(r *Register, step, asOf int) int {
	var ds []int
	for _, j := range r.Journeys {
		if c := j.Certified[step-1]; c != NoDay && c <= asOf {
			ds = append(ds, c-j.StepDone(r.Programme, step))
		}
	}
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// drawEnd draws the remaining days in a course for a participant elapsed
// days into it, and whether the course is completed (false: dropped
// out).
func drawEnd(rng *rand.Rand, ce *CourseEstimate, elapsed float64) (float64, bool) {
	c := ce.Curve
	i := c.index(elapsed)
	sT := 1.0
	if i >= 0 {
		sT = c.Survival[i]
	}
	if sT > 0 {
		x := rng.Float64() * sT
		for k := i + 1; k < len(c.Times); k++ {
			sPrev := 1.0
			if k > 0 {
				sPrev = c.Survival[k-1]
			}
			n := float64(c.AtRisk[k])
			p1 := sPrev * float64(c.Completions[k]) / n
			p2 := sPrev * float64(c.Dropouts[k]) / n
			if x < p1 {
				return c.Times[k] - elapsed, true
			}
			if x < p1+p2 {
				return c.Times[k] - elapsed, false
			}
			x -= p1 + p2
		}
	}
	// Beyond the last time: the exponential tail of the fit.
	from := max(elapsed, 0)
	if len(c.Times) > 0 {
		from = max(from, c.Times[len(c.Times)-1])
	}
	q := ce.Fit.Q
	if q <= 0 {
		return math.Inf(1), false
	}
	lambda := -math.Log1p(-q) / DaysPerMonth
	t := from + rng.ExpFloat64()/lambda
	return t - elapsed, rng.Float64() < ce.Fit.P
}
