package scratch

// Grow returns s resliced to length n when cap(s) ≥ n; otherwise a new
// slice of length n holding a copy of s[:cap(s)], zero beyond it. It
// panics if n < 0.
func Grow[T any](s []T, n int) []T {
	if cap(s) < n {
		t := make([]T, n)
		copy(t, s[:cap(s)])
		return t
	}
	return s[:n]
}

// Zeroed returns s resliced to length n, or a new slice when cap(s) < n,
// with every element set to its zero value.
func Zeroed[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// Grow2 returns s shaped as n rows of length m, the rows and each row
// grown with Grow: rows within the capacity of s keep their memory and
// contents.
func Grow2[T any](s [][]T, n, m int) [][]T {
	s = Grow(s, n)
	for i := range s {
		s[i] = Grow(s[i], m)
	}
	return s
}
