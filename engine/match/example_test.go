package match_test

import (
	"fmt"

	"github.com/caregap/caregap/engine/match"
)

// Three candidates, two openings at one workplace with a single
// supervisor free, and one opening at another workplace.
func exampleProblem() *match.Problem {
	return &match.Problem{
		// candidate 0: openings 0 (cost 4), 2 (cost 9)
		// candidate 1: opening 0 (cost 2), 1 (cost 3)
		// candidate 2: opening 1 (cost 1)
		Start:     []int32{0, 2, 4, 5},
		Opening:   []int32{0, 2, 0, 1, 1},
		Cost:      []int64{4, 9, 2, 3, 1},
		Positions: []int32{1, 1, 1},
		Workplace: []int32{0, 0, 1},
		Capacity:  []int32{1, 1},
	}
}

func ExampleFlowSolver() {
	p := exampleProblem()
	var s match.FlowSolver
	res, err := s.Solve(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("placed", res.Placed, "cost", res.Cost, "assign", res.Assign)
	fmt.Println("verify:", match.Verify(p, res, res.Cert))
	// Output:
	// placed 2 cost 10 assign [2 -1 1]
	// verify: <nil>
}

// Candidate 0 could only take opening 0 by taking the one free supervisor
// of workplace 0 from candidate 2, who has nowhere else to go. That loses
// a placement (bonus M = 19) and saves 6 in cost, a margin of 13; the
// reduced cost 12 is a lower bound on it (see ExampleExplainExact).
func ExampleExplain() {
	p := exampleProblem()
	var s match.FlowSolver
	res, _ := s.Solve(p)
	for _, alt := range match.Explain(p, res, res.Cert, 0) {
		fmt.Printf("opening %d cost %d reduced %d chosen %v\n", alt.Opening, alt.Cost, alt.Reduced, alt.Chosen)
	}
	// Output:
	// opening 2 cost 9 reduced 0 chosen true
	// opening 0 cost 4 reduced 12 chosen false
}

// The exact margin of the same alternative: forced to opening 0,
// candidate 0 takes workplace 0's only free supervisor, and neither
// candidate 1 nor candidate 2 can then be placed. One placement fewer
// (M = 19) at a total cost of 4 instead of 10 gives 19 + 4 − 10 = 13;
// the reduced cost 12 was a lower bound.
func ExampleExplainExact() {
	p := exampleProblem()
	var s match.FlowSolver
	res, _ := s.Solve(p)
	alts, err := match.ExplainExact(p, res, res.Cert, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, alt := range alts {
		fmt.Printf("opening %d reduced %d margin %d displaces %v chosen %v\n", alt.Opening, alt.Reduced, alt.Margin, alt.Displaces, alt.Chosen)
	}
	// Output:
	// opening 2 reduced 0 margin 0 displaces false chosen true
	// opening 0 reduced 12 margin 13 displaces true chosen false
}

func ExampleVerify() {
	p := exampleProblem()
	var s match.FlowSolver
	res, _ := s.Solve(p)
	res.Cert.Z[1]++ // claim the second workplace's supervisor is worth more
	fmt.Println(match.Verify(p, res, res.Cert))
	// Output:
	// match: not optimal: complementary slackness (candidate 0, opening 2, workplace 1): used arc has reduced cost 1
}

func ExampleDenseLAP_SolveInt() {
	cost := []int64{
		4, 1, 3,
		2, 0, 5,
		3, 2, 2,
	}
	var s match.DenseLAP
	rowCol := make([]int, 3)
	u, v := make([]int64, 3), make([]int64, 3)
	total, _ := s.SolveInt(cost, 3, 3, rowCol, u, v)
	fmt.Println(total, rowCol)
	// Output:
	// 5 [1 0 2]
}

func ExampleStableMatching() {
	p := exampleProblem()
	pr := &match.Preferences{
		Candidate: [][]int32{{0, 2}, {0, 1}, {1}},
		Opening:   [][]int32{{1, 0}, {2, 1}, {0}},
	}
	res, _ := match.StableMatching(p, pr)
	bp, _ := match.BlockingPairs(p, pr, res.Assign)
	fmt.Println(res.Assign, "blocking pairs:", len(bp))
	// Output:
	// [2 0 -1] blocking pairs: 0
}

func ExampleBuild() {
	cands := []match.Candidate{
		{ID: "k1", X: 0, Y: 0, Language: 2, RolePrefs: []string{"undersköterska"}, HoursWanted: 30, Sex: "F"},
		{ID: "k2", X: 4, Y: 3, Language: 1, Licence: true, RolePrefs: []string{"vårdbiträde"}, Sex: "M"},
		{ID: "k3", X: 90, Y: 0, Language: 3, Sex: "F"},
	}
	wps := []match.Workplace{{ID: "Solgården", X: 0, Y: 0, SupervisorCapacity: 1}}
	ops := []match.Opening{
		{ID: "usk", Workplace: 0, Role: "undersköterska", Positions: 1, MinLanguage: 2, Hours: 35},
		{ID: "vb", Workplace: 0, Role: "vårdbiträde", Positions: 1, MinLanguage: 1, Hours: 30},
	}
	p, bd, err := match.Build(cands, ops, wps, match.Rules{}, match.CostWeights{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for c := range cands {
		opsOf, costs := p.Arcs(c)
		fmt.Println(cands[c].ID, opsOf, costs)
	}
	var s match.FlowSolver
	res, _ := s.Solve(p)
	for _, u := range match.Reasons(p, bd, res) {
		fmt.Println(cands[u.Candidate].ID, u.Reason, u.Rule)
	}
	rep := match.Summarize(p, bd, res, cands)
	fmt.Printf("placed %d of %d, supervisors %.0f%%\n", rep.Placed, rep.Candidates, 100*rep.SupervisorUtilisation)
	for _, g := range rep.BySex {
		fmt.Printf("%s %d/%d\n", g.Group, g.Placed, g.Candidates)
	}
	// Output:
	// k1 [0 1] [25 250]
	// k2 [1] [50]
	// k3 [] []
	// k2 no supervisor none
	// k3 no eligible opening commute
	// placed 1 of 3, supervisors 100%
	// F 1/2
	// M 0/1
}
