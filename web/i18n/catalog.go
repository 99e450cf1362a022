package i18n

// msg is one message in Swedish and English.
type msg struct{ sv, en string }

// catalog holds every string of the page. Keys are grouped by view.
var catalog = map[string]msg{
	// Layout.
	"layout.skip":      {"Hoppa till innehållet", "Skip to content"},
	"layout.tagline":   {"Personalförsörjning i vård och omsorg", "Staff supply in health and social care"},
	"layout.nav":       {"Huvudmeny", "Main menu"},
	"layout.otherlang": {"English", "Svenska"},
	"layout.signedin":  {"Inloggad som %s · kommuner: %s", "Signed in as %s · municipalities: %s"},
	"layout.footer":    {"caregap. Standarddata är syntetiska och illustrativa: kalibrerade mot offentlig nationell statistik, inte officiell statistik för någon kommun.", "caregap. The default data are synthetic and illustrative: calibrated to public national figures, not official statistics for any municipality."},
	"nav.home":         {"Översikt", "Overview"},
	"nav.builder":      {"Bygg scenario", "Build a scenario"},
	"nav.signout":      {"Logga ut", "Sign out"},
	"role.planner":     {"planerare", "planner"},
	"role.officer":     {"handläggare", "officer"},
	"role.admin":       {"administratör", "administrator"},

	// Errors.
	"error.title":    {"Något gick fel", "Something went wrong"},
	"error.back":     {"Till översikten", "Back to the overview"},
	"error.internal": {"Ett internt fel uppstod. Försök igen om en stund.", "An internal error occurred. Try again in a moment."},
	"error.csrf":     {"Formuläret har gått ut eller kom inte från den här sidan. Ladda om sidan och försök igen.", "The form has expired or did not come from this page. Reload the page and try again."},
	"error.notfound": {"Sidan finns inte.", "The page does not exist."},

	// Sign-in.
	"signin.title":   {"Logga in", "Sign in"},
	"signin.intro":   {"Logga in med den API-nyckel (token) som administratören gav dig. Nyckeln bestämmer din roll och vilka kommuner du ser.", "Sign in with the API token your administrator gave you. The token decides your role and the municipalities you see."},
	"signin.token":   {"API-nyckel", "API token"},
	"signin.help":    {"43 tecken, visas bara en gång när den skapas (caregap tokens add).", "43 characters, shown only once when it is made (caregap tokens add)."},
	"signin.submit":  {"Logga in", "Sign in"},
	"signin.empty":   {"Skriv in din API-nyckel.", "Enter your API token."},
	"signin.refused": {"Nyckeln godtogs inte: den är okänd, återkallad eller har gått ut.", "The token was not accepted: it is unknown, revoked or expired."},

	// Home.
	"home.title":        {"Översikt", "Overview"},
	"home.munis":        {"Kommuner", "Municipalities"},
	"home.search":       {"Sök kommun (namn, kod eller grupp)", "Search municipalities (name, code or group)"},
	"home.muniscaption": {"%d av %d kommuner i din behörighet", "%d of %d municipalities in your scope"},
	"home.run":          {"Kör en prognos", "Run a forecast"},
	"home.scenarios":    {"Scenarier", "Scenarios"},
	"home.created":      {"eget", "own"},
	"home.runbutton":    {"Kör prognosen", "Run the forecast"},
	"home.tobuilder":    {"Eller bygg ett eget scenario med åtgärder", "Or build a scenario of your own with levers"},
	"home.forecasts":    {"Prognoser", "Forecasts"},
	"home.noforecasts":  {"Inga prognoser ännu.", "No forecasts yet."},
	"home.matchings":    {"Matchningar", "Matchings"},
	"home.matchintro":   {"Matcha personer utanför arbetsmarknaden till instegsplatser i dina kommuner.", "Match people outside the labour market to entry placements in your municipalities."},
	"home.matchbutton":  {"Kör matchningen", "Run the matching"},
	"home.nomatchings":  {"Inga matchningar ännu.", "No matchings yet."},
	"muni.name":         {"Kommun", "Municipality"},
	"muni.code":         {"Kod", "Code"},
	"muni.group":        {"Grupp", "Group"},

	// Forms.
	"form.toyear":      {"Sista år", "Last year"},
	"form.draws":       {"Osäkerhet (simuleringar)", "Uncertainty (draws)"},
	"form.draws0":      {"Ingen", "None"},
	"form.drawshelp":   {"Med simuleringar visas ett band där 80 % av utfallen hamnar (p10–p90).", "With draws, a band holding 80 % of the outcomes (p10–p90) is shown."},
	"form.regions":     {"Kommuner", "Municipalities"},
	"form.regionshelp": {"Välj kommuner eller hela grupper. Inget val: alla kommuner i din behörighet.", "Choose municipalities or whole groups. None chosen: every municipality in your scope."},
	"form.wholegroup":  {"Hela %s", "All of %s"},

	// Jobs.
	"job.created":       {"Startad", "Started"},
	"job.scenarios":     {"Scenarier", "Scenarios"},
	"job.regions":       {"Kommuner", "Municipalities"},
	"job.status":        {"Status", "Status"},
	"job.placed":        {"Placerade", "Placed"},
	"status.queued":     {"I kö", "Queued"},
	"status.running":    {"Körs", "Running"},
	"status.cancelling": {"Avbryts", "Cancelling"},
	"status.cancelled":  {"Avbruten", "Cancelled"},
	"status.succeeded":  {"Klar", "Done"},
	"status.failed":     {"Misslyckades", "Failed"},

	// Matching.
	"match.solver":        {"Metod", "Method"},
	"match.solver.flow":   {"Optimal (flest placerade, sedan lägst kostnad)", "Optimal (most placed, then least cost)"},
	"match.solver.dense":  {"Tilldelning en till en", "One-to-one assignment"},
	"match.solver.stable": {"Stabil matchning (uppskjuten acceptans)", "Stable matching (deferred acceptance)"},
}

// Results of a forecast.
var _ = addAll(map[string]msg{
	"job.statusis":           {"Status: %s", "Status: %s"},
	"job.elapsed":            {"%d s", "%d s"},
	"job.progress":           {"Klart till %d %%", "%d %% done"},
	"job.waiting":            {"Väntar på att starta", "Waiting to start"},
	"job.cancel":             {"Avbryt körningen", "Cancel the run"},
	"fc.title":               {"Prognos", "Forecast"},
	"fc.summary":             {"Scenarier: %s · %d kommuner · till %d", "Scenarios: %s · %d municipalities · to %d"},
	"fc.draws":               {"%d simuleringar", "%d draws"},
	"fc.scenario":            {"Scenario", "Scenario"},
	"fc.munis":               {"Kommun", "Municipality"},
	"fc.allmunis":            {"Alla %d kommuner", "All %d municipalities"},
	"fc.role":                {"Yrke", "Role"},
	"fc.allroles":            {"Alla yrken", "All roles"},
	"fc.year":                {"År för brist och överskott per yrke", "Year of the shortage and surplus by role"},
	"fc.unit":                {"Visa som", "Show as"},
	"fc.show":                {"Visa", "Show"},
	"fc.more":                {"Mer om prognosen", "More about the forecast"},
	"fc.compare":             {"Jämför scenarierna", "Compare the scenarios"},
	"fc.permalink":           {"Länk till den här vyn", "Link to this view"},
	"fc.reopen":              {"Öppna scenariot %s i scenariobyggaren", "Open the scenario %s in the scenario builder"},
	"fc.results":             {"Resultat: %s, %s", "Results: %s, %s"},
	"fc.noband":              {"Prognosen kördes utan simuleringar och har därför inget osäkerhetsband. Kör den med simuleringar för att se p10–p90.", "The forecast ran without draws, so it has no uncertainty band. Run it with draws to see p10–p90."},
	"unit.fte":               {"åa", "FTE"},
	"unit.fte.long":          {"Årsarbetare (åa)", "Full-time equivalents (FTE)"},
	"unit.pct":               {"% av efterfrågan", "% of demand"},
	"series.demand":          {"Efterfrågan", "Demand"},
	"series.supply":          {"Effektivt utbud", "Effective supply"},
	"series.gap":             {"Gap (netto)", "Gap (net)"},
	"series.band":            {"Gap p10–p90", "Gap p10–p90"},
	"series.shortage":        {"Brist", "Shortage"},
	"series.surplus":         {"Överskott", "Surplus"},
	"col.year":               {"År", "Year"},
	"col.role":               {"Yrke", "Role"},
	"col.net":                {"Netto", "Net"},
	"col.gappct":             {"Gap, % av efterfrågan", "Gap, % of demand"},
	"col.p10":                {"p10", "p10"},
	"col.p90":                {"p90", "p90"},
	"col.shortpct":           {"Brist, % av efterfrågan", "Shortage, % of demand"},
	"col.surpluspct":         {"Överskott, % av efterfrågan", "Surplus, % of demand"},
	"chart.png":              {"Ladda ner diagrammet som PNG", "Download the chart as PNG"},
	"chart.svg":              {"Ladda ner diagrammet som SVG", "Download the chart as SVG"},
	"chart.total":            {"Summa", "Total"},
	"chart.up":               {"Ökar gapet", "Widens the gap"},
	"chart.down":             {"Minskar gapet", "Narrows the gap"},
	"chart.seetable":         {"Siffrorna finns i tabellen under diagrammet.", "The numbers are in the table under the chart."},
	"table.of":               {"Tabell: %s", "Table: %s"},
	"chart.trend":            {"Efterfrågan, effektivt utbud och gap, %s, %s, scenario %s (åa)", "Demand, effective supply and gap, %s, %s, scenario %s (FTE)"},
	"chart.trendpct":         {"Gap som andel av efterfrågan, %s, %s, scenario %s", "Gap as a share of demand, %s, %s, scenario %s"},
	"chart.trendnote":        {"Gapet är netto: efterfrågan minus effektivt utbud, summerat över kommuner och yrken. Effektivt utbud är avtalad tid minus sjukfrånvaro.", "The gap is net: demand less effective supply, summed over municipalities and roles. Effective supply is contracted time less sick leave."},
	"chart.roles":            {"Brist och överskott per yrke %d, %s, scenario %s (åa)", "Shortage and surplus by role in %d, %s, scenario %s (FTE)"},
	"chart.rolespct":         {"Brist och överskott per yrke %d som andel av efterfrågan, %s, scenario %s", "Shortage and surplus by role in %d as a share of demand, %s, scenario %s"},
	"chart.rolesnote":        {"Brist och överskott redovisas var för sig: ett överskott i en kommun bemannar ingen brist i en annan.", "Shortage and surplus are shown apart: a surplus in one municipality staffs no shortage in another."},
	"chart.shortsurplus":     {"Brist och överskott över tid, %s, %s, scenario %s (åa)", "Shortage and surplus over time, %s, %s, scenario %s (FTE)"},
	"chart.shortsurpluspct":  {"Brist och överskott över tid som andel av efterfrågan, %s, %s, scenario %s", "Shortage and surplus over time as a share of demand, %s, %s, scenario %s"},
	"chart.shortsurplusnote": {"Brist: summan av de positiva gapen i kommun × yrke. Överskott: summan av de negativa, som positivt tal.", "Shortage: the sum of the positive gaps of the municipality × role cells. Surplus: the sum of the negative ones, as a positive number."},
	"dl.title":               {"Nedladdningar", "Downloads"},
	"dl.xlsx":                {"Kalkylblad (xlsx)", "Spreadsheet (xlsx)"},
	"dl.csv":                 {"Alla rader (CSV)", "All rows (CSV)"},
	"dl.comparisoncsv":       {"Jämförelse per scenario och yrke (CSV)", "Comparison by scenario and role (CSV)"},
})

// addAll adds messages to the catalogue; a key given twice is a bug.
func addAll(m map[string]msg) bool {
	for k, v := range m {
		if _, dup := catalog[k]; dup {
			panic("i18n: key " + k + " twice")
		}
		catalog[k] = v
	}
	return true
}
