// Package scenario defines forecast scenarios: named sets of lever changes,
// each phased in between a start year and a target year.
//
// A lever changes one input of the forecast (an employment rate, a sick
// leave rate, retirement ages, training places, a share of demand moved
// between roles, ...). Its strength in year t is the phase p(t) ∈ [0, 1]
// of its profile, with x = (t − start) / (target − start):
//
//	step          p = 1 for t ≥ start
//	linear        p = x                     (clipped to [0, 1])
//	front-loaded  p = 1 − (1 − x)²          (most of the change early)
//	back-loaded   p = x²                    (most of the change late)
//
// and p = 0 before the start year. A lever's value is the change reached
// at the target year; in year t the forecast applies p(t) of it:
//
//	level   v(t) = v₀ + p(t)·(level − v₀)   an absolute level, e.g. a target
//	                                          employment rate of 0.9
//	change  v(t) = v₀ + p(t)·change          an additive change
//	scale   v(t) = v₀ · (1 + p(t)·(scale − 1)) a multiplicative factor
//
// Scenarios compose: a scenario may extend others by name, and its levers
// are those of the scenarios it extends (depth first, each scenario once)
// followed by its own. The order matters only for the decomposition of the
// gap, which attributes each lever the change it makes on top of the
// levers before it.
//
// Scenario files are YAML or JSON; the decoding lives with the other
// file formats in package datasets, so this package has no IO.
package scenario
