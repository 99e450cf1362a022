package training

import (
	"math"
	"math/rand/v2"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// TestAalenJohansenByHand checks the example of the package doc, worked
// by hand: days 1 (completed), 2 (dropped), 3 (censored), 4 and 5
// (completed).
func TestAalenJohansenByHand(t *testing.T) {
	c := AalenJohansen([]Obs{{4, Completed}, {1, Completed}, {3, Censored}, {5, Completed}, {2, Dropped}})
	wantS := []float64{0.8, 0.6, 0.6, 0.3, 0}
	wantF1 := []float64{0.2, 0.2, 0.2, 0.5, 0.8}
	wantF2 := []float64{0, 0.2, 0.2, 0.2, 0.2}
	for i := range wantS {
		if !near(c.Survival[i], wantS[i], 1e-12) || !near(c.Completion[i], wantF1[i], 1e-12) || !near(c.Dropout[i], wantF2[i], 1e-12) {
			t.Errorf("day %v: S %v F1 %v F2 %v, want %v %v %v", c.Times[i], c.Survival[i], c.Completion[i], c.Dropout[i], wantS[i], wantF1[i], wantF2[i])
		}
	}
	// Greenwood at day 2: S² (1/(5·4) + 1/(4·3)) = 0.36 × 2/15 = 0.048.
	if !near(c.SurvivalSE[1], math.Sqrt(0.048), 1e-12) {
		t.Errorf("SE of S at day 2 = %v, want √0.048", c.SurvivalSE[1])
	}
	// Delta method for F1 at day 1: S(0)² d(n−d)/n³ = 4/125.
	if !near(c.CompletionSE[0], math.Sqrt(4.0/125), 1e-12) {
		t.Errorf("SE of F1 at day 1 = %v, want √(4/125)", c.CompletionSE[0])
	}
	// At day 2, by the formula of cifSums term by term for F2:
	// j=1: (F2(2)−F2(1))² d1/(n1(n1−d1)) = 0.04 × 1/20 = 0.002;
	//      S(0)² 0 = 0; cross term 0 (d21 = 0);
	// j=2: 0 + S(1)² d(n−d)/n³ = 0.64 × 3/64 = 0.03; cross 0.
	if !near(c.DropoutSE[1], math.Sqrt(0.032), 1e-12) {
		t.Errorf("SE of F2 at day 2 = %v, want √0.032", c.DropoutSE[1])
	}
	if s, f1, f2 := c.At(3.5); !near(s, 0.6, 1e-12) || !near(f1, 0.2, 1e-12) || !near(f2, 0.2, 1e-12) {
		t.Errorf("At(3.5) = %v %v %v", s, f1, f2)
	}
	if s, f1, _ := c.At(0.5); s != 1 || f1 != 0 {
		t.Errorf("At(0.5) = %v %v", s, f1)
	}
}

// TestOneCauseIsGreenwood: with a single cause the cumulative incidence
// is 1 − S and its delta-method variance must equal Greenwood's.
func TestOneCauseIsGreenwood(t *testing.T) {
	const seed = 7
	rng := rand.New(rand.NewPCG(seed, 0))
	var obs []Obs
	for range 300 {
		o := Obs{Time: float64(rng.IntN(60)), Cause: Completed}
		if rng.Float64() < 0.3 {
			o.Cause = Censored
		}
		obs = append(obs, o)
	}
	c := AalenJohansen(obs)
	for i := range c.Times {
		if !near(c.Completion[i], 1-c.Survival[i], 1e-12) {
			t.Fatalf("seed %d: F1 %v ≠ 1 − S %v at %v", seed, c.Completion[i], c.Survival[i], c.Times[i])
		}
		if c.Survival[i] > 0 && !near(c.CompletionSE[i], c.SurvivalSE[i], 1e-9) {
			t.Fatalf("seed %d: SE of F1 %v ≠ Greenwood %v at %v", seed, c.CompletionSE[i], c.SurvivalSE[i], c.Times[i])
		}
	}
}

// competing draws n participants with constant daily hazards h1
// (completion) and h2 (dropout), entering uniformly over [0, entry) days
// and observed up to day end: administrative censoring.
func competing(rng *rand.Rand, n int, h1, h2, entry, end float64) []Obs {
	obs := make([]Obs, n)
	for i := range obs {
		in := rng.Float64() * entry
		t := rng.ExpFloat64() / (h1 + h2)
		cause := Completed
		if rng.Float64() < h2/(h1+h2) {
			cause = Dropped
		}
		if in+t > end {
			t, cause = end-in, Censored
		}
		obs[i] = Obs{math.Floor(t), cause}
	}
	return obs
}

// TestCensoringUnbiased: with heavy censoring the Aalen–Johansen
// incidence of completion at 120 days covers the true value
// h1/(h1+h2)(1 − exp(−(h1+h2)120)), while counting the censored as not
// completing (completions by 120 days / all) falls below the band by
// more than its width.
func TestCensoringUnbiased(t *testing.T) {
	const seed, h1, h2, at = 11, 1.0 / 60, 1.0 / 300, 120.0
	rng := rand.New(rand.NewPCG(seed, 0))
	obs := competing(rng, 5000, h1, h2, 365, 365)
	truth := h1 / (h1 + h2) * (1 - math.Exp(-(h1+h2)*at))
	c := AalenJohansen(obs)
	i := c.index(at)
	lo, hi := LogLogBand(c.Completion[i], c.CompletionSE[i], 3.29) // 99.9 %
	if truth < lo || truth > hi {
		t.Errorf("seed %d: true F1(120) = %.4f outside [%.4f, %.4f]", seed, truth, lo, hi)
	}
	var naive float64
	for _, o := range obs {
		if o.Cause == Completed && o.Time <= at {
			naive++
		}
	}
	naive /= float64(len(obs))
	if naive > lo-(hi-lo) {
		t.Errorf("seed %d: naive %.4f is not far below the band [%.4f, %.4f] around the truth %.4f: the test shows no bias", seed, naive, lo, hi, truth)
	}
}

// TestBandCoverage checks the 95 % pointwise interval of F1 covers the
// true value in about 95 % of simulated samples.
func TestBandCoverage(t *testing.T) {
	const seed, h1, h2, at, reps = 3, 1.0 / 45, 1.0 / 200, 60.0, 400
	rng := rand.New(rand.NewPCG(seed, 0))
	truth := h1 / (h1 + h2) * (1 - math.Exp(-(h1+h2)*at))
	covered := 0
	for range reps {
		c := AalenJohansen(competing(rng, 200, h1, h2, 200, 200))
		i := c.index(at)
		if lo, hi := LogLogBand(c.Completion[i], c.CompletionSE[i], 1.96); lo <= truth && truth <= hi {
			covered++
		}
	}
	// Binomial(400, 0.95): sd ≈ 4.4 samples; allow 4 sd either way, plus
	// the rounding of times to days.
	if covered < 360 || covered > 398 {
		t.Errorf("seed %d: the 95 %% band covered the truth in %d of %d samples", seed, covered, reps)
	}
}

// TestFitStageRecoversRates: for constant hazards the fit gives
// P = h1/(h1+h2) and Q = 1 − exp(−(h1+h2) a month), and the stage's
// monthly recursion of engine/supply (dropout δ, then end φ, completion
// 1) completes a share P of a cohort.
func TestFitStageRecoversRates(t *testing.T) {
	const seed, h1, h2 = 5, 1.0 / 90, 1.0 / 400
	rng := rand.New(rand.NewPCG(seed, 0))
	c := AalenJohansen(competing(rng, 5000, h1, h2, 500, 700))
	fit, err := FitStage(c)
	if err != nil {
		t.Fatal(err)
	}
	wantP := h1 / (h1 + h2)
	wantQ := 1 - math.Exp(-(h1+h2)*DaysPerMonth)
	if !near(fit.P, wantP, 0.02) || !near(fit.Q, wantQ, 0.02) {
		t.Errorf("seed %d: P %.4f Q %.4f, want %.4f %.4f", seed, fit.P, fit.Q, wantP, wantQ)
	}
	st := fit.Stage("course")
	d, phi := st.DropoutRate/12, 1/st.DurationMonths
	x, done := 1.0, 0.0
	for range 1000 {
		done += x * (1 - d) * phi * st.CompletionRate
		x *= (1 - d) * (1 - phi)
	}
	if !near(done, fit.P, 1e-9) {
		t.Errorf("the stage completes %.6f of a cohort, want P = %.6f", done, fit.P)
	}
	// The doc's example: P = 0.8, Q = 0.25.
	ex := StageFit{P: 0.8, Q: 0.25}.Stage("x")
	if !near(ex.DropoutRate, 0.6, 1e-12) || !near(ex.DurationMonths, 4.75, 1e-12) {
		t.Errorf("example stage %+v, want dropout 0.6 and 4.75 months", ex)
	}
}
