//go:build !amd64

package match

var haveKernel = false

// relaxBlocks does nothing where there is no vector kernel.
func relaxBlocks[E cost32or64](c []E, v, d []int64, pred []int32, flag []uint8, h int64, i int32, fifo bool) (int, int64, int64, int) {
	return 0, maxKey, maxKey, -1
}
