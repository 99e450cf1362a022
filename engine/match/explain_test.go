package match

import (
	"math/rand/v2"
	"testing"
)

// bruteForced is bruteForce with candidate c held at opening o: the
// lexicographic optimum (most placed, then least cost) among placements
// that put c at o, and ok = false if there is none.
func bruteForced(p *Problem, c, o int) (placed int, cost int64, ok bool) {
	a := p.ArcOf(c, o)
	w := p.Workplace[o]
	if a < 0 || p.Positions[o] < 1 || p.Capacity[w] < 1 {
		return 0, 0, false
	}
	k, sum := bruteForce(forced(p, c, o))
	return k + 1, sum + p.Cost[a], true
}

// forced returns what is left of p once candidate c is placed at opening
// o: p without c's arcs, with one position of o and one supervisor of its
// workplace fewer. o must have both to spare.
func forced(p *Problem, c, o int) *Problem {
	q := &Problem{Start: []int32{0}, Positions: append([]int32(nil), p.Positions...),
		Workplace: p.Workplace, Capacity: append([]int32(nil), p.Capacity...)}
	q.Positions[o]--
	q.Capacity[p.Workplace[o]]--
	for d := range p.NumCandidates() {
		if d != c {
			ops, costs := p.Arcs(d)
			q.Opening = append(q.Opening, ops...)
			q.Cost = append(q.Cost, costs...)
		}
		q.Start = append(q.Start, int32(len(q.Opening)))
	}
	return q
}

// TestExplainExactBruteForce: on tiny instances the exact margin of every
// alternative is the forced optimum less the optimum in the objective
// Σ (cost − M)·x, Displaces says whether the forced optimum places fewer,
// and the reduced cost is a lower bound on the margin. The instances
// include pairs with reduced cost 0 and a positive margin (counted), the
// case the reduced cost alone reports as a tie.
func TestExplainExactBruteForce(t *testing.T) {
	const seed = 4242
	rnd := rand.New(rand.NewPCG(seed, 1))
	var s FlowSolver
	falseTies := 0
	for it := range longRuns(3000) {
		p := tinyProblem(rnd)
		res, err := s.Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		M := res.Cert.M
		opt := res.Cost - int64(res.Placed)*M
		for c := range p.NumCandidates() {
			alts, err := ExplainExact(p, res, res.Cert, c)
			if err != nil {
				t.Fatalf("seed %d instance %d: %v", seed, it, err)
			}
			last := int64(-1)
			for _, al := range alts {
				if al.Margin < last {
					t.Fatalf("seed %d instance %d candidate %d: not sorted by margin: %+v", seed, it, c, alts)
				}
				last = al.Margin
				if al.Chosen {
					if al.Margin != 0 || al.Reduced != 0 || al.Displaces {
						t.Fatalf("seed %d instance %d candidate %d: chosen %+v", seed, it, c, al)
					}
					continue
				}
				k, cost, ok := bruteForced(p, c, al.Opening)
				if !ok {
					if al.Margin != NoMargin {
						t.Fatalf("seed %d instance %d candidate %d: %+v, want NoMargin", seed, it, c, al)
					}
					continue
				}
				want := cost - int64(k)*M - opt
				if al.Margin != want || al.Displaces != (k < res.Placed) {
					t.Fatalf("seed %d instance %d candidate %d: %+v, want margin %d displaces %v\n%+v\n%+v",
						seed, it, c, al, want, k < res.Placed, p, res)
				}
				if al.Reduced > al.Margin {
					t.Fatalf("seed %d instance %d candidate %d: reduced cost %d above the margin %d", seed, it, c, al.Reduced, al.Margin)
				}
				if al.Reduced >= M && !al.Displaces {
					t.Fatalf("seed %d instance %d candidate %d: reduced cost ≥ M but no placement lost: %+v", seed, it, c, al)
				}
				if al.Reduced == 0 && al.Margin > 0 {
					falseTies++
				}
			}
		}
	}
	if falseTies == 0 {
		t.Errorf("seed %d: no alternative with reduced cost 0 and a positive margin; the test lost its point", seed)
	}
}

// TestExplainExactMedium checks the margins of larger instances against
// re-solving with the pair forced (the flow solver on the problem without
// the candidate and with one position and one supervisor fewer).
func TestExplainExactMedium(t *testing.T) {
	const seed = 77
	var s FlowSolver
	for it := range 4 {
		p := GenerateNetwork(NetworkConfig{Candidates: 120, Openings: 20, Workplaces: 6, Degree: 5,
			MaxPositions: 4, MaxCapacity: 8, MaxCost: 40, Src: rand.NewPCG(seed, uint64(it))})
		res, err := s.Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		M := res.Cert.M
		opt := res.Cost - int64(res.Placed)*M
		for c := 0; c < p.NumCandidates(); c += 7 {
			alts, err := ExplainExact(p, res, res.Cert, c)
			if err != nil {
				t.Fatal(err)
			}
			for _, al := range alts {
				if al.Chosen {
					continue
				}
				o := al.Opening
				w := p.Workplace[o]
				if p.Positions[o] == 0 || p.Capacity[w] == 0 {
					if al.Margin != NoMargin {
						t.Fatalf("seed %d instance %d candidate %d: %+v, want NoMargin", seed, it, c, al)
					}
					continue
				}
				var fs FlowSolver
				rq, err := fs.Solve(forced(p, c, o))
				if err != nil {
					t.Fatal(err)
				}
				placed := rq.Placed + 1
				want := rq.Cost + al.Cost - int64(placed)*M - opt
				if al.Margin != want || al.Displaces != (placed < res.Placed) {
					t.Fatalf("seed %d instance %d candidate %d: %+v, want margin %d displaces %v",
						seed, it, c, al, want, placed < res.Placed)
				}
			}
		}
	}
}

// TestExplainExactRejectsBadCertificate: the margins rely on the
// certificate, so it is verified first.
func TestExplainExactRejectsBadCertificate(t *testing.T) {
	p := GenerateNetwork(NetworkConfig{Candidates: 30, Openings: 6, Workplaces: 2, Degree: 3, Src: rand.NewPCG(1, 1)})
	var s FlowSolver
	res, _ := s.Solve(p)
	bad := *res.Cert
	bad.Y = make([]int64, len(res.Cert.Y))
	for o := range bad.Y {
		bad.Y[o] = res.Cert.Y[o] + 7 // used arcs are no longer tight
	}
	if res.Placed == 0 {
		t.Fatal("fixture places nobody")
	}
	if _, err := ExplainExact(p, res, &bad, 0); !errorsIs(err, ErrNotOptimal) {
		t.Fatalf("err = %v, want ErrNotOptimal", err)
	}
}
