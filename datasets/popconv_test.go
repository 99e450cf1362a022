package datasets

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/caregap/caregap/engine/population"
)

func popSeed(t *testing.T) *rand.Rand {
	t.Helper()
	s := uint64(time.Now().UnixNano())
	t.Logf("seed %d", s)
	return rand.New(rand.NewPCG(s, 11))
}

// historyRows writes h as rows of region, the inverse of PopulationHistory.
func historyRows(region string, h *population.History) ([]Population, []Deaths, []Births) {
	var pop []Population
	var deaths []Deaths
	var births []Births
	for i := range h.Pop {
		y := int32(h.FirstYear + i)
		for s := range population.NumSexes {
			for a := range population.NumAges {
				pop = append(pop, Population{Region: region, Year: y, Age: int32(a), Sex: sexes[s], Persons: h.Pop[i][s][a]})
				deaths = append(deaths, Deaths{Region: region, Year: y, Age: int32(a), Sex: sexes[s], Deaths: h.Deaths[i][s][a]})
			}
			for a := 15; a <= 49; a++ {
				births = append(births, Births{Region: region, Year: y, MotherAge: int32(a), Sex: sexes[s], Births: h.Births[i][a][s]})
			}
		}
	}
	return pop, deaths, births
}

func randomHistory(rng *rand.Rand, first, n int) *population.History {
	h := &population.History{
		FirstYear: first,
		Pop:       make([]population.Pyramid, n),
		Deaths:    make([]population.Pyramid, n),
		Births:    make([]population.BirthCounts, n),
	}
	for i := range n {
		for s := range population.NumSexes {
			for a := range population.NumAges {
				h.Pop[i][s][a] = float64(rng.IntN(500))
				h.Deaths[i][s][a] = float64(rng.IntN(5))
			}
			for a := 15; a <= 49; a++ {
				h.Births[i][a][s] = float64(rng.IntN(10))
			}
		}
	}
	return h
}

func TestPopulationHistoryRoundTrip(t *testing.T) {
	rng := popSeed(t)
	want := randomHistory(rng, 2006, 6)
	pop, deaths, births := historyRows("1480", want)
	// Another region's rows must be ignored.
	op, od, ob := historyRows("1440", randomHistory(rng, 2000, 3))
	got, err := PopulationHistory("1480", append(op, pop...), append(deaths, od...), append(births, ob...))
	if err != nil {
		t.Fatal(err)
	}
	if got.FirstYear != want.FirstYear || len(got.Pop) != len(want.Pop) {
		t.Fatalf("years %d..%d, want %d..%d", got.FirstYear, got.LastYear(), want.FirstYear, want.LastYear())
	}
	for i := range want.Pop {
		if got.Pop[i] != want.Pop[i] || got.Deaths[i] != want.Deaths[i] || got.Births[i] != want.Births[i] {
			t.Fatalf("year %d differs", want.FirstYear+i)
		}
	}
}

func TestPopulationHistoryErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pop, deaths, births := historyRows("1480", randomHistory(rng, 2006, 4))
	without := func(rows []Population, drop func(Population) bool) []Population {
		var out []Population
		for _, r := range rows {
			if !drop(r) {
				out = append(out, r)
			}
		}
		return out
	}
	var deathsNo2008 []Deaths
	for _, d := range deaths {
		if d.Year != 2008 {
			deathsNo2008 = append(deathsNo2008, d)
		}
	}
	var deaths2006Only []Deaths // the first year's flows are not needed
	for _, d := range deaths {
		if d.Year != 2006 {
			deaths2006Only = append(deaths2006Only, d)
		}
	}
	badSex := append([]Population{}, pop...)
	badSex[5].Sex = "X"
	tests := []struct {
		name   string
		pop    []Population
		deaths []Deaths
		want   error
	}{
		{"no rows", nil, deaths, ErrMissingYear},
		{"other region", pop, deaths, nil},
		{"year gap", without(pop, func(r Population) bool { return r.Year == 2007 }), deaths, ErrMissingYear},
		{"missing age", without(pop, func(r Population) bool { return r.Year == 2007 && r.Age == 50 && r.Sex == "F" }), deaths, ErrMissingAge},
		{"duplicate", append(pop, pop[3]), deaths, ErrDuplicate},
		{"bad sex", badSex, deaths, ErrEnum},
		{"deaths year missing", pop, deathsNo2008, ErrMissingYear},
		{"first year's deaths optional", pop, deaths2006Only, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			region := "1480"
			if tt.name == "no rows" {
				region = "9999"
			}
			_, err := PopulationHistory(region, tt.pop, tt.deaths, births)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestPyramidAndProjectionRows(t *testing.T) {
	rng := popSeed(t)
	h := randomHistory(rng, 2020, 1)
	r := new(population.Rates)
	for s := range population.NumSexes {
		for a := range population.NumAges {
			r.Death[s][a] = 0.01 * rng.Float64()
			r.NetMigration[s][a] = rng.Float64() - 0.5
		}
	}
	for a := 20; a <= 40; a++ {
		r.Fertility[a] = 0.1
	}
	p := population.Project(&h.Pop[0], 2024, 2027, population.Constant(r))
	rows := ProjectionRows("1480", p)
	if len(rows) != 3*population.NumSexes*population.NumAges {
		t.Fatalf("%d rows", len(rows))
	}
	if rows[0].Year != 2025 || rows[len(rows)-1].Year != 2027 {
		t.Errorf("years %d..%d, want 2025..2027", rows[0].Year, rows[len(rows)-1].Year)
	}
	for y := 2025; y <= 2027; y++ {
		got, err := Pyramid(rows, "1480", y)
		if err != nil {
			t.Fatal(err)
		}
		if got != *p.Year(y) {
			t.Errorf("%d: pyramid differs from the projection", y)
		}
	}
	if _, err := Pyramid(rows, "1480", 2024); !errors.Is(err, ErrMissingYear) {
		t.Errorf("base year: got %v, want ErrMissingYear", err)
	}
	if _, err := Pyramid(rows[1:], "1480", 2025); !errors.Is(err, ErrMissingAge) {
		t.Errorf("missing age: got %v, want ErrMissingAge", err)
	}
	bad := append([]Population{}, rows...)
	bad[0].Age = 101
	if _, err := Pyramid(bad, "1480", 2025); !errors.Is(err, ErrRange) {
		t.Errorf("age 101: got %v, want ErrRange", err)
	}
	if ProjectionRows("1480", population.Project(&h.Pop[0], 2024, 2024, population.Constant(r))) != nil {
		t.Error("rows for a projection without years after its base")
	}
}

func TestRateRowsRoundTrip(t *testing.T) {
	rng := popSeed(t)
	want := new(population.Rates)
	for s := range population.NumSexes {
		for a := range population.NumAges {
			want.Death[s][a] = rng.Float64()
			want.NetMigration[s][a] = 10 * (rng.Float64() - 0.5)
		}
	}
	for a := 15; a <= 49; a++ {
		want.Fertility[a] = 0.2 * rng.Float64()
	}
	d, f, m := RateRows("1480", 2024, want)
	if len(d) != 202 || len(f) != 35 || len(m) != 202 {
		t.Fatalf("rows: %d, %d, %d", len(d), len(f), len(m))
	}
	got, err := RatesFromRows("1480", 2024, d, f, m)
	if err != nil {
		t.Fatal(err)
	}
	if *got != *want {
		t.Error("rates differ after a round trip")
	}
}

func TestRatesFromRowsLatestYear(t *testing.T) {
	r20, r25 := new(population.Rates), new(population.Rates)
	for s := range population.NumSexes {
		for a := range population.NumAges {
			r20.Death[s][a], r25.Death[s][a] = 0.2, 0.25
		}
	}
	r20.Fertility[30], r25.Fertility[30] = 0.2, 0.25
	r20.NetMigration[0][30] = 20
	d20, f20, m20 := RateRows("1480", 2020, r20)
	d25, f25, _ := RateRows("1480", 2025, r25)
	dOther, fOther, _ := RateRows("1440", 2022, new(population.Rates))
	deaths := append(append(append([]DeathRate{}, d25...), dOther...), d20...)
	fert := append(append(append([]FertilityRate{}, f25...), fOther...), f20...)
	tests := []struct {
		year              int
		death, fert, migr float64
		err               error
	}{
		{2019, 0, 0, 0, ErrMissingYear},
		{2020, 0.2, 0.2, 20, nil},
		{2024, 0.2, 0.2, 20, nil},
		{2025, 0.25, 0.25, 20, nil}, // migration of 2020 still applies
		{2040, 0.25, 0.25, 20, nil},
	}
	for _, tt := range tests {
		r, err := RatesFromRows("1480", tt.year, deaths, fert, m20)
		if !errors.Is(err, tt.err) || (tt.err != nil) != (err != nil) {
			t.Errorf("%d: got %v, want %v", tt.year, err, tt.err)
			continue
		}
		if err != nil {
			continue
		}
		if r.Death[1][70] != tt.death || r.Fertility[30] != tt.fert || r.NetMigration[0][30] != tt.migr {
			t.Errorf("%d: death %v fertility %v migration %v", tt.year, r.Death[1][70], r.Fertility[30], r.NetMigration[0][30])
		}
	}
	r, err := RatesFromRows("1480", 2024, deaths, fert, nil)
	if err != nil || r.NetMigration != ([population.NumSexes][population.NumAges]float64{}) {
		t.Errorf("no migration rows: got %v, migration not zero", err)
	}
	if _, err := RatesFromRows("1480", 2024, d20[1:], fert, nil); !errors.Is(err, ErrMissingAge) {
		t.Errorf("missing death age: got %v", err)
	}
	if _, err := RatesFromRows("1480", 2024, deaths, nil, nil); !errors.Is(err, ErrMissingYear) {
		t.Errorf("no fertility: got %v", err)
	}
	bad := append([]DeathRate{}, d20...)
	bad[7].Rate = 1.5
	if _, err := RatesFromRows("1480", 2024, bad, fert, nil); !errors.Is(err, ErrRange) {
		t.Errorf("rate 1.5: got %v", err)
	}
}
