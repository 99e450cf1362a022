package api

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Limits bound the work one request may ask of the server, so that no
// cheap request can hold the job worker or the memory for long. The zero
// value of each field means its default, given in brackets; caregap serve
// sets them with flags of the same names (--max-levers, ...).
type Limits struct {
	// Levers of one scenario, with the levers of the scenarios it extends
	// [1000]. Checked when a scenario is created and when a forecast names
	// it. The forecast's cost grows with the levers (the decomposition
	// attributes the gap lever by lever).
	Levers int
	// Scenarios of one forecast [32].
	Scenarios int
	// Regions of one job [400; Sweden has 290 municipalities].
	Regions int
	// Years of one job: a forecast's years past its base year, a
	// population projection's years from From to To [80].
	Years int
	// Draws of one forecast's Monte Carlo bands [1000].
	Draws int
	// UploadRows caps the rows of one uploaded Parquet file [2 000 000],
	// checked from the footer before any page is decoded and again while
	// decoding.
	UploadRows int
	// JobTime is the wall time one job may run [30 min]; a job that runs
	// past it fails with a message that says so.
	JobTime time.Duration
	// InFlight caps the requests of one token being served at once [8];
	// beyond it the API answers 429 with Retry-After.
	InFlight int
}

// DefaultLimits returns the defaults of Limits.
func DefaultLimits() Limits {
	return Limits{Levers: 1000, Scenarios: 32, Regions: 400, Years: 80, Draws: 1000,
		UploadRows: 2_000_000, JobTime: 30 * time.Minute, InFlight: 8}
}

// withDefaults fills the zero fields of l with their defaults.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.Levers <= 0 {
		l.Levers = d.Levers
	}
	if l.Scenarios <= 0 {
		l.Scenarios = d.Scenarios
	}
	if l.Regions <= 0 {
		l.Regions = d.Regions
	}
	if l.Years <= 0 {
		l.Years = d.Years
	}
	if l.Draws <= 0 {
		l.Draws = d.Draws
	}
	if l.UploadRows <= 0 {
		l.UploadRows = d.UploadRows
	}
	if l.JobTime <= 0 {
		l.JobTime = d.JobTime
	}
	if l.InFlight <= 0 {
		l.InFlight = d.InFlight
	}
	return l
}

// overLimit is the answer to a request over one of the limits: a 400 that
// names the limit and the flag that sets it.
func overLimit(what string, n, limit int, flag string) *Error {
	return errorf(KindValidation, "%d %s: the limit is %d (caregap serve --%s)", n, what, limit, flag)
}

// checkRegions checks the number of regions a job names.
func (l *Limits) checkRegions(n int) error {
	if n > l.Regions {
		return overLimit("regions", n, l.Regions, "max-regions")
	}
	return nil
}

// checkYears checks the number of years a job runs.
func (l *Limits) checkYears(n int) error {
	if n > l.Years {
		return overLimit("years", n, l.Years, "max-years")
	}
	return nil
}

// checkLevers checks the levers of scenario name.
func (l *Limits) checkLevers(name string, n int) error {
	if n > l.Levers {
		return errorf(KindValidation, "scenario %q has %d levers (with those it extends): the limit is %d (caregap serve --max-levers)", name, n, l.Levers)
	}
	return nil
}

// errJobTime is the cause of a job's context that ran past Limits.JobTime.
var errJobTime = errors.New("job time budget spent")

// withJobTime bounds a job's context by the time budget.
func (l *Limits) withJobTime(ctx context.Context) (context.Context, context.CancelFunc) {
	d := l.JobTime
	if d <= 0 {
		d = DefaultLimits().JobTime
	}
	return context.WithTimeoutCause(ctx, d, errJobTime)
}

// jobTimeMessage is the error recorded on a job stopped by its budget.
func (l *Limits) jobTimeMessage() string {
	return fmt.Sprintf("stopped: the job ran past its time budget of %s (caregap serve --job-time); ask for fewer regions, scenarios, levers, years or draws", l.JobTime)
}
