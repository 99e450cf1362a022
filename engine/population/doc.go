// Package population projects a region's population by one-year age and
// sex with the cohort-component method, estimates the rates it needs from
// register history, and provides the naive forecasts that projections are
// back-tested against.
//
// # Timing
//
// The convention is Statistics Sweden's. Population P(t,a) is counted on 31
// December of year t. Deaths D(t,a) and net migration M(t,a) during year t
// are classified by age at the END of year t ("birth-year age"), so a cohort
// born in year c has age t−c throughout year t and all events of a year
// fall on one Lexis parallelogram. The accounts are then exact:
//
//	P(t,a)   = P(t−1,a−1) − D(t,a) + M(t,a)                 1 ≤ a < 100
//	P(t,100) = P(t−1,99) + P(t−1,100) − D(t,100) + M(t,100) (open group)
//	P(t,0)   = B(t) − D(t,0) + M(t,0)
//
// per sex, where B(t) is the births of that sex during year t. Age MaxAge
// (100) means 100 and over.
//
// # Projection (Step, Project)
//
// With exposure E(t,a) = P(t−1,a−1) for 1 ≤ a < 100, E(t,100) =
// P(t−1,99) + P(t−1,100) and E(t,0) = B(t,sex), one year is
//
//	D(t,a) = q(a) · E(t,a)
//	P(t,a) = E(t,a) − D(t,a) + M'(t,a),   M' = max(M(a), −(E − D))
//	B(t)   = Σ_a f(a) · ½ (W(t−1,a) + W(t,a))
//	B(t,M) = s · B(t),  B(t,F) = (1 − s) · B(t)
//
// where q(a) is the probability of dying during the year for the cohort
// reaching age a at its end, f(a) is births per woman by the mother's age
// at the end of the year, W are women, and s is the share of boys (0.512
// when unset). Net migration M is given in persons; where an emigration
// would leave a cohort below zero it is clamped, and the migration actually
// applied, M', is what Flows reports, so the accounts above hold exactly.
// Women aged a ≥ 1 at the end of the year are computed before births, so
// the fertility exposure uses them; f(0) is ignored.
//
// # Estimation (Estimate)
//
// Rates are pooled occurrence/exposure ratios over the years t = from..to
// whose previous year's population is known:
//
//	q(a) = Σ_t D(t,a) / Σ_t E(t,a)
//	f(a) = Σ_t B(t,a) / Σ_t ½ (W(t−1,a) + W(t,a))
//	s    = Σ_t B(t,M) / Σ_t B(t)
//	M(a) = mean_t [P(t,a) − E(t,a) + D(t,a)]            (the residual)
//
// where B(t,a) are births to mothers of age a (the open group 49+ is
// assigned to age 49 and exposed as women aged 49) and E(t,0) are the
// births of the sex. Because net migration is the residual of the same
// accounts, projecting a single estimation year from its start reproduces
// the observed population exactly.
//
// Sparse deaths. A municipality of a few thousand people records a handful
// of deaths per age and sex even when twelve years are pooled, so raw
// ratios are noisy at old ages and zero where no one was exposed. Estimate
// treats this in one of two ways:
//
//   - With no standard schedule, an age with zero exposure borrows the
//     pooled ratio of the nearest ages, widening a symmetric window until
//     some exposure is found, and every q is capped at 1.
//
//   - With a standard schedule q*(a) (EstimateSettings.Standard, for example
//     the rates of a surrounding area or of the country, estimated from
//     the same years), the region keeps its own level but borrows the
//     standard's age shape where its own data are thin. The level factor
//     is the standardised mortality ratio of the sex,
//     L = Σ_a D(a) / Σ_a E(a) q*(a), and the rate at each age is the
//     posterior mean of a Gamma–Poisson model whose prior has mean
//     m(a) = min(1, L q*(a)) and weight α deaths (PriorDeaths):
//
//     q(a) = (D(a) + α) / (E(a) + α / m(a))
//
//     which is the raw ratio when the expected deaths E·m are large
//     compared with α, and the scaled standard when they are small or the
//     exposure is zero. This is the classical credibility treatment of
//     small-area mortality (Bühlmann; Marshall 1991 for small areas).
//
// # Mortality trend (EstimateTrend, Trended)
//
// Pooled rates describe the middle of the estimation years; mortality at
// old ages falls by about one per cent a year, so constant rates
// understate the oldest groups more the further a projection reaches.
// EstimateTrend fits the log-linear trend
//
//	q(t,a) = q(a) · exp(δ · (t − c))
//
// per sex from the yearly standardised mortality ratios
// R(t) = Σ_a D(t,a) / Σ_a E(t,a) q(a), by least squares of log R(t) on t
// weighted by the year's deaths, c being the death-weighted mean year: the
// Lee–Carter model with a uniform age pattern of improvement. Fit it on a
// pooled area (Pool) and apply it to each region's rates with Trended.
//
// # Naive forecasts
//
// Back-tests compare a projection with two forecasts that need no rates:
// NaiveConstant keeps the base population by age and sex unchanged in every
// year, and NaiveCohort ages every cohort one year per year with no deaths
// and no migration, adds the base year's newborns as each year's births,
// and keeps the open top group closed to exits.
//
// # Errors
//
// Step, Project and the helpers panic on caller bugs (a reversed year
// range, aliased pyramids, a History whose slices differ in length).
// Estimate returns ErrNoYears when the asked years hold no usable year and
// ErrNoPopulation when the exposure is zero.
package population
