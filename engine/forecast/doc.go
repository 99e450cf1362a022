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
//	replacement_need     = exits + retirements + moves to other roles
//	                       (career transitions, graduates of pipelines
//	                       that train the role's staff for another) during t
//	expansion_need       = max(0, demand(t) − demand(t−1)) / (effective FTE
//	                       per head in t−1; for a role with no staff, the
//	                       mean of its rates over ages 20-66)
//	recruitment_need     = replacement_need + expansion_need
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
package forecast
