package match

import (
	"math"
	"math/rand/v2"
	"testing"
)

// bruteDense returns the least total cost of an assignment of the smaller
// side of the n×m matrix, by enumerating injections.
func bruteDense(cost []int64, n, m int) int64 {
	best := int64(math.MaxInt64)
	used := make([]bool, max(n, m))
	var rec func(i int, sum int64)
	if n <= m {
		rec = func(i int, sum int64) {
			if i == n {
				best = min(best, sum)
				return
			}
			for j := range m {
				if !used[j] {
					used[j] = true
					rec(i+1, sum+cost[i*m+j])
					used[j] = false
				}
			}
		}
	} else {
		rec = func(j int, sum int64) {
			if j == m {
				best = min(best, sum)
				return
			}
			for i := range n {
				if !used[i] {
					used[i] = true
					rec(j+1, sum+cost[i*m+j])
					used[i] = false
				}
			}
		}
	}
	rec(0, 0)
	return best
}

func TestDenseLAPBruteForce(t *testing.T) {
	const seed = 7
	rnd := rand.New(rand.NewPCG(seed, 3))
	var s DenseLAP
	for it := range longRuns(20000) {
		n, m := 1+rnd.IntN(6), 1+rnd.IntN(6)
		hi := []int64{2, 10, 1000}[rnd.IntN(3)] // ties matter: small ranges
		cost := make([]int64, n*m)
		fcost := make([]float64, n*m)
		for k := range cost {
			cost[k] = rnd.Int64N(hi) - hi/4
			fcost[k] = float64(cost[k])
		}
		want := bruteDense(cost, n, m)
		rowCol := make([]int, n)
		u, v := make([]int64, n), make([]int64, m)
		got, err := s.SolveInt(cost, n, m, rowCol, u, v)
		if err != nil || got != want {
			t.Fatalf("seed %d instance %d (%dx%d): int total %d, want %d (%v)\n%v", seed, it, n, m, got, want, err, cost)
		}
		fu, fv := make([]float64, n), make([]float64, m)
		for i := range u {
			fu[i] = float64(u[i])
		}
		for j := range v {
			fv[j] = float64(v[j])
		}
		if err := VerifyDense(fcost, n, m, rowCol, fu, fv, 0); err != nil {
			t.Fatalf("seed %d instance %d (%dx%d): int duals: %v\n%v\n%v %v %v", seed, it, n, m, err, cost, rowCol, u, v)
		}
		fgot, err := s.SolveFloat(fcost, n, m, rowCol, fu, fv)
		if err != nil || fgot != float64(want) {
			t.Fatalf("seed %d instance %d: float total %g, want %d (%v)", seed, it, fgot, want, err)
		}
		if err := VerifyDense(fcost, n, m, rowCol, fu, fv, 1e-9); err != nil {
			t.Fatalf("seed %d instance %d: float duals: %v", seed, it, err)
		}
	}
}

func TestDenseLAPVerifyFails(t *testing.T) {
	cost := []float64{
		4, 1, 3,
		2, 0, 5,
		3, 2, 2,
	}
	var s DenseLAP
	rowCol := make([]int, 3)
	u, v := make([]float64, 3), make([]float64, 3)
	total, err := s.SolveFloat(cost, 3, 3, rowCol, u, v)
	if err != nil || total != 5 {
		t.Fatalf("total %g, %v; want 5", total, err)
	}
	if err := VerifyDense(cost, 3, 3, rowCol, u, v, 0); err != nil {
		t.Fatal(err)
	}
	u[0] += 1
	if err := VerifyDense(cost, 3, 3, rowCol, u, v, 0); err == nil {
		t.Fatal("corrupted duals accepted")
	}
	u[0] -= 1
	rowCol[0], rowCol[1] = rowCol[1], rowCol[0]
	if err := VerifyDense(cost, 3, 3, rowCol, u, v, 0); err == nil {
		t.Fatal("suboptimal assignment accepted")
	}
	if _, err := s.SolveFloat([]float64{math.Inf(1)}, 1, 1, rowCol[:1], nil, nil); err == nil {
		t.Fatal("infinite cost accepted")
	}
}

// uniformCosts returns an n×n matrix of uniform integers in [0, 1000), the
// benchmark of scipy's linear_sum_assignment comparisons.
func uniformCosts(n int, seed uint64) []int64 {
	rnd := rand.New(rand.NewPCG(seed, 11))
	c := make([]int64, n*n)
	for k := range c {
		c[k] = rnd.Int64N(1000)
	}
	return c
}

func TestDenseLAPMedium(t *testing.T) {
	for _, n := range []int{50, 200} {
		for _, m := range []int{n, n + n/3} {
			seed := uint64(n + m)
			c := uniformCosts(max(n, m), seed)[:n*m]
			f := make([]float64, len(c))
			for k := range c {
				f[k] = float64(c[k])
			}
			var s DenseLAP
			rowCol := make([]int, n)
			u, v := make([]float64, n), make([]float64, m)
			if _, err := s.SolveFloat(f, n, m, rowCol, u, v); err != nil {
				t.Fatal(err)
			}
			if err := VerifyDense(f, n, m, rowCol, u, v, 1e-9); err != nil {
				t.Fatalf("seed %d %dx%d: %v", seed, n, m, err)
			}
			// And the transpose.
			ft := make([]float64, len(f))
			for i := range n {
				for j := range m {
					ft[j*n+i] = f[i*m+j]
				}
			}
			rc, ut, vt := make([]int, m), make([]float64, m), make([]float64, n)
			if _, err := s.SolveFloat(ft, m, n, rc, ut, vt); err != nil {
				t.Fatal(err)
			}
			if err := VerifyDense(ft, m, n, rc, ut, vt, 1e-9); err != nil {
				t.Fatalf("seed %d %dx%d transposed: %v", seed, m, n, err)
			}
		}
	}
}

func BenchmarkDenseLAP(b *testing.B) {
	for _, n := range []int{1000, 2000, 4000} {
		c := uniformCosts(n, uint64(n))
		f := make([]float64, len(c))
		for k := range c {
			f[k] = float64(c[k])
		}
		rowCol := make([]int, n)
		b.Run("int/n="+itoa(n), func(b *testing.B) {
			var s DenseLAP
			u, v := make([]int64, n), make([]int64, n)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.SolveInt(c, n, n, rowCol, u, v); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "assignments/s")
		})
		b.Run("float/n="+itoa(n), func(b *testing.B) {
			var s DenseLAP
			u, v := make([]float64, n), make([]float64, n)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.SolveFloat(f, n, n, rowCol, u, v); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "assignments/s")
		})
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
