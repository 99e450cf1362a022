package match

import "sort"

// Option is one placement a candidate could be given, with what forcing
// it costs the whole placement (see TopK).
type Option struct {
	Opening int
	Cost    int64 // the pair's own cost
	Chosen  bool  // the optimum's own placement of the candidate
	// Margin is how much the objective Σ (cost − M)·x of the best
	// placement that puts the candidate here exceeds the optimum's: 0 for
	// the chosen opening and for ties.
	Margin int64
	// Displaces: forcing the pair costs a placement elsewhere (Margin is
	// then M plus DeltaCost).
	Displaces bool
	// DeltaCost is the change in total cost of everyone's placements when
	// the pair is forced: Margin, less M if Displaces. It may be negative
	// when a placement is lost.
	DeltaCost int64
}

// TopK returns candidate c's k best placements (all if k ≤ 0), best
// first: the chosen opening (if c is placed) and the alternatives ranked
// by the exact cost of forcing each, the margin of ExplainExact (then
// opening index). Pairs that no feasible placement can hold are left
// out. One shortest-path search over the residual network of the
// optimum serves every pair, in O(arcs · log(nodes)). It returns the
// error of Verify if cert does not prove r optimal.
func TopK(p *Problem, r *Result, cert *Certificate, c, k int) ([]Option, error) {
	alts, err := ExplainExact(p, r, cert, c)
	if err != nil {
		return nil, err
	}
	// The chosen opening first among its ties.
	sort.SliceStable(alts, func(i, j int) bool {
		return alts[i].Margin < alts[j].Margin || alts[i].Margin == alts[j].Margin && alts[i].Chosen && !alts[j].Chosen
	})
	var out []Option
	for _, al := range alts {
		if k > 0 && len(out) == k {
			break
		}
		if al.Margin == NoMargin {
			continue
		}
		d := al.Margin
		if al.Displaces {
			d -= cert.M
		}
		out = append(out, Option{Opening: al.Opening, Cost: al.Cost, Chosen: al.Chosen,
			Margin: al.Margin, Displaces: al.Displaces, DeltaCost: d})
	}
	return out, nil
}
