// Package followup compares what a municipality reports with a forecast's
// path, and measures the retention of placements, without IO.
//
// Compare takes actuals (sick-leave rate and headcount per region, year
// and role, or over all roles) and the path of one scenario: headcount,
// contracted, effective and supervision FTE and the gap per region, year
// and role. The path's sick-leave rate is the share of contracted time the
// supply lost to sick leave, as engine/supply measures it:
//
//	effective = contracted × (1 − S) − supervision  ⇒  S = 1 − (effective + supervision) / contracted
//
// An actual without a role is compared with the path summed over roles
// (S then is the contracted-FTE-weighted rate). Monthly actuals of a year
// are averaged over the months reported; a month or year not reported is
// left out, never counted as 0. The deviation is actual − forecast and its
// effect on the gap is the change of effective FTE had the run met the
// actual: −deviation × effective FTE per head for headcount, +deviation ×
// contracted FTE for sick leave. With a band (the p10 and p90 of the gap
// over the run's draws) a row is inside when gap + effect lies in it.
//
// Retention measures the share of placements still employed after 6 and
// 12 months: the cohorts (region, period, role) that report both the
// placements started and those still employed are pooled, k employed of n
// started, with a Wilson score interval. Lever turns the 12-month share
// into a matched_entrants lever's retention_1y and scales the default
// 3-year retention by the same factor (retention_3y = retention_1y ×
// DefaultRetention3 / DefaultRetention1): one year of follow-up says
// nothing of the third year, so the default's shape is kept.
package followup
