package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func regexpMatch(re, s string) bool { return regexp.MustCompile(re).MatchString(s) }

// bruteLAP returns the least total of a square matrix over all
// permutations.
func bruteLAP(c [][]int) int {
	n := len(c)
	best := -1
	perm := make([]int, n)
	used := make([]bool, n)
	var rec func(i, sum int)
	rec = func(i, sum int) {
		if i == n {
			if best < 0 || sum < best {
				best = sum
			}
			return
		}
		for j := range n {
			if !used[j] {
				used[j], perm[i] = true, j
				rec(i+1, sum+c[i][j])
				used[j] = false
			}
		}
	}
	rec(0, 0)
	return best
}

func writeFile(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cost.csv")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLap(t *testing.T) {
	// A 5×5 matrix of made-up costs; the optimum is checked by brute
	// force over the 120 permutations.
	c := [][]int{{7, 53, 183, 439, 863}, {497, 383, 563, 79, 973}, {287, 63, 343, 169, 583}, {627, 343, 773, 959, 943}, {767, 473, 103, 699, 303}}
	var b strings.Builder
	b.WriteString("# costs\n")
	for _, row := range c {
		for j, x := range row {
			if j > 0 {
				b.WriteString(",")
			}
			b.WriteString(strconv.Itoa(x))
		}
		b.WriteString("\n\n")
	}
	code, stdout, stderr := caregap(t, "lap", writeFile(t, b.String()))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := bruteLAP(c)
	if !strings.Contains(stdout, "optimal total "+strconv.Itoa(want)+"\n") || !strings.Contains(stdout, "optimality verified") {
		t.Errorf("want total %d:\n%s", want, stdout)
	}
	// The printed assignment sums to the total and is a permutation.
	re := regexp.MustCompile(`(?m)^ +(\d+) → (\d+) +cost (\d+)$`)
	sum, cols := 0, map[string]bool{}
	for _, m := range re.FindAllStringSubmatch(stdout, -1) {
		i, _ := strconv.Atoi(m[1])
		j, _ := strconv.Atoi(m[2])
		sum += c[i-1][j-1]
		cols[m[2]] = true
	}
	if sum != want || len(cols) != 5 {
		t.Errorf("assignment sums to %d over %d columns:\n%s", sum, len(cols), stdout)
	}
}

// TestLapTimes: the read and the solve are timed apart, each on a line of
// its own in seconds with six decimals; the values themselves are not
// checked.
func TestLapTimes(t *testing.T) {
	for _, text := range []string{"3,1\n2,4\n", "0.5 1\n1 0.25\n"} { // integer and float paths
		code, stdout, stderr := caregap(t, "lap", writeFile(t, text))
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, re := range []string{`(?m)^read in \d+\.\d{6} s$`, `(?m)^solved in \d+\.\d{6} s$`} {
			if !regexpMatch(re, stdout) {
				t.Errorf("%q: no line matching %s:\n%s", text, re, stdout)
			}
		}
	}
}

func TestLapRectangularAndFloat(t *testing.T) {
	// 3 rows, 2 columns, spaces: rows 1 and 3 take columns 1 and 2, or
	// the reverse: min(1.5+0.25, 2+4) = 1.75; row 2 stays out.
	code, stdout, stderr := caregap(t, "lap", writeFile(t, "1.5 2\n9 9\n4 0.25\n"))
	if code != 0 || !strings.Contains(stdout, "optimal total 1.75\n") || !strings.Contains(stdout, "2 → -") {
		t.Errorf("exit %d: %s%s", code, stdout, stderr)
	}
}

func TestLapBadInput(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"1,2\n3,x\n", "line 2, column 2: not a finite number: \"x\""},
		{"1,2,3\n\n4,5\n", "line 3, column 3: ragged matrix"},
		{"1,2\n3,NaN\n", "line 2, column 2"},
		{"# nothing\n", "no rows"},
	} {
		path := writeFile(t, tc.text)
		code, _, stderr := caregap(t, "lap", path)
		if code != exitBadInput || !strings.Contains(stderr, path+": "+tc.want) && !strings.Contains(stderr, tc.want) {
			t.Errorf("%q: exit %d, stderr %q, want 2 and %q", tc.text, code, stderr, tc.want)
		}
	}
	if code, _, _ := caregap(t, "lap", filepath.Join(t.TempDir(), "missing.csv")); code != exitBadInput {
		t.Errorf("missing file: exit %d", code)
	}
}

// TestLapHugeCosts: finite costs whose sums overflow float64 are bad
// input (exit 2, saying so), not an "optimal total -Inf" that verifies.
func TestLapHugeCosts(t *testing.T) {
	path := writeFile(t, "1e308,-1e308\n-1e308,1e308\n")
	code, stdout, stderr := caregap(t, "lap", path)
	if code != exitBadInput || !strings.Contains(stderr, path+": costs too large") || strings.Contains(stdout, "optimal") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 2 and %q", code, stdout, stderr, "costs too large")
	}
}

// TestLapLargeIntegers: an integer matrix beyond the exact integer
// solver's range (2^60/(n+m+1), about 3.84e14 for 3000×2) is solved in
// float64 instead of being rejected. Column 1 costs 4e14 in every row,
// column 2 costs 4e14 + 2(i−1) in row i (all exact in float64), so the
// optimum gives column 2 row 1 and column 1 any other row: 8e14.
func TestLapLargeIntegers(t *testing.T) {
	const n = 3000
	var b strings.Builder
	for i := range n {
		b.WriteString(strconv.FormatInt(4e14, 10))
		b.WriteString(",")
		b.WriteString(strconv.FormatInt(4e14+2*int64(i), 10))
		b.WriteString("\n")
	}
	code, stdout, stderr := caregap(t, "lap", writeFile(t, b.String()))
	if code != 0 || !strings.Contains(stdout, "optimal total 8e+14\n") || !strings.Contains(stdout, "optimality verified") {
		t.Errorf("exit %d: stderr %q\n%.300s", code, stderr, stdout)
	}
}
