package goalseek

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
)

// WriteCPLEX writes p in the CPLEX LP format that GLPK (glpsol --lp) and
// CBC read, with every number at full precision, so that an independent
// solver can check an optimum. Variables are named x1.., rows r1..
// unless p names them (names must be valid LP-format names).
func WriteCPLEX(w io.Writer, p *LP) error {
	p.check()
	bw := bufio.NewWriter(w)
	vn := func(j int) string {
		if j < len(p.VarNames) && p.VarNames[j] != "" {
			return p.VarNames[j]
		}
		return "x" + strconv.Itoa(j+1)
	}
	rn := func(i int) string {
		if i < len(p.RowNames) && p.RowNames[i] != "" {
			return p.RowNames[i]
		}
		return "r" + strconv.Itoa(i+1)
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	terms := func(coef []float64) {
		k := 0
		for j, v := range coef {
			if v == 0 {
				continue
			}
			if k > 0 && k%4 == 0 {
				bw.WriteString("\n  ")
			}
			if v < 0 {
				fmt.Fprintf(bw, " - %s %s", num(-v), vn(j))
			} else {
				fmt.Fprintf(bw, " + %s %s", num(v), vn(j))
			}
			k++
		}
		if k == 0 && len(coef) > 0 {
			fmt.Fprintf(bw, " 0 %s", vn(0))
		}
	}
	bw.WriteString("\\ written by caregap goalseek\nMinimize\n obj:")
	terms(p.C)
	bw.WriteString("\nSubject To\n")
	for i := range p.H {
		fmt.Fprintf(bw, " %s:", rn(i))
		terms(p.G[i])
		fmt.Fprintf(bw, " <= %s\n", num(p.H[i]))
	}
	bw.WriteString("Bounds\n")
	for j := range p.C {
		if math.IsInf(p.Hi[j], 1) {
			fmt.Fprintf(bw, " %s >= %s\n", vn(j), num(p.Lo[j]))
		} else {
			fmt.Fprintf(bw, " %s <= %s <= %s\n", num(p.Lo[j]), vn(j), num(p.Hi[j]))
		}
	}
	bw.WriteString("End\n")
	return bw.Flush()
}
