package match

import (
	"slices"
	"testing"
)

func TestOffsets(t *testing.T) {
	// Items 0..5 with keys 2 0 2 1 2 0: group 0 holds 1 and 5, group 1
	// holds 3, group 2 holds 0, 2 and 4, group 3 nothing.
	keys := []int32{2, 0, 2, 1, 2, 0}
	var x offsets
	items := x.group(nil, keys, 4)
	for g, want := range [][]int32{{1, 5}, {3}, {0, 2, 4}, {}} {
		if got := x.of(items, g); !slices.Equal(got, want) || x.size(g) != int32(len(want)) {
			t.Errorf("group %d: %v (size %d), want %v", g, got, x.size(g), want)
		}
	}
	if x.total() != 6 || !slices.Equal(x.start, []int32{0, 2, 3, 6, 6}) {
		t.Errorf("start %v, total %d", x.start, x.total())
	}
	// Sizes 2 0 3: positions 0:2, 2:2, 2:5, handed out in order.
	x.sized(3, func(g int) int32 { return []int32{2, 0, 3}[g] })
	if !slices.Equal(x.start, []int32{0, 2, 2, 5}) {
		t.Errorf("sized: start %v", x.start)
	}
	if a, b, c := x.place(2), x.place(0), x.place(2); a != 2 || b != 0 || c != 3 {
		t.Errorf("place: %d %d %d, want 2 0 3", a, b, c)
	}
}

// Regrouping as many items into as many groups reuses the memory.
func TestOffsetsReuseAllocs(t *testing.T) {
	keys := []int32{2, 0, 2, 1, 2, 0}
	var x offsets
	items := x.group(nil, keys, 4)
	size := func(g int) int32 { return int32(g) }
	allocs := testing.AllocsPerRun(100, func() {
		items = x.group(items, keys, 4)
		x.sized(4, size)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per regrouping, want 0", allocs)
	}
}
