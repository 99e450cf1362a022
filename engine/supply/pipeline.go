package supply

// advance runs pipeline pl for the given number of monthly sub-steps on
// the participants x (one per stage), adding its flows to pf. Each month the
// intake PlacesPerYear/12 enters the first stage at the start of the month;
// every stage then loses its dropouts and finishers, computed from the
// participants it held before anyone entered it from the previous stage
// that month, and the passers join the next stage (or graduate) at the end
// of the month. Stages are visited from the last to the first so that
// passers from stage k are added to stage k+1 after stage k+1 is done.
func advance(x []float64, pl *Pipeline, months int, pf *PipelineFlows) {
	in := pl.PlacesPerYear / 12
	last := len(pl.Stages) - 1
	for range months {
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
			if k < last {
				x[k+1] += pass
			} else {
				pf.Graduates += pass
			}
		}
	}
}
