package match

import (
	"math"

	"github.com/caregap/caregap/engine/internal/scratch"
)

// The integer search phase over vector kernels.
//
// With int64 costs the shortest-path step of augment runs as one loop
// without branches, eight columns at a time where the processor has
// AVX-512 (lap_amd64.s): every column's distance is lowered through the
// scanned row, and the next column to settle is the one of least key
// 2·d[j] + flag[j], flag[j] being 1 if column j is assigned: the nearest,
// an unassigned one among equals, as in augment. Settled columns are
// parked as there, behind a dual of settledV and a distance of settledD:
// a reduced cost c − settledV − h exceeds settledD, because |c − h| < 2^61
// (DenseIntLimit), so no relaxation lowers them, and their key 2^61 + flag
// exceeds any real one, distances being below 2^60. The loop does not stop
// early at a free column as augment's does; it makes up for it by never
// mispredicting.
//
// When every cost fits in int32 the loop reads an int32 copy of the
// matrix. Otherwise (wide ranges, heavy tails) it breaks ties of the key
// first in, first out: pred holds the step at which a column got its
// distance, and of two columns at the same distance and state the one
// reached first is settled first, so the search walks a tie breadth
// first, as Jonker and Volgenant's list of columns does. On the
// heavy-tailed class, with its many ties among small costs, that takes
// 30 % fewer steps than settling the lowest index first.

const maxKey int64 = math.MaxInt64

const (
	settledV int64 = -1 << 62
	settledD int64 = 1 << 60
	freshD   int64 = 1 << 62 // above any reduced cost, below maxKey/2
)

// narrowCosts lets SolveInt search over an int32 copy of the costs; the
// tests turn it off to reach the int64 kernel with small costs.
var narrowCosts = true

// cost32or64 are the cost types of the kernels: the costs as given, or
// their int32 copy when every cost fits, which halves the bytes a step
// reads from a matrix that outgrows the caches.
type cost32or64 interface{ int32 | int64 }

// relaxInt lowers d[j] to c[j] − v[j] − h where that is less, setting
// pred[j] to i, and returns the least key's distance and column. With
// fifo, i is the step of the search (step k scanning row steps[k]) and
// ties of the key go to the column reached at the earlier step.
func relaxInt[E cost32or64](c []E, v, d []int64, pred []int32, flag []uint8, h int64, i int32, fifo bool) (int64, int) {
	k, key, step, at := relaxBlocks(c, v, d, pred, flag, h, i, fifo)
	v, d, pred, flag = v[:len(c)], d[:len(c)], pred[:len(c)], flag[:len(c)]
	for j := k; j < len(c); j++ {
		if r := int64(c[j]) - v[j] - h; r < d[j] {
			d[j] = r
			pred[j] = i
		}
		x := 2*d[j] + int64(flag[j])
		if x < key || fifo && x == key && int64(pred[j]) < step {
			key, step, at = x, int64(pred[j]), j
		}
	}
	return key >> 1, at
}

// augmentInt is augment for integer costs over relaxInt; s.flag must
// mirror s.colRow (1 where assigned).
func augmentInt[E cost32or64](s *lapScratch[int64], cost []E, m, f int, fifo bool) {
	v, d, pred, flag := s.v[:m], s.d[:m], s.pred[:m], s.flag[:m]
	colRow, rowCol := s.colRow[:m], s.rowCol
	list, sv, sd := s.colList[:0], s.sv[:0], s.sd[:0]
	steps := append(s.steps[:0], int32(f))
	for j := range d {
		d[j] = freshD
	}
	at := int32(f)
	if fifo {
		at = 0
	}
	mn, end := relaxInt(cost[f*m:f*m+m], v, d, pred, flag, 0, at, fifo)
	for colRow[end] >= 0 {
		j1 := end
		list, sv, sd = append(list, int32(j1)), append(sv, v[j1]), append(sd, mn)
		i := colRow[j1]
		ri := cost[int(i)*m : int(i)*m+m]
		h := int64(ri[j1]) - v[j1] - mn
		v[j1], d[j1] = settledV, settledD
		at = i
		if fifo {
			at = int32(len(steps))
			steps = append(steps, i)
		}
		mn, end = relaxInt(ri, v, d, pred, flag, h, at, fifo)
	}
	if fifo {
		// Steps back to rows, along the path only.
		for j := end; ; {
			i := steps[pred[j]]
			pred[j] = i
			if int(i) == f {
				break
			}
			j = int(rowCol[i])
		}
	}
	s.steps = steps
	for k, j := range list {
		v[j] = sv[k] + sd[k] - mn
		d[j] = sd[k]
	}
	s.colList, s.sv, s.sd = list, sv, sd
	flag[end] = 1
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

// narrow returns the costs as int32 in dst (grown as needed), or false if
// some cost does not fit.
func narrow(dst []int32, cost []int64) ([]int32, bool) {
	for _, c := range cost {
		if c != int64(int32(c)) {
			return dst, false
		}
	}
	dst = scratch.Grow(dst, len(cost))
	for k, c := range cost {
		dst[k] = int32(c)
	}
	return dst, true
}
