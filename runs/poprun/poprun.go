package poprun

import (
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"slices"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/runs"
)

// ErrSpec is the class of a projection request that cannot run.
var ErrSpec = errkind.New(errkind.BadInput, "population projection")

// Spec is what a projection runs on.
type Spec struct {
	// Bundle is the dataset, read and checked.
	Bundle *datasets.Bundle
	// Regions are the municipalities by code, name or group
	// (datasets.ResolveRegions) [every region with population rows, in
	// the order first seen]; Prepare replaces them by their codes.
	Regions []string
	// From is the base year: the projection starts from the population
	// on 31 December of it. To is the last projected year.
	From, To int
	// Window is the number of years of history the rates are estimated
	// from [0: every year up to From].
	Window int
	// NoTrend holds death rates at their estimated level.
	//
	// NoTrend and the settings below apply when the rates are estimated
	// (the data hold deaths and births); given rates are used as given.
	NoTrend bool
	// Anchor makes death rates change at the pace of SCB's national
	// projection (defaultdata.NationalAnchor) in place of the area's own
	// damped trend; it is ignored with NoTrend.
	Anchor bool
	// RateShare is the share of net migration held as a rate on the
	// population at risk, the rest as a count [0: DefaultRateShare];
	// CountsOnly holds it all as counts.
	RateShare  float64
	CountsOnly bool
	// Recency weighs the net migration of year t by Recency^(From−t)
	// [0: DefaultRecency]; 1 weighs the window's years equally.
	Recency float64
	// Damping is the yearly damping φ of the mortality trend after From
	// [0: DefaultDamping]; 1 is undamped.
	Damping float64
	// Bound caps the change of log mortality after From
	// [0: DefaultBound]; +Inf leaves it unbounded.
	Bound float64
	// Replacement is the share κ of the working ages' turnover that
	// their net migration offsets [0: DefaultReplacement];
	// NoReplacement adds no such migration.
	Replacement   float64
	NoReplacement bool
}

func specErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrSpec, fmt.Sprintf(format, a...))
}

// Prepare checks spec and fills in its regions.
func Prepare(spec Spec) (*Spec, error) {
	switch {
	case spec.Bundle == nil:
		panic("poprun: nil bundle")
	case spec.From == 0 || spec.To == 0:
		return nil, specErr("the base year and the last year are required")
	case spec.To <= spec.From:
		return nil, specErr("last year %d is not after the base year %d", spec.To, spec.From)
	case spec.To-spec.From > 100:
		return nil, specErr("%d years: at most 100 are projected", spec.To-spec.From)
	case spec.Window < 0:
		return nil, specErr("window %d is negative", spec.Window)
	case !(spec.RateShare >= 0 && spec.RateShare <= 1):
		return nil, specErr("rate share %g is outside 0..1", spec.RateShare)
	case !(spec.Damping >= 0 && spec.Damping <= 1):
		return nil, specErr("damping %g is outside 0..1", spec.Damping)
	case !(spec.Recency >= 0 && spec.Recency <= 1):
		return nil, specErr("recency %g is outside 0..1", spec.Recency)
	case !(spec.Replacement >= 0 && spec.Replacement <= 1):
		return nil, specErr("replacement share %g is outside 0..1", spec.Replacement)
	case !(spec.Bound >= 0):
		return nil, specErr("bound %g is negative", spec.Bound)
	}
	var all []string
	for _, p := range spec.Bundle.Population {
		if !slices.Contains(all, p.Region) {
			all = append(all, p.Region)
		}
	}
	codes, err := resolveRegions(spec.Bundle.Regions, all, spec.Regions)
	if err != nil {
		return nil, err
	}
	spec.Regions = codes
	if len(spec.Regions) == 0 {
		spec.Regions = all
	}
	if len(spec.Regions) == 0 {
		return nil, specErr("no regions to project")
	}
	for _, r := range spec.Regions {
		if !slices.Contains(all, r) {
			return nil, &datasets.RowError{File: "population.parquet", Column: "region",
				Err: fmt.Errorf("%w: region %s has no population rows", datasets.ErrUnknownRef, r)}
		}
	}
	return &spec, nil
}

// The recipe's defaults, chosen on the rolling back-test of datasets/scb;
// the package documentation of engine/population gives the reasons.
const (
	DefaultRateShare = 0.5
	DefaultRecency   = 0.9
	DefaultDamping   = 0.95
	DefaultBound     = 0.15
	// DefaultReplacement: the working ages keep their recent mean yearly
	// change, the cohorts that age in and out deciding only who they
	// are. The registers' own estimate (population.EstimateReplacement
	// over the test data's years) is 0.84.
	DefaultReplacement = 1.0
)

func (s *Spec) replacement() float64 {
	switch {
	case s.NoReplacement:
		return 0
	case s.Replacement == 0:
		return DefaultReplacement
	}
	return s.Replacement
}

func (s *Spec) recency() float64 {
	if s.Recency == 0 {
		return DefaultRecency
	}
	return s.Recency
}

func (s *Spec) rateShare() float64 {
	switch {
	case s.CountsOnly:
		return 0
	case s.RateShare == 0:
		return DefaultRateShare
	}
	return s.RateShare
}

func (s *Spec) damping() float64 {
	if s.Damping == 0 {
		return DefaultDamping
	}
	return s.Damping
}

func (s *Spec) bound() float64 {
	if s.Bound == 0 {
		return DefaultBound
	}
	return s.Bound
}

// estimated reports whether the data hold the registers the recipe
// estimates from.
func (s *Spec) estimated() bool { return len(s.Bundle.Deaths) > 0 && len(s.Bundle.Births) > 0 }

// Rates returns, for each of s.Regions, its rates by year as the package
// documentation's recipe makes them.
func Rates(s *Spec) ([]func(int) *population.Rates, error) {
	out := make([]func(int) *population.Rates, len(s.Regions))
	if !s.estimated() {
		for i, code := range s.Regions {
			byYear, err := datasets.RatesByYear(s.Bundle, code)
			if err != nil {
				return nil, err
			}
			if byYear == nil {
				return nil, &datasets.RowError{File: "death_rates.parquet", Column: "region",
					Err: fmt.Errorf("%w: region %s has neither deaths and births nor death rates to project with", datasets.ErrIncomplete, code)}
			}
			out[i] = byYear
		}
		return out, nil
	}
	lo := math.MinInt
	if s.Window > 0 {
		lo = s.From - s.Window + 1
	}
	hs := make([]*population.History, len(s.Regions))
	for i, code := range s.Regions {
		h, err := datasets.PopulationHistory(code, s.Bundle.Population, s.Bundle.Deaths, s.Bundle.Births)
		if err != nil {
			return nil, err
		}
		hs[i] = h
	}
	// The regions read together are the standard: each keeps its own
	// mortality level and borrows the area's age shape where its deaths
	// are few, and the area's mortality trend carries on.
	pool, err := population.Pool(hs...)
	if err != nil {
		return nil, err
	}
	std, err := population.Estimate(pool, max(lo, pool.FirstYear), s.From, nil)
	if err != nil {
		return nil, err
	}
	var trend population.Trend
	if !s.NoTrend {
		if trend, err = population.EstimateTrend(pool, max(lo, pool.FirstYear), s.From, &std.Death); err != nil {
			return nil, err
		}
		trend.Damping, trend.Bound = s.damping(), s.bound()
		if s.Anchor {
			trend.Anchor = defaultdata.NationalAnchor()
		}
	}
	rho := s.replacement()
	for i, code := range s.Regions {
		rates, err := population.Estimate(hs[i], max(lo, hs[i].FirstYear), s.From,
			&population.EstimateSettings{Standard: &std.Death, RateShare: s.rateShare(), Recency: s.recency(), Replacement: rho})
		if err != nil {
			return nil, fmt.Errorf("region %s: %w", code, err)
		}
		out[i] = population.Constant(rates)
		if !s.NoTrend {
			out[i] = population.Trended(rates, trend, s.From, s.To)
		}
	}
	return out, nil
}

// Project projects each of s.Regions from its population of s.From to
// s.To with the recipe's rates.
func Project(s *Spec) ([]*population.Projection, error) {
	rates, err := Rates(s)
	if err != nil {
		return nil, err
	}
	out := make([]*population.Projection, len(s.Regions))
	for i, code := range s.Regions {
		base, err := datasets.Pyramid(s.Bundle.Population, code, s.From)
		if err != nil {
			return nil, err
		}
		out[i] = population.Project(&base, s.From, s.To, rates[i])
	}
	return out, nil
}

// Rows returns the projected years in the population dataset's schema.
func Rows(s *Spec, projs []*population.Projection) []datasets.Population {
	var rows []datasets.Population
	for i, code := range s.Regions {
		rows = append(rows, datasets.ProjectionRows(code, projs[i])...)
	}
	return rows
}

// Write writes rows into dir atomically (runs.WriteDir) as
// population.parquet and, with csv, population.csv.
func Write(dir string, perm fs.FileMode, rows []datasets.Population, csv bool) error {
	return runs.WriteDir(dir, perm, func(stage string) error {
		if err := datasets.WriteParquet(filepath.Join(stage, "population.parquet"), rows); err != nil {
			return err
		}
		if !csv {
			return nil
		}
		return datasets.WriteCSV(filepath.Join(stage, "population.csv"), rows)
	})
}
