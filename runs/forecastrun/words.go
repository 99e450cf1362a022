package forecastrun

import "github.com/caregap/caregap/runs/labels"

// words are the texts of the spreadsheet and the charts in one language.
type words struct {
	// Sheets.
	summarySheet, driversSheet, uncertaintySheet, dataSheet string

	// Titles and notes; the %s are the municipalities and the years.
	summaryTitle, summaryNote         string
	regionTitle, regionNote           string
	driversTitle, driversNote         string
	uncertaintyTitle, uncertaintyNote string
	dataTitle                         string

	// Headers.
	scenario, region, regionCode, role, roleCode, measure, unit, driver, year string
	p10, p50, p90, mean, sd, probAbove                                        string

	// Measures and units.
	demand, headcount, supply, gap, shortage, surplus, net, shortageShare string
	needSince, needYear                                                   string
	fte, persons, share                                                   string
	allRoles, allRegions                                                  string

	// Charts.
	chartTitle, chartSubtitle, chartBase                       string
	chartDemand, chartSupply, chartBaseDemand, chartBaseSupply string
	chartShortage, chartSurplus, chartGap, chartBaseGap        string
	chartBand, chartYear, chartFTE, chartGapAxis               string
	thousands                                                  string
	// The same, summed over several municipalities: net figures.
	chartShortageNet, chartSurplusNet, chartGapNet, chartBaseGapNet, chartGapAxisNet string

	// columns names the columns of forecast.parquet on the data sheet.
	columns map[string]string
}

func wordsOf(l labels.Lang) *words {
	if l == labels.EN {
		return &english
	}
	return &swedish
}

func (v *view) w() *words { return wordsOf(v.lang) }

var swedish = words{
	summarySheet: "Sammanfattning", driversSheet: "Drivkrafter", uncertaintySheet: "Osäkerhet", dataSheet: "Data",

	summaryTitle: "Personalbehov och tillgång i vård och omsorg · %s · %d–%d",
	summaryNote: "Årsarbetare (heltidsekvivalenter). Brist och överskott summeras över kommunernas yrkesroller var för sig, " +
		"så att ett överskott i en kommun eller roll inte döljer en brist i en annan; nettogap = brist − överskott. " +
		"Rekryteringsbehov: personer att anställa utanför sektorn från året efter basåret till och med kolumnens år " +
		"(ersättning för dem som slutar + utökning; byten mellan roller räknas inte).",
	regionTitle: "%s · personalbehov och tillgång per yrkesroll · %d–%d",
	regionNote: "Årsarbetare, utom anställda och rekryteringsbehov (personer). Gap = personalbehov − effektiv tillgång: " +
		"positivt är brist, negativt överskott. Effektiv tillgång är arbetad tid efter deltid och sjukfrånvaro.",
	driversTitle: "Vad förklarar gapet · %s · %d–%d",
	driversNote: "Varje faktors bidrag till nettogapet (personalbehov − effektiv tillgång) det året, årsarbetare. " +
		"Bidragen summerar exakt till gapet. Verkar flera åtgärder samtidigt delas deras samlade effekt lika över alla ordningar de kan införas i (Shapleyvärde).",
	uncertaintyTitle: "Osäkerhet i gapet · %s · %d–%d",
	uncertaintyNote: "Gapet (personalbehov − effektiv tillgång) över simuleringarna av de osäkra antagandena, årsarbetare: " +
		"i 8 fall av 10 ligger det mellan P10 och P90.",
	dataTitle: "Prognosens alla rader (samma som forecast.csv)",

	scenario: "Scenario", region: "Kommun", regionCode: "Kommunkod", role: "Yrkesroll", roleCode: "Rollkod",
	measure: "Mått", unit: "Enhet", driver: "Faktor", year: "År",
	p10: "P10 (lågt)", p50: "Median", p90: "P90 (högt)", mean: "Medelvärde", sd: "Standardavvikelse",
	probAbove: "Sannolikhet att gapet överstiger tröskeln",

	demand: "Personalbehov", headcount: "Anställda", supply: "Effektiv tillgång", gap: "Gap (behov − tillgång)",
	shortage: "Brist", surplus: "Överskott", net: "Nettogap (brist − överskott)", shortageShare: "Brist, andel av behovet",
	needSince: "Rekryteringsbehov sedan basåret", needYear: "Rekryteringsbehov under året",
	fte: "årsarbetare", persons: "personer", share: "andel",
	allRoles: "Alla yrkesroller", allRegions: "Alla",

	chartTitle:    "%s: personalbehov och effektiv tillgång per yrkesroll",
	chartSubtitle: "%s · %d–%d · årsarbetare",
	chartBase:     "jämfört med %s i grått",
	chartDemand:   "Personalbehov", chartSupply: "Effektiv tillgång",
	chartBaseDemand: "Personalbehov, %s", chartBaseSupply: "Effektiv tillgång, %s",
	chartShortage: "Brist (behov över tillgång)", chartSurplus: "Överskott (tillgång över behov)",
	chartGap: "Gap (behov − tillgång)", chartBaseGap: "Gap, %s", chartBand: "Gap, 80 % av simuleringarna (P10–P90)",
	chartShortageNet: "Brist netto (summa behov över summa tillgång)", chartSurplusNet: "Överskott netto (summa tillgång över summa behov)",
	chartGapNet: "Nettogap (behov − tillgång)", chartBaseGapNet: "Nettogap, %s", chartGapAxisNet: "Nettogap",
	chartYear: "År", chartFTE: "Årsarbetare", chartGapAxis: "Gap", thousands: "\u2009",

	columns: map[string]string{
		"demand_fte": "Personalbehov (årsarbetare)", "headcount": "Anställda (personer)",
		"contracted_fte": "Avtalad tid (årsarbetare)", "effective_fte": "Effektiv tillgång (årsarbetare)",
		"gap_fte": "Gap (årsarbetare)", "exits": "Avgångar", "retirements": "Pensioneringar", "recruits": "Rekryterade",
		"graduates": "Utexaminerade", "graduates_out": "Till utbildning för annan roll",
		"transfers_in": "Karriärbyten in", "transfers_out": "Karriärbyten ut", "matched_entrants": "Matchade nyanställda",
		"internal_moves_in": "Byten inom sektorn in", "internal_moves_out": "Byten inom sektorn ut",
		"supervision_fte": "Handledning (årsarbetare)", "replacement_need": "Ersättningsbehov",
		"expansion_need": "Utökningsbehov", "gap_closing_need": "Behov för att stänga dagens gap",
		"recruitment_need": "Rekryteringsbehov",
	},
}

var english = words{
	summarySheet: "Summary", driversSheet: "Drivers", uncertaintySheet: "Uncertainty", dataSheet: "Data",

	summaryTitle: "Care staff demand and supply · %s · %d–%d",
	summaryNote: "Full-time equivalents (FTE). Shortage and surplus are summed over the municipalities' roles one by one, " +
		"so that a surplus in one municipality or role never hides a shortage in another; net gap = shortage − surplus. " +
		"Recruitment need: persons to hire from outside the sector from the year after the base year up to the column's year " +
		"(replacement of leavers + expansion; moves between roles not counted).",
	regionTitle: "%s · demand and supply by role · %d–%d",
	regionNote: "FTE, except headcount and recruitment need (persons). Gap = demand − effective supply: " +
		"positive is a shortage, negative a surplus. Effective supply is the time worked after part time and sick leave.",
	driversTitle: "What explains the gap · %s · %d–%d",
	driversNote: "Each driver's part of that year's net gap (demand − effective supply), FTE. " +
		"The parts sum exactly to the gap. When several levers act together, their joint effect is shared evenly over every order they could be brought in (Shapley value).",
	uncertaintyTitle: "Uncertainty of the gap · %s · %d–%d",
	uncertaintyNote: "The gap (demand − effective supply) over the draws of the uncertain inputs, FTE: " +
		"in 8 cases out of 10 it lies between P10 and P90.",
	dataTitle: "Every row of the forecast (as forecast.csv)",

	scenario: "Scenario", region: "Municipality", regionCode: "Municipality code", role: "Role", roleCode: "Role code",
	measure: "Measure", unit: "Unit", driver: "Driver", year: "Year",
	p10: "P10 (low)", p50: "Median", p90: "P90 (high)", mean: "Mean", sd: "Standard deviation",
	probAbove: "Probability the gap exceeds the threshold",

	demand: "Demand", headcount: "Headcount", supply: "Effective supply", gap: "Gap (demand − supply)",
	shortage: "Shortage", surplus: "Surplus", net: "Net gap (shortage − surplus)", shortageShare: "Shortage, share of demand",
	needSince: "Recruitment need since the base year", needYear: "Recruitment need in the year",
	fte: "FTE", persons: "persons", share: "share",
	allRoles: "All roles", allRegions: "All",

	chartTitle:    "%s: demand and effective supply by role",
	chartSubtitle: "%s · %d–%d · FTE",
	chartBase:     "against %s in grey",
	chartDemand:   "Demand", chartSupply: "Effective supply",
	chartBaseDemand: "Demand, %s", chartBaseSupply: "Effective supply, %s",
	chartShortage: "Shortage (demand above supply)", chartSurplus: "Surplus (supply above demand)",
	chartGap: "Gap (demand − supply)", chartBaseGap: "Gap, %s", chartBand: "Gap, 80 % of the draws (P10–P90)",
	chartShortageNet: "Net shortage (total demand above total supply)", chartSurplusNet: "Net surplus (total supply above total demand)",
	chartGapNet: "Net gap (demand − supply)", chartBaseGapNet: "Net gap, %s", chartGapAxisNet: "Net gap",
	chartYear: "Year", chartFTE: "FTE", chartGapAxis: "Gap", thousands: ",",

	columns: map[string]string{
		"demand_fte": "Demand (FTE)", "headcount": "Headcount (persons)", "contracted_fte": "Contracted (FTE)",
		"effective_fte": "Effective supply (FTE)", "gap_fte": "Gap (FTE)", "exits": "Exits", "retirements": "Retirements",
		"recruits": "Recruits", "graduates": "Graduates", "graduates_out": "Left for training in another role",
		"transfers_in": "Career moves in", "transfers_out": "Career moves out", "matched_entrants": "Matched entrants",
		"internal_moves_in": "Moves within the sector in", "internal_moves_out": "Moves within the sector out",
		"supervision_fte": "Supervision (FTE)", "replacement_need": "Replacement need", "expansion_need": "Expansion need",
		"gap_closing_need": "Need to close today's gap", "recruitment_need": "Recruitment need",
	},
}
