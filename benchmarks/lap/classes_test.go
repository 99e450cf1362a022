package lap

import (
	"slices"
	"testing"
)

// TestGenerate checks that every class is deterministic by seed, differs
// between seeds, and keeps its costs in [0, 10^10) as Classes promises.
func TestGenerate(t *testing.T) {
	const n = 64
	for _, class := range Classes {
		t.Run(class, func(t *testing.T) {
			a, b, c := Generate(class, n, 7), Generate(class, n, 7), Generate(class, n, 8)
			if len(a) != n*n {
				t.Fatalf("len %d, want %d", len(a), n*n)
			}
			if !slices.Equal(a, b) {
				t.Error("same seed, different matrices")
			}
			if slices.Equal(a, c) {
				t.Error("seeds 7 and 8 give the same matrix")
			}
			for k, x := range a {
				if x < 0 || x >= 1e10 {
					t.Fatalf("cost %d = %d outside [0, 1e10)", k, x)
				}
			}
			if slices.Min(a) == slices.Max(a) {
				t.Error("constant matrix")
			}
		})
	}
	if err := CheckClass("nope"); err == nil {
		t.Error("CheckClass accepted an unknown class")
	}
	if c := Generate("geometric", 0, 1); len(c) != 0 {
		t.Errorf("n = 0: %d costs", len(c))
	}
}
