// Package goalseekrun runs a goal seek end to end, for every front end:
// the least-cost mix of levers, per municipality, that brings each chosen
// role's gap to at most a target from a target year on, with the marginal
// cost of one more FTE.
//
//	Prepare(Spec)  check the dataset, prices (lever_costs), limits
//	               (lever_limits), roles, regions and years
//	Plan.Run       the reference forecast without the plan, the trust-
//	               region loop of engine/goalseek on the forecast, then
//	               the cost curve (the loop again at looser targets)
//	Run.Write      the run directory, atomically (runs.WriteDir):
//	               plan.yaml (a scenario file: caregap forecast --scenario
//	               plan.yaml reproduces the plan), goalseek_levers,
//	               goalseek_targets and goalseek_curve as Parquet and CSV,
//	               the prices and limits used, summary.json and lp/<region>.lp
//	               (each region's last linearised programme, for GLPK or CBC)
//	Run.Summary    the answer as a page shows it: target, result per role,
//	               levers, cost curve, unreachable targets, limits reached
//
// # Decision variables
//
// For each municipality, one intensity x per lever and what it acts on,
// phased in linearly from the year after the base year to the target year
// and held after it, as a scenario lever of that region:
//
//	employment_rate   change of each role's employment rate      x ≤ limit − the highest rate of the role's staff
//	sick_leave        relative reduction (scale 1 − x)          mean rate·(1 − x) ≥ the floor
//	retirement_age    years later, per role                      x ≤ limit
//	recruits          relative increase (scale 1 + x), per role  x ≤ limit
//	training_places   extra places a year, per pipeline          x ≤ limit × today's places
//	matched_entrants  placements a year, per entry role          Σ x ≤ the matching's supervisor places (a constraint), x ≤ limit
//	task_shifting     share of assistant-nurse work in elder care moved to service assistants   x ≤ limit
//	career_transition added yearly rate of each existing move    x ≤ limit, and the role's moves ≤ 1
//
// and every limit also at most ramp_per_year × the years of the phase-in.
//
// # Targets
//
// For a chosen role r, each year t from the target year to the last year:
// gap(r, t) ≤ T, with T the target in FTE or T% of demand(r, t). A role not
// chosen is kept: gap(r, t) ≤ max(0, its gap without the plan), so a plan
// does not buy one role's staff with another's (task shifting, training
// that drains its source role). The targets hold in the forecast itself
// to within Spec.Tol (0.05 FTE by default), which the tests check by
// running the written plan.yaml through runs/forecastrun.
//
// # Cost
//
// The cost of a plan is discounted to the base year at Spec.Discount
// (3.5 % a year) over the years to the last forecast year:
//
//	cost = Σ_t (1 + d)^−(t − t0) · [ Σ_r wage(r, t) · (contracted_FTE(r, t) − contracted_FTE₀(r, t))
//	                               + Σ_levers one_off · new units(t) + running · units(t) ]
//
// The wages (lever_costs' "wage" rows: the employer's cost of an FTE) of
// the change in contracted FTE against the forecast without the plan
// count the salary of every extra hour and person once, whichever lever
// brought them (extra hours, recruits, graduates, staff retiring later,
// entrants). A lever's own units, from the forecast at the plan:
//
//	employment_rate    FTE of extra hours = p(t)·x·headcount                (lasting)
//	sick_leave         FTE of sick leave avoided = lost·p·x/(1 − p·x)      (lasting)
//	retirement_age     person-years past retirement = p·x·retirements      (lasting)
//	recruits           extra recruits = recruits·p·x/(1 + p·x)             (flow)
//	training_places    place-years = p·x                                   (lasting)
//	matched_entrants   placements = p·x                                    (flow)
//	task_shifting      FTE of work moved = demand₀(from) − demand(from)    (lasting)
//	career_transition  persons moved = p·x·headcount(from, t − 1)          (flow)
//
// with p(t) the lever's phase. A flow pays one_off + running on every unit
// every year; a lasting change pays running on its units and one_off on
// the units added since the year before. Example: an employment rate 3
// points higher for 200 assistant nurses is 6 FTE of extra hours, 6 ×
// 511 000 = 3.1 million SEK a year in wages.
//
// The shadow price of a target, from engine/goalseek, is then the
// discounted cost of one more FTE in that role, municipality and year.
package goalseekrun
