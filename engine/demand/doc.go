// Package demand computes the care staff that a population needs, in
// full-time equivalents (FTE) per role.
//
// For one region and year,
//
//	users(s)     = Σ_age Σ_sex population(age, sex) × use_rate(s, age, sex) × use_scale(s)
//	fte(s)       = users(s) × fte_per_user(s) × fte_scale(s)
//	demand(r)    = Σ_s fte(s) × role_share(s, r)
//
// where use_scale and fte_scale are the scenario's trends (healthier
// ageing lowers use rates at a given age; welfare technology lowers FTE per
// user), 1 when no lever acts. Task shifting then moves a share of one
// role's demand to another, in the order the shifts are given:
//
//	moved      = share × demand(from)          (or of from's demand in the
//	                                            shift's services only)
//	demand(from) −= moved
//	demand(to)   += moved × ratio
//
// where ratio is the FTE of the receiving role needed per FTE moved (1 when
// the tasks take the same time in both roles).
//
// The sums over age and sex are taken cell by cell in order, up to four
// services per pass and only over the ages where a service's use rate is
// nonzero; the results are bit for bit those of one service after the
// other over every cell (users.go gives the argument, users_test.go
// checks it).
//
// This is the standard ratio method of Swedish elder-care staffing
// projections (SKR's "Välfärdens kompetensförsörjning"): use rates by age
// band and sex from Socialstyrelsen's registers, staffing per user from the
// municipalities' own accounts.
package demand
