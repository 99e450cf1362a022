package population

import (
	"errors"
	"math"
	"testing"
)

func TestEstimateTrendRecoversDrift(t *testing.T) {
	// Ten years of constant exposure whose deaths follow
	// q(a)·exp(δ·(t − 2005)) exactly, with δ = −2 % for men and +1 % for
	// women, measured against the true q: the fit returns δ.
	var q [NumSexes][NumAges]float64
	for s := range NumSexes {
		for a := range NumAges {
			q[s][a] = min(1, 0.0005*math.Exp(0.09*float64(a)))
		}
	}
	drift := [NumSexes]float64{Male: -0.02, Female: 0.01}
	const first, n = 2000, 11
	h := &History{FirstYear: first, Pop: make([]Pyramid, n), Deaths: make([]Pyramid, n), Births: make([]BirthCounts, n)}
	for i := range n {
		for s := range NumSexes {
			for a := range NumAges {
				h.Pop[i][s][a] = 1000
			}
		}
		if i == 0 {
			continue
		}
		for s := range NumSexes {
			f := math.Exp(drift[s] * float64(first+i-2005))
			for a := range NumAges {
				e := 1000.0 // P(t−1,a−1); for 100+ two cohorts, for age 0 the births
				switch a {
				case 0:
					e = 0
				case MaxAge:
					e = 2000
				}
				h.Deaths[i][s][a] = e * q[s][a] * f
			}
		}
	}
	tr, err := EstimateTrend(h, 2001, 2010, &q)
	if err != nil {
		t.Fatal(err)
	}
	for s := range NumSexes {
		if math.Abs(tr.Drift[s]-drift[s]) > 1e-9 {
			t.Errorf("sex %v: drift %v, want %v", Sex(s), tr.Drift[s], drift[s])
		}
	}
	if tr.Centre < 2001 || tr.Centre > 2010 {
		t.Errorf("centre %v outside the years", tr.Centre)
	}
	if _, err := EstimateTrend(h, 2011, 2020, &q); !errors.Is(err, ErrNoYears) {
		t.Errorf("no years: got %v", err)
	}
}

func TestTrended(t *testing.T) {
	r := new(Rates)
	r.Death[Male][80], r.Death[Female][80], r.Death[Male][100] = 0.1, 0.1, 0.9
	r.Fertility[30] = 0.1
	tr := Trend{Centre: 2020, Drift: [NumSexes]float64{Male: -0.1, Female: 0.5}}
	rates := Trended(r, tr, 2020, 2022)
	tests := []struct {
		name      string
		got, want float64
	}{
		{"men 80 in 2021", rates(2021).Death[Male][80], 0.1 * math.Exp(-0.1)},
		{"men 80 in 2022", rates(2022).Death[Male][80], 0.1 * math.Exp(-0.2)},
		{"women 80 in 2022", rates(2022).Death[Female][80], 0.1 * math.Exp(1)},
		{"capped", rates(2022).Death[Male][100], 0.9 * math.Exp(-0.2)},
		{"fertility kept", rates(2021).Fertility[30], 0.1},
		{"base unchanged", r.Death[Male][80], 0.1},
	}
	for _, tt := range tests {
		if math.Abs(tt.got-tt.want) > 1e-15 {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	up := Trended(r, Trend{Centre: 2000, Drift: [NumSexes]float64{Male: 1}}, 2020, 2021)
	if got := up(2021).Death[Male][100]; got != 1 {
		t.Errorf("cap: got %v, want 1", got)
	}
	if n := testing.AllocsPerRun(10, func() { rates(2021) }); n != 0 {
		t.Errorf("rates allocate %v times", n)
	}
	defer func() {
		if recover() == nil {
			t.Error("no panic for a year outside the range")
		}
	}()
	rates(2020)
}

// TestTrendedDamped works a damped, bounded trend out by hand: drift −0.1
// from the centre 2018 to the origin 2020 in full, then −0.1·(φ + φ² + …)
// with φ = ½, capped at 0.12 for women, whose drift is −0.2.
func TestTrendedDamped(t *testing.T) {
	r := new(Rates)
	r.Death[Male][80], r.Death[Female][80] = 0.1, 0.1
	tr := Trend{Centre: 2018, Drift: [NumSexes]float64{Male: -0.1, Female: -0.2}, Damping: 0.5, Bound: 0.12}
	rates := Trended(r, tr, 2020, 2023)
	tests := []struct {
		name      string
		got, want float64
	}{
		{"men 2021", rates(2021).Death[Male][80], 0.1 * math.Exp(-0.2-0.05)},
		{"men 2022", rates(2022).Death[Male][80], 0.1 * math.Exp(-0.2-0.075)},
		{"men 2023", rates(2023).Death[Male][80], 0.1 * math.Exp(-0.2-0.0875)},
		{"women 2021", rates(2021).Death[Female][80], 0.1 * math.Exp(-0.4-0.1)},
		{"women 2022 capped", rates(2022).Death[Female][80], 0.1 * math.Exp(-0.4-0.12)},
	}
	for _, tt := range tests {
		if math.Abs(tt.got-tt.want) > 1e-15 {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	for _, bad := range []Trend{{Damping: 1.5}, {Damping: -1}, {Bound: -0.1}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%+v: no panic", bad)
				}
			}()
			Trended(r, bad, 2020, 2021)
		}()
	}
}

// TestTrendedAnchor: with an anchor the rates follow its log mortality by
// age, from the centre, carried on at the edges' mean yearly change.
func TestTrendedAnchor(t *testing.T) {
	an := &Anchor{From: 2026, Log: make([][NumSexes][NumAges]float64, 11)}
	for i := range an.Log {
		an.Log[i][Male][80] = -0.01 * float64(i)         // 1 % a year
		an.Log[i][Male][90] = -0.02 * float64(min(i, 5)) // 2 % a year, then flat
	}
	r := new(Rates)
	r.Death[Male][80], r.Death[Male][90], r.Death[Female][80] = 0.1, 0.2, 0.1
	tr := Trend{Centre: 2020, Drift: [NumSexes]float64{Male: 5}, Anchor: an}
	rates := Trended(r, tr, 2024, 2040)
	tests := []struct {
		name      string
		got, want float64
	}{
		// Before 2026 the anchor extends at its first five years' pace.
		{"80 in 2025", rates(2025).Death[Male][80], 0.1 * math.Exp(-0.05)},
		{"80 in 2030", rates(2030).Death[Male][80], 0.1 * math.Exp(-0.1)},
		// After 2036 at its last five years' pace: flat for age 90.
		{"90 in 2040", rates(2040).Death[Male][90], 0.2 * math.Exp(-0.02*11)},
		{"80 in 2040", rates(2040).Death[Male][80], 0.1 * math.Exp(-0.2)},
		{"women unchanged", rates(2030).Death[Female][80], 0.1},
	}
	for _, tt := range tests {
		if math.Abs(tt.got-tt.want) > 1e-15 {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}
