// Package poprun runs a population projection end to end, for every
// front end (`caregap population`, the API's population jobs, and the
// back-test on SCB's registers, which tests this code, not a copy):
//
//	Prepare  check the regions and years
//	Rates    the estimation recipe, the one place it is written down
//	Project  the cohort-component projection of each region
//	Write    population.parquet (and .csv) in a run directory, atomically
//
// The recipe, when the data hold deaths and births (an SCB import does):
// death, fertility and net-migration rates are estimated from the Window
// years up to From (net migration as the residual of the accounts); the
// regions read together are pooled into a standard schedule, from which a
// small region borrows the age shape of its death rates by credibility;
// the pooled area's mortality trend (engine/population.EstimateTrend)
// carries on from From unless NoTrend. Nothing after From reaches the
// estimation. Without deaths and births the data's death_rates,
// fertility_rates and net_migration are used as given, each year the
// latest rows at or before it, as the forecast uses them.
package poprun
