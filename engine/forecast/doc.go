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
// time). Levers act from the year after the base year, which is observed. Each
// lever Lj then contributes gap_j(t) − gap_{j−1}(t), where run j applies
// levers L1..Lj: the change it makes on top of the levers before it
// (sequential attribution, so interactions go to the later lever; the
// order is the scenario's). The drivers telescope to gap_k(t), the
// scenario's gap, up to rounding.
package forecast
