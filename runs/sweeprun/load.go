package sweeprun

import (
	"io/fs"

	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/datasets/defaultdata/scenarios"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/runs/forecastrun"
)

// Inputs are where a sweep's inputs are read from: the grid file in
// GridFS (its base scenario beside it, or a shipped one), the forecast
// dataset and the matching set by directory ("": the embedded default).
type Inputs struct {
	GridFS   fs.FS
	GridFile string
	Data     string
	Match    string
	// MaxScenarios refuses grids of more points [DefaultMaxScenarios].
	MaxScenarios int
}

// Spec reads the inputs into the fields of a Spec that come from files:
// the grid and its points, the dataset, and the matching set's
// workplaces when a point shares placements by supervisor places (the
// default set's with the default dataset, else only when Match is
// given). The caller sets the rest. `caregap sweep` and the Beam
// pipeline read their inputs through it.
func (in Inputs) Spec() (Spec, error) {
	limit := in.MaxScenarios
	if limit == 0 {
		limit = DefaultMaxScenarios
	}
	grid, points, err := LoadGrid(in.GridFS, in.GridFile, scenarios.FS, limit)
	if err != nil {
		return Spec{}, err
	}
	b, err := defaultdata.LoadOr(in.Data)
	if err != nil {
		return Spec{}, err
	}
	s := Spec{Bundle: b, Grid: grid, Points: points}
	resolved := make([]*scenario.Resolved, len(points))
	for i := range points {
		resolved[i] = points[i].Resolved
	}
	if forecastrun.NeedsSupervisors(resolved) && (in.Match != "" || in.Data == "") {
		m, err := defaultdata.LoadMatchOr(in.Match)
		if err != nil {
			return Spec{}, err
		}
		s.Workplaces = m.Workplaces
	}
	return s, nil
}
