package match

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// mipRow is one extra row of a placement programme: Σ coef·x[arc] sense rhs.
type mipRow struct {
	arcs  []int
	coef  []int64
	sense string // "<=" or ">="
	rhs   int64
}

// writeMIP writes the placement programme of p in CPLEX LP form with
// binary x[a] (column xa), objective Σ obj[a]·x[a], the rows of p and the
// extra rows.
func writeMIP(path string, p *Problem, obj []int64, extra []mipRow) error {
	var b strings.Builder
	b.WriteString("Minimize\n obj:")
	for a, v := range obj {
		fmt.Fprintf(&b, " %+d x%d", v, a)
		if a%8 == 7 {
			b.WriteString("\n")
		}
	}
	b.WriteString("\nSubject To\n")
	byOpening := make([][]int, p.NumOpenings())
	for c := range p.NumCandidates() {
		if p.Start[c] == p.Start[c+1] {
			continue
		}
		fmt.Fprintf(&b, " c%d:", c)
		for a := p.Start[c]; a < p.Start[c+1]; a++ {
			fmt.Fprintf(&b, " + x%d", a)
			byOpening[p.Opening[a]] = append(byOpening[p.Opening[a]], int(a))
		}
		b.WriteString(" <= 1\n")
	}
	byWorkplace := make([][]int, p.NumWorkplaces())
	for o, as := range byOpening {
		if len(as) == 0 {
			continue
		}
		fmt.Fprintf(&b, " o%d:", o)
		for _, a := range as {
			fmt.Fprintf(&b, " + x%d", a)
		}
		fmt.Fprintf(&b, " <= %d\n", p.Positions[o])
		byWorkplace[p.Workplace[o]] = append(byWorkplace[p.Workplace[o]], as...)
	}
	for w, as := range byWorkplace {
		if len(as) == 0 {
			continue
		}
		fmt.Fprintf(&b, " w%d:", w)
		for _, a := range as {
			fmt.Fprintf(&b, " + x%d", a)
		}
		fmt.Fprintf(&b, " <= %d\n", p.Capacity[w])
	}
	for i, r := range extra {
		if len(r.arcs) == 0 {
			continue
		}
		fmt.Fprintf(&b, " e%d:", i)
		for k, a := range r.arcs {
			fmt.Fprintf(&b, " %+d x%d", r.coef[k], a)
		}
		fmt.Fprintf(&b, " %s %d\n", r.sense, r.rhs)
	}
	b.WriteString("Binary\n")
	for a := range obj {
		fmt.Fprintf(&b, " x%d", a)
		if a%8 == 7 {
			b.WriteString("\n")
		}
	}
	b.WriteString("\nEnd\n")
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// solveMIP solves the programme with glpsol or cbc and returns x per arc
// (rounded to 0/1).
func solveMIP(t *testing.T, solver, dir string, p *Problem, obj []int64, extra []mipRow) []bool {
	t.Helper()
	lp, sol := filepath.Join(dir, "m.lp"), filepath.Join(dir, "m.sol")
	if err := writeMIP(lp, p, obj, extra); err != nil {
		t.Fatal(err)
	}
	var cmd *exec.Cmd
	if filepath.Base(solver) == "cbc" {
		cmd = exec.Command(solver, lp, "solve", "solu", sol)
	} else {
		cmd = exec.Command(solver, "--lp", lp, "-w", sol)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", solver, err, out)
	}
	f, err := os.Open(sol)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	x := make([]bool, len(obj))
	sc := bufio.NewScanner(f)
	optimal := false
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		switch {
		case len(fs) >= 5 && fs[0] == "s" && fs[1] == "mip":
			optimal = fs[4] == "o"
		case len(fs) >= 1 && fs[0] == "Optimal":
			optimal = true
		case len(fs) == 3 && fs[0] == "j": // glpsol: j COL VAL
			j, _ := strconv.Atoi(fs[1])
			v, _ := strconv.ParseFloat(fs[2], 64)
			x[j-1] = math.Round(v) == 1
		case len(fs) >= 3 && strings.HasPrefix(fs[1], "x"): // cbc: idx NAME VAL RED
			j, err := strconv.Atoi(fs[1][1:])
			if err != nil {
				continue
			}
			v, _ := strconv.ParseFloat(fs[2], 64)
			x[j] = math.Round(v) == 1
		}
	}
	if !optimal {
		t.Fatalf("%s: not optimal", solver)
	}
	return x
}

// assignOf turns x per arc into an opening per candidate.
func assignOf(p *Problem, x []bool) []int32 {
	as := make([]int32, p.NumCandidates())
	for c := range as {
		as[c] = -1
		for a := p.Start[c]; a < p.Start[c+1]; a++ {
			if x[a] {
				as[c] = p.Opening[a]
			}
		}
	}
	return as
}

// objectiveOf is Σ (cost − M)·x of a placement.
func objectiveOf(p *Problem, assign []int32, M int64) int64 {
	var f int64
	for c, o := range assign {
		if o >= 0 {
			f += p.Cost[p.ArcOf(c, int(o))] - M
		}
	}
	return f
}
