package scratch

import (
	"slices"
	"testing"
)

// The examples of the package documentation.
func TestGrow(t *testing.T) {
	s := append(make([]int, 0, 4), 1, 2, 3, 9)[:3]
	for _, tc := range []struct {
		name string
		n    int
		same bool // the memory of s is reused
		want []int
	}{
		{"shrink", 2, true, []int{1, 2}},
		{"to capacity", 4, true, []int{1, 2, 3, 9}},
		{"beyond capacity", 6, false, []int{1, 2, 3, 9, 0, 0}},
		{"empty", 0, true, []int{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := Grow(s, tc.n)
			if !slices.Equal(g, tc.want) {
				t.Errorf("Grow(s, %d) = %v, want %v", tc.n, g, tc.want)
			}
			if same := &g[:1][0] == &s[:1][0]; same != tc.same {
				t.Errorf("memory of s reused: %v, want %v", same, tc.same)
			}
		})
	}
	if g := Grow[int](nil, 3); !slices.Equal(g, []int{0, 0, 0}) {
		t.Errorf("Grow(nil, 3) = %v", g)
	}
}

func TestZeroed(t *testing.T) {
	s := append(make([]int, 0, 4), 1, 2, 3, 9)[:3]
	if z := Zeroed(s, 4); !slices.Equal(z, []int{0, 0, 0, 0}) || &z[0] != &s[0] {
		t.Errorf("Zeroed(s, 4) = %v, not in the memory of s", z)
	}
	if z := Zeroed(s, 6); !slices.Equal(z, []int{0, 0, 0, 0, 0, 0}) {
		t.Errorf("Zeroed(s, 6) = %v", z)
	}
}

// Rows survive a shrink and regrowth of the outer slice, also when the
// outer slice must be reallocated.
func TestGrow2(t *testing.T) {
	s := Grow2[float64](nil, 2, 3)
	if len(s) != 2 || len(s[0]) != 3 || len(s[1]) != 3 {
		t.Fatalf("shape %d×%d", len(s), len(s[0]))
	}
	s[1][2] = 7
	row1 := &s[1][0]
	s = Grow2(s, 1, 3)
	s = Grow2(s, 5, 2)
	if len(s) != 5 || len(s[4]) != 2 || &s[1][0] != row1 || s[1][:3][2] != 7 {
		t.Errorf("regrown rows lost their memory: %v", s)
	}
}

// Reusing buffers at the same or a smaller size allocates nothing.
func TestReuseAllocs(t *testing.T) {
	flat := Grow[int64](nil, 1000)
	rows := Grow2[float64](nil, 30, 20)
	allocs := testing.AllocsPerRun(100, func() {
		flat = Grow(flat, 1000)
		flat = Zeroed(flat, 500)
		rows = Grow2(rows, 30, 20)
		rows = Grow2(rows, 10, 5)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per reuse, want 0", allocs)
	}
}
