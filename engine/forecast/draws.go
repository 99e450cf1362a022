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
	// What prepare sets for the region's draws: the years, the region's
	// key and whether the population is drawn.
	n        int
	key      uint32
	popDrawn bool
}

// prepare sets in d what the draws of region r over the years
// r.BaseYear+1..to share, key being the region's key
// (population.RegionKey); redraw then makes each draw. The population's
// draw is made only when pop is set (the sources have streams of their
// own, so the others' draws do not depend on it).
func (d *draw) prepare(u *Uncertainty, r *Region, key uint32, to int, pop bool) {
	d.n, d.key, d.popDrawn = to-r.BaseYear, key, pop
	if pop {
		// A given projection's years are used as is (project); the draw's
		// years then run from the last given year, so that the drawn
		// paths start where the drawn rates do.
		base, from := &r.Population, r.BaseYear
		if g := len(r.Given); g > 0 && g < d.n {
			base, from = &r.Given[g-1], r.BaseYear+g
		}
		d.pop.Prepare(&u.Population, key, base, from, to, r.Rates)
	}
}

// redraw sets d, prepared for a region (prepare), to its draw k.
func (d *draw) redraw(u *Uncertainty, k int) {
	n, key := d.n, d.key
	if d.popDrawn {
		d.pop.Redraw(&d.streams, u.Seed, k)
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
