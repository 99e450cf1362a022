package match

import (
	"context"
	"fmt"
	"math"

	"github.com/caregap/caregap/engine/internal/scratch"
)

// DenseLAP solves dense rectangular linear assignment problems: given an
// n×m cost matrix with n ≤ m, assign every row a distinct column at least
// total cost; with n > m every column gets a distinct row (the transpose is
// solved). Square problems use the Jonker–Volgenant algorithm (column
// reduction, reduction transfer, two rounds of augmenting row reduction,
// then shortest augmenting paths); rectangular ones use the shortest
// augmenting path phase alone from zero column duals (Crouse 2016). Each
// step of a shortest-path search is one pass over the scanned row in
// column order that lowers the distances and picks the next column; with
// int64 costs that pass has no branches and runs eight columns at a time
// on processors with AVX-512 (lap_kernel.go). The zero value is ready to
// use; a DenseLAP keeps its scratch buffers between calls and must not be
// shared by goroutines.
type DenseLAP struct {
	fs lapScratch[float64]
	is lapScratch[int64]
}

// SolveFloat solves the n×m problem with row-major costs cost[i*m+j]. It
// writes the column of each row to rowCol (len n; −1 for rows left out when
// n > m) and, if u and v are not nil, dual values u (len n) and v (len m)
// with
//
//	u[i] + v[j] ≤ cost[i*m+j]       for all i, j,
//	u[i] + v[j] = cost[i*m+j]       if rowCol[i] == j,
//	duals of the larger side ≤ 0, and 0 where unassigned (n ≠ m),
//
// which prove the assignment optimal (see VerifyDense). It returns the
// total cost, or ErrCostRange if a cost is not finite or its magnitude
// exceeds DenseFloatLimit(n, m). It panics if the slice lengths do not
// match n and m. Duals hold up to rounding; with integer-valued costs
// below 2^53 every quantity is exact.
func (s *DenseLAP) SolveFloat(cost []float64, n, m int, rowCol []int, u, v []float64) (float64, error) {
	checkDense(len(cost), n, m, len(rowCol), u == nil, len(u), v == nil, len(v))
	lim := DenseFloatLimit(n, m)
	for k, c := range cost {
		if !(math.Abs(c) <= lim) { // also NaN
			return 0, fmt.Errorf("match: dense cost %d (%g) not finite or beyond ±%g: %w", k, c, lim, ErrCostRange)
		}
	}
	return solveDense(&s.fs, cost, n, m, rowCol, u, v, math.Inf(1), math.Inf(-1), math.Inf(1)), nil
}

// SolveInt is SolveFloat for integer costs; the duals are exact. Costs
// must lie within ±DenseIntLimit(n, m) so that no sum overflows;
// otherwise it returns ErrCostRange.
func (s *DenseLAP) SolveInt(cost []int64, n, m int, rowCol []int, u, v []int64) (int64, error) {
	checkDense(len(cost), n, m, len(rowCol), u == nil, len(u), v == nil, len(v))
	lim := DenseIntLimit(n, m)
	for k, c := range cost {
		if c > lim || c < -lim {
			return 0, fmt.Errorf("match: dense cost %d (%d) beyond ±%d: %w", k, c, lim, ErrCostRange)
		}
	}
	return solveDense(&s.is, cost, n, m, rowCol, u, v, math.MaxInt64, -1<<62, 1<<60), nil
}

// DenseIntLimit returns 2^60/(n+m+1), the largest cost magnitude SolveInt
// accepts for an n×m problem. Duals and shortest-path lengths are
// alternating sums of costs along paths of at most n+m arcs, so they stay
// within (n+m)·limit < 2^60, and a reduced cost (a cost less two duals)
// within 3·2^60 < 2^63.
func DenseIntLimit(n, m int) int64 {
	return int64(1<<60) / int64(n+m+1)
}

// DenseFloatLimit returns MaxFloat64/(4·(n+m+1)), the largest cost
// magnitude SolveFloat accepts: by the argument at DenseIntLimit no dual,
// path length or reduced cost can then reach ±Inf.
func DenseFloatLimit(n, m int) float64 {
	return math.MaxFloat64 / (4 * float64(n+m+1))
}

func checkDense(lc, n, m, lr int, nu bool, lu int, nv bool, lv int) {
	if n < 0 || m < 0 || lc != n*m || lr != n || (!nu && lu != n) || (!nv && lv != m) {
		panic("match: length mismatch")
	}
}

type number interface{ ~int64 | ~float64 }

type lapScratch[T number] struct {
	t        []T // transposed costs when n > m
	v, d     []T
	colRow   []int32
	rowCol   []int32
	free     []int32
	colList  []int32
	pred     []int32
	matches  []int32
	uT, vT   []T
	rowColT  []int
	rowsUsed []bool
	sv, sd   []T     // duals and distances of the settled columns
	flag     []uint8 // 1 where colRow ≥ 0, for augmentInt
	c32      []int32 // the costs narrowed, for augmentInt
	steps    []int32 // row scanned at each step, for augmentInt
	// done, when not nil, stops the solve: solveDense panics with
	// lapStopped once it is closed, and a *Context method recovers.
	done <-chan struct{}
}

// lapStopped unwinds a dense solve whose context ended; it never leaves
// the package.
type lapStopped struct{}

// stopEvery is how many augmenting rows a dense solve runs between checks
// of its context; one augmentation is O(m) at least.
const stopEvery = 16

// withContext runs solve with ctx's done channel set on the scratches of
// l, and turns a stop into ctx's error.
func (l *DenseLAP) withContext(ctx context.Context, solve func() error) (err error) {
	l.fs.done, l.is.done = ctx.Done(), ctx.Done()
	defer func() {
		l.fs.done, l.is.done = nil, nil
		if r := recover(); r != nil {
			if _, ok := r.(lapStopped); !ok {
				panic(r)
			}
			err = ctx.Err()
		}
	}()
	return solve()
}

// SolveIntContext is SolveInt that gives up when ctx is done, checked
// every few augmenting rows, returning ctx's error; rowCol, u and v are
// then meaningless.
func (s *DenseLAP) SolveIntContext(ctx context.Context, cost []int64, n, m int, rowCol []int, u, v []int64) (total int64, err error) {
	err = s.withContext(ctx, func() error {
		var err error
		total, err = s.SolveInt(cost, n, m, rowCol, u, v)
		return err
	})
	if err != nil {
		return 0, err
	}
	return total, nil
}

// SolveContext is DenseSolver.Solve that gives up when ctx is done,
// checked every few augmenting rows of the assignment, returning ctx's
// error and no result.
func (s *DenseSolver) SolveContext(ctx context.Context, p *Problem) (*Result, error) {
	var res *Result
	err := s.lap.withContext(ctx, func() error {
		var err error
		res, err = s.Solve(p)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func solveDense[T number](s *lapScratch[T], cost []T, n, m int, rowCol []int, u, v []T, inf, vOff, dOff T) T {
	if n == 0 || m == 0 {
		for i := range rowCol {
			rowCol[i] = -1
		}
		clear(u)
		clear(v)
		return 0
	}
	if n > m {
		// Solve the m×n transpose and map back.
		s.t = scratch.Grow(s.t, n*m)
		for i := 0; i < n; i++ {
			row := cost[i*m : i*m+m]
			for j, c := range row {
				s.t[j*n+i] = c
			}
		}
		s.rowColT = scratch.Grow(s.rowColT, m)
		var ut, vt []T
		if u != nil || v != nil {
			s.uT = scratch.Grow(s.uT, m)
			s.vT = scratch.Grow(s.vT, n)
			ut, vt = s.uT, s.vT
		}
		total := solveDense(s, s.t, m, n, s.rowColT, ut, vt, inf, vOff, dOff)
		for i := range rowCol {
			rowCol[i] = -1
		}
		for j, i := range s.rowColT {
			rowCol[i] = j
		}
		if u != nil {
			copy(u, vt)
		}
		if v != nil {
			copy(v, ut)
		}
		return total
	}
	s.v = scratch.Grow(s.v, m)
	s.d = scratch.Grow(s.d, m)
	s.colRow = scratch.Grow(s.colRow, m)
	s.rowCol = scratch.Grow(s.rowCol, n)
	s.free = scratch.Grow(s.free, n)
	s.colList = scratch.Grow(s.colList, m)
	s.pred = scratch.Grow(s.pred, m)
	s.sv = scratch.Grow(s.sv, m)
	s.sd = scratch.Grow(s.sd, m)
	var nfree int
	if n == m {
		nfree = s.initSquare(cost, n, inf)
	} else {
		clear(s.v)
		for j := range s.colRow {
			s.colRow[j] = -1
		}
		for i := range n {
			s.rowCol[i] = -1
			s.free[i] = int32(i)
		}
		nfree = n
	}
	si, kernel := any(s).(*lapScratch[int64])
	kernel = kernel && haveKernel
	narrowed, fifo := false, false
	if kernel {
		if narrowCosts && nfree > 0 {
			si.c32, narrowed = narrow(si.c32, any(cost).([]int64))
		}
		fifo = !narrowed
		s.flag = scratch.Grow(s.flag, m)
		for j, i := range s.colRow[:m] {
			s.flag[j] = 0
			if i >= 0 {
				s.flag[j] = 1
			}
		}
	}
	for k, f := range s.free[:nfree] {
		if s.done != nil && k%stopEvery == 0 {
			select {
			case <-s.done:
				panic(lapStopped{})
			default:
			}
		}
		if narrowed {
			augmentInt(si, si.c32, m, int(f), fifo)
		} else if kernel {
			augmentInt(si, any(cost).([]int64), m, int(f), fifo)
		} else {
			s.augment(cost, n, m, int(f), inf, vOff, dOff)
		}
	}
	var total T
	for i := range n {
		j := int(s.rowCol[i])
		rowCol[i] = j
		total += cost[i*m+j]
		if u != nil {
			u[i] = cost[i*m+j] - s.v[j]
		}
	}
	if v != nil {
		copy(v, s.v)
	}
	return total
}

// initSquare runs column reduction, reduction transfer and augmenting row
// reduction (Jonker & Volgenant 1987, steps 1–2) and returns the number of
// rows left free, listed in s.free.
func (s *lapScratch[T]) initSquare(cost []T, n int, inf T) int {
	v, colRow, rowCol := s.v, s.colRow, s.rowCol
	s.matches = scratch.Grow(s.matches, n)
	matches := s.matches
	clear(matches)
	// Column reduction, row by row for locality: v[j] = min_i cost[i][j].
	for j := range v {
		v[j] = inf
	}
	for i := 0; i < n; i++ {
		row := cost[i*n : i*n+n]
		vv := v[:len(row)]
		cr := colRow[:len(row)]
		for j, c := range row {
			if c < vv[j] {
				vv[j] = c
				cr[j] = int32(i)
			}
		}
	}
	for i := range rowCol {
		rowCol[i] = -1
	}
	for j := n - 1; j >= 0; j-- {
		i := colRow[j]
		matches[i]++
		if matches[i] == 1 {
			rowCol[i] = int32(j)
		} else if v[j] < v[rowCol[i]] {
			j1 := rowCol[i]
			rowCol[i] = int32(j)
			colRow[j1] = -1
		} else {
			colRow[j] = -1
		}
	}
	// Reduction transfer.
	nfree := 0
	for i := 0; i < n; i++ {
		switch matches[i] {
		case 0:
			s.free[nfree] = int32(i)
			nfree++
		case 1:
			if n == 1 {
				break
			}
			j1 := int(rowCol[i])
			row := cost[i*n : i*n+n]
			vv := v[:len(row)]
			mn := inf
			for j, c := range row {
				if j != j1 && c-vv[j] < mn {
					mn = c - vv[j]
				}
			}
			v[j1] -= mn
		}
	}
	// Augmenting row reduction, twice.
	for range 2 {
		k, prev := 0, nfree
		nfree = 0
		for k < prev {
			i := int(s.free[k])
			k++
			row := cost[i*n : i*n+n]
			vv := v[:len(row)]
			umin, usub := row[0]-vv[0], inf
			j1, j2 := 0, -1
			for j := 1; j < len(row); j++ {
				h := row[j] - vv[j]
				if h < usub {
					if h >= umin {
						usub, j2 = h, j
					} else {
						usub, umin = umin, h
						j2, j1 = j1, j
					}
				}
			}
			i0 := colRow[j1]
			if umin < usub {
				v[j1] -= usub - umin
			} else if i0 >= 0 && j2 >= 0 {
				j1 = j2
				i0 = colRow[j2]
			}
			rowCol[i] = int32(j1)
			colRow[j1] = int32(i)
			if i0 >= 0 {
				rowCol[i0] = -1
				if umin < usub {
					k--
					s.free[k] = i0
				} else {
					s.free[nfree] = i0
					nfree++
				}
			}
		}
	}
	return nfree
}

// augment finds a shortest augmenting path from free row f by Dijkstra
// over the columns with dense arrays (Jonker & Volgenant 1987, step 3),
// updates the column duals of the settled columns and flips the path.
//
// Each step scans the row of the column settled last and, in the same
// pass over the columns in index order, lowers their distances and finds
// the next column to settle: the nearest, an unassigned one among equals.
// Walking the cost row in order rather than through a list of columns
// keeps the reads sequential, which is what the step's time is made of
// once the matrix outgrows the caches. The search stops as soon as an
// unassigned column reaches the least distance: none can be shorter.
func (s *lapScratch[T]) augment(cost []T, n, m, f int, inf, vOff, dOff T) {
	v, d, pred := s.v[:m], s.d[:m], s.pred[:m]
	colRow, rowCol := s.colRow[:m], s.rowCol
	list, sv, sd := s.colList[:0], s.sv[:0], s.sd[:0]
	row := cost[f*m : f*m+m]
	mn, end := inf, -1
	for j, c := range row {
		h := c - v[j]
		d[j] = h
		pred[j] = int32(f)
		if h < mn || h == mn && colRow[j] < 0 {
			mn, end = h, j
		}
	}
	for colRow[end] >= 0 {
		// Settle end: keep its dual and distance aside and give it ones
		// that no relaxation lowers and no minimum picks. Then scan its row.
		j1 := end
		list, sv, sd = append(list, int32(j1)), append(sv, v[j1]), append(sd, mn)
		i := int(colRow[j1])
		ri := cost[i*m : i*m+m]
		h := ri[j1] - v[j1] - mn
		v[j1], d[j1] = vOff, dOff
		next, at := relax(ri, v, d, pred, colRow, int32(i), h, mn, inf)
		mn, end = next, at
	}
	// Update the duals of the settled columns.
	for k, j := range list {
		v[j] = sv[k] + sd[k] - mn
		d[j] = sd[k]
	}
	s.colList, s.sv, s.sd = list, sv, sd
	// Flip the path.
	for {
		i := pred[end]
		colRow[end] = i
		j1 := int32(end)
		end = int(rowCol[i])
		rowCol[i] = j1
		if int(i) == f {
			break
		}
	}
}

// relax lowers the distances d of the columns through row i of reduced
// costs ri[j] − v[j] − h, and returns the least distance with its column,
// an unassigned one among equals. It stops early at an unassigned column
// at distance mn, the least there can be. A small function of its own so
// that the loop's variables stay in registers.
func relax[T number](ri, v, d []T, pred, colRow []int32, i int32, h, mn, inf T) (T, int) {
	v, d, pred, colRow = v[:len(ri)], d[:len(ri)], pred[:len(ri)], colRow[:len(ri)]
	next, at := inf, -1
	for j, c := range ri {
		dj := d[j]
		if r := c - v[j] - h; r < dj {
			pred[j] = i
			d[j] = r
			dj = r
			if r == mn && colRow[j] < 0 {
				return r, j
			}
		}
		if dj < next || dj == next && colRow[j] < 0 {
			next, at = dj, j
		}
	}
	return next, at
}
