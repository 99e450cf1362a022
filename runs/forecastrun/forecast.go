package forecastrun

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/engine/scenario"
)

// Defaults and limits of a Spec.
const (
	DefaultToYear = 2040
	// MaxDraws bounds the Monte Carlo draws of one run.
	MaxDraws = 10000
)

// ErrSpec is the class of a forecast request that cannot run: no regions,
// a horizon before the base year, too many draws, a scenario named twice.
var ErrSpec = errkind.New(errkind.BadInput, "forecast")

// Spec is what a forecast runs on. The zero value of each field is its
// documented default.
type Spec struct {
	// Bundle is the dataset, read and checked (datasets.Check).
	Bundle *datasets.Bundle
	// Regions are the municipalities to run, by code, name or group
	// (datasets.ResolveRegions) [every region of Bundle]. Prepare replaces
	// them by their codes.
	Regions []string
	// Scenarios run in this order; at least one.
	Scenarios []*scenario.Resolved
	// ToYear is the last forecast year [DefaultToYear].
	ToYear int
	// NoDecomposition reports the levers' total as one driver instead of
	// lever by lever (faster).
	NoDecomposition bool
	// Draws of the Monte Carlo bands [0: none, at most MaxDraws].
	Draws int
	// Seed of the draws [1].
	Seed uint64
	// Threshold is the gap (FTE) whose probability of being exceeded the
	// bands report [0].
	Threshold float64
	// MaxMemory bounds, in bytes, the draws held at once [0: no bound];
	// beyond it the bands come from passes over the draws run again, the
	// same bands for more time (forecast.Uncertainty.MaxMemory).
	MaxMemory int64
	// Workers forecast regions at once [GOMAXPROCS]; results do not
	// depend on it.
	Workers int
	// CloseGapBy is the year by which the recruitment need also closes
	// each role's base-year shortage [0: the need does not include it].
	CloseGapBy int
	// Workplaces are the matching's workplaces, whose supervisor
	// capacity by municipality shares a matched_entrants total
	// distributed by supervisor places [none: such a lever is an error].
	Workplaces []datasets.Workplace
}

// NeedsSupervisors reports whether a scenario of scs shares placements by
// supervisor places, and so needs the matching's workplaces.
func NeedsSupervisors(scs []*scenario.Resolved) bool {
	for _, sc := range scs {
		for i := range sc.Levers {
			if sc.Levers[i].Distribute == scenario.BySupervisors {
				return true
			}
		}
	}
	return false
}

// Plan is a checked Spec, ready to run.
type Plan struct {
	Spec
	regions  []*forecast.Region
	settings forecast.Settings
}

func specErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrSpec, fmt.Sprintf(format, a...))
}

// Prepare checks spec against its dataset: everything that can be wrong
// with the input is found here, before anything runs or is written.
func Prepare(spec Spec) (*Plan, error) {
	if spec.Bundle == nil {
		panic("forecastrun: nil bundle")
	}
	if spec.ToYear == 0 {
		spec.ToYear = DefaultToYear
	}
	if spec.Seed == 0 {
		spec.Seed = 1
	}
	switch {
	case spec.ToYear < 2000 || spec.ToYear > 2100:
		return nil, specErr("last year %d: not a year between 2000 and 2100", spec.ToYear)
	case spec.Draws < 0 || spec.Draws > MaxDraws:
		return nil, specErr("draws %d: must be 0..%d", spec.Draws, MaxDraws)
	case len(spec.Scenarios) == 0:
		return nil, specErr("no scenario to run")
	case spec.MaxMemory < 0:
		return nil, specErr("max memory %d bytes: must be ≥ 0 (0: no bound)", spec.MaxMemory)
	case spec.Threshold != 0 && spec.Draws == 0:
		return nil, specErr("a threshold (%g FTE) is the probability of a gap over it across draws: give draws too", spec.Threshold)
	}
	for i, sc := range spec.Scenarios {
		if slices.ContainsFunc(spec.Scenarios[:i], func(x *scenario.Resolved) bool { return x.Name == sc.Name }) {
			return nil, specErr("scenario %q named twice", sc.Name)
		}
	}
	codes, err := datasets.ResolveRegions(spec.Bundle.Regions, spec.Regions)
	if err != nil {
		return nil, err
	}
	spec.Regions = codes
	regions, err := datasets.ForecastRegions(spec.Bundle, spec.Regions)
	if err != nil {
		return nil, err
	}
	if len(regions) == 0 {
		return nil, specErr("no regions to forecast")
	}
	places := map[string]float64{}
	for _, w := range spec.Workplaces {
		places[w.Region] += float64(w.SupervisorCapacity)
	}
	for _, r := range regions {
		r.SupervisorPlaces = places[r.Code]
	}
	base := regions[0].BaseYear
	if spec.ToYear <= base {
		return nil, specErr("last year %d: must be after the base year %d", spec.ToYear, base)
	}
	if spec.CloseGapBy != 0 && (spec.CloseGapBy <= base || spec.CloseGapBy > spec.ToYear) {
		return nil, specErr("close the gap by %d: must be after the base year %d and no later than the last year %d", spec.CloseGapBy, base, spec.ToYear)
	}
	// The base year is observed: a lever dated in or before it would be
	// applied in full from the first forecast year, silently.
	for _, sc := range spec.Scenarios {
		names := forecast.LeverDrivers(sc)
		for i, l := range sc.Levers {
			if l.StartYear <= base {
				return nil, specErr("scenario %q, %s: start_year %d is not after the base year %d (the base year is observed; levers act from %d on)",
					sc.Name, strings.TrimPrefix(names[i], "lever:"), l.StartYear, base, base+1)
			}
		}
	}
	known := make([]string, len(spec.Bundle.Regions))
	for i, r := range spec.Bundle.Regions {
		known[i] = r.Region
	}
	if len(spec.Regions) == 0 {
		spec.Regions = make([]string, len(regions))
		for i, r := range regions {
			spec.Regions[i] = r.Code
		}
	}
	return &Plan{Spec: spec, regions: regions, settings: forecast.Settings{
		ToYear: spec.ToYear, KnownRegions: known, NoDecomposition: spec.NoDecomposition, Workers: spec.Workers,
		CloseGapBy: spec.CloseGapBy,
	}}, nil
}

// BaseYear is the dataset's base year, the first year of every output.
func (p *Plan) BaseYear() int { return p.regions[0].BaseYear }

// Progress is told, during a run, how many of a stage's steps are done:
// stage "forecast" counts regions × scenarios, stage "draws" regions ×
// draws. It may be nil.
type Progress func(stage string, done, total int)

// Steps returns the number of steps of stage.
func (p *Plan) Steps(stage string) int {
	switch stage {
	case "forecast":
		return len(p.regions) * len(p.Scenarios)
	case "draws":
		return len(p.regions) * p.Draws
	}
	return 0
}

// Run is a finished forecast: the engine's result, the bands when draws
// ran, and their rows in the output datasets' schemas.
type Run struct {
	Plan    *Plan
	Result  *forecast.Result
	Bands   []forecast.Band // nil without draws
	Rows    []datasets.Forecast
	Drivers []datasets.GapDriver
	BandSet []datasets.GapBand // nil without draws
}

// Run forecasts every region under every scenario, then the bands. It
// stops with ctx's error when ctx ends.
func (p *Plan) Run(ctx context.Context, progress Progress) (*Run, error) {
	stage := func(name string) func(done, total int) {
		if progress == nil {
			return nil
		}
		return func(done, total int) { progress(name, done, total) }
	}
	res, err := forecast.Run(ctx, p.regions, p.Scenarios, &p.settings, stage("forecast"))
	if err != nil {
		return nil, err
	}
	r := &Run{Plan: p, Result: res, Rows: datasets.ForecastRows(res), Drivers: datasets.DriverRows(res)}
	if p.Draws > 0 {
		u := &forecast.Uncertainty{Draws: p.Draws, Seed: p.Seed, Threshold: p.Threshold, MaxMemory: p.MaxMemory}
		if r.Bands, err = forecast.RunUncertainty(ctx, p.regions, p.Scenarios, &p.settings, u, stage("draws")); err != nil {
			return nil, err
		}
		r.BandSet = datasets.BandRows(r.Bands)
	}
	return r, ctx.Err()
}

// Summary sums the run over its regions.
func (r *Run) Summary() *Summary { return Summarise(r.Result) }
