package match

import "github.com/caregap/caregap/engine/internal/scratch"

// offsets lays an array out group after group (compressed sparse rows):
// group g, an opening or a workplace, owns the positions
// start[g]:start[g+1]. It is how an opening finds its arcs, slots or
// columns, and a workplace its openings. The zero value is empty; an
// offsets reused for groups of the same number allocates nothing.
type offsets struct {
	start []int32 // per group, and one past the last: start[0] == 0, non-decreasing
	next  []int32 // per group: the position place hands out next
}

// count sizes each group g in [0, groups) by how often keys holds g.
func (x *offsets) count(keys []int32, groups int) {
	x.start = scratch.Zeroed(x.start, groups+1)
	for _, g := range keys {
		x.start[g+1]++
	}
	x.sum(groups)
}

// sized sizes each group g in [0, groups) by size(g).
func (x *offsets) sized(groups int, size func(g int) int32) {
	x.start = scratch.Grow(x.start, groups+1)
	x.start[0] = 0
	for g := range groups {
		x.start[g+1] = size(g)
	}
	x.sum(groups)
}

// sum turns the sizes in start[1:] into offsets and readies place.
func (x *offsets) sum(groups int) {
	for g := range groups {
		x.start[g+1] += x.start[g]
	}
	x.next = scratch.Grow(x.next, groups)
	copy(x.next, x.start[:groups])
}

// place returns the next position of group g, in increasing order from
// start[g] after count or sized.
func (x *offsets) place(g int32) int32 {
	k := x.next[g]
	x.next[g]++
	return k
}

// group counts keys into groups and returns items, grown to len(keys),
// holding the indices of keys grouped by key: of(items, g) lists the i
// with keys[i] == g in increasing order.
func (x *offsets) group(items, keys []int32, groups int) []int32 {
	x.count(keys, groups)
	items = scratch.Grow(items, len(keys))
	for i, g := range keys {
		items[x.place(g)] = int32(i)
	}
	return items
}

// of returns the part of items that group g owns.
func (x *offsets) of(items []int32, g int) []int32 {
	return items[x.start[g]:x.start[g+1]]
}

// size returns the number of positions of group g.
func (x *offsets) size(g int) int32 { return x.start[g+1] - x.start[g] }

// total returns the number of positions of all groups.
func (x *offsets) total() int32 { return x.start[len(x.start)-1] }
