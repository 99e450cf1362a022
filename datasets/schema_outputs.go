package datasets

// registerOutputs registers the datasets the runs write: the forecast,
// its decomposition and bands, and the population projection's bands.
func registerOutputs(set *schemaSet) {
	register[Forecast](set, Schema{
		Name: "forecast", Doc: "Demand, supply, gap and flows of a forecast by scenario, region, year and role.", Output: true,
		Key: []string{"scenario", "region", "year", "role"},
		Columns: []Column{
			colCode("scenario", "Scenario name."), regionCol(), yearCol("Calendar year."), roleCol("role", "Role code."),
			colOutput("demand_fte", "FTE", "Staff FTE the population's care use needs."),
			colOutput("headcount", "persons", "Staff on 31 December."),
			colOutput("contracted_fte", "FTE", "Headcount times employment rate."),
			colOutput("effective_fte", "FTE", "Contracted FTE less sick leave."),
			colOutput("gap_fte", "FTE", "Demand less effective FTE; positive means a shortage."),
			colFlow("exits", "Staff leaving the sector, not retiring."),
			colFlow("retirements", "Staff retiring."),
			colFlow("recruits", "Recruits from education, other regions or abroad: hires the supply assumes."),
			colFlow("graduates", "Graduates of training pipelines joining the role, from outside the workforce or from another role."),
			colOutput("graduates_out", "persons per year", "Staff who left the role for a pipeline training them for another role, net of those who dropped out or failed and came back; negative when more came back than left."),
			colFlow("transfers_in", "Staff moving into the role from other roles (career transitions)."),
			colFlow("transfers_out", "Staff moving out of the role to other roles (career transitions)."),
			colFlow("matched_entrants", "Persons placed from outside the labour market who joined the role's staff (placements times their retention)."),
			colFlow("internal_moves_in", "Moves into the role from inside the sector: transfers_in plus graduates of pipelines that trained another role's staff. Not in the need."),
			colOutput("internal_moves_out", "persons per year", "Moves out of the role inside the sector: transfers_out plus graduates_out. Not in the need."),
			colFloat("supervision_fte", "FTE", 0, posInf, "FTE of the role's staff spent supervising placements, already taken from effective_fte."),
			colFlow("replacement_need", "Hires from outside the sector to replace leavers (exits and retirements) of the staff that meets demand; SKR's replacement part of rekryteringsbehov. Base year 0."),
			colFlow("expansion_need", "Hires from outside the sector for the growth of demand; SKR's expansion part of rekryteringsbehov. Base year 0."),
			colFlow("gap_closing_need", "Hires from outside the sector that close the base-year shortage by the year asked (forecast setting close_gap_by); 0 when not asked."),
			colFlow("recruitment_need", "Replacement plus expansion plus gap-closing need: hires from outside the sector, excluding moves inside it, so it sums over roles."),
		},
	}, nil)
	register[GapDriver](set, Schema{
		Name: "decomposition", Doc: "The part of a forecast year's gap each driver contributes; the drivers sum to gap_fte.", Output: true,
		Key: []string{"scenario", "region", "year", "role", "driver"},
		Columns: []Column{
			colCode("scenario", "Scenario name."), regionCol(), yearCol("Calendar year."), roleCol("role", "Role code."),
			colCode("driver", "Driver of the gap, e.g. demography or sick leave; a lever's driver is \"lever:\" and its name, valued by its Shapley value."),
			colOutput("fte", "FTE", "Contribution to gap_fte."),
			colOutput("fte_se", "FTE", "Sampling standard error of a lever's fte when its Shapley value was estimated from permutations (more levers than are computed exactly); 0 when exact."),
		},
	}, nil)
	register[GapBand](set, Schema{
		Name: "uncertainty", Doc: "Distribution of a forecast gap over Monte Carlo draws; region \"all\" is the total over the regions run, role \"all_roles\" the sum over the roles.", Output: true,
		Key: []string{"scenario", "region", "year", "role"},
		Columns: []Column{
			colCode("scenario", "Scenario name."), colCode("region", "Municipality code, or \"all\" for the total."),
			yearCol("Calendar year."), colCode("role", "Role code, or \"all_roles\" for the sum over the roles."),
			colOutput("mean_fte", "FTE", "Mean gap over the draws."),
			colOutput("p10_fte", "FTE", "10th percentile of the gap."),
			colOutput("p50_fte", "FTE", "Median gap."),
			colOutput("p90_fte", "FTE", "90th percentile of the gap."),
			colFloat("sd_fte", "FTE", 0, posInf, "Standard deviation of the gap over the draws."),
			colFloat("prob_above", "share", 0, 1, "Share of draws whose gap exceeds the threshold."),
		},
	}, nil)
	register[PopulationBand](set, Schema{
		Name: "population_bands", Doc: "Distribution of the persons of an age group on 31 December over the Monte Carlo draws of a population projection; region \"all\" is the total over the regions run.", Output: true,
		Key: []string{"region", "year", "age_group", "sex"},
		Columns: []Column{
			colCode("region", "Municipality code, or \"all\" for the total."), yearCol("Calendar year."),
			colEnum("age_group", "Age group.", "0-19", "20-64", "65-79", "80+", "total"),
			colEnum("sex", "M, F or total for both.", "M", "F", "total"),
			colFloat("mean", "persons", 0, posInf, "Mean over the draws."),
			colFloat("p10", "persons", 0, posInf, "10th percentile."),
			colFloat("p50", "persons", 0, posInf, "Median."),
			colFloat("p90", "persons", 0, posInf, "90th percentile."),
		},
	}, nil)
}
