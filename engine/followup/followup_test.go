package followup

import (
	"errors"
	"math"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// A case computed by hand: two roles in 2081 in 2025.
//
//	care_aide: contracted 80, effective 70, supervision 2 ⇒ S = 1 − 72/80 = 0.10;
//	           months 0.12 and 0.14 ⇒ 0.13, deviation 0.03, effect 0.03 × 80 = 2.4;
//	           gap 10 + 2.4 = 12.4 > p90 12 ⇒ outside.
//	all roles: headcount 100 + 50 = 150 against 140 ⇒ deviation −10, effect
//	           10 × (70 + 40) / 150 = 7.333…; gap 15 + 7.333 in 10..25 ⇒ inside.
func TestFollowupCompareHand(t *testing.T) {
	path := []Cell{
		{Region: "2081", Year: 2025, Role: "care_aide", Headcount: 100, ContractedFTE: 80, EffectiveFTE: 70, SupervisionFTE: 2, GapFTE: 10},
		{Region: "2081", Year: 2025, Role: "nurse", Headcount: 50, ContractedFTE: 45, EffectiveFTE: 40, GapFTE: 5},
	}
	bands := []Band{{Region: "2081", Year: 2025, Role: "care_aide", P10: 8, P90: 12}, {Region: "2081", Year: 2025, Role: AllRoles, P10: 10, P90: 25}}
	actuals := []Actual{
		{Region: "2081", Year: 2025, Month: 1, Role: "care_aide", Measure: SickLeaveRate, Value: 0.12},
		{Region: "2081", Year: 2025, Month: 2, Role: "care_aide", Measure: SickLeaveRate, Value: 0.14},
		{Region: "2081", Year: 2025, Measure: Headcount, Value: 140},
		{Region: "2081", Year: 2025, Month: 6, Measure: Headcount, Value: 999}, // the yearly figure wins
		{Region: "2081", Year: 2025, Measure: Started, Value: 3},               // not compared
	}
	rows, err := Compare(actuals, path, bands)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows: %+v", len(rows), rows)
	}
	h, s := rows[0], rows[1]
	if h.Measure != Headcount || h.Role != AllRoles || h.Actual != 140 || h.Forecast != 150 || h.Deviation != -10 ||
		!near(h.GapEffectFTE, 110.0/15, 1e-12) || h.Band != Inside || h.Months != 0 {
		t.Errorf("headcount %+v", h)
	}
	if s.Measure != SickLeaveRate || s.Role != "care_aide" || !near(s.Actual, 0.13, 1e-12) || !near(s.Forecast, 0.1, 1e-12) ||
		!near(s.Deviation, 0.03, 1e-12) || !near(s.GapEffectFTE, 2.4, 1e-9) || s.Band != Outside || s.Months != 2 || s.P90 != 12 {
		t.Errorf("sick leave %+v", s)
	}
	rows, err = Compare(actuals, path, nil)
	if err != nil || rows[0].Band != NoBand || rows[1].Band != NoBand {
		t.Errorf("without draws: %+v %v", rows, err)
	}
	_, err = Compare([]Actual{{Region: "2080", Year: 2025, Measure: Headcount, Value: 1}}, path, nil)
	if !errors.Is(err, ErrNoPath) {
		t.Errorf("a region the run lacks: %v", err)
	}
}

// Wilson's 95 % interval of 8 of 10 is 0.4902..0.9433 and of 0 of 10
// 0..0.2775 (Newcombe 1998, table I, method 3; Agresti & Coull 1998).
func TestFollowupWilsonPublished(t *testing.T) {
	for _, c := range []struct{ k, n, lo, hi float64 }{{8, 10, 0.4902, 0.9433}, {0, 10, 0, 0.2775}, {81, 263, 0.2553, 0.3662}} {
		s := Wilson(c.k, c.n, 1.96)
		if !near(s.Lo, c.lo, 1e-4) || !near(s.Hi, c.hi, 1e-4) || s.P != c.k/c.n {
			t.Errorf("%g of %g: %+v, want %g..%g", c.k, c.n, s, c.lo, c.hi)
		}
	}
	if s := Wilson(0, 0, Z95); !math.IsNaN(s.P) {
		t.Errorf("no cohort: %+v", s)
	}
}

func TestFollowupRetentionAndLever(t *testing.T) {
	actuals := []Actual{
		{Region: "2081", Year: 2024, Measure: Started, Value: 10},
		{Region: "2081", Year: 2024, Measure: Employed12m, Value: 8},
		{Region: "2081", Year: 2024, Measure: Employed6m, Value: 9},
		{Region: "2080", Year: 2024, Measure: Started, Value: 5},
		{Region: "2080", Year: 2024, Measure: Employed6m, Value: 4},  // its 12-month figure not reported
		{Region: "2080", Year: 2023, Measure: Employed12m, Value: 4}, // no cohort started reported
	}
	m6, m12, err := Retention(actuals)
	if err != nil {
		t.Fatal(err)
	}
	if m6.K != 13 || m6.N != 15 || m12.K != 8 || m12.N != 10 || !near(m12.Lo, 0.4902, 1e-3) {
		t.Errorf("6m %+v, 12m %+v", m6, m12)
	}
	r1, r3, ok := Lever(m12)
	if !ok || !near(r1, 0.8, 1e-12) || !near(r3, 0.6, 1e-12) {
		t.Errorf("lever %g %g %v", r1, r3, ok)
	}
	if _, _, ok := Lever(Wilson(0, 0, Z95)); ok {
		t.Error("no measurement gives a measured lever")
	}
	_, _, err = Retention([]Actual{{Region: "2081", Year: 2024, Measure: Started, Value: 2}, {Region: "2081", Year: 2024, Measure: Employed6m, Value: 3}})
	if !errors.Is(err, ErrCohort) {
		t.Errorf("more employed than started: %v", err)
	}
}
