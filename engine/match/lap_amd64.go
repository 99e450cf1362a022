package match

// relaxAVX512 is the AVX-512 loop of relaxKernel (lap_amd64.s).
//
//go:noescape
func relaxAVX512(c, v, d *int64, pred *int32, flag *uint8, n int, h int64, i int32, bestK, bestJ *[8]int64)

// relaxAVX512W is relaxAVX512 with int32 costs.
//
//go:noescape
func relaxAVX512W(c *int32, v, d *int64, pred *int32, flag *uint8, n int, h int64, i int32, bestK, bestJ *[8]int64)

// relaxAVX512F is relaxAVX512 recording steps, ties first in, first out.
//
//go:noescape
func relaxAVX512F(c, v, d *int64, pred *int32, flag *uint8, n int, h int64, step int32, bestK, bestJ, bestS *[8]int64)

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)

func xgetbv() (eax, edx uint32)

// hasAVX512 reports whether the processor and the operating system
// support AVX-512 Foundation: CPUID leaf 7 EBX bit 16, with XSAVE enabled
// (leaf 1 ECX bit 27) and the opmask, ZMM and SSE/AVX state in XCR0
// (bits 1, 2, 5, 6, 7).
func hasAVX512() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	if _, _, ecx1, _ := cpuid(1, 0); ecx1&(1<<27) == 0 {
		return false
	}
	if xcr0, _ := xgetbv(); xcr0&0xe6 != 0xe6 {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<16) != 0
}

var haveKernel = hasAVX512()

// relaxBlocks runs the kernel over the first len(c)&^7 columns and
// returns how many it did, with the least key, the step it was reached at
// (fifo only) and its column (−1 if none). Keys and ties as relaxInt.
func relaxBlocks[E cost32or64](c []E, v, d []int64, pred []int32, flag []uint8, h int64, i int32, fifo bool) (int, int64, int64, int) {
	n := len(c) &^ 7
	if !haveKernel || n == 0 {
		return 0, maxKey, maxKey, -1
	}
	_, _, _, _ = v[n-1], d[n-1], pred[n-1], flag[n-1]
	var bk, bj, bs [8]int64
	switch c := any(c).(type) {
	case []int64:
		if fifo {
			relaxAVX512F(&c[0], &v[0], &d[0], &pred[0], &flag[0], n, h, i, &bk, &bj, &bs)
		} else {
			relaxAVX512(&c[0], &v[0], &d[0], &pred[0], &flag[0], n, h, i, &bk, &bj)
		}
	case []int32:
		if fifo {
			panic("match: no first-in-first-out kernel for int32 costs")
		}
		relaxAVX512W(&c[0], &v[0], &d[0], &pred[0], &flag[0], n, h, i, &bk, &bj)
	}
	key, step, at := maxKey, maxKey, -1
	for l := range 8 {
		if bk[l] < key || bk[l] == key && (bs[l] < step || bs[l] == step && int(bj[l]) < at) {
			key, step, at = bk[l], bs[l], int(bj[l])
		}
	}
	return n, key, step, at
}
