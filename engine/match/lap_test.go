package match

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// bruteDense returns the least total cost of an assignment of the smaller
// side of the n×m matrix, by enumerating injections.
func bruteDense(cost []int64, n, m int) int64 {
	// Assign each row of the smaller side, the rows or the columns, to a
	// distinct row of the other.
	rows, cols := n, m
	at := func(i, j int) int64 { return cost[i*m+j] }
	if n > m {
		rows, cols = m, n
		at = func(j, i int) int64 { return cost[i*m+j] }
	}
	best := int64(math.MaxInt64)
	used := make([]bool, cols)
	var rec func(i int, sum int64)
	rec = func(i int, sum int64) {
		if i == rows {
			best = min(best, sum)
			return
		}
		for j := range cols {
			if !used[j] {
				used[j] = true
				rec(i+1, sum+at(i, j))
				used[j] = false
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

// TestSolveFloatCostRange: finite costs so large that sums overflow to
// ±Inf are rejected, as are NaN and ±Inf. 1e308 exceeds MaxFloat64/(4·5)
// ≈ 9e306 for a 2×2 matrix; before the check, the 2×2 case below returned
// a total of −Inf with no error.
func TestSolveFloatCostRange(t *testing.T) {
	var s DenseLAP
	for _, tt := range []struct {
		name string
		cost []float64
		n, m int
	}{
		{"huge square", []float64{1e308, -1e308, -1e308, 1e308}, 2, 2},
		{"huge rectangular", []float64{1.7e308, -1.7e308, 0, -1.7e308, 1.7e308, 0}, 2, 3},
		{"NaN", []float64{1, math.NaN()}, 1, 2},
		{"Inf", []float64{math.Inf(-1), 0}, 2, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rowCol := make([]int, tt.n)
			u, v := make([]float64, tt.n), make([]float64, tt.m)
			total, err := s.SolveFloat(tt.cost, tt.n, tt.m, rowCol, u, v)
			if !errors.Is(err, ErrCostRange) {
				t.Fatalf("total %g, err %v; want ErrCostRange", total, err)
			}
		})
	}
	// Just inside the limit the solve is finite and verified.
	lim := DenseFloatLimit(2, 2)
	cost := []float64{lim, -lim, -lim, lim}
	rowCol, u, v := make([]int, 2), make([]float64, 2), make([]float64, 2)
	total, err := s.SolveFloat(cost, 2, 2, rowCol, u, v)
	if err != nil || total != -2*lim {
		t.Fatalf("at the limit: total %g, %v; want %g", total, err, -2*lim)
	}
	if err := VerifyDense(cost, 2, 2, rowCol, u, v, 1e-9*lim); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyDenseNaN: comparisons with NaN are false, so checks written
// as "r > tol || r < -tol" let NaN through. Every case here is wrong.
func TestVerifyDenseNaN(t *testing.T) {
	nan := math.NaN()
	for _, tt := range []struct {
		name   string
		cost   []float64
		n, m   int
		rowCol []int
		u, v   []float64
	}{
		{"NaN costs", []float64{nan, 0, 0, nan}, 2, 2, []int{0, 1}, []float64{0, 0}, []float64{0, 0}},
		// The assignment (0→1, 1→0) costs 200, the optimum 0.
		{"NaN row duals", []float64{0, 100, 100, 0}, 2, 2, []int{1, 0}, []float64{nan, nan}, []float64{0, 0}},
		{"NaN column dual, n < m", []float64{0, 5}, 1, 2, []int{0}, []float64{0}, []float64{0, nan}},
		{"NaN dual of an unassigned row", []float64{0, 5}, 2, 1, []int{0, -1}, []float64{0, nan}, []float64{0}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := VerifyDense(tt.cost, tt.n, tt.m, tt.rowCol, tt.u, tt.v, 1e-9); err == nil {
				t.Fatal("VerifyDense accepted it")
			}
		})
	}
	if err := VerifyDense([]float64{1}, 1, 1, []int{0}, []float64{1}, []float64{0}, nan); err == nil {
		t.Fatal("NaN tolerance accepted")
	}
}
