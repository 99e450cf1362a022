package population

import "github.com/caregap/caregap/engine/internal/scratch"

// Projection is a population path: Pop[i] is the population on 31 December
// of year From+i, and Flows[i] the events of year From+i+1, the year from
// Pop[i] to Pop[i+1].
type Projection struct {
	From  int
	Pop   []Pyramid
	Flows []Flows
}

// To returns the last year of the projection.
func (p *Projection) To() int { return p.From + len(p.Pop) - 1 }

// Year returns the population on 31 December of year y, or nil if y is
// outside From..To.
func (p *Projection) Year(y int) *Pyramid {
	i := y - p.From
	if i < 0 || i >= len(p.Pop) {
		return nil
	}
	return &p.Pop[i]
}

// Constant returns a rates function that gives r in every year.
func Constant(r *Rates) func(year int) *Rates {
	return func(int) *Rates { return r }
}

// Project projects base, the population on 31 December of year from, to
// 31 December of year to, with the rates of each year given by rates. It
// panics if to < from.
func Project(base *Pyramid, from, to int, rates func(year int) *Rates) *Projection {
	return ProjectInto(nil, base, from, to, rates)
}

// ProjectInto is Project writing into dst, whose slices are reused when
// they have the capacity; a nil dst allocates a new Projection. It returns
// dst. With a dst of sufficient capacity it does not allocate, so Monte
// Carlo loops can hold one Projection per worker.
func ProjectInto(dst *Projection, base *Pyramid, from, to int, rates func(year int) *Rates) *Projection {
	if to < from {
		panic("population: Project with to < from")
	}
	n := to - from
	if dst == nil {
		dst = new(Projection)
	}
	dst.From = from
	dst.Pop = scratch.Grow(dst.Pop, n+1)
	dst.Flows = scratch.Grow(dst.Flows, n)
	dst.Pop[0] = *base
	for i := range n {
		Step(&dst.Pop[i+1], &dst.Pop[i], rates(from+i+1), &dst.Flows[i])
	}
	return dst
}

// ProjectPops is ProjectInto without the flows, for loops that need the
// populations only: it writes the population on 31 December of years
// from..to into dst[0..to−from] (dst[0] = *base), grown when short, and
// returns it. The populations are ProjectInto's, bit for bit. It does
// not allocate when dst has the capacity, and panics if to < from.
func ProjectPops(dst []Pyramid, base *Pyramid, from, to int, rates func(year int) *Rates) []Pyramid {
	if to < from {
		panic("population: Project with to < from")
	}
	n := to - from
	dst = scratch.Grow(dst, n+1)
	dst[0] = *base
	for i := range n {
		Step(&dst[i+1], &dst[i], rates(from+i+1), nil)
	}
	return dst
}

// NaiveConstant returns the forecast that keeps base unchanged: every
// year's population equals the base by age and sex. Its Flows are nil,
// since no accounts connect the years.
func NaiveConstant(base *Pyramid, from, to int) *Projection {
	if to < from {
		panic("population: NaiveConstant with to < from")
	}
	p := &Projection{From: from, Pop: make([]Pyramid, to-from+1)}
	for i := range p.Pop {
		p.Pop[i] = *base
	}
	return p
}

// NaiveCohort returns the forecast that ages every cohort one year per year
// with no deaths and no migration; each year's births equal the base
// year's population aged 0, and the open top group only gains. Its Flows
// record those births, so CheckAccounts holds.
func NaiveCohort(base *Pyramid, from, to int) *Projection {
	if to < from {
		panic("population: NaiveCohort with to < from")
	}
	n := to - from
	p := &Projection{From: from, Pop: make([]Pyramid, n+1), Flows: make([]Flows, n)}
	p.Pop[0] = *base
	for i := range n {
		cur, next := &p.Pop[i], &p.Pop[i+1]
		for s := range NumSexes {
			for a := 1; a < MaxAge; a++ {
				next[s][a] = cur[s][a-1]
			}
			next[s][MaxAge] = cur[s][MaxAge-1] + cur[s][MaxAge]
			next[s][0] = base[s][0]
			p.Flows[i].Births[s] = base[s][0]
		}
	}
	return p
}
