package defaultdata

import (
	"reflect"
	"slices"
	"testing"
)

func TestGenerateChecks(t *testing.T) {
	b := Generate(GenerateConfig{Regions: 30, Seed: 1})
	if len(b.Regions) != 30 || b.Regions[0].Region != "S001" || b.Regions[29].Region != "S030" {
		t.Fatalf("regions %d, first %q, last %q; want 30, S001..S030", len(b.Regions), b.Regions[0].Region, b.Regions[len(b.Regions)-1].Region)
	}
	validateAll(t, b)
	for code, s := range summarize(b) {
		for _, role := range roleCodes {
			if gap := 1 - s.working(role)/s.demand[role]; gap < 0.02-1e-9 || gap > 0.05+1e-9 {
				t.Errorf("%s %s: base-year gap %.4f, want 0.02..0.05", code, role, gap)
			}
		}
	}
}

func TestGenerateIsSeeded(t *testing.T) {
	for _, seed := range []uint64{0, 7} {
		a := Generate(GenerateConfig{Regions: 20, Seed: seed})
		if b := Generate(GenerateConfig{Regions: 20, Seed: seed}); !reflect.DeepEqual(a, b) {
			t.Errorf("seed %d: two calls differ", seed)
		}
	}
	a := Generate(GenerateConfig{Regions: 20, Seed: 1})
	b := Generate(GenerateConfig{Regions: 20, Seed: 2})
	if reflect.DeepEqual(a.Population, b.Population) {
		t.Error("seeds 1 and 2 give the same population")
	}
}

func TestGenerateDefaults(t *testing.T) {
	const seed = 2024
	b := Generate(GenerateConfig{Seed: seed})
	if len(b.Regions) != 290 {
		t.Fatalf("seed %d: %d regions, want the default 290", seed, len(b.Regions))
	}
	if b.Workforce[0].Year != 2024 || b.Population[0].Year != 2024 {
		t.Errorf("seed %d: base year %d, want the default 2024", seed, b.Workforce[0].Year)
	}
	sum := summarize(b)
	sizes := make([]float64, 0, len(sum))
	var stepwise int
	for _, s := range sum {
		sizes = append(sizes, s.persons)
	}
	for _, p := range b.TrainingPipelines {
		if p.Pipeline == "stepwise_dalarna" {
			stepwise++
		}
	}
	slices.Sort(sizes)
	// Swedish municipalities: median about 16 000 inhabitants, a few
	// cities of several hundred thousand.
	if med := sizes[len(sizes)/2]; med < 12000 || med > 21000 {
		t.Errorf("seed %d: median size %.0f, want about 16 000", seed, med)
	}
	if big := sizes[len(sizes)-1]; big < 150000 {
		t.Errorf("seed %d: largest region %.0f, want a city above 150 000", seed, big)
	}
	if stepwise < 20 || stepwise > 70 {
		t.Errorf("seed %d: %d regions run the stepwise programme, want about 15 %% of 290", seed, stepwise)
	}
	for code, s := range sum {
		if sh := s.persons80 / s.persons; sh < 0.035 || sh > 0.095 {
			t.Errorf("seed %d: %s 80+ share %.3f, want 0.035..0.095", seed, code, sh)
		}
	}
}

func TestGenerateNegativePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Generate with -1 regions did not panic")
		}
	}()
	Generate(GenerateConfig{Regions: -1})
}
