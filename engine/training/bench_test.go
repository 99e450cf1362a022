package training

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// BenchmarkAalenJohansen estimates one course from n observations.
//
//	go test ./engine/training -run - -bench AalenJohansen -count 10 | benchstat -
func BenchmarkAalenJohansen(b *testing.B) {
	for _, n := range []int{300, 3000, 30000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			obs := competing(rand.New(rand.NewPCG(1, 0)), n, 1.0/60, 1.0/300, 365, 365)
			b.ReportAllocs()
			for b.Loop() {
				AalenJohansen(obs)
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "obs/s")
		})
	}
}
