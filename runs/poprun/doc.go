// Package poprun runs a population projection end to end, for every
// front end (`caregap population`, the API's population jobs, and the
// back-test on SCB's registers, which tests this code, not a copy):
//
//	Prepare  check the regions and years
//	Rates    the estimation recipe, the one place it is written down
//	Project  the cohort-component projection of each region
//	Write    population.parquet (and .csv) in a run directory, atomically
//
// The recipe, when the data hold deaths and births (an SCB import does),
// with the settings of Spec and their defaults:
//
//   - death and fertility rates are estimated from the Window years up to
//     From; the regions read together are pooled into a standard schedule,
//     from which a small region borrows the age shape of its death rates
//     by credibility;
//   - net migration, the residual of the accounts, is held half as age-sex
//     rates on the population at risk and half as counts (RateShare 0.5;
//     rates follow a region that shrinks or grows, counts do not), with
//     recent years weighted more (Recency 0.9 a year back);
//   - the working ages' net migration also offsets their turnover: when
//     fewer reach 20 than pass 64, people move in to fill the jobs
//     (Replacement 1: the working ages keep their recent mean change;
//     NoReplacement turns it off);
//   - the pooled area's mortality trend carries on from From, damped by
//     φ = 0.95 a year (Damping) and its further change in log mortality
//     bounded by 0.15 (Bound), or, with Anchor, at the pace of SCB's
//     national projection; NoTrend holds the rates level.
//
// Nothing after From reaches the estimation. engine/population's doc
// gives the formulas, and the defaults' tuning on SCB's registers (origins
// 2010-2014, checked on 2015-2019; `go test ./datasets/scb -run Rolling -v`
// prints the rolling back-test). Without deaths and births the data's
// death_rates, fertility_rates and net_migration are used as given, each
// year the latest rows at or before it, as the forecast uses them.
//
// Bands (draws.go) add Monte Carlo draws of the projection: p10, p50 and
// p90 by region, year, age group and sex.
package poprun
