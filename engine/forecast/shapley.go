package forecast

import (
	"context"
	"hash/fnv"
	"math"
	"math/rand/v2"

	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/engine/scenario"
)

// Attribution controls how the levers' part of a gap is shared among
// them (Shapley values; see the package documentation). The zero value is
// the default.
type Attribution struct {
	// ExactLevers is the largest number of levers acting in a region whose
	// Shapley values are computed exactly, from all 2^k subsets [10].
	ExactLevers int
	// Budget bounds the simulations of one region and scenario when
	// there are more levers: permutations are sampled, in antithetic
	// pairs, until Budget subsets have been simulated [1024]. The cost of
	// a decomposition is thus bounded whatever the number of levers.
	Budget int
}

func (a *Attribution) exactLevers() int {
	if a == nil || a.ExactLevers <= 0 {
		return 10
	}
	return min(a.ExactLevers, 20)
}

func (a *Attribution) budget() int {
	if a == nil || a.Budget <= 0 {
		return 1024
	}
	return a.Budget
}

// shapley holds the lever attribution of one region and scenario: phi[j]
// and se[j] are lever j's value and its sampling standard error (zero when
// exact), each [year*nr+role].
type shapley struct {
	phi, se [][]float64
}

// gapVec writes the gap of sm, [year*nr+role], into dst.
func gapVec(dst []float64, sm *sim) []float64 {
	dst = dst[:0]
	for i := range sm.demand {
		for r := range sm.demand[i] {
			dst = append(dst, sm.demand[i][r]-sm.fte[i][r].EffectiveFTE)
		}
	}
	return dst
}

// attribute computes the Shapley values of the levers of sc in region r.
// v0 and vN are the gaps of the runs without levers and with all of them.
// Levers that do not act in r are null players: their value is zero and
// they are left out of the game. A lever set is simulated with its levers
// in the scenario's order, so the values do not depend on that order.
func (w *worker) attribute(ctx context.Context, r *Region, proj *population.Projection, sc *scenario.Resolved,
	v0, vN []float64, at *Attribution) (*shapley, error) {
	n := len(v0)
	out := &shapley{phi: make([][]float64, len(sc.Levers)), se: make([][]float64, len(sc.Levers))}
	var active []int
	for j := range sc.Levers {
		out.phi[j], out.se[j] = make([]float64, n), make([]float64, n)
		if sc.Levers[j].AppliesTo(r.Code) {
			active = append(active, j)
		}
	}
	k := len(active)
	switch {
	case k == 0:
		return out, nil
	case k == 1:
		for i := range n {
			out.phi[active[0]][i] = vN[i] - v0[i]
		}
		return out, nil
	}
	// value returns v(S) for a subset of the active levers, by bitset.
	cache := map[string][]float64{}
	full := newBits(k)
	for i := range k {
		full.set(i)
	}
	cache[newBits(k).key()] = v0
	cache[full.key()] = vN
	value := func(s bits) ([]float64, error) {
		if v, ok := cache[s.key()]; ok {
			return v, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		w.subset = w.subset[:0]
		for i, j := range active {
			if s.has(i) {
				w.subset = append(w.subset, sc.Levers[j])
			}
		}
		if err := w.simulate(&w.runs[2], r, proj, w.subset); err != nil {
			return nil, err
		}
		v := gapVec(make([]float64, 0, n), &w.runs[2])
		cache[s.key()] = v
		return v, nil
	}
	if k <= at.exactLevers() {
		return out, exactShapley(out, active, n, value)
	}
	return out, sampledShapley(out, active, n, at.budget(), seedOf(r.Code, sc.Name), value)
}

// exactShapley: φ_j = Σ_{S ∌ j} |S|!(k−|S|−1)!/k! · (v(S ∪ {j}) − v(S)).
func exactShapley(out *shapley, active []int, n int, value func(bits) ([]float64, error)) error {
	k := len(active)
	weight := make([]float64, k) // weight[s] for |S| = s
	for s := range k {
		weight[s] = math.Exp(lfact(s) + lfact(k-s-1) - lfact(k))
	}
	for mask := range uint64(1) << k {
		s := bitsOf(k, mask)
		vs, err := value(s)
		if err != nil {
			return err
		}
		size := s.count()
		for i, j := range active {
			if s.has(i) {
				continue
			}
			t := s.with(i)
			vt, err := value(t)
			if err != nil {
				return err
			}
			wt, phi := weight[size], out.phi[j]
			for x := range n {
				phi[x] += wt * (vt[x] - vs[x])
			}
		}
	}
	return nil
}

// sampledShapley estimates φ_j as the mean of j's marginal contribution
// over permutations drawn in antithetic pairs (a permutation and its
// reverse), until budget subsets are simulated; se is the standard error
// of that mean over the pairs. Every permutation's contributions sum to
// v(N) − v(∅), so the estimates do too.
func sampledShapley(out *shapley, active []int, n, budget int, seed uint64, value func(bits) ([]float64, error)) error {
	k := len(active)
	rng := rand.New(rand.NewPCG(seed, 0x5ca1ab1e))
	pairs := max(2, budget/(2*(k-1)))
	sum, sumSq := make([][]float64, k), make([][]float64, k)
	pair := make([][]float64, k) // the pair's mean contribution
	for i := range k {
		sum[i], sumSq[i], pair[i] = make([]float64, n), make([]float64, n), make([]float64, n)
	}
	perm := make([]int, k)
	walk := func(order []int) error {
		s := newBits(k)
		prev, err := value(s)
		if err != nil {
			return err
		}
		for _, i := range order {
			s = s.with(i)
			cur, err := value(s)
			if err != nil {
				return err
			}
			for x := range n {
				pair[i][x] += (cur[x] - prev[x]) / 2
			}
			prev = cur
		}
		return nil
	}
	for range pairs {
		for i := range perm {
			perm[i] = i
		}
		rng.Shuffle(k, func(a, b int) { perm[a], perm[b] = perm[b], perm[a] })
		for i := range k {
			clear(pair[i])
		}
		if err := walk(perm); err != nil {
			return err
		}
		for a, b := 0, k-1; a < b; a, b = a+1, b-1 {
			perm[a], perm[b] = perm[b], perm[a]
		}
		if err := walk(perm); err != nil {
			return err
		}
		for i := range k {
			for x := range n {
				sum[i][x] += pair[i][x]
				sumSq[i][x] += pair[i][x] * pair[i][x]
			}
		}
	}
	m := float64(pairs)
	for i, j := range active {
		for x := range n {
			mean := sum[i][x] / m
			out.phi[j][x] = mean
			if v := (sumSq[i][x]/m - mean*mean) * m / (m - 1); v > 0 {
				out.se[j][x] = math.Sqrt(v / m)
			}
		}
	}
	return nil
}

// seedOf seeds a region and scenario's permutations: the same for them
// whatever else runs, and whatever the order.
func seedOf(region, scenario string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(region))
	h.Write([]byte{0})
	h.Write([]byte(scenario))
	return h.Sum64()
}

func lfact(n int) float64 {
	v, _ := math.Lgamma(float64(n + 1))
	return v
}

// bits is a set of lever indices.
type bits []uint64

func newBits(k int) bits { return make(bits, (k+63)/64) }

func bitsOf(k int, mask uint64) bits {
	b := newBits(k)
	b[0] = mask
	return b
}

func (b bits) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }
func (b bits) set(i int)      { b[i/64] |= 1 << (i % 64) }

// with returns a copy of b with i added.
func (b bits) with(i int) bits {
	c := append(bits(nil), b...)
	c.set(i)
	return c
}

func (b bits) count() int {
	n := 0
	for _, w := range b {
		for ; w != 0; w &= w - 1 {
			n++
		}
	}
	return n
}

// key is b as a map key.
func (b bits) key() string {
	buf := make([]byte, 8*len(b))
	for i, w := range b {
		for j := range 8 {
			buf[8*i+j] = byte(w >> (8 * j))
		}
	}
	return string(buf)
}
