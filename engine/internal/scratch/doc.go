// Package scratch reuses buffers across calls, so that the engine's hot
// loops allocate only when a problem outgrows the memory of the last one
// (STYLE.md, rule 8: the caller owns the memory).
//
// Grow(s, n) returns a slice of length n holding what s[:cap(s)] held,
// in the memory of s when cap(s) ≥ n and in a new slice otherwise; so a
// [][]T grown keeps its rows' memory. Zeroed(s, n) is Grow with every
// element cleared, and Grow2(s, n, m) shapes s as n rows of length m,
// each grown with Grow. With s of capacity 4 holding 1, 2, 3 (and 9
// beyond its length):
//
//	Grow(s, 2)   = [1 2]          memory of s
//	Grow(s, 4)   = [1 2 3 9]      memory of s
//	Grow(s, 6)   = [1 2 3 9 0 0]  new memory
//	Zeroed(s, 4) = [0 0 0 0]      memory of s
//
// A buffer reused at the same or a smaller size allocates nothing.
package scratch
