package forecast

import (
	"github.com/caregap/caregap/engine/internal/scratch"
	"github.com/caregap/caregap/engine/population"
)

// Sources of the forecast's draws, numbered after the population's
// (population.Streams).
const (
	sourceUseTrend = 16 + iota
	sourceFTEPerUser
	sourceExits
	sourceRecruits
	sourceEmployment
	sourceSickLeave
)

// draw is one draw of a region: the population's draw and the yearly log
// factors of the supply and demand inputs, by year index − 1. It is
// reused from draw to draw; reset does not allocate once the buffers have
// grown.
type draw struct {
	pop                                                 population.Draw
	useTrend, ftePerUser, exits, recruits, employ, sick []float64
	streams                                             population.Streams
}

// reset sets d to draw k of region r over the years r.BaseYear+1..to.
func (d *draw) reset(u *Uncertainty, k int, r *Region, to int) {
	d.resetKey(u, k, r, population.RegionKey(r.Code), to, r.Rates != nil)
}

// resetKey is reset with the region's key (population.RegionKey) given;
// the population's draw is made only when pop is set (the sources have
// streams of their own, so the others' draws do not depend on it).
func (d *draw) resetKey(u *Uncertainty, k int, r *Region, key uint32, to int, pop bool) {
	n := to - r.BaseYear
	if pop {
		// A given projection's years are used as is (project); the draw's
		// years then run from the last given year, so that the drawn
		// paths start where the drawn rates do.
		base, from := &r.Population, r.BaseYear
		if g := len(r.Given); g > 0 && g < n {
			base, from = &r.Given[g-1], r.BaseYear+g
		}
		d.pop.Reset(&d.streams, &u.Population, u.Seed, k, key, base, from, to, r.Rates)
	}
	for _, s := range []struct {
		p          population.Process
		integrated bool
		source     int
		local      bool
		dst        *[]float64
	}{
		{u.UseTrend, true, sourceUseTrend, false, &d.useTrend},
		{u.FTEPerUser, true, sourceFTEPerUser, false, &d.ftePerUser},
		{u.Exits, false, sourceExits, false, &d.exits},
		{u.Recruits, false, sourceRecruits, true, &d.recruits},
		{u.Employment, false, sourceEmployment, false, &d.employ},
		{u.SickLeave, false, sourceSickLeave, false, &d.sick},
	} {
		*s.dst = scratch.Grow(*s.dst, n)
		var region uint32
		if s.local {
			region = key
		}
		s.p.Path(*s.dst, s.integrated, d.streams.Stream(u.Seed, k, s.source, region))
	}
}
