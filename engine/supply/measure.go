package supply

import (
	"github.com/caregap/caregap/engine/internal/scratch"
	"github.com/caregap/caregap/engine/population"
)

// RoleFTE is the size of a role's staff on 31 December.
type RoleFTE struct {
	Headcount     float64 // persons, both tenures
	NewStaff      float64 // the part of Headcount in its first year in the role
	ContractedFTE float64 // Σ headcount × employment rate
	EffectiveFTE  float64 // Σ headcount × employment rate × (1 − sick-leave rate) − SupervisionFTE
	// SupervisionFTE is the time spent supervising placements
	// (Params.Supervision), at most what the role has.
	SupervisionFTE float64
}

// Measure writes the headcount and FTE of every role of s under p into dst
// and returns it; dst is resized to len(p.Roles) and allocated only when it
// is too small. The employment and sick-leave rates are those of p, applied
// by sex and age, and p.Supervision is taken from the effective FTE (see
// the package documentation). It panics when s is not
// shaped for p or a slice of p has the wrong length.
func Measure(s *State, p *Params, dst []RoleFTE) []RoleFTE {
	p.checkShape()
	if len(s.Stock) != len(p.Roles) {
		panic("supply: state shape does not match params")
	}
	nr := len(p.Roles)
	dst = scratch.Grow(dst, nr)
	for r := range nr {
		var emp, sick *population.Pyramid
		if p.EmploymentRate != nil {
			emp = &p.EmploymentRate[r]
		}
		if p.SickLeaveRate != nil {
			sick = &p.SickLeaveRate[r]
		}
		var m RoleFTE
		for sex := range population.NumSexes {
			for a := range population.NumAges {
				nNew := s.Stock[r][New][sex][a]
				h := nNew + s.Stock[r][Established][sex][a]
				if h == 0 {
					continue
				}
				c := h
				if emp != nil {
					c *= emp[sex][a]
				}
				eff := c
				if sick != nil {
					eff *= 1 - sick[sex][a]
				}
				m.Headcount += h
				m.NewStaff += nNew
				m.ContractedFTE += c
				m.EffectiveFTE += eff
			}
		}
		if p.Supervision != nil && p.Supervision[r] > 0 {
			m.SupervisionFTE = min(p.Supervision[r], m.EffectiveFTE)
			m.EffectiveFTE -= m.SupervisionFTE
		}
		dst[r] = m
	}
	return dst
}
