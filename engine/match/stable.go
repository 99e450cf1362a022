package match

import (
	"context"
	"fmt"

	"github.com/caregap/caregap/engine/errkind"
)

// Preferences are the ranked lists for StableMatching, most preferred
// first. A pair is acceptable only if each side lists the other.
type Preferences struct {
	Candidate [][]int32 // Candidate[c]: openings c would accept
	Opening   [][]int32 // Opening[o]: candidates o would accept
}

// PreferenceError locates a bad entry of a preference list.
type PreferenceError struct {
	Side  string // "Candidate" or "Opening"
	Index int    // whose list
	Entry int    // position in the list
	Err   error  // ErrPreference
}

func (e *PreferenceError) Error() string {
	return fmt.Sprintf("match: %s %d preference %d: %v", e.Side, e.Index, e.Entry, e.Err)
}

func (e *PreferenceError) Unwrap() error { return e.Err }

// Kind is errkind.BadInput: a preference list breaks a rule.
func (e *PreferenceError) Kind() errkind.Kind { return errkind.BadInput }

// contract is a tentative placement of a candidate at an opening; rank is
// the candidate's position in the opening's list.
type contract struct{ rank, o, c int32 }

// worse reports whether x ranks below y in a workplace's order.
func (x contract) worse(y contract) bool {
	if x.rank != y.rank {
		return x.rank > y.rank
	}
	if x.o != y.o {
		return x.o > y.o
	}
	return x.c > y.c
}

// stablePrefs is the validated, cross-indexed form of Preferences.
type stablePrefs struct {
	start []int32 // candidate c's acceptable openings: list[start[c]:start[c+1]]
	list  []int32
	rank  []int32 // rank of c in the opening's list, per entry
}

// indexPreferences validates p and pr and cross-indexes pr. Errors and
// panics are those of StableMatching.
func indexPreferences(p *Problem, pr *Preferences) (*stablePrefs, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	n, m := p.NumCandidates(), p.NumOpenings()
	if len(pr.Candidate) != n || len(pr.Opening) != m {
		panic("match: length mismatch")
	}
	// rankOf[o] as a sparse map: for each opening, mark its candidates.
	mark := make([]int32, n)
	for c := range mark {
		mark[c] = -1
	}
	for o, l := range pr.Opening {
		for k, c := range l {
			if c < 0 || int(c) >= n {
				return nil, &PreferenceError{"Opening", o, k, ErrPreference}
			}
			if mark[c] == int32(o) {
				return nil, &PreferenceError{"Opening", o, k, ErrPreference}
			}
			mark[c] = int32(o)
		}
	}
	sp := &stablePrefs{start: make([]int32, n+1)}
	omark := make([]int32, m)
	for o := range omark {
		omark[o] = -1
	}
	for c, l := range pr.Candidate {
		for k, o := range l {
			if o < 0 || int(o) >= m || omark[o] == int32(c) {
				return nil, &PreferenceError{"Candidate", c, k, ErrPreference}
			}
			omark[o] = int32(c)
			sp.list = append(sp.list, o)
			sp.rank = append(sp.rank, -1)
		}
		sp.start[c+1] = int32(len(sp.list))
	}
	// Transpose the candidate lists by opening, then read ranks.
	var byOpening offsets
	entries := byOpening.group(nil, sp.list, m)
	entryCand := make([]int32, len(sp.list))
	for c := range n {
		for e := sp.start[c]; e < sp.start[c+1]; e++ {
			entryCand[e] = int32(c)
		}
	}
	rankOf := make([]int32, n)
	for c := range rankOf {
		rankOf[c] = -1
	}
	for o, l := range pr.Opening {
		for k, c := range l {
			rankOf[c] = int32(k)
		}
		for _, e := range byOpening.of(entries, o) {
			sp.rank[e] = rankOf[entryCand[e]]
		}
		for _, c := range l {
			rankOf[c] = -1
		}
	}
	return sp, nil
}

// StableMatching returns the candidate-optimal stable placement by
// candidate-proposing deferred acceptance (Gale & Shapley 1962; Roth 1984
// for capacities) under positions and supervisor capacity, as described
// in doc.go: an opening over its positions rejects the candidate it ranks
// lowest; a workplace over its supervisor capacity rejects, among all
// candidates it holds, the one standing lowest in its own opening's list
// (ties by opening index, then candidate index). The Problem supplies
// positions, workplaces and capacities only; its arcs and costs are not
// used, and Result.Cost is the cost of the placed pairs that are arcs of
// p (0 for others). It returns a *PreferenceError for an index out of
// range or listed twice, and a *ValidationError for negative capacities.
func StableMatching(p *Problem, pr *Preferences) (*Result, error) {
	return StableMatchingContext(context.Background(), p, pr)
}

// stableCheckEvery is how many proposals StableMatchingContext makes
// between checks of its context.
const stableCheckEvery = 4096

// StableMatchingContext is StableMatching that gives up when ctx is done,
// checked every few thousand proposals, returning ctx's error and no
// result.
func StableMatchingContext(ctx context.Context, p *Problem, pr *Preferences) (*Result, error) {
	sp, err := indexPreferences(p, pr)
	if err != nil {
		return nil, err
	}
	n, m, nw := p.NumCandidates(), p.NumOpenings(), p.NumWorkplaces()
	next := make([]int32, n) // next entry to propose
	copy(next, sp.start[:n])
	assign := make([]int32, n)
	for c := range assign {
		assign[c] = -1
	}
	load := make([]int32, m)
	loadW := make([]int32, nw)
	oh := make([]contractHeap, m)  // per opening, worst on top; lazy deletion
	wh := make([]contractHeap, nw) // per workplace
	live := func(k contract) bool { return assign[k.c] == k.o }
	stack := make([]int32, 0, n)
	for c := n - 1; c >= 0; c-- {
		stack = append(stack, int32(c))
	}
	done := ctx.Done()
	proposals := 0
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for next[c] < sp.start[c+1] {
			if proposals++; done != nil && proposals%stableCheckEvery == 0 {
				select {
				case <-done:
					return nil, ctx.Err()
				default:
				}
			}
			e := next[c]
			next[c]++
			r := sp.rank[e]
			if r < 0 { // the opening does not accept c
				continue
			}
			o := sp.list[e]
			w := p.Workplace[o]
			k := contract{r, o, c}
			assign[c] = o
			load[o]++
			loadW[w]++
			oh[o].push(k)
			wh[w].push(k)
			var out contract
			switch {
			case load[o] > p.Positions[o]:
				out = oh[o].popWorst(live)
			case loadW[w] > p.Capacity[w]:
				out = wh[w].popWorst(live)
			default:
				goto placed
			}
			assign[out.c] = -1
			load[out.o]--
			loadW[p.Workplace[out.o]]--
			if out.c != c {
				stack = append(stack, out.c)
				goto placed
			}
		}
		continue
	placed:
	}
	res := &Result{Assign: assign}
	for c, o := range assign {
		if o >= 0 {
			res.Placed++
			if a := p.ArcOf(c, int(o)); a >= 0 {
				res.Cost += p.Cost[a]
			}
		}
	}
	return res, nil
}

// contractHeap is a max-heap of contracts, the worst on top.
type contractHeap []contract

func (h *contractHeap) push(k contract) {
	*h = append(*h, k)
	s := *h
	i := len(s) - 1
	for i > 0 {
		j := (i - 1) / 2
		if !s[i].worse(s[j]) {
			break
		}
		s[i], s[j] = s[j], s[i]
		i = j
	}
}

// popWorst removes and returns the worst live contract.
func (h *contractHeap) popWorst(live func(contract) bool) contract {
	for {
		s := *h
		top := s[0]
		last := len(s) - 1
		s[0] = s[last]
		s = s[:last]
		*h = s
		for i := 0; ; {
			l := 2*i + 1
			if l >= len(s) {
				break
			}
			j := l
			if r := l + 1; r < len(s) && s[r].worse(s[l]) {
				j = r
			}
			if !s[j].worse(s[i]) {
				break
			}
			s[i], s[j] = s[j], s[i]
			i = j
		}
		if live(top) {
			return top
		}
	}
}

// BlockingPair is a candidate and an opening that would both rather be
// matched to each other than keep the given placement.
type BlockingPair struct{ Candidate, Opening int }

// BlockingPairs lists the pairs that block placement assign under the
// stability of doc.go: (c, o) is acceptable to both, c is unplaced or
// prefers o to its opening, and o's workplace would choose (c, o) from
// what it holds plus (c, o): o holds fewer than Positions[o] candidates it
// ranks above c, and the workplace holds fewer than Capacity[w]
// placements that outrank (c, o) in its order (c's own placement there,
// if any, included). A stable placement has none. Errors are as for
// StableMatching, and a *VerifyError wrapping ErrInfeasible if assign
// exceeds an opening's positions or a workplace's supervisor capacity; it
// panics if len(assign) is not the number of candidates.
func BlockingPairs(p *Problem, pr *Preferences, assign []int32) ([]BlockingPair, error) {
	sp, err := indexPreferences(p, pr)
	if err != nil {
		return nil, err
	}
	n, m, nw := p.NumCandidates(), p.NumOpenings(), p.NumWorkplaces()
	if len(assign) != n {
		panic("match: length mismatch")
	}
	load := make([]int32, m)
	loadW := make([]int32, nw)
	worstO := make([]contract, m)
	worstW := make([]contract, nw)
	for c, o := range assign {
		if o < 0 {
			continue
		}
		r := int32(-1)
		for e := sp.start[c]; e < sp.start[c+1]; e++ {
			if sp.list[e] == o {
				r = sp.rank[e]
			}
		}
		if r < 0 {
			return nil, &PreferenceError{"Candidate", c, -1, fmt.Errorf("placed at unacceptable opening %d: %w", o, ErrPreference)}
		}
		k := contract{r, o, int32(c)}
		w := p.Workplace[o]
		if load[o] == 0 || k.worse(worstO[o]) {
			worstO[o] = k
		}
		if loadW[w] == 0 || k.worse(worstW[w]) {
			worstW[w] = k
		}
		load[o]++
		loadW[w]++
	}
	// The test below compares with the worst held placement, which
	// presumes that no opening or workplace holds more than it may.
	for o, k := range load {
		if k > p.Positions[o] {
			return nil, infeasible("opening positions", -1, o, int(p.Workplace[o]),
				"%d placed, %d positions", k, p.Positions[o])
		}
	}
	for w, k := range loadW {
		if k > p.Capacity[w] {
			return nil, infeasible("supervisor capacity", -1, -1, w,
				"%d placed, capacity %d", k, p.Capacity[w])
		}
	}
	var out []BlockingPair
	for c := range n {
		for e := sp.start[c]; e < sp.start[c+1]; e++ {
			o := sp.list[e]
			if assign[c] == o {
				break // the rest are worse for c
			}
			r := sp.rank[e]
			if r < 0 {
				continue
			}
			k := contract{r, o, int32(c)}
			w := p.Workplace[o]
			// The workplace chooses greedily in its order among all it
			// holds, c's own current placement there included.
			okO := load[o] < p.Positions[o] || worstO[o].worse(k)
			okW := loadW[w] < p.Capacity[w] || worstW[w].worse(k)
			if okO && okW {
				out = append(out, BlockingPair{c, int(o)})
			}
		}
	}
	return out, nil
}
