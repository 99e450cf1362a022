package demand

import (
	"fmt"
	"math"
	"testing"

	"github.com/caregap/caregap/engine/population"
)

// twoServiceModel: home care used by 10 % of women and 5 % of men aged 80+
// at 0.4 FTE per user; residential care by 4 % of everyone 85+ at 1.0 FTE
// per user. Roles: assistant nurse (0), care aide (1), service assistant (2).
func twoServiceModel() *Model {
	var home, res population.Pyramid
	BandRate(&home, population.Female, 80, 100, 0.10)
	BandRate(&home, population.Male, 80, 100, 0.05)
	BandRate(&res, population.Female, 85, 100, 0.04)
	BandRate(&res, population.Male, 85, 100, 0.04)
	return &Model{
		Roles: []string{"assistant_nurse", "care_aide", "service_assistant"},
		Services: []Service{
			{Name: "home_care", UseRate: home, FTEPerUser: 0.4, RoleShare: []float64{0.5, 0.5, 0}},
			{Name: "residential_care", UseRate: res, FTEPerUser: 1.0, RoleShare: []float64{0.75, 0.25, 0}},
		},
	}
}

func TestComputeByHand(t *testing.T) {
	m := twoServiceModel()
	var pop population.Pyramid
	pop[population.Female][82] = 1000 // 100 home-care users
	pop[population.Male][82] = 400    // 20 home-care users
	pop[population.Female][90] = 500  // 50 home care, 20 residential
	pop[population.Male][20] = 9000   // uses nothing

	// home care: (100 + 20 + 50) users × 0.4 = 68 FTE, half each to AN, CA.
	// residential: 20 users × 1.0 = 20 FTE: 15 AN, 5 CA.
	want := []float64{34 + 15, 34 + 5, 0}
	got := m.Compute(nil, nil, &pop, nil)
	for r := range want {
		if math.Abs(got[r]-want[r]) > 1e-9 {
			t.Errorf("role %s: got %g, want %g", m.Roles[r], got[r], want[r])
		}
	}

	tests := []struct {
		name string
		adj  Adjust
		want []float64
	}{
		// use rates 10 % lower: 153 home-care users → 61.2 FTE; 18 residents.
		{"use scale", Adjust{UseScale: []float64{0.9, 0.9}}, []float64{30.6 + 13.5, 30.6 + 4.5, 0}},
		// half the home-care FTE per user.
		{"fte scale", Adjust{FTEScale: []float64{0.5, 1}}, []float64{17 + 15, 17 + 5, 0}},
		// a fifth of AN demand (49 → 9.8) moves to service assistants, who
		// need 1.25 FTE per FTE moved.
		{"task shift", Adjust{Shifts: []Shift{{From: 0, To: 2, Share: 0.2, Ratio: 1.25}}}, []float64{39.2, 39, 12.25}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := m.Compute(nil, nil, &pop, &tc.adj)
			for r := range tc.want {
				if math.Abs(got[r]-tc.want[r]) > 1e-9 {
					t.Errorf("role %s: got %g, want %g", m.Roles[r], got[r], tc.want[r])
				}
			}
		})
	}
}

func TestShiftConservesFTEAtRatioOne(t *testing.T) {
	m := twoServiceModel()
	var pop population.Pyramid
	pop[population.Female][90] = 500 // AN 25, CA 15 (see ExampleModel_Compute)
	d := m.Compute(nil, nil, &pop, &Adjust{Shifts: []Shift{{From: 0, To: 2, Share: 0.4}, {From: 1, To: 2, Share: 0.5}}})
	if sum := d[0] + d[1] + d[2]; math.Abs(sum-40) > 1e-12 {
		t.Fatalf("total %g, want 40", sum)
	}
	if math.Abs(d[2]-(10+7.5)) > 1e-12 {
		t.Fatalf("service assistant %g, want 17.5", d[2])
	}
}

// TestShiftByService moves only the home-care part of assistant-nurse
// demand: 500 women aged 90 need AN 10 FTE in home care and 15 in
// residential care; half of the 10 moves.
func TestShiftByService(t *testing.T) {
	m := twoServiceModel()
	var pop population.Pyramid
	pop[population.Female][90] = 500
	d := m.Compute(nil, nil, &pop, &Adjust{Shifts: []Shift{{From: 0, To: 2, Share: 0.5, Services: []bool{true, false}}}})
	if math.Abs(d[0]-20) > 1e-12 || math.Abs(d[2]-5) > 1e-12 {
		t.Fatalf("AN %g SA %g, want 20 and 5", d[0], d[2])
	}
}

func TestComputeNoAllocs(t *testing.T) {
	m := twoServiceModel()
	var pop population.Pyramid
	pop[population.Female][90] = 100
	dst, users := make([]float64, 3), make([]float64, 2)
	adj := &Adjust{UseScale: []float64{1, 1}, Shifts: []Shift{{From: 0, To: 2, Share: 0.1}}}
	if n := testing.AllocsPerRun(100, func() { m.Compute(dst, users, &pop, adj) }); n != 0 {
		t.Fatalf("%v allocations per run, want 0", n)
	}
}

func ExampleModel_Compute() {
	m := twoServiceModel()
	var pop population.Pyramid
	pop[population.Female][90] = 500
	d := m.Compute(nil, nil, &pop, nil)
	for r, role := range m.Roles {
		fmt.Printf("%s %.1f\n", role, d[r])
	}
	// Output:
	// assistant_nurse 25.0
	// care_aide 15.0
	// service_assistant 0.0
}

func BenchmarkCompute(b *testing.B) {
	m := twoServiceModel()
	var pop population.Pyramid
	for a := range population.NumAges {
		pop[0][a], pop[1][a] = 100, 100
	}
	dst, users := make([]float64, 3), make([]float64, 2)
	b.ReportAllocs()
	for b.Loop() {
		m.Compute(dst, users, &pop, nil)
	}
}
