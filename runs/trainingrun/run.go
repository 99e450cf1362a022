package trainingrun

import (
	"fmt"
	"io/fs"
	"slices"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/training"
)

// ErrProgramme: the programme asked for is not in the records.
var ErrProgramme = errkind.New(errkind.NotFound, "no such programme")

// Run is a training run: the records, the register of journeys of one
// programme and, once computed, its estimates and forecast.
type Run struct {
	Set      *datasets.TrainingSet
	Inputs   *training.Inputs
	Register *training.Register
	// AsOf is the day of the data: events after it are ignored.
	AsOf      int
	Estimates *training.Estimates
	Forecast  *training.CertificateForecast
}

// Read reads and checks the training datasets at the root of fsys
// (datasets.ReadTrainingFS).
func Read(fsys fs.FS) (*datasets.TrainingSet, error) { return datasets.ReadTrainingFS(fsys) }

// Build replays the journeys of programme ("" for the first one) as they
// stood on day asOf (training.NoDay: the last day of any record) and
// estimates every course, pooled and per municipality. Errors are the
// *datasets.RowError of a broken rule, or ErrProgramme.
func Build(set *datasets.TrainingSet, programme string, asOf int) (*Run, error) {
	ins, _, err := datasets.TrainingInputs(set)
	if err != nil {
		return nil, err
	}
	if _, err := datasets.TrainingRegisters(set); err != nil {
		return nil, err
	}
	i := 0
	if programme != "" {
		i = slices.IndexFunc(ins, func(in *training.Inputs) bool { return in.Programme.Code == programme })
		if i < 0 {
			var codes []string
			for _, in := range ins {
				codes = append(codes, in.Programme.Code)
			}
			return nil, fmt.Errorf("%w: %q; the records hold %v", ErrProgramme, programme, codes)
		}
	}
	in := ins[i]
	if asOf == training.NoDay {
		asOf = in.LastDay()
	}
	reg, errs := training.Replay(in.Until(asOf))
	if errs != nil {
		return nil, fmt.Errorf("replay up to %s: %w", training.Date(asOf), errs[0])
	}
	r := &Run{Set: set, Inputs: in, Register: reg, AsOf: asOf}
	r.Estimates = training.Estimate(reg, asOf)
	return r, nil
}

// RunForecast forecasts the certificates with settings s (zero values:
// the engine's defaults).
func (r *Run) RunForecast(s training.ForecastSettings) *training.CertificateForecast {
	r.Forecast = training.Forecast(r.Register, r.Estimates, s)
	return r.Forecast
}

// Stages returns the pooled estimates as rows of training_stages for
// the pipeline of the programme's code (the default bundle's pipeline
// stepwise_dalarna is the default programme's), so that a forecast runs
// on estimated rates: put the file in its --data directory.
func (r *Run) Stages() ([]datasets.TrainingStage, error) {
	st, err := r.Estimates.Pooled.Stages()
	if err != nil {
		return nil, err
	}
	rows := make([]datasets.TrainingStage, len(st))
	for i, s := range st {
		rows[i] = datasets.TrainingStage{Pipeline: r.Inputs.Programme.Code, Stage: int32(i + 1), Name: s.Name,
			DurationMonths: s.DurationMonths, CompletionRate: s.CompletionRate, DropoutRate: s.DropoutRate}
	}
	return rows, nil
}

// IntakeByPace returns, per municipality, the participants who started
// in the twelve months up to AsOf, per month: the intake at today's pace
// for ForecastSettings.Intake.
func (r *Run) IntakeByPace() map[string]float64 {
	out := map[string]float64{}
	for _, j := range r.Register.Journeys {
		if j.Start > r.AsOf-365 {
			out[j.Participant.Region] += 1.0 / 12
		}
	}
	return out
}
