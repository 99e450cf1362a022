package match

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/internal/scratch"
)

// Errors returned for what the data did. Compare with errors.Is.
var (
	// ErrNegativeCapacity: an opening has negative positions or a workplace
	// a negative supervisor capacity (or, in Build, one beyond int32).
	ErrNegativeCapacity = errkind.New(errkind.BadInput, "negative capacity")
	// ErrIndexRange: an arc names an opening, or an opening a workplace,
	// that does not exist.
	ErrIndexRange = errkind.New(errkind.BadInput, "index out of range")
	// ErrDuplicateArc: a candidate lists the same opening twice.
	ErrDuplicateArc = errkind.New(errkind.BadInput, "duplicate arc")
	// ErrCostRange: costs are too large for the placement bonus to fit in
	// an int64, or a dense cost is not finite.
	ErrCostRange = errkind.New(errkind.BadInput, "cost out of range")
	// ErrInfeasible: the solution breaks a constraint of the problem.
	ErrInfeasible = errkind.New(errkind.BadInput, "infeasible")
	// ErrNotOptimal: the certificate does not prove the solution optimal.
	ErrNotOptimal = errkind.New(errkind.Internal, "not optimal")
	// ErrPreference: a preference list names an index out of range or the
	// same index twice.
	ErrPreference = errkind.New(errkind.BadInput, "bad preference list")
	// ErrValueRange: a distance, limit or coordinate given to Build is not
	// finite or has the wrong sign.
	ErrValueRange = errkind.New(errkind.BadInput, "value out of range")
)

// ValidationError locates a problem in the data of a Problem.
type ValidationError struct {
	// "Opening", "Positions", "Workplace", "Capacity", "Cost"; from Build
	// also "Rules.CommuteKm", "Rules.HoursTolerance" (Index −1),
	// "Candidate.MaxCommuteKm", "Candidate.Location" and
	// "Workplace.Location".
	Field string
	Index int   // arc, opening, workplace or candidate index; −1 if none
	Err   error // one of the sentinels above
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("match: %s[%d]: %v", e.Field, e.Index, e.Err)
}

func (e *ValidationError) Unwrap() error { return e.Err }

// Kind is errkind.BadInput: the problem data breaks a rule.
func (e *ValidationError) Kind() errkind.Kind { return errkind.BadInput }

// Problem is a sparse placement instance.
//
// Candidate c's eligible openings are Opening[Start[c]:Start[c+1]], with the
// integer costs Cost[Start[c]:Start[c+1]]; position a in these slices is arc
// a. Opening o offers Positions[o] placements and belongs to workplace
// Workplace[o]; workplace w can supervise at most Capacity[w] placements
// over all its openings. Ineligible pairs have no arc.
//
// Slices of inconsistent length are a caller bug and make the solvers
// panic; bad values (negative capacity, indices out of range, duplicate
// arcs) are reported by Validate.
type Problem struct {
	Start     []int32 // len NumCandidates()+1, Start[0] == 0, non-decreasing
	Opening   []int32 // len NumArcs()
	Cost      []int64 // len NumArcs()
	Positions []int32 // len NumOpenings()
	Workplace []int32 // len NumOpenings()
	Capacity  []int32 // len NumWorkplaces()
}

// NumCandidates returns the number of candidates.
func (p *Problem) NumCandidates() int { return len(p.Start) - 1 }

// NumArcs returns the number of eligible candidate–opening pairs.
func (p *Problem) NumArcs() int { return len(p.Opening) }

// NumOpenings returns the number of openings.
func (p *Problem) NumOpenings() int { return len(p.Positions) }

// NumWorkplaces returns the number of workplaces.
func (p *Problem) NumWorkplaces() int { return len(p.Capacity) }

// Arcs returns candidate c's eligible openings and their costs, sharing
// memory with p.
func (p *Problem) Arcs(c int) (openings []int32, costs []int64) {
	a, b := p.Start[c], p.Start[c+1]
	return p.Opening[a:b:b], p.Cost[a:b:b]
}

// ArcOf returns the arc index of the pair (c, o), or -1 if o is not
// eligible for c.
func (p *Problem) ArcOf(c, o int) int {
	for a := p.Start[c]; a < p.Start[c+1]; a++ {
		if int(p.Opening[a]) == o {
			return int(a)
		}
	}
	return -1
}

// checkShape panics if the slices of p do not fit together.
func (p *Problem) checkShape() {
	if len(p.Start) == 0 || p.Start[0] != 0 ||
		int(p.Start[len(p.Start)-1]) != len(p.Opening) ||
		len(p.Opening) != len(p.Cost) || len(p.Positions) != len(p.Workplace) {
		panic("match: length mismatch")
	}
	for c := 1; c < len(p.Start); c++ {
		if p.Start[c] < p.Start[c-1] {
			panic("match: Start not non-decreasing")
		}
	}
}

// Validate checks the values of p and returns a *ValidationError wrapping
// ErrNegativeCapacity, ErrIndexRange, ErrDuplicateArc or ErrCostRange for
// the first fault found. It panics if the slice lengths do not fit.
func (p *Problem) Validate() error {
	return p.validate(nil)
}

// validate is Validate with scratch space for one int32 per opening
// (allocated if too small).
func (p *Problem) validate(mark []int32) error {
	p.checkShape()
	m, nw := p.NumOpenings(), p.NumWorkplaces()
	for o, k := range p.Positions {
		if k < 0 {
			return &ValidationError{"Positions", o, ErrNegativeCapacity}
		}
		if w := p.Workplace[o]; w < 0 || int(w) >= nw {
			return &ValidationError{"Workplace", o, ErrIndexRange}
		}
	}
	for w, k := range p.Capacity {
		if k < 0 {
			return &ValidationError{"Capacity", w, ErrNegativeCapacity}
		}
	}
	mark = scratch.Zeroed(mark, m)
	for c := 0; c < p.NumCandidates(); c++ {
		for a := p.Start[c]; a < p.Start[c+1]; a++ {
			o := p.Opening[a]
			if o < 0 || int(o) >= m {
				return &ValidationError{"Opening", int(a), ErrIndexRange}
			}
			if mark[o] == int32(c)+1 {
				return &ValidationError{"Opening", int(a), ErrDuplicateArc}
			}
			mark[o] = int32(c) + 1
		}
	}
	if _, err := p.Bonus(); err != nil {
		return err
	}
	return nil
}

// MaxPlacements returns an upper bound on the number of placements:
// min(candidates, total positions, total supervisor capacity).
func (p *Problem) MaxPlacements() int64 {
	var pos, capw int64
	for _, k := range p.Positions {
		pos += int64(max(k, 0))
	}
	for _, k := range p.Capacity {
		capw += int64(max(k, 0))
	}
	return min(int64(p.NumCandidates()), pos, capw)
}

// maxCostMagnitude bounds |cost| so that sums over a placement stay exact.
const maxCostMagnitude = 1 << 52

// maxBonus bounds the placement bonus M, of Bonus and of a Certificate, so
// that reduced costs fit in an int64 (see Verify).
const maxBonus = math.MaxInt64 / 4

// Bonus returns the placement bonus M used to turn the lexicographic goal
// (most placements, then least cost) into the single objective
// minimise Σ (cost − M)·x:
//
//	M = P·(max(0, Cmax) − min(0, Cmin)) + 1,
//
// where P = MaxPlacements(). Any placement with one more candidate then has
// a smaller objective than any with fewer (see doc.go). It returns
// ErrCostRange if M would overflow.
func (p *Problem) Bonus() (int64, error) {
	var hi, lo int64
	for a, c := range p.Cost {
		if c > maxCostMagnitude || c < -maxCostMagnitude {
			return 0, &ValidationError{"Cost", a, ErrCostRange}
		}
		hi = max(hi, c)
		lo = min(lo, c)
	}
	rng := uint64(hi - lo)
	h, l := bits.Mul64(uint64(p.MaxPlacements()), rng)
	if h != 0 || l >= maxBonus {
		return 0, &ValidationError{"Cost", -1, ErrCostRange}
	}
	return int64(l) + 1, nil
}
