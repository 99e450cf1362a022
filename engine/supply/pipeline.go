package supply

import "github.com/caregap/caregap/engine/population"

// advance runs pipeline pl for the given number of monthly sub-steps on
// the participants x (one per stage), with the intake PlacesPerYear/12 at
// the start of every month, adding its flows to pf. It is the pipeline
// without a source; see month.
func advance(x []float64, pl *Pipeline, months int, pf *PipelineFlows) {
	in := pl.PlacesPerYear / 12
	for range months {
		month(x, pl, in, pf)
	}
}

// month runs one monthly sub-step of pl on x with intake in and returns the
// month's leavers (dropouts and failures) and graduates, also added to pf.
// The intake enters the first stage at the start of the month; every stage
// then loses its dropouts and finishers, computed from the participants it
// held before anyone entered it from the previous stage that month, and the
// passers join the next stage (or graduate) at the end of the month. Stages
// are visited from the last to the first so that passers from stage k are
// added to stage k+1 after stage k+1 is done.
func month(x []float64, pl *Pipeline, in float64, pf *PipelineFlows) (left, grads float64) {
	last := len(pl.Stages) - 1
	x[0] += in
	pf.Intake += in
	for k := last; k >= 0; k-- {
		st := &pl.Stages[k]
		d, phi := monthly(st)
		n := x[k]
		if n == 0 {
			continue
		}
		drop := n * d
		fin := n * (1 - d) * phi
		pass := fin * st.CompletionRate
		x[k] = n * (1 - d) * (1 - phi)
		pf.Dropouts += drop
		pf.Failures += fin - pass
		left += drop + fin - pass
		if k < last {
			x[k+1] += pass
		} else {
			pf.Graduates += pass
			grads += pass
		}
	}
	return left, grads
}

// advanceSourced runs a year of pipeline pl, whose trainees come from the
// established staff src of its source role, on the participants x whose
// sex-age distribution is held in in (Σ in = Σ x). Each month the intake is
// min(PlacesPerYear/12, Σ src), taken from src in proportion to its sex-age
// distribution; dropouts and failures return to src and graduates join out,
// both with the trainees' distribution. It adds the pipeline's flows to pf
// and returns the persons taken from src, those returned to it and the
// graduates.
//
// The totals of src and in are those of Total, added in its order, but
// taken in the passes that change the pyramids rather than in passes of
// their own. Every pass runs over the ages where in or src is not zero
// (liveIn), which moving people between in, src and out at their ages
// does not widen: the cells outside hold +0 and would add +0 to sums
// that are not −0 and move nobody.
func advanceSourced(x []float64, pl *Pipeline, in, src, out *population.Pyramid, pf *PipelineFlows) (taken, back, grads float64) {
	places := pl.PlacesPerYear / 12
	lo, hi := liveIn(&in[0], &in[1], &src[0], &src[1])
	if lo > hi {
		lo, hi = 0, -1
	}
	total := func(p *population.Pyramid) (t float64) {
		for s := range population.NumSexes {
			for _, v := range p[s][lo : hi+1] {
				t += v
			}
		}
		return t
	}
	var srcTotal float64 // Σ src, when known
	known := false
	for range 12 {
		var m, held float64
		moved := false
		if places > 0 {
			if !known {
				srcTotal, known = total(src), true
			}
			if avail := srcTotal; avail > 0 {
				m = min(places, avail)
				held, srcTotal = moveShareTotals(in, src, m/avail, lo, hi)
				moved = true
			}
		}
		if !moved {
			held = total(in)
		}
		left, g := month(x, pl, m, pf)
		taken += m
		if held > 0 && left+g > 0 {
			share := min(1, (left+g)/held)
			// Split the leavers of the month between the source and the
			// output in proportion to their numbers.
			var st float64
			for s := range population.NumSexes {
				is, ss, os := in[s][lo:hi+1], src[s][lo:hi+1], out[s][lo:hi+1]
				ss, os = ss[:len(is)], os[:len(is)]
				for a := range is {
					if v := is[a] * share; v != 0 {
						is[a] -= v
						ss[a] += v * left / (left + g)
						os[a] += v * g / (left + g)
					}
					st += ss[a]
				}
			}
			srcTotal = st
		}
		back += left
		grads += g
	}
	return taken, back, grads
}

// moveShare moves the share c of every cell of from to to.
func moveShare(to, from *population.Pyramid, c float64) {
	moveShareTotals(to, from, c, 0, population.MaxAge)
}

// moveShareTotals moves the share c of every cell of from to to at ages
// lo..hi, outside which from must be +0, and returns the sums of to and
// from at those ages afterwards, added in the order of Total: their
// totals when both are +0 outside lo..hi.
func moveShareTotals(to, from *population.Pyramid, c float64, lo, hi int) (toTotal, fromTotal float64) {
	if c >= 1 {
		for s := range population.NumSexes {
			t, f := to[s][lo:hi+1], from[s][lo:hi+1]
			f = f[:len(t)]
			for a := range t {
				t[a] += f[a]
				toTotal += t[a]
			}
			clear(f)
		}
		return toTotal, 0
	}
	for s := range population.NumSexes {
		t, f := to[s][lo:hi+1], from[s][lo:hi+1]
		f = f[:len(t)]
		for a := range t {
			v := f[a] * c
			f[a] -= v
			t[a] += v
			toTotal += t[a]
			fromTotal += f[a]
		}
	}
	return toTotal, fromTotal
}

// ageOne writes into dst the pyramid src one year older, age 100 open.
func ageOne(dst, src *population.Pyramid) {
	for s := range population.NumSexes {
		dst[s][0] = 0
		for a := 1; a < population.MaxAge; a++ {
			dst[s][a] = src[s][a-1]
		}
		dst[s][population.MaxAge] = src[s][population.MaxAge-1] + src[s][population.MaxAge]
	}
}
