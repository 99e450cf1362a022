package supply

import (
	"github.com/caregap/caregap/engine/internal/scratch"
	"github.com/caregap/caregap/engine/population"
)

// Flows holds the persons who moved during one year.
type Flows struct {
	Roles     []RoleFlows     // by role
	Pipelines []PipelineFlows // by pipeline
}

// RoleFlows holds the flows of one role during a year, in persons.
type RoleFlows struct {
	Exits         float64 // left the sector, all tenures
	NewStaffExits float64 // the part of Exits from staff in their first year
	Retirements   float64
	TransfersIn   float64 // career transitions from other roles
	TransfersOut  float64 // career transitions to other roles
	Graduates     float64 // pipeline graduates who joined the role
	// GraduatesInternal is the part of Graduates from pipelines whose
	// trainees came from another role: a move inside the sector.
	GraduatesInternal float64
	// TraineesOut are staff who left the role to start a pipeline it is
	// the source of; TraineesBack those of them who dropped out or failed
	// a stage and returned to it.
	TraineesOut, TraineesBack float64
	// GraduatesOut is TraineesOut − TraineesBack: the persons the role
	// lost, net, to the pipelines it is the source of. They graduate
	// into the pipelines' output role or are still in training.
	GraduatesOut float64
	Recruits     float64
	// MatchedEntrants are persons placed from outside the labour market.
	MatchedEntrants float64
}

// PipelineFlows holds the flows of one pipeline during a year, in persons.
type PipelineFlows struct {
	Intake    float64
	Dropouts  float64 // left a stage before its end
	Failures  float64 // reached the end of a stage and did not pass
	Graduates float64 // passed the last stage
}

// size shapes f for r roles and n pipelines and clears it, reusing its
// memory where it can.
func (f *Flows) size(r, n int) {
	f.Roles = scratch.Zeroed(f.Roles, r)
	f.Pipelines = scratch.Zeroed(f.Pipelines, n)
}

// Step advances cur by one year under p and writes the result into next
// and, when f is not nil, the year's flows into f. The order of events and
// the equations are in the package documentation. next and f are resized
// to fit p; Step allocates only when they are too small, so reusing them
// from year to year costs no allocation.
//
// Step does not validate p: call Validate first. It panics when a slice of
// p has the wrong length, when cur is not shaped for p, or when next and
// cur share memory.
func Step(next, cur *State, p *Params, f *Flows) {
	p.checkShape()
	cur.checkShape(p)
	if next == cur || aliased(next, cur) {
		panic("supply: next and cur share memory")
	}
	next.size(p)
	nr := len(p.Roles)
	var rf []RoleFlows
	if f != nil {
		f.size(nr, len(p.Pipelines))
		rf = f.Roles
	}
	for r := range nr {
		next.Stock[r][New] = population.Pyramid{}
	}
	for r := range nr {
		survive(next, cur, p, rf, r)
	}
	for i := range p.Pipelines {
		pl := &p.Pipelines[i]
		x := next.Trainees[i]
		copy(x, cur.Trainees[i])
		var pf PipelineFlows
		if pl.Source == NoSource {
			next.InTraining[i] = population.Pyramid{}
			advance(x, pl, 12, &pf)
			graduate(next, p, pl, pf.Graduates, rf)
		} else {
			ageOne(&next.InTraining[i], &cur.InTraining[i])
			taken, back, g := advanceSourced(x, pl, &next.InTraining[i],
				&next.Stock[pl.Source][Established], &next.Stock[pl.Output][New], &pf)
			if rf != nil {
				rf[pl.Source].TraineesOut += taken
				rf[pl.Source].TraineesBack += back
				rf[pl.Source].GraduatesOut += taken - back
				rf[pl.Output].Graduates += g
				rf[pl.Output].GraduatesInternal += g
			}
		}
		if f != nil {
			f.Pipelines[i] = pf
		}
	}
	for r := range nr {
		arrive(&next.Stock[r][New], p, r, rf)
	}
}

// aliased reports whether a and b share the backing array of Stock, of
// InTraining or of any Trainees slice.
func aliased(a, b *State) bool {
	if cap(a.Stock) > 0 && cap(b.Stock) > 0 && &a.Stock[:1][0] == &b.Stock[:1][0] {
		return true
	}
	if cap(a.InTraining) > 0 && cap(b.InTraining) > 0 && &a.InTraining[:1][0] == &b.InTraining[:1][0] {
		return true
	}
	for i := range min(len(a.Trainees), len(b.Trainees)) {
		x, y := a.Trainees[i], b.Trainees[i]
		if cap(x) > 0 && cap(y) > 0 && &x[:1][0] == &y[:1][0] {
			return true
		}
	}
	return false
}

// survive applies ageing, exits, retirements, career transitions and the
// change of tenure to role r: steps (1) to (4). next.Stock[*][New] must be
// cleared beforehand, since transfers from r are added there.
func survive(next, cur *State, p *Params, rf []RoleFlows, r int) {
	var exitRate, retRate *[population.NumAges]float64
	if p.ExitRate != nil {
		exitRate = &p.ExitRate[r]
	}
	if p.RetirementRate != nil {
		retRate = &p.RetirementRate[r]
	}
	var eNew float64
	if p.NewStaffExitRate != nil {
		eNew = p.NewStaffExitRate[r]
	}
	var trans []float64
	if p.Transitions != nil {
		trans = p.Transitions[r]
	}
	var moveShare float64
	for to, t := range trans {
		if to != r {
			moveShare += t
		}
	}
	stayShare := max(0, 1-moveShare)

	src := &cur.Stock[r]
	dst := &next.Stock[r][Established]
	var fl RoleFlows
	for a := range population.NumAges {
		var eOld, rho float64
		if exitRate != nil {
			eOld = exitRate[a]
		}
		if retRate != nil {
			rho = retRate[a]
		}
		for s := range population.NumSexes {
			var nNew, nOld float64
			switch {
			case a == population.MaxAge:
				nNew = src[New][s][a-1] + src[New][s][a]
				nOld = src[Established][s][a-1] + src[Established][s][a]
			case a > 0:
				nNew = src[New][s][a-1]
				nOld = src[Established][s][a-1]
			}
			xNew, qNew, bNew := leave(nNew, eNew, rho)
			xOld, qOld, bOld := leave(nOld, eOld, rho)
			fl.Exits += xNew + xOld
			fl.NewStaffExits += xNew
			fl.Retirements += qNew + qOld
			dst[s][a] = bNew + bOld*stayShare
			if bOld == 0 || moveShare == 0 {
				continue
			}
			for to, t := range trans {
				if to == r || t == 0 {
					continue
				}
				m := bOld * t
				next.Stock[to][New][s][a] += m
				fl.TransfersOut += m
				if rf != nil {
					rf[to].TransfersIn += m
				}
			}
		}
	}
	if rf != nil {
		rf[r].Exits += fl.Exits
		rf[r].NewStaffExits += fl.NewStaffExits
		rf[r].Retirements += fl.Retirements
		rf[r].TransfersOut += fl.TransfersOut
	}
}

// leave splits n persons facing exit probability e and retirement
// probability rho, as independent competing risks, into exits x,
// retirements q and survivors b, with x + q + b = n.
func leave(n, e, rho float64) (x, q, b float64) {
	if n == 0 {
		return 0, 0, 0
	}
	b = n * (1 - e) * (1 - rho)
	if h := e + rho; h > 0 {
		gone := n - b
		x = gone * e / h
		q = gone - x
	}
	return x, q, b
}

// graduate adds g graduates of pl, a pipeline without a source, to its
// output role with the output role's recruit profile.
func graduate(next *State, p *Params, pl *Pipeline, g float64, rf []RoleFlows) {
	if g == 0 {
		return
	}
	prof, total := p.recruitProfile(pl.Output)
	addScaled(&next.Stock[pl.Output][New], prof, g/total)
	if rf != nil {
		rf[pl.Output].Graduates += g
	}
}

// arrive adds the recruits and matched entrants of role r to dst: step (6).
func arrive(dst *population.Pyramid, p *Params, r int, rf []RoleFlows) {
	var rec, matched float64
	if p.Recruits != nil {
		rec = p.Recruits[r].Total()
		if rec > 0 {
			addScaled(dst, &p.Recruits[r], 1)
		}
	}
	if p.MatchedEntrants != nil {
		matched = p.MatchedEntrants[r]
		if matched > 0 {
			prof, total := p.matchedProfile(r)
			addScaled(dst, prof, matched/total)
		}
	}
	if rf != nil {
		rf[r].Recruits += rec
		rf[r].MatchedEntrants += matched
	}
}

// addScaled adds c × src to dst.
func addScaled(dst, src *population.Pyramid, c float64) {
	for s := range population.NumSexes {
		for a := range population.NumAges {
			dst[s][a] += c * src[s][a]
		}
	}
}
