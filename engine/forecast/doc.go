// Package forecast runs the supply-and-demand forecast of care staff per
// region, role and year under scenarios, and decomposes each year's gap by
// driver.
//
// For each region the population is projected once (package population,
// or a given projection used as is); then for each scenario and year t:
//
//	demand_fte(t, r)     package demand, with the year's lever adjustments
//	state(t)             package supply, one Step with the year's parameters
//	headcount, contracted_fte, effective_fte    supply.Measure
//	gap(t, r)            = demand_fte − effective_fte
//
// # Need
//
// The need is the number of persons to hire from outside the sector during
// year t for supply to meet demand: SKR's "rekryteringsbehov", the
// replacement of those who leave the sector (pension and other exits) plus
// the expansion that demand growth calls for, here with the option of also
// closing the base-year shortage. For role r, with p(t) the effective FTE
// per head in t (for a role with no staff, the mean of its rates over ages
// 20-66) and t0 the base year,
//
//	K(t)              = gap(t0), the base-year gap kept          (CloseGapBy = 0)
//	                  = gap(t0) · max(0, Y − t) / (Y − t0)       (CloseGapBy = Y)
//	staff to keep     T(t) = max(0, demand(t) − K(t)) / p(t)
//	leaver rate       ℓ(t) = (exits + retirements)(t) / headcount(t−1)
//	                         (a role with no staff: a newcomer's, from its
//	                         new-staff exit rate and mean retirement rate
//	                         over ages 20-66)
//	replacement_need  = ℓ(t) · T(t−1)
//	expansion_need    = max(0, demand(t) − demand(t−1)) / p(t−1)
//	gap_closing_need  = max(0, K(t−1) − K(t)) / p(t−1)
//	recruitment_need  = replacement_need + expansion_need + gap_closing_need
//
// T(t0) is the base-year staff, so in the first year the replacement need
// is exactly those who left the sector. Leavers are counted at the
// simulated staff's rates but on the staff that meets the demand the need
// plans for, not on a shrinking, under-supplied stock; a lever that raises
// FTE per head or lowers demand or leaver rates lowers the need. Internal
// moves (career transitions, graduates of pipelines that train another
// role's staff, staff who leave a role for such a pipeline) are reported
// as internal_moves_in and internal_moves_out and are never in the need,
// so a total over roles counts each hire once. Recruits, graduates from
// outside the workforce and matched entrants are the hires the supply
// assumes; the need is what meeting demand takes, whatever is assumed.
// A closed surplus (gap(t0) < 0 and CloseGapBy set) lowers T and so the
// replacement need; nobody is dismissed. A pipeline that drains its source
// role shows there as a gap, and the source's need stays that of the staff
// its demand calls for: the drain does not shrink it.
//
// # Decomposition
//
// The gap of a scenario with levers L1..Lk in year t is split into drivers
// that sum to it exactly. With part-time loss PT = headcount −
// contracted_fte and sick-leave loss SL = contracted_fte − effective_fte,
//
//	gap = demand − headcount + PT + SL
//
// holds identically, and the headcount changes only through flows:
// headcount(t) = headcount(t0) − Σ exits − Σ retirements + Σ recruits +
// Σ graduates + Σ matched + Σ (transfers in − transfers out). So for the
// scenario with no levers (run 0),
//
//	gap₀(t) = gap(t0)                          "base_gap"
//	        + demand₀(t) − demand(t0)          "demography"
//	        + Σ exits                          "exits"
//	        + Σ retirements                    "retirement"
//	        − Σ recruits                       "recruitment"
//	        − Σ (graduates − graduates out)    "training"
//	        − Σ (transfers in − out)           "career_transitions"
//	        − Σ matched entrants               "matched_entrants"
//	        + PT₀(t) − PT(t0)                  "part_time"
//	        + SL₀(t) − SL(t0)                  "sick_leave"
//
// with sums over the years t0+1..t, each person valued at one FTE. So
// part_time and sick_leave are the changes since the base year in the FTE
// lost to part-time work and to sick leave: they move with headcount even
// when the rates do not (more staff working 80 % lose more FTE to part
// time). Levers act from the year after the base year, which is observed.
//
// The levers' part, gap_N(t) − gap₀(t) (gap_S: the run with the levers of
// S), is shared among them by their Shapley values
//
//	φ_j = Σ_{S ⊆ N∖{j}} |S|!·(k−|S|−1)!/k! · (gap_{S∪{j}}(t) − gap_S(t))
//
// the mean of lever j's marginal contribution over every order of adding
// the levers; interactions are shared, not given to whichever lever the
// scenario lists later, so the values do not depend on that order, and
// they sum exactly to the levers' part. A lever that does not act in the
// region (its regions name others) is a null player worth zero and is
// left out of the game. With k ≤ Attribution.ExactLevers (10) levers
// acting in a region, all 2^k subsets are run (1 024 runs at k = 10);
// beyond that, permutations are drawn in antithetic pairs (an order and
// its reverse), seeded by region and scenario, until Attribution.Budget
// (1 024) subsets are run, and φ_j is the mean contribution with its
// standard error (Driver.SE; 0 when exact). Each permutation's
// contributions telescope to gap_N − gap₀, so the estimates still sum to
// it. The cost of a decomposition is thus bounded by the budget, not by
// the square of the lever count; each run checks ctx, so a cancel stops
// it within one region-run.
//
// # Uncertainty (RunUncertainty)
//
// Each Monte Carlo draw runs the forecast with its uncertain inputs
// following yearly processes from the base year t0 (year index i = t − t0;
// the base year is observed and not drawn). Every process is an AR(1)
// with a stationary start,
//
//	x(1) = σ·ε(1),   x(i) = φ·x(i−1) + σ·√(1−φ²)·ε(i),   ε iid N(0, 1)
//
// (each year sd σ, correlation φ^k between years k apart) or its running
// sum y(i) = x(1) + … + x(i) ("integrated": a random walk when φ = 0, a
// drift drawn once, y = i·x, when φ = 1). The sources and their defaults:
//
//	source                acts on                          process     σ       φ    scope
//	mortality level       death rates × exp(x)             AR(1)       0.02    0.5  national
//	mortality drift       death rates × exp(y)             integrated  0.01    0.9  national
//	fertility             fertility rates × exp(x)         AR(1)       0.10    0.9  national
//	deaths, births noise  death, fertility rates × exp(x)  AR(1)       1/√E    0    local
//	net migration         migration rates + x·w(a)         AR(1)       0.9/√P₀ 0.9  local
//	use-rate trend        use rates × exp(y)               integrated  0.005   1    national
//	FTE per user trend    FTE per user × exp(y)            integrated  0.003   1    national
//	exit rates            exit rates × exp(x), ≤ 1         AR(1)       0.10    0.7  national
//	recruits              recruits × exp(x)                AR(1)       0.15    0.5  local
//	employment rate       employment rates × exp(x), ≤ 1   AR(1)       0.02    0.9  national
//	sick leave            sick-leave rates × exp(x), ≤ 1   AR(1)       0.15    0.8  national
//
// E is the deaths (births) the region expects in the first drawn year:
// the Poisson noise of a small region's events. Net migration's x is a
// yearly rate, net migrants per person at risk, with sd 0.9/√P₀ for a
// region of P₀ inhabitants in the base year (±0.9 % a year for 10 000
// inhabitants, ±0.18 % for 250 000); 30 % of its variance is common to
// every age, the rest drawn apart for the ages 0-15, 16-29, 30-64 and
// 65+; w(a) is the Rogers–Castro migration schedule, normalised so that
// a shock x moves about x·P₀ persons (package population, Draw). The
// population's spreads are calibrated on SCB's registers: the 80 % band
// covers 80 % of the observed outcomes of four age groups in five
// municipalities of Norrbotten from the origins 2010..2019 at horizons
// 1..10 (datasets/scb, TestCoverage). The supply and demand spreads are
// judgements, not calibrated.
//
// A national source takes the same path in every region of a draw, so the
// regions' total keeps their correlation; a local one is drawn for each
// region. Each source has its own stream (population.Streams): a PCG
// seeded with (Seed, k·2⁴⁰ + source·2³² + r), r = 0 for a national stream
// and the region code's hash for a local one, so draws are reproducible
// and do not depend on the other regions run, their order or the number
// of workers. Each draw reports the gap of every role and their sum,
// "all_roles"; the bands are the draws' mean, standard deviation, 10th,
// 50th and 90th percentiles and share above a threshold, per region and
// for the regions summed draw by draw. The streams never depend on the
// scenario: scenarios share their draws (common random numbers), so the
// difference between two scenarios is the levers', not the noise's.
//
// The regions' sum is a Total: each gap rounded to fixed point (int64
// units of 2^-32 FTE) and summed as integers, exact in any order or
// grouping, so one process, shards merged and a pipeline combining
// regions in any order give the same bands to the last bit. RunDraws
// runs one region's draws (after PrepareDraws over all the run's
// regions, which fixes the shares of totals distributed among them):
// the basis of sweeps in shards and pipelines (runs/sweeprun, beam/).
// The context is checked before every draw.
//
// A band's statistics are defined on the draws in draw order
// (bandstat.go): the corrected two-pass mean and the population SD, each
// summed in draw order, and order statistics for the percentiles (the
// ones gonum's empirical quantile picks). So they can be computed with
// every draw held, or in memory that does not grow with the draws from
// passes over draws run again, which the seeding makes the same draws
// (bandStream, bounded.go): the first pass sums, counts and bins each
// gap by a sample of its first 128 draws; the next collects the draws of
// each percentile's bin, or splits a crowded bin by the values' order
// keys. Up to about 10 000 draws that is two passes, to some millions
// three. RunUncertainty takes that way when its draws, over 1 024 of
// them, would exceed Uncertainty.MaxMemory: each region a window of 64
// draws at a time; the regions' total is held if it fits beside the
// windows (1 KB a draw for the default's roles), and otherwise streamed
// too, a window of draws of every region at a time, its passes running
// every region again. The bands are the same bit for bit.
package forecast
