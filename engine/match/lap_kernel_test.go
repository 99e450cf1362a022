package match

import (
	"math/rand/v2"
	"testing"
)

// TestRelaxIntKernel checks relaxInt, vector kernel and scalar tail, on
// int64 costs (ties by index, or first in, first out) and on their int32
// copy, against the loop it stands for on random rows with settled
// columns, negative values and ties.
func TestRelaxIntKernel(t *testing.T) {
	if !haveKernel {
		t.Log("no vector kernel on this processor: relaxInt is the scalar loop")
	}
	const seed = 11
	rnd := rand.New(rand.NewPCG(seed, 1))
	for it := range longRuns(3000) {
		m := 1 + rnd.IntN(70)
		hi := []int64{3, 100, 1 << 40}[rnd.IntN(3)]
		c, v, d := make([]int64, m), make([]int64, m), make([]int64, m)
		pred, flag := make([]int32, m), make([]uint8, m)
		for j := range m {
			c[j] = rnd.Int64N(2*hi) - hi/2
			v[j] = rnd.Int64N(hi) - hi/2
			d[j] = rnd.Int64N(2*hi) - hi/2
			pred[j] = rnd.Int32N(3) // steps 0-2, so that steps tie too
			flag[j] = uint8(rnd.IntN(2))
			if rnd.IntN(5) == 0 {
				v[j], d[j] = settledV, settledD
			}
		}
		h := rnd.Int64N(hi) - hi/2
		const step = 3
		for _, mode := range []string{"int64", "int64 fifo", "int32"} {
			fifo := mode == "int64 fifo"
			wd, wp := append([]int64(nil), d...), append([]int32(nil), pred...)
			wantKey, wantStep, wantAt := maxKey, int32(0), -1
			for j := range m {
				if r := c[j] - v[j] - h; r < wd[j] {
					wd[j], wp[j] = r, step
				}
				x := 2*wd[j] + int64(flag[j])
				if x < wantKey || fifo && x == wantKey && wp[j] < wantStep {
					wantKey, wantStep, wantAt = x, wp[j], j
				}
			}
			gd, gp := append([]int64(nil), d...), append([]int32(nil), pred...)
			var got int64
			var at int
			if mode == "int32" {
				c32, ok := narrow(nil, c)
				if !ok {
					if hi < 1<<31 {
						t.Fatalf("costs below 2^31 not narrowed: %v", c)
					}
					continue
				}
				got, at = relaxInt(c32, v, gd, gp, flag, h, step, false)
			} else {
				got, at = relaxInt(c, v, gd, gp, flag, h, step, fifo)
			}
			for j := range m {
				if gd[j] != wd[j] || gp[j] != wp[j] {
					t.Fatalf("seed %d row %d (m %d, %s) column %d: d %d pred %d, want %d %d", seed, it, m, mode, j, gd[j], gp[j], wd[j], wp[j])
				}
			}
			if got != wantKey>>1 || at != wantAt && !(2*gd[at]+int64(flag[at]) == wantKey && (!fifo || gp[at] == wantStep)) {
				t.Fatalf("seed %d row %d (m %d, %s): least %d at %d, want key %d at %d", seed, it, m, mode, got, at, wantKey, wantAt)
			}
			if fifo && at != wantAt {
				t.Fatalf("seed %d row %d (m %d, %s): column %d, want the first of the least, %d", seed, it, m, mode, at, wantAt)
			}
		}
	}
}

// TestDenseLAPKernelPaths solves mid-sized integer problems, square and
// rectangular, with the vector search phase and with the generic one,
// and requires equal totals and a dual certificate from each; the int64
// kernel (first in, first out) is reached by turning narrowing off.
func TestDenseLAPKernelPaths(t *testing.T) {
	const seed = 5
	rnd := rand.New(rand.NewPCG(seed, 2))
	defer func(k, w bool) { haveKernel, narrowCosts = k, w }(haveKernel, narrowCosts)
	for it := range longRuns(300) {
		n, m := 1+rnd.IntN(60), 1+rnd.IntN(60)
		if it%3 == 0 {
			m = n
		}
		hi := []int64{2, 10, 1000, 1 << 40}[rnd.IntN(4)]
		cost := make([]int64, n*m)
		fcost := make([]float64, n*m)
		for k := range cost {
			cost[k] = rnd.Int64N(hi) - hi/3
			fcost[k] = float64(cost[k])
		}
		var totals [3]int64
		for p, k := range []bool{false, true, true} {
			haveKernel, narrowCosts = k, p != 2 // int64 kernel with ties first in, first out
			var s DenseLAP
			rowCol := make([]int, n)
			u, v := make([]int64, n), make([]int64, m)
			total, err := s.SolveInt(cost, n, m, rowCol, u, v)
			if err != nil {
				t.Fatal(err)
			}
			totals[p] = total
			fu, fv := make([]float64, n), make([]float64, m)
			for i := range u {
				fu[i] = float64(u[i])
			}
			for j := range v {
				fv[j] = float64(v[j])
			}
			if hi < 1<<40 { // exact in float64
				if err := VerifyDense(fcost, n, m, rowCol, fu, fv, 0); err != nil {
					t.Fatalf("seed %d instance %d (%dx%d, kernel %v): %v", seed, it, n, m, k, err)
				}
			}
		}
		if totals[0] != totals[1] || totals[0] != totals[2] {
			t.Fatalf("seed %d instance %d (%dx%d): generic %d, kernel %d, int64 kernel %d", seed, it, n, m, totals[0], totals[1], totals[2])
		}
	}
}
