package match_test

import (
	"fmt"
	"testing"

	"github.com/caregap/caregap/benchmarks/lap"
	"github.com/caregap/caregap/engine/match"
)

// BenchmarkDenseLAPClass times DenseLAP.SolveInt with duals on every
// instance class of benchmarks/lap (lap.Generate(class, n, n)):
//
//	go test ./engine/match -run '^$' -bench DenseLAPClass -count 6 > new.txt
//	benchstat old.txt new.txt
//
// The side-by-side ratios against scipy are `go run ./benchmarks/lap/ratios`.
func BenchmarkDenseLAPClass(b *testing.B) {
	for _, class := range lap.Classes {
		for _, n := range []int{1000, 2000, 4000} {
			b.Run(fmt.Sprintf("%s/n=%d", class, n), func(b *testing.B) {
				c := lap.Generate(class, n, uint64(n))
				var s match.DenseLAP
				rowCol := make([]int, n)
				u, v := make([]int64, n), make([]int64, n)
				b.ReportAllocs()
				for b.Loop() {
					if _, err := s.SolveInt(c, n, n, rowCol, u, v); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "assignments/s")
			})
		}
	}
}
