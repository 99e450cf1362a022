package supply

import (
	"github.com/caregap/caregap/engine/internal/scratch"
	"github.com/caregap/caregap/engine/population"
)

// State is the workforce of a region on 31 December of a year.
type State struct {
	// Stock[r][t] is the headcount of role r and tenure t (New or
	// Established) by sex and age.
	Stock [][NumTenures]population.Pyramid
	// Trainees[i][k] is the number of participants in stage k of
	// pipeline i.
	Trainees [][]float64
	// InTraining[i] is the sex-age distribution of the participants of
	// pipeline i when it has a source role (Σ InTraining[i] = Σ
	// Trainees[i]); zero for a pipeline without a source, whose trainees
	// are outside the workforce.
	InTraining []population.Pyramid
}

// NewState returns the base-year state of a region whose staff of role r
// by sex and age is headcount[r]. All base-year staff are established;
// pipelines start empty (see SetSteadyTrainees). It returns a *ParamError
// wrapping ErrNegative when a headcount is negative or not finite, and
// panics when len(headcount) != len(p.Roles).
func NewState(p *Params, headcount []population.Pyramid) (*State, error) {
	if len(headcount) != len(p.Roles) {
		panic("supply: length mismatch")
	}
	var c collector
	for r := range headcount {
		if sex, a, v := firstBad(&headcount[r], isCount); a >= 0 {
			c.add(&ParamError{Role: p.Roles[r], Field: "Headcount", At: sexAge(sex, a), Value: v, Err: ErrNegative})
		}
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	s := new(State)
	s.size(p)
	for r := range headcount {
		s.Stock[r][Established] = headcount[r]
	}
	return s, nil
}

// SetSteadyTrainees sets the trainees of every pipeline of p to their
// steady state (see SteadyTrainees). The trainees of a pipeline with a
// source role are staff of that role who left it to train: they are taken
// from the role's established staff in proportion to its sex-age
// distribution, and when the role holds fewer than the steady state every
// stage is scaled down to what it holds. Pipelines are served in order. It
// panics when s is not shaped for p.
func (s *State) SetSteadyTrainees(p *Params) {
	s.checkShape(p)
	for i := range p.Pipelines {
		pl := &p.Pipelines[i]
		x := SteadyTrainees(s.Trainees[i], pl)
		s.InTraining[i] = population.Pyramid{}
		if pl.Source == NoSource {
			continue
		}
		src := &s.Stock[pl.Source][Established]
		var want float64
		for _, v := range x {
			want += v
		}
		avail := src.Total()
		if want == 0 {
			continue
		}
		if avail < want {
			for k := range x {
				x[k] *= avail / want
			}
		}
		if avail > 0 {
			moveShare(&s.InTraining[i], src, min(want, avail)/avail)
		}
	}
}

// SteadyTrainees writes into dst the number of participants in each stage
// of pl at the end of a month when the pipeline has run with its intake for
// long enough to be in the steady state, and returns dst. It allocates only
// when dst is nil, and panics when dst is not nil and len(dst) !=
// len(pl.Stages).
//
// With in = PlacesPerYear/12, s_k = (1-δ_k)(1-φ_k) the share of a stage that
// neither drops out nor finishes in a month, and in_k the passers from
// stage k-1 per month, the fixed point of the monthly step is
//
//	x_1 = in s_1/(1-s_1),   finishers_1 = in (1-δ_1) φ_1/(1-s_1)
//	x_k = in_k/(1-s_k),     finishers_k = in_k (1-δ_k) φ_k/(1-s_k)
//	in_{k+1} = c_k finishers_k
//
// (stage 1 is counted after its month, while its intake arrives at the
// start of the month; later stages count the passers that arrived at the
// end of it). A year in the steady state graduates 12 c_K finishers_K.
func SteadyTrainees(dst []float64, pl *Pipeline) []float64 {
	if dst == nil {
		dst = make([]float64, len(pl.Stages))
	}
	if len(dst) != len(pl.Stages) {
		panic("supply: length mismatch")
	}
	in := pl.PlacesPerYear / 12
	for k := range pl.Stages {
		d, phi := monthly(&pl.Stages[k])
		stay := (1 - d) * (1 - phi)
		var fin float64
		if k == 0 {
			dst[k] = in * stay / (1 - stay)
			fin = in * (1 - d) * phi / (1 - stay)
		} else {
			dst[k] = in / (1 - stay)
			fin = dst[k] * (1 - d) * phi
		}
		in = fin * pl.Stages[k].CompletionRate
	}
	return dst
}

// monthly returns the monthly dropout probability δ and the monthly
// probability φ of reaching the end of stage st.
func monthly(st *Stage) (d, phi float64) {
	return min(1, st.DropoutRate/12), min(1, 1/st.DurationMonths)
}

// Headcount returns the staff of role r, both tenures, all sexes and ages.
func (s *State) Headcount(r int) float64 {
	return s.Stock[r][New].Total() + s.Stock[r][Established].Total()
}

// CopyFrom makes s a copy of src, reusing the memory of s where it can.
func (s *State) CopyFrom(src *State) {
	s.Stock = append(s.Stock[:0], src.Stock...)
	s.InTraining = append(s.InTraining[:0], src.InTraining...)
	s.Trainees = scratch.Grow(s.Trainees, len(src.Trainees))
	for i, x := range src.Trainees {
		s.Trainees[i] = append(s.Trainees[i][:0], x...)
	}
}

// size shapes s for p, reusing its memory where it can. Contents are not
// cleared.
func (s *State) size(p *Params) {
	nr, np := len(p.Roles), len(p.Pipelines)
	s.Stock = scratch.Grow(s.Stock, nr)
	s.Trainees = scratch.Grow(s.Trainees, np)
	s.InTraining = scratch.Grow(s.InTraining, np)
	for i := range p.Pipelines {
		s.Trainees[i] = scratch.Grow(s.Trainees[i], len(p.Pipelines[i].Stages))
	}
}

// checkShape panics when s is not shaped for p.
func (s *State) checkShape(p *Params) {
	if len(s.Stock) != len(p.Roles) || len(s.Trainees) != len(p.Pipelines) || len(s.InTraining) != len(p.Pipelines) {
		panic("supply: state shape does not match params")
	}
	for i := range p.Pipelines {
		if len(s.Trainees[i]) != len(p.Pipelines[i].Stages) {
			panic("supply: state shape does not match params")
		}
	}
}
