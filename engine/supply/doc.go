// Package supply projects the care workforce of one region as a stock-flow
// (Markov) model of headcount by role, tenure, sex and one-year age.
//
// Roles are indices 0..R-1 into Params.Roles. Tenure 0 holds new staff, in
// their first year in the role; tenure 1 holds established staff. Ages are
// ages on 31 December (age at the end of the year, as in package
// population); age 100 holds everyone aged 100 and over. Counts are
// expected values, not integers.
//
// The caller builds one Params per year with every scenario lever already
// applied; this package knows nothing of levers, scenarios or datasets.
//
// # One year
//
// Step moves a State from 31 December of year y-1 to 31 December of year y.
// Write N[r,t](s,a) for the stock of role r, tenure t, sex s and age a at
// the start of the year, and N'[r,t](s,a) for the stock at the end. The
// events of the year are applied in this order.
//
// (1) Ageing. Everyone ages one year; age 100 is open-ended:
//
//	A[r,t](s,a)   = N[r,t](s,a-1)                 1 ≤ a < 100
//	A[r,t](s,100) = N[r,t](s,99) + N[r,t](s,100)
//	A[r,t](s,0)   = 0
//
// (2) Exits and retirements, as independent competing risks, so that they
// never exceed the stock. The exit probability is e = NewStaffExitRate[r]
// for new staff (t = 0) and e = ExitRate[r][a] for established staff
// (t = 1); the retirement probability is ρ = RetirementRate[r][a] for both.
// With λ = 1 - (1-e)(1-ρ), the probability of leaving for either reason,
// split between the reasons in proportion to e and ρ:
//
//	exits       X[r,t](s,a) = A λ e/(e+ρ)
//	retirements Q[r,t](s,a) = A λ ρ/(e+ρ)
//	survivors   B[r,t](s,a) = A (1-e)(1-ρ)
//
// so X + Q + B = A. Example: A = 100, e = 0.1, ρ = 0.2 gives λ = 0.28,
// X = 9.33, Q = 18.67 and B = 72.
//
// (3) Career transitions. Established survivors move from role r to role
// r' ≠ r with share T[r][r'] = Transitions[r][r'] (the diagonal is
// ignored, Σ_{r'≠r} T[r][r'] ≤ 1). They keep their sex and age and arrive
// in the destination as new staff, since it is their first year in that
// role; they face the destination's NewStaffExitRate the next year. New
// staff do not move in their first year.
//
//	M[r→r'](s,a) = B[r,1](s,a) T[r][r']
//
// (4) Tenure. Last year's new staff who stayed become established:
//
//	N'[r,1] = B[r,0] + B[r,1] (1 - Σ_{r'≠r} T[r][r'])
//	N'[r,0] = Σ_{r'≠r} M[r'→r]
//
// (5) Training pipelines run in 12 monthly sub-steps. Stage k of a
// pipeline holds x_k participants. At the start of each month the intake
// PlacesPerYear/12 enters stage 1. During the month a share
// δ_k = min(1, DropoutRate_k/12) of each stage drops out; of those who
// remain a share φ_k = min(1, 1/DurationMonths_k) reaches the end of the
// stage (a geometric duration with mean DurationMonths_k for durations of
// a month or more); of those a share c_k = CompletionRate_k passes and the
// rest fail and leave. Passers enter stage k+1 at the end of the month
// (so they cannot also finish it that month) or, from the last stage,
// graduate:
//
//	x_1         ← x_1 + PlacesPerYear/12                   (start of month)
//	dropouts_k  = x_k δ_k
//	finishers_k = x_k (1-δ_k) φ_k
//	failures_k  = (1-c_k) finishers_k
//	x_k         ← x_k (1-δ_k)(1-φ_k) + c_{k-1} finishers_{k-1}   (k > 1)
//	graduates   = Σ_months c_K finishers_K                   (K stages)
//
// Stages are numbered from 1 here and from 0 in Pipeline.Stages.
//
// A stage therefore takes at least one month, and a pipeline of K stages
// graduates nobody before K months have passed, but it does graduate some
// people before the summed durations have passed. With two stages of six
// months, no dropout, completion 1 and a cohort of one entering in month
// 1, the share graduated after m months is the probability of at least two
// successes in m Bernoulli trials with p = 1/6:
//
//	P(graduated by month m) = 1 - q^m - m p q^(m-1),   q = 1-p
//
// which is 0 after one month and 1/36 after two. A steady intake of 120 a
// year from an empty pipeline graduates 10 Σ_{m=1..12} P(m) ≈ 35.80 people
// in the first year; in the steady state (see SteadyTrainees) the same
// pipeline graduates exactly its intake, 120 a year.
//
// A pipeline with a Source role trains that role's staff, and conserves
// them. At the start of each month its intake is bounded by the source's
// established stock after steps (1)-(4) and the pipelines before it:
//
//	intake = min(PlacesPerYear/12, Σ N'[src,1])
//
// and the entrants leave the source, in proportion to its sex-age
// distribution, for the pipeline, which holds their distribution I
// (Σ I = Σ x; it ages a year each year; trainees face no exits or
// retirement). Of the month's leavers, dropouts and failures return to the
// source's established stock and graduates join the Output role as new
// staff, both with the distribution I. Nobody graduates who did not leave
// the source: a drained source takes no more trainees, so raising the
// places of a sourced pipeline beyond what its source holds shows up as a
// gap in the source role and no graduate more. SetSteadyTrainees takes the
// steady-state trainees of a sourced pipeline out of the base-year stock
// of its source (the workforce data count staff in training in their
// role), scaled down to what the source holds.
//
// A pipeline without a source (Source = -1) trains people from outside the
// workforce: its graduates are an inflow into the sector and join the
// output role with the profile π_out described below; its dropouts and
// failures leave. Pipelines are applied in order.
//
// (6) Arrivals. Recruits and matched entrants join as new staff:
//
//	N'[r,0] += Recruits[r] + MatchedEntrants[r] π^M_r
//
// Arrivals during the year (transfers, graduates, recruits, matched
// entrants) are counted on 31 December and face no exits in the year they
// arrive; a recruit count is the number still in post at the end of the
// year.
//
// # Age-sex profiles
//
// A profile is a Pyramid scaled to sum to 1. π^M_r is MatchedProfile; when
// that is zero, the profile of Recruits[r]; when that is zero too, the
// default profile DefaultProfile: uniform over ages 20-54, 80 % women. π_out
// for graduates is the profile of Recruits[out], or DefaultProfile.
//
// # Measures
//
// Measure reports per role, summing over tenure, sex and age, with E the
// employment rate (contracted FTE per head), S the sick-leave rate and V
// the FTE the role's staff spend supervising placements (Supervision):
//
//	headcount      H = Σ N
//	contracted_fte C = Σ N E
//	effective_fte  F = Σ N E (1 - S) - min(V, Σ N E (1 - S))
//
// # Scaled years
//
// The draws of a Monte Carlo forecast share a year's Params and scale a
// few of its fields by factors of their own (Scale): exit rates,
// recruits, employment and sick-leave rates, the rates capped at 1.
// StepScaled and EffectiveFTE apply the factors as they go rather than
// building the scaled Params, count no flows, and pass over the ages
// where a role has nobody (the stock there is +0, which would add +0 to
// sums that are never −0). Their values are those of Step and Measure
// under the scaled Params, bit for bit.
//
// # Flow balance
//
// Flows records the persons moving during a year. For every role,
//
//	Σ N'[r] = Σ N[r] - Exits - Retirements - TransfersOut + TransfersIn
//	          + Graduates - GraduatesOut + Recruits + MatchedEntrants
//
// where GraduatesOut = TraineesOut - TraineesBack is what the role lost,
// net, to the pipelines it is the source of, and for every pipeline,
//
//	Intake = Dropouts + Failures + Graduates + Σ x' - Σ x.
//
// For the sector as a whole, persons in roles and in sourced pipelines
// change only by Exits, Retirements, Recruits, MatchedEntrants and the
// graduates of pipelines without a source: career transitions and sourced
// pipelines move people inside it (GraduatesInternal counts the graduates
// who came from another role).
//
// CheckFlows returns the largest relative violation of these identities;
// Step keeps it at rounding level.
//
// # Errors and panics
//
// Values that come from data (rates outside [0, 1], transition shares that
// sum above 1, a pipeline naming a role that does not exist, a pipeline
// without stages, a non-positive duration, negative counts) are reported
// by Validate and NewState as *ParamError values wrapping one of the
// sentinels ErrRate, ErrTransitionSum, ErrRoleIndex, ErrSameRole,
// ErrNoStages, ErrDuration and ErrNegative. Step does not validate: call
// Validate once for each Params. Slices of the wrong length, a State
// shaped for other Params and aliased states are the caller's bugs and
// panic with a message that starts with "supply: ".
package supply
