package match

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
)

// tinyPreferences draws random acceptable lists for p's shape.
func tinyPreferences(rnd *rand.Rand, n, m int) *Preferences {
	pr := &Preferences{Candidate: make([][]int32, n), Opening: make([][]int32, m)}
	for c := range n {
		for _, o := range rnd.Perm(m) {
			if rnd.IntN(4) != 0 {
				pr.Candidate[c] = append(pr.Candidate[c], int32(o))
			}
		}
	}
	for o := range m {
		for _, c := range rnd.Perm(n) {
			if rnd.IntN(4) != 0 {
				pr.Opening[o] = append(pr.Opening[o], int32(c))
			}
		}
	}
	return pr
}

// prefRank is c's position for o in its list, len(list) if unplaced.
func prefRank(pr *Preferences, c int, o int32) int {
	if o < 0 {
		return len(pr.Candidate[c])
	}
	return slices.Index(pr.Candidate[c], o)
}

func TestStableMatchingBruteForce(t *testing.T) {
	const seed = 99
	rnd := rand.New(rand.NewPCG(seed, 5))
	for it := range longRuns(5000) {
		p := tinyProblem(rnd)
		n, m := p.NumCandidates(), p.NumOpenings()
		pr := tinyPreferences(rnd, n, m)
		res, err := StableMatching(p, pr)
		if err != nil {
			t.Fatalf("seed %d instance %d: %v", seed, it, err)
		}
		if err := Verify(stableArcs(p, pr), res, nil); err != nil {
			t.Fatalf("seed %d instance %d: %v", seed, it, err)
		}
		bp, err := BlockingPairs(p, pr, res.Assign)
		if err != nil || len(bp) > 0 {
			t.Fatalf("seed %d instance %d: blocking pairs %v (%v)\n%+v\n%+v\n%v", seed, it, bp, err, p, pr, res.Assign)
		}
		// Candidate optimality: every candidate weakly prefers the result
		// to its place in any stable placement.
		assign := make([]int32, n)
		load := make([]int32, m)
		loadW := make([]int32, p.NumWorkplaces())
		var rec func(c int)
		rec = func(c int) {
			if c == n {
				if bp, _ := BlockingPairs(p, pr, assign); len(bp) > 0 {
					return
				}
				for d := range n {
					if prefRank(pr, d, assign[d]) < prefRank(pr, d, res.Assign[d]) {
						t.Fatalf("seed %d instance %d: stable %v better for candidate %d than %v\n%+v\n%+v",
							seed, it, assign, d, res.Assign, p, pr)
					}
				}
				return
			}
			assign[c] = -1
			rec(c + 1)
			for _, o := range pr.Candidate[c] {
				w := p.Workplace[o]
				if !slices.Contains(pr.Opening[o], int32(c)) || load[o] >= p.Positions[o] || loadW[w] >= p.Capacity[w] {
					continue
				}
				assign[c] = o
				load[o]++
				loadW[w]++
				rec(c + 1)
				load[o]--
				loadW[w]--
			}
			assign[c] = -1
		}
		rec(0)
	}
}

// stableArcs returns p with the mutually acceptable pairs as arcs, for
// Verify's feasibility checks.
func stableArcs(p *Problem, pr *Preferences) *Problem {
	q := *p
	q.Start = make([]int32, 1, p.NumCandidates()+1)
	q.Opening, q.Cost = nil, nil
	for c, l := range pr.Candidate {
		for _, o := range l {
			if slices.Contains(pr.Opening[o], int32(c)) {
				q.Opening = append(q.Opening, o)
				if a := p.ArcOf(c, int(o)); a >= 0 {
					q.Cost = append(q.Cost, p.Cost[a])
				} else {
					q.Cost = append(q.Cost, 0)
				}
			}
		}
		q.Start = append(q.Start, int32(len(q.Opening)))
	}
	return &q
}

// TestBlockingPairsInfeasible: a placement over an opening's positions or
// a workplace's supervisor capacity is an error, not a list of pairs
// computed against a worst held placement that does not make sense.
func TestBlockingPairsInfeasible(t *testing.T) {
	// Two candidates, two openings of one workplace.
	p := &Problem{Start: []int32{0, 0, 0}, Positions: []int32{1, 1}, Workplace: []int32{0, 0}, Capacity: []int32{1}}
	pr := &Preferences{
		Candidate: [][]int32{{0, 1}, {0, 1}},
		Opening:   [][]int32{{0, 1}, {1, 0}},
	}
	for _, tt := range []struct {
		name   string
		assign []int32
	}{
		{"over positions", []int32{0, 0}},
		{"over supervisor capacity", []int32{0, 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bp, err := BlockingPairs(p, pr, tt.assign)
			if !errors.Is(err, ErrInfeasible) {
				t.Fatalf("pairs %v, err %v; want ErrInfeasible", bp, err)
			}
		})
	}
	if bp, err := BlockingPairs(p, pr, []int32{0, -1}); err != nil || len(bp) != 0 {
		t.Fatalf("feasible placement: pairs %v, err %v; want none", bp, err)
	}
}
