package training

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// TestForecastMatchesCurve checks the simulated certificates of a
// one-course programme against their expectation computed from the
// estimated curve: a participant e days into the course completes it
// within the horizon of H days with probability (F1(e+H−1) − F1(e))/S(e),
// plus, past the curve's last time τ, S(τ) P (1 − exp(−λ(e+H−1−τ)))/S(e)
// with the fit's exponential tail; and those who completed it in the last
// 90 days (PendingDays) get their pending certificate.
func TestForecastMatchesCurve(t *testing.T) {
	const seed = 21
	rng := rand.New(rand.NewPCG(seed, 0))
	asOf := Day(time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC))
	in := &Inputs{
		Programme: Programme{Code: "p", Courses: []Course{{Code: "a", Name: "A", Step: 1, Activities: []string{Session}}}},
		Sites:     []Site{{"2081", 300}},
	}
	for i := range 600 {
		id := string(rune('A'+i/26/26%26)) + string(rune('A'+i/26%26)) + string(rune('A'+i%26))
		start := asOf - rng.IntN(400)
		end := start + int(rng.ExpFloat64()*100)
		p := Participant{ID: id, Region: "2081", Start: start, Left: NoDay}
		if rng.Float64() < 0.25 {
			p.Left = end
		} else {
			in.Completions = append(in.Completions, Completion{id, "a", Session, end})
		}
		in.Participants = append(in.Participants, p)
	}
	cut := in.Until(asOf)
	r, errs := Replay(cut)
	if errs != nil {
		t.Fatal(errs)
	}
	est := Estimate(r, asOf)
	fc := Forecast(r, est, ForecastSettings{Months: 3, Draws: 2000, Src: rand.NewPCG(seed, 1)})
	end := Day(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	ce := &est.Pooled.Courses[0]
	c := ce.Curve
	tau := c.Times[c.Last()]
	lambda := -math.Log1p(-ce.Fit.Q) / DaysPerMonth
	var want, varSum float64
	for _, j := range r.Journeys {
		if d := j.CourseDone(0); d != NoDay && asOf-d <= 90 {
			want++ // completed lately, no certificate: pending (PendingDays)
		}
		if j.Left != NoDay || j.CourseDone(0) != NoDay {
			continue
		}
		e := float64(asOf - j.Start)
		hi := e + float64(end-asOf) - 1
		sE, f1e, _ := c.At(e)
		_, f1h, _ := c.At(hi)
		p := (f1h - f1e) / sE
		if hi > tau {
			sT, _, _ := c.At(tau)
			from := math.Max(e, tau)
			p += sT * ce.Fit.P * (1 - math.Exp(-lambda*(hi-from))) / sE
		}
		want += p
		varSum += p * (1 - p)
	}
	got := fc.Total.Cumulative[2].Mean - float64(fc.Total.Issued)
	// The mean of 2000 draws has a standard error of √(Σp(1−p)/2000).
	if se := math.Sqrt(varSum / 2000); math.Abs(got-want) > 4*se+0.5 {
		t.Errorf("seed %d: %.2f certificates forecast in 3 months, want %.2f ± %.2f", seed, got, want, 4*se)
	}
	b := fc.Total.Cumulative[2]
	if b.Lo > b.Mean || b.Hi < b.Mean || fc.Regions[0].Cumulative[2] != b {
		t.Errorf("band %+v, region %+v", b, fc.Regions[0].Cumulative[2])
	}
	if fc.Total.Issued != 0 || fc.Total.TargetByPace != NoDay || fc.Total.TargetMonth != -1 {
		t.Errorf("no certificate issued yet: %+v", fc.Total)
	}
}

func TestTargetByPace(t *testing.T) {
	// 24 certificates in the last year: 2 a month; 40 issued of 100, so
	// 60 to go take 30 months.
	rf := RegionForecast{Target: 100, TargetMonth: -1}
	r := &Register{Programme: &Programme{Code: "p", Courses: []Course{{Code: "a", Step: 1, Activities: []string{Session}}}}}
	for i := range 40 {
		day := 1000 - 364 + (i-16)*15 // the last 24 fall in the last 365 days
		if i < 16 {
			day = 500 + i
		}
		r.Journeys = append(r.Journeys, &Journey{Region: "x", Certified: []int{day}})
	}
	rf.Region = "x"
	rf.fill(r, 1000, [][]float64{{1}}, 0.9)
	if rf.Issued != 40 || rf.PacePerMonth != 2 || rf.TargetByPace != 1000+int(math.Ceil(30*DaysPerMonth)) {
		t.Errorf("issued %d pace %v target day %d", rf.Issued, rf.PacePerMonth, rf.TargetByPace)
	}
}
