package poprun

import (
	"math"
	"strings"
	"sync"
	"testing"
)

// TestFixedTotal: the regions' total is the same bits in any order of
// the regions, within 2^-24 persons a value of the float sum; a value
// not finite or beyond the limit is an error naming the cell and draw
// and adds nothing.
func TestFixedTotal(t *testing.T) {
	const n = 3
	cells := 2 * len(AgeGroups) * len(bandSexes)
	regions := make([][]float64, 5)
	for i := range regions {
		regions[i] = make([]float64, cells*n)
		for j := range regions[i] {
			regions[i][j] = 1e6*float64(i+1) + float64(j)/7
		}
	}
	sum := func(order []int) []int64 {
		tot := &fixedTotal{sum: make([]int64, cells*n)}
		var wg sync.WaitGroup
		for _, i := range order {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := tot.add(regions[i], n, "r", 2024); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		return tot.sum
	}
	a, b := sum([]int{0, 1, 2, 3, 4}), sum([]int{4, 2, 0, 3, 1})
	for j := range a {
		if a[j] != b[j] {
			t.Fatalf("value %d: %d in one order, %d in another", j, a[j], b[j])
		}
		var f float64
		for _, r := range regions {
			f += r[j]
		}
		if d := math.Abs(float64(a[j])/fixedOne - f); d > 5.0/fixedOne+1e-9*f {
			t.Fatalf("value %d: fixed %v, float %v", j, float64(a[j])/fixedOne, f)
		}
	}

	tot := &fixedTotal{sum: make([]int64, cells*n)}
	bad := make([]float64, cells*n)
	bad[(1*len(AgeGroups)*len(bandSexes)+2*len(bandSexes)+1)*n+2] = math.NaN()
	err := tot.add(bad, n, "2080", 2024)
	for _, want := range []string{"region 2080", "2026", "ages 65-79", "sex F", "draw 2", "NaN"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not say %q", err, want)
		}
	}
	bad[0] = 2 * fixedLimit
	if err := tot.add(bad, n, "2080", 2024); err == nil {
		t.Error("a value beyond the limit was taken")
	}
	for _, v := range tot.sum {
		if v != 0 {
			t.Fatal("a refused region changed the total")
		}
	}
}
