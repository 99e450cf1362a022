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

const (
	maxKey   int64 = math.MaxInt64
	settledV int64 = -1 << 62
	settledD int64 = 1 << 60
	freshD   int64 = 1 << 62 // above any reduced cost, below maxKey/2
)

// cost32or64 are the cost types of the kernels: the costs as given, or
// their int32 copy when every cost fits, which halves the bytes a step
// reads from a matrix that outgrows the caches.
type cost32or64 interface{ int32 | int64 }

// relaxInt lowers d[j] to c[j] − v[j] − h through row i where that is
// less, and returns the least key's distance and column.
func relaxInt[E cost32or64](c []E, v, d []int64, pred []int32, flag []uint8, h int64, i int32) (int64, int) {
	k, key, at := relaxBlocks(c, v, d, pred, flag, h, i)
	v, d, pred, flag = v[:len(c)], d[:len(c)], pred[:len(c)], flag[:len(c)]
	for j := k; j < len(c); j++ {
		if r := int64(c[j]) - v[j] - h; r < d[j] {
			d[j] = r
			pred[j] = i
		}
		if x := 2*d[j] + int64(flag[j]); x < key {
			key, at = x, j
		}
	}
	return key >> 1, at
}

// augmentInt is augment for integer costs over relaxInt; s.flag must
// mirror s.colRow (1 where assigned).
func augmentInt[E cost32or64](s *lapScratch[int64], cost []E, m, f int) {
	v, d, pred, flag := s.v[:m], s.d[:m], s.pred[:m], s.flag[:m]
	colRow, rowCol := s.colRow[:m], s.rowCol
	list, sv, sd := s.colList[:0], s.sv[:0], s.sd[:0]
	for j := range d {
		d[j] = freshD
	}
	mn, end := relaxInt(cost[f*m:f*m+m], v, d, pred, flag, 0, int32(f))
	for colRow[end] >= 0 {
		j1 := end
		list, sv, sd = append(list, int32(j1)), append(sv, v[j1]), append(sd, mn)
		i := int(colRow[j1])
		ri := cost[i*m : i*m+m]
		h := int64(ri[j1]) - v[j1] - mn
		v[j1], d[j1] = settledV, settledD
		mn, end = relaxInt(ri, v, d, pred, flag, h, int32(i))
	}
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
