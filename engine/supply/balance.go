package supply

import "math"

// CheckFlows returns the largest relative violation, over roles and
// pipelines, of the flow balance of one year from cur to next with flows f
// (see the package documentation):
//
//	role:     Σ N' - (Σ N - Exits - Retirements - TransfersOut + TransfersIn
//	                  + Graduates - GraduatesOut + Recruits + MatchedEntrants)
//	pipeline: Intake - (Dropouts + Failures + Graduates + Σ x' - Σ x)
//	sourced:  Σ InTraining' - Σ x'
//
// each divided by the larger of 1 and the sum of the absolute values of its
// terms (for the sourced check, plus the year's intake, from which the
// trainees' distribution is built). After Step it is at rounding level,
// about 1e-15; it is NaN when a
// count is NaN. It panics when
// the shapes of cur, next and f differ.
func CheckFlows(cur, next *State, f *Flows) float64 {
	if len(cur.Stock) != len(next.Stock) || len(f.Roles) != len(cur.Stock) ||
		len(cur.Trainees) != len(next.Trainees) || len(f.Pipelines) != len(cur.Trainees) {
		panic("supply: length mismatch")
	}
	var worst float64
	// checkAt adds the imbalance of terms relative to the larger of 1,
	// scale and the sum of their absolute values.
	checkAt := func(scale float64, terms ...float64) {
		var sum float64
		for _, t := range terms {
			sum += t
			scale += math.Abs(t)
		}
		worst = max(worst, math.Abs(sum)/max(1, scale))
	}
	check := func(terms ...float64) { checkAt(0, terms...) }
	for r := range cur.Stock {
		fl := &f.Roles[r]
		check(next.Headcount(r), -cur.Headcount(r),
			fl.Exits, fl.Retirements, fl.TransfersOut, -fl.TransfersIn,
			-fl.Graduates, fl.GraduatesOut, -fl.Recruits, -fl.MatchedEntrants)
	}
	for i := range cur.Trainees {
		if len(cur.Trainees[i]) != len(next.Trainees[i]) {
			panic("supply: length mismatch")
		}
		var x0, x1 float64
		for k := range cur.Trainees[i] {
			x0 += cur.Trainees[i][k]
			x1 += next.Trainees[i][k]
		}
		pf := &f.Pipelines[i]
		if i < len(next.InTraining) {
			if held := next.InTraining[i].Total(); held > 0 {
				// The trainees' distribution holds them all, to the
				// rounding of the intakes it was built from.
				checkAt(math.Abs(pf.Intake), held, -x1)
			}
		}
		check(pf.Intake, -pf.Dropouts, -pf.Failures, -pf.Graduates, -x1, x0)
	}
	return worst
}
