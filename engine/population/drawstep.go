package population

import (
	"math"

	"github.com/caregap/caregap/engine/internal/scratch"
)

// ProjectPops is ProjectPops(dst, base, d.From, to, d.Rates()), bit for
// bit, with the draw applied to the base rates as each year is projected
// rather than written into a Rates and read back: it writes the
// population on 31 December of years d.From..to into dst[0..to−d.From]
// (dst[0] = *base), grown when short, and returns it. It does not
// allocate when dst has the capacity. It panics if to < d.From or if the
// draw was reset for fewer years.
func (d *Draw) ProjectPops(dst []Pyramid, base *Pyramid, to int) []Pyramid {
	if to < d.From {
		panic("population: Project with to < from")
	}
	n := to - d.From
	if n > len(d.mort) {
		panic("population: Draw.ProjectPops past the drawn years")
	}
	dst = scratch.Grow(dst, n+1)
	dst[0] = *base
	for i := range n {
		d.step(&dst[i+1], &dst[i], i)
	}
	return dst
}

// step is Step(next, cur, d.Rates()(d.From+i+1), nil) with the draw's
// rates computed where Step reads them. Each expression is the one
// Draw.year and Step evaluate, in the same order, and the drawn rates
// are rounded to float64 where Draw.year stores them (the explicit
// conversions keep a compiler from fusing across them), so the results
// are the same bits.
func (d *Draw) step(next, cur *Pyramid, i int) {
	if next == cur {
		panic("population: Step with next == cur")
	}
	b := d.base(d.From + i + 1)
	fm, ff := math.Exp(d.mort[i]), math.Exp(d.fert[i])
	// The year's migration shock of each band, as Draw.year draws it.
	var m [len(migrationBands)]float64
	for k := range m {
		m[k] = d.common*d.mig[i] + d.apart*d.migBand[k][i]
	}
	rep := b.Replacement.Share != 0
	prof := &d.profile
	for s := range NumSexes {
		q := &b.Death[s]
		mc := &b.NetMigration[s]
		rho := &b.NetMigrationRate[s]
		c := &cur[s]
		n := &next[s]
		// The ages band by band, so that a band's shock is held; the
		// open age group, whose exposure adds the oldest, last.
		for k, lo := range migrationBands {
			hi := MaxAge
			if k+1 < len(migrationBands) {
				hi = migrationBands[k+1]
			}
			mb := m[k]
			for a := max(lo, 1); a < hi; a++ {
				e := c[a-1]
				dd := min(1, q[a]*fm) * e
				surv := e - dd
				mig := mc[a] + float64(rho[a]+mb*prof[a])*e
				if surv+mig < 0 {
					mig = -surv
				}
				n[a] = surv + mig
				if rep {
					d.deaths[s][a], d.surv[s][a] = dd, surv
				}
			}
		}
		e := c[MaxAge-1] + c[MaxAge]
		dd := min(1, q[MaxAge]*fm) * e
		surv := e - dd
		mig := mc[MaxAge] + float64(rho[MaxAge]+m[migrationBand[MaxAge]]*prof[MaxAge])*e
		if surv+mig < 0 {
			mig = -surv
		}
		n[MaxAge] = surv + mig
		if rep {
			d.deaths[s][MaxAge], d.surv[s][MaxAge] = dd, surv
		}
	}
	if rep {
		b.Replacement.apply(next, &d.surv, &d.deaths, cur, nil)
	}

	var births float64
	for a := 1; a < NumAges; a++ {
		if fa := float64(b.Fertility[a] * ff); fa != 0 {
			births += fa * 0.5 * (cur[Female][a] + next[Female][a])
		}
	}
	share := b.BoyShare
	if share == 0 {
		share = DefaultBoyShare
	}
	bs := [NumSexes]float64{Male: births * share, Female: births * (1 - share)}
	for s := range NumSexes {
		e := bs[s]
		dd := min(1, b.Death[s][0]*fm) * e
		surv := e - dd
		mig := b.NetMigration[s][0] + float64(b.NetMigrationRate[s][0]+m[migrationBand[0]]*prof[0])*e
		if surv+mig < 0 {
			mig = -surv
		}
		next[s][0] = surv + mig
	}
}
