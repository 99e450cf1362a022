package training

import (
	"fmt"
	"math"
	"slices"

	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/supply"
)

// ErrNoData: a course without observations, whose rates cannot be
// estimated.
var ErrNoData = errkind.New(errkind.BadInput, "no participants to estimate from")

// Observations returns the time in course c of every journey that
// reached it by day asOf: from the day it unlocked to its completion
// (Completed), to the day the participant left (Dropped), or to asOf
// (Censored, still in progress). region "" takes every journey, another
// value those now in that municipality. Events after asOf are ignored.
func (r *Register) Observations(c int, region string, asOf int) []Obs {
	var out []Obs
	for _, j := range r.Journeys {
		if region != "" && j.Region != region {
			continue
		}
		u := j.Unlocked(c)
		if u == NoDay || u > asOf || (j.Left != NoDay && j.Left < u) {
			continue
		}
		switch d := j.CourseDone(c); {
		case d != NoDay && d <= asOf:
			out = append(out, Obs{float64(d - u), Completed})
		case j.Left != NoDay && j.Left <= asOf:
			out = append(out, Obs{float64(j.Left - u), Dropped})
		default:
			out = append(out, Obs{float64(asOf - u), Censored})
		}
	}
	return out
}

// CourseEstimate is the estimate of one course in one group.
type CourseEstimate struct {
	Course string
	Curve  *Curve
	// Stage is the course as a stage of the forecast's pipeline (see
	// StageOf); its zero value when there were no observations.
	Stage supply.Stage
	// Fit are the quantities Stage is fitted from.
	Fit StageFit
}

// Group is the estimate of every course for one municipality or, with
// Region "", pooled over all.
type Group struct {
	Region  string
	Courses []CourseEstimate
}

// Estimates are the competing-risks estimates of a programme on day AsOf.
type Estimates struct {
	Programme string
	AsOf      int
	Pooled    Group
	// Regions are the sites of the programme in their order.
	Regions []Group
}

// Estimate estimates every course of the programme, pooled and per
// municipality of r.Sites, from the journeys as they stand on day asOf.
func Estimate(r *Register, asOf int) *Estimates {
	e := &Estimates{Programme: r.Programme.Code, AsOf: asOf, Pooled: r.group("", asOf)}
	for _, s := range r.Sites {
		e.Regions = append(e.Regions, r.group(s.Region, asOf))
	}
	return e
}

func (r *Register) group(region string, asOf int) Group {
	g := Group{Region: region}
	for c, course := range r.Programme.Courses {
		ce := CourseEstimate{Course: course.Code, Curve: AalenJohansen(r.Observations(c, region, asOf))}
		if fit, err := FitStage(ce.Curve); err == nil {
			ce.Fit = fit
			ce.Stage = fit.Stage(course.Name)
		}
		g.Courses = append(g.Courses, ce)
	}
	return g
}

// Group returns the group of a region, the pooled one for "", or nil.
func (e *Estimates) Group(region string) *Group {
	if region == "" {
		return &e.Pooled
	}
	i := slices.IndexFunc(e.Regions, func(g Group) bool { return g.Region == region })
	if i < 0 {
		return nil
	}
	return &e.Regions[i]
}

// StageFit summarises a curve as the pipeline's stage does: a monthly
// probability Q that the course ends (completed or dropped out) and the
// share P of endings that are completions.
//
// P = F1(τ)/(F1(τ)+F2(τ)) at the last time τ: under constant hazards the
// ratio of the cumulative incidences is the same at every time, so it
// needs no follow-up to the end. Q = 1−exp(−λ), where λ is the monthly
// hazard of an exponential time to the end whose restricted mean up to τ,
// (1−exp(−λτ))/λ, equals the area under the Kaplan–Meier curve up to τ;
// so the fit uses the censored journeys as the curve does.
type StageFit struct {
	P, Q float64
	// MeanMonths is the restricted mean time in the course up to the
	// last time, RestrictedMonths that last time, both in months.
	MeanMonths, RestrictedMonths float64
}

// FitStage fits a stage to the curve; ErrNoData when it has no event.
func FitStage(c *Curve) (StageFit, error) {
	last := c.Last()
	if last < 0 || c.Completion[last]+c.Dropout[last] == 0 {
		return StageFit{}, fmt.Errorf("%w: no completion or dropout", ErrNoData)
	}
	f1, f2 := c.Completion[last], c.Dropout[last]
	tau := c.Times[last] / DaysPerMonth
	// Area under the step function S up to τ, in months.
	area, prevT, prevS := 0.0, 0.0, 1.0
	for i, t := range c.Times {
		area += prevS * (t - prevT) / DaysPerMonth
		prevT, prevS = t, c.Survival[i]
	}
	fit := StageFit{P: f1 / (f1 + f2), MeanMonths: area, RestrictedMonths: tau}
	fit.Q = 1 - math.Exp(-rateFromRestrictedMean(area, tau))
	return fit, nil
}

// rateFromRestrictedMean solves (1−exp(−λτ))/λ = m for λ > 0 by
// bisection; the left side falls from τ (λ → 0) to 0. m ≥ τ (nobody left
// before τ) gives the rate of a mean m.
func rateFromRestrictedMean(m, tau float64) float64 {
	if m <= 0 {
		return 1e6 // every course ended on its first day
	}
	if m >= tau*(1-1e-12) || tau == 0 {
		return 1 / m
	}
	g := func(l float64) float64 { return -math.Expm1(-l*tau) / l }
	lo, hi := 1e-12, 1.0
	for g(hi) > m {
		hi *= 2
	}
	for range 200 {
		mid := (lo + hi) / 2
		if g(mid) > m {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// Stage turns the fit into the parameters of a pipeline stage of
// engine/supply, whose month is: drop out with probability δ, else reach
// the end with probability φ, then pass with probability c. With c = 1
// (the data record no failed course: who does not complete it drops
// out), the month ends the course with probability δ + (1−δ)φ = Q and
// completes it with (1−δ)φ = P Q, so
//
//	δ = (1−P) Q,  φ = P Q/(1−δ),  DurationMonths = 1/φ,  DropoutRate = 12 δ.
//
// Example: P = 0.8 and Q = 0.25 give δ = 0.05, φ = 0.2/0.95 = 0.2105,
// a duration of 4.75 months and a dropout rate of 0.6 a year.
func (f StageFit) Stage(name string) supply.Stage {
	d := (1 - f.P) * f.Q
	phi := f.P * f.Q / (1 - d)
	dur := float64(maxDurationMonths)
	if phi > 0 {
		dur = min(maxDurationMonths, 1/phi)
	}
	return supply.Stage{Name: name, DurationMonths: dur, CompletionRate: 1, DropoutRate: 12 * d}
}

// maxDurationMonths bounds a stage's duration as training_stages does: a
// course nobody completes lasts ten years.
const maxDurationMonths = 120

// Stages returns the stages of a pipeline from the group's courses, in
// order: the parameters the forecast's pipeline uses instead of typed-in
// rates. A course without events gives ErrNoData.
func (g *Group) Stages() ([]supply.Stage, error) {
	out := make([]supply.Stage, len(g.Courses))
	for i, c := range g.Courses {
		if c.Fit.Q == 0 {
			return nil, fmt.Errorf("course %s of %q: %w", c.Course, g.Region, ErrNoData)
		}
		out[i] = c.Stage
	}
	return out, nil
}
