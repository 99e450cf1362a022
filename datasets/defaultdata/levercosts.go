package defaultdata

import "github.com/caregap/caregap/datasets"

// The goal seek's default prices and limits: ILLUSTRATIVE figures, at the
// 2024 price level and held flat in real terms (one row per item from
// 2025), each with its public source or marked as an assumption. They
// are the right size for a municipality's planning discussion, not a
// budget: replace them with the municipality's own figures
// (`caregap goalseek --costs FILE --limits FILE`).
//
// Wages. The employer's cost of one FTE for a year is the mean monthly
// salary × 12 × (1 + 0.40): the municipal sector's personnel-cost
// surcharge (PO-pålägg: employer contributions, pensions and insurance)
// is about 40 % of salary (SKR, PO-pålägg 2024). Mean monthly salaries in
// the municipal sector, rounded (SCB, lönestrukturstatistik, kommunal
// sektor 2023):
//
//	assistant nurse (undersköterska, SSYK 5321/5323)   30 400 SEK → 511 000
//	care aide (vårdbiträde, SSYK 5330)                  27 500 SEK → 462 000
//	personal assistant (SSYK 5343)                      27 600 SEK → 464 000
//	support worker (stödassistent, skötare, SSYK 5341)  29 500 SEK → 496 000
//	nurse (grundutbildad sjuksköterska, SSYK 2221)      41 600 SEK → 699 000
//	specialist assistant nurse: the assistant nurse's
//	  salary plus 1 600 SEK a month (assumption)        32 000 SEK → 538 000
//	service assistant: no SSYK code of its own; a care
//	  aide's salary less 1 000 SEK (assumption)         26 500 SEK → 445 000
//
// The salary of extra hours (employment_rate), of extra recruits,
// graduates, retained staff and entrants is counted once, through these
// wages on the change in contracted FTE, so the levers' own rows carry
// only what the wages do not: programme costs.
var leverCosts = []datasets.LeverCost{
	wage("assistant_nurse", 511000, "SCB lönestrukturstatistik 2023, kommunal sektor, undersköterskor: 30 400 SEK a month; × 12 × 1.40 (SKR PO-pålägg about 40 %)"),
	wage("care_aide", 462000, "SCB lönestrukturstatistik 2023, kommunal sektor, vårdbiträden: 27 500 SEK a month; × 12 × 1.40 (SKR PO-pålägg about 40 %)"),
	wage("personal_assistant", 464000, "SCB lönestrukturstatistik 2023, kommunal sektor, personliga assistenter: 27 600 SEK a month; × 12 × 1.40 (SKR PO-pålägg about 40 %)"),
	wage("support_worker", 496000, "SCB lönestrukturstatistik 2023, kommunal sektor, stödassistenter och skötare: 29 500 SEK a month; × 12 × 1.40 (SKR PO-pålägg about 40 %)"),
	wage("nurse", 699000, "SCB lönestrukturstatistik 2023, kommunal sektor, grundutbildade sjuksköterskor: 41 600 SEK a month; × 12 × 1.40 (SKR PO-pålägg about 40 %)"),
	wage("specialist_assistant_nurse", 538000, "assumption: the assistant nurse's salary (SCB 2023) plus 1 600 SEK a month; × 12 × 1.40 (SKR PO-pålägg about 40 %)"),
	wage("service_assistant", 445000, "assumption: a care aide's salary (SCB 2023) less 1 000 SEK a month; × 12 × 1.40 (SKR PO-pålägg about 40 %)"),
	// Extra hours cost their salary, counted through the wages.
	item("employment_rate", "", "", 0, 0, "the extra hours' salary is counted through the role's wage; no programme cost (SKR Heltidsresan: full time as the norm by agreement)"),
	// Occupational health, rehabilitation and work-environment measures.
	// Assumption: a programme of about 3 000 SEK per employee a year that
	// lowers sick leave by one percentage point costs 300 000 SEK per FTE
	// of sick leave avoided (3 000 / 0.01).
	item("sick_leave", "", "", 0, 300000, "assumption: a programme of about 3 000 SEK per employee a year lowers sick leave by one point (SKR: sick leave 8.8 % among women in municipalities, 2022)"),
	// A pension top-up or bonus of about 10 % of an assistant nurse's
	// salary cost for each year worked past the usual retirement age.
	item("retirement_age", "", "", 0, 50000, "assumption: a bonus of about 10 % of an assistant nurse's yearly wage cost per year worked past retirement (SKR lever analysis: everyone retiring at 66)"),
	// Advertising, interviews and introduction: about two months of an
	// assistant nurse's salary cost.
	item("recruits", "", "", 85000, 0, "assumption: recruitment and introduction cost about two months of an assistant nurse's wage cost (511 000 / 6)"),
	// Municipal adult education (komvux) of the care programme for people
	// outside the workforce: course cost per place and year.
	item("training_places", "", "", 0, 70000, "assumption: municipal adult education (komvux, vård- och omsorgsprogrammet) about 70 000 SEK per full-time place and year"),
	// The stepwise programme trains care aides at work: the course plus
	// the trainee's salary while in training, which the forecast takes
	// out of their role (the trainee's lost working time).
	{Lever: "training_places", Pipeline: "stepwise_dalarna", Year: 2025, Unit: datasets.CostUnit("training_places"), RunSEK: 40000 + 462000,
		Source: "assumption: course about 40 000 SEK per place-year plus the trainee's lost working time, a care aide's wage cost 462 000 (SCB 2023 × 1.40)"},
	// Supervisor allowance and a job coach's support per placement; the
	// supervisor's time itself is taken from effective FTE by the forecast.
	item("matched_entrants", "", "", 50000, 0, "assumption: a job coach's support about 40 000 SEK and a supervisor allowance about 10 000 SEK per placement (projects of Linköping and Krokom)"),
	// Reorganising work when tasks move to an entry role.
	item("task_shifting", "", "", 25000, 0, "assumption: planning, introduction and scheduling about 25 000 SEK per FTE of work moved; the wage difference shows in the wages of the staff who do the work"),
	// Bridging training for a move between roles.
	item("career_transition", "assistant_nurse", "", 80000, 0, "assumption: validation and bridging courses from care aide to assistant nurse about 80 000 SEK per person"),
	item("career_transition", "specialist_assistant_nurse", "", 60000, 0, "assumption: specialist course (vocational higher education, part time) about 60 000 SEK per person"),
	item("career_transition", "", "", 30000, 0, "assumption: introduction to a new role about 30 000 SEK per person"),
}

func wage(role string, sek float64, source string) datasets.LeverCost {
	return datasets.LeverCost{Lever: "wage", Role: role, Year: 2025, Unit: datasets.CostUnit("wage"), RunSEK: sek, Source: source}
}

func item(lever, role, pipeline string, oneOff, running float64, source string) datasets.LeverCost {
	return datasets.LeverCost{Lever: lever, Role: role, Pipeline: pipeline, Year: 2025, Unit: datasets.CostUnit(lever),
		OneOffSEK: oneOff, RunSEK: running, Source: source}
}

// leverLimits are the default limits, in every municipality.
var leverLimits = []datasets.LeverLimit{
	{Lever: "employment_rate", Limit: 1, Ramp: 0.03, Source: "full time as the norm (SKR Heltidsresan); at most 3 points a year: assumption"},
	{Lever: "sick_leave", Limit: 0.05, Ramp: 0.01, Source: "floor near men's 5.7 % in municipalities (SKR 2022); at most 1 point a year: assumption"},
	{Lever: "retirement_age", Limit: 2, Ramp: 0.5, Source: "assumption: two years later at most, half a year a year, as the pension ages rise"},
	{Lever: "recruits", Limit: 0.5, Ramp: 0.1, Source: "assumption: half as many recruits again at most, 10 % more a year"},
	{Lever: "training_places", Limit: 1, Ramp: 0.25, Source: "assumption: a pipeline's places at most doubled (the shipped training scenario), a quarter more a year"},
	{Lever: "matched_entrants", Limit: 20, Ramp: 5, Source: "about 15 placements a year in Krokom, 8-16 in Linköping (the projects); at most the matching's supervisor places"},
	{Lever: "task_shifting", Limit: 0.15, Ramp: 0.03, Source: "assumption: at most 15 % of assistant-nurse work (the shipped task-shifting scenario moves 10 %)"},
	{Lever: "career_transition", Limit: 0.03, Ramp: 0.01, Source: "assumption: at most 3 points more a year of a role moving on"},
}

// LeverCosts returns the default prices of the goal seek (illustrative;
// see the sources in each row).
func LeverCosts() []datasets.LeverCost { return append([]datasets.LeverCost(nil), leverCosts...) }

// LeverLimits returns the default limits of the goal seek (illustrative).
func LeverLimits() []datasets.LeverLimit { return append([]datasets.LeverLimit(nil), leverLimits...) }
