package demand

import (
	"sync/atomic"

	"github.com/caregap/caregap/engine/internal/scratch"
	"github.com/caregap/caregap/engine/population"
)

// Service is one care service of a region.
type Service struct {
	Name string
	// UseRate is users of the service per person, by sex and age.
	UseRate population.Pyramid
	// FTEPerUser is the staff FTE per user.
	FTEPerUser float64
	// RoleShare[r] is the share of the service's FTE done by role r; the
	// shares sum to 1.
	RoleShare []float64
}

// Model is the demand side of one region: its services over a fixed list
// of roles.
//
// Users and Compute remember, at their first call, the ages where each
// service's use rate is nonzero, and sum only there. After that, do not
// change a UseRate in place nor assign to an element of Services: assign
// a new Services slice (or build a new Model), and the ages are found
// again. A Model is safe for concurrent use by Users and Compute.
type Model struct {
	Roles    []string
	Services []Service

	cache atomic.Value // *plan, see plan
}

// Shift moves a share of one role's demand to another (task shifting).
type Shift struct {
	From, To int
	// Share of From's demand moved, in [0, 1].
	Share float64
	// Ratio is the FTE of To needed per FTE moved; 0 means 1.
	Ratio float64
	// Services, when not nil, limits the shift to From's demand in the
	// services marked true (indexed like Model.Services).
	Services []bool
}

// Adjust holds the year's scenario adjustments. A nil *Adjust, or nil
// slices in it, mean no adjustment.
type Adjust struct {
	UseScale []float64 // [service] multiplier of use rates
	FTEScale []float64 // [service] multiplier of FTE per user
	Shifts   []Shift
}

func scale(s []float64, i int) float64 {
	if s == nil {
		return 1
	}
	return s[i]
}

// Users returns the users of each service in dst (allocated when nil or
// short), with the use scales of adj. It gives bit for bit the sums
// Σ_sex Σ_age pop × use rate taken cell by cell in order (users.go says
// how it is faster).
func (m *Model) Users(dst []float64, pop *population.Pyramid, adj *Adjust) []float64 {
	dst = scratch.Grow(dst, len(m.Services))
	var us []float64
	if adj != nil {
		us = adj.UseScale
	}
	if us != nil && len(us) != len(m.Services) {
		panic("demand: use scale length mismatch")
	}
	p := m.plan()
	if finiteOutside(pop, &p.inner) {
		sumGroups(dst, m.Services, pop, p.groups)
	} else {
		sumGroups(dst, m.Services, pop, p.full)
	}
	for i := range dst {
		dst[i] *= scale(us, i)
	}
	return dst
}

// Compute returns the demand in FTE per role in dst (allocated when nil or
// short). users is scratch of length len(m.Services) or nil.
func (m *Model) Compute(dst, users []float64, pop *population.Pyramid, adj *Adjust) []float64 {
	users = m.Users(users, pop, adj)
	dst = scratch.Grow(dst, len(m.Roles))
	clear(dst)
	var fs []float64
	if adj != nil {
		fs = adj.FTEScale
	}
	if fs != nil && len(fs) != len(m.Services) {
		panic("demand: fte scale length mismatch")
	}
	for i := range m.Services {
		svc := &m.Services[i]
		if len(svc.RoleShare) != len(m.Roles) {
			panic("demand: role share length mismatch")
		}
		fte := users[i] * svc.FTEPerUser * scale(fs, i)
		for r, sh := range svc.RoleShare {
			dst[r] += fte * sh
		}
	}
	if adj == nil {
		return dst
	}
	for _, sh := range adj.Shifts {
		base := dst[sh.From]
		if sh.Services != nil {
			if len(sh.Services) != len(m.Services) {
				panic("demand: shift services length mismatch")
			}
			var part float64
			for i, on := range sh.Services {
				if on {
					part += users[i] * m.Services[i].FTEPerUser * scale(fs, i) * m.Services[i].RoleShare[sh.From]
				}
			}
			base = min(part, base)
		}
		ratio := sh.Ratio
		if ratio == 0 {
			ratio = 1
		}
		moved := sh.Share * base
		dst[sh.From] -= moved
		dst[sh.To] += moved * ratio
	}
	return dst
}

// BandRate fills rate[sex][age] for ages lo..hi with v; it is how age-band
// use rates become one-year rates.
func BandRate(rate *population.Pyramid, sex population.Sex, lo, hi int, v float64) {
	if hi > population.MaxAge {
		hi = population.MaxAge
	}
	for a := lo; a <= hi; a++ {
		rate[sex][a] = v
	}
}
