package api

import (
	"github.com/caregap/caregap/api/auth"
	"github.com/caregap/caregap/runs/goalseekrun"
	"github.com/gin-gonic/gin"
)

// route is one row of the route table: it registers the handler and
// documents the route in the OpenAPI document.
type route struct {
	Method  string
	Path    string // gin syntax: /v1/forecasts/:id
	Summary string
	Tag     string
	// Roles may call the route; none means no token is needed.
	Roles []auth.Role
	// Query lists the query parameters.
	Query []param
	// Body is the request body's media types; none means no body.
	Body []string
	// Produces lists the media types of a successful answer.
	Produces []string
	// Status is the status of a successful answer.
	Status int
	// Upload marks a route whose body may be as large as UploadLimit.
	Upload  bool
	handler gin.HandlerFunc
}

type param struct {
	Name, Type, Doc string
}

var (
	planners   = []auth.Role{auth.Planner, auth.Admin}
	officers   = []auth.Role{auth.Officer, auth.Admin}
	admins     = []auth.Role{auth.Admin}
	everyone   = []auth.Role{auth.Planner, auth.Officer, auth.Admin}
	jsonOnly   = []string{"application/json"}
	tableTypes = []string{mediaJSON, mediaCSV, mediaParquet, mediaArrow}
)

var pageQuery = []param{
	{"limit", "integer", "rows per page of a JSON answer (default 1000, at most 10000)"},
	{"offset", "integer", "rows to skip (JSON)"},
}

func (s *server) routes() []route {
	return []route{
		{Method: "GET", Path: "/healthz", Summary: "Liveness: the process answers", Tag: "ops", Produces: jsonOnly, Status: 200, handler: s.healthz},
		{Method: "GET", Path: "/readyz", Summary: "Readiness: the catalog answers and the queue accepts jobs", Tag: "ops", Produces: jsonOnly, Status: 200, handler: s.readyz},
		{Method: "GET", Path: "/metrics", Summary: "Prometheus metrics", Tag: "ops", Produces: []string{"text/plain"}, Status: 200, handler: s.metricsHandler()},
		{Method: "GET", Path: "/openapi.json", Summary: "This API's OpenAPI 3.1 document", Tag: "ops", Produces: jsonOnly, Status: 200, handler: s.openapi},
		{Method: "GET", Path: "/docs", Summary: "The routes of the OpenAPI document as an HTML page", Tag: "ops", Produces: []string{"text/html"}, Status: 200, handler: s.docs},

		{Method: "GET", Path: "/v1/whoami", Summary: "The caller's token id, role, scope and, for a participant, subject", Tag: "access",
			Roles: []auth.Role{auth.Planner, auth.Officer, auth.Admin, auth.Administrator, auth.Participant}, Produces: jsonOnly, Status: 200, handler: s.whoami},

		{Method: "GET", Path: "/v1/scenarios", Summary: "List the shipped scenarios, the caller's scope's created ones and the shared ones", Tag: "scenarios", Roles: planners, Produces: jsonOnly, Status: 200, handler: s.listScenarios},
		{Method: "POST", Path: "/v1/scenarios", Summary: "Create a scenario from a YAML or JSON scenario file", Tag: "scenarios", Roles: planners,
			Body: []string{"application/json", "application/yaml"}, Produces: jsonOnly, Status: 201, handler: s.createScenario},
		{Method: "GET", Path: "/v1/scenarios/:name", Summary: "One scenario with its levers resolved (shipped, the caller's scope's own, or shared)", Tag: "scenarios", Roles: planners, Produces: jsonOnly, Status: 200, handler: s.getScenario},
		{Method: "DELETE", Path: "/v1/scenarios/:name", Summary: "Delete one of the caller's scope's created scenarios", Tag: "scenarios", Roles: planners, Status: 204, handler: s.deleteScenario},
		{Method: "PUT", Path: "/v1/scenarios/:name/shared", Summary: "Share one of the caller's scope's scenarios with every caller", Tag: "scenarios", Roles: planners, Produces: jsonOnly, Status: 200, handler: s.shareScenario},
		{Method: "DELETE", Path: "/v1/scenarios/:name/shared", Summary: "Stop sharing one of the caller's scope's scenarios", Tag: "scenarios", Roles: planners, Produces: jsonOnly, Status: 200, handler: s.unshareScenario},

		{Method: "GET", Path: "/v1/datasets", Summary: "List the datasets (the embedded \"default\" and uploaded ones)", Tag: "datasets", Roles: planners, Produces: jsonOnly, Status: 200, handler: s.listDatasets},
		{Method: "GET", Path: "/v1/datasets/:id", Summary: "Describe a dataset: files, schemas, rows in scope, validation state", Tag: "datasets", Roles: planners, Produces: jsonOnly, Status: 200, handler: s.getDataset},
		{Method: "PUT", Path: "/v1/datasets/:id/files/:name", Summary: "Upload one Parquet file of a dataset, a forecast input or candidates, openings, workplaces (validated before it is stored)", Tag: "datasets", Roles: admins,
			Body: []string{mediaParquet}, Produces: jsonOnly, Status: 201, Upload: true, handler: s.uploadFile},
		{Method: "GET", Path: "/v1/datasets/:id/files/:name", Summary: "Download one file of a dataset as Parquet, rows limited to the caller's scope", Tag: "datasets", Roles: planners,
			Produces: []string{mediaParquet}, Status: 200, handler: s.downloadFile},

		{Method: "POST", Path: "/v1/forecasts", Summary: "Start a forecast run as a job", Tag: "forecasts", Roles: planners, Body: jsonOnly, Produces: jsonOnly, Status: 202, handler: s.createForecast},
		{Method: "GET", Path: "/v1/forecasts", Summary: "List the forecast jobs in the caller's scope", Tag: "forecasts", Roles: planners, Produces: jsonOnly, Status: 200, handler: s.listForecasts},
		{Method: "GET", Path: "/v1/forecasts/:id", Summary: "A forecast job's status", Tag: "forecasts", Roles: planners, Produces: jsonOnly, Status: 200, handler: s.getForecast},
		{Method: "DELETE", Path: "/v1/forecasts/:id", Summary: "Cancel a queued or running forecast job", Tag: "forecasts", Roles: planners, Produces: jsonOnly, Status: 200, handler: s.cancelForecast},
		{Method: "GET", Path: "/v1/forecasts/:id/results", Summary: "Forecast or decomposition rows in the caller's scope, by Accept header", Tag: "forecasts", Roles: planners,
			Query: append([]param{
				{"table", "string", "forecast (default) or decomposition"},
				{"scenario", "string", "only this scenario"},
				{"region", "string", "only this municipality code"},
				{"role", "string", "only this role"},
				{"year", "integer", "only this year"},
			}, pageQuery...), Produces: tableTypes, Status: 200, handler: s.forecastResults},
		{Method: "GET", Path: "/v1/forecasts/:id/comparison", Summary: "Gap per scenario and role in a year, summed over the caller's regions", Tag: "forecasts", Roles: planners,
			Query:    []param{{"year", "integer", "the year (default: the last)"}, {"region", "string", "only this municipality code"}},
			Produces: []string{mediaJSON, mediaCSV}, Status: 200, handler: s.forecastComparison},
		{Method: "POST", Path: "/v1/followups", Summary: "Compare actuals (sick-leave rate, headcount, placements still employed) of the caller's municipalities with a forecast job's path and band, and measure placement retention", Tag: "forecasts", Roles: planners,
			Query: []param{{"forecast", "string", "with a CSV body: the forecast job id"}, {"scenario", "string", "with a CSV body: the scenario (default base, or the run's first)"}},
			Body:  []string{mediaJSON, mediaCSV}, Produces: jsonOnly, Status: 200, handler: s.createFollowup},

		{Method: "POST", Path: "/v1/populations", Summary: "Start a population projection (cohort-component, the recipe of caregap population) as a job", Tag: "populations", Roles: planners, Body: jsonOnly, Produces: jsonOnly, Status: 202, handler: s.createPopulation},
		{Method: "GET", Path: "/v1/populations", Summary: "List the population projection jobs in the caller's scope", Tag: "populations", Roles: planners, Produces: jsonOnly, Status: 200, handler: s.listPopulations},
		{Method: "GET", Path: "/v1/populations/:id", Summary: "A population projection job's status", Tag: "populations", Roles: planners, Produces: jsonOnly, Status: 200, handler: s.getPopulation},
		{Method: "DELETE", Path: "/v1/populations/:id", Summary: "Cancel a queued or running population projection job", Tag: "populations", Roles: planners, Produces: jsonOnly, Status: 200, handler: s.cancelPopulation},
		{Method: "GET", Path: "/v1/populations/:id/results", Summary: "Projected population by region, year, age and sex in the caller's scope, by Accept header", Tag: "populations", Roles: planners,
			Query: append([]param{
				{"region", "string", "only this municipality code"},
				{"year", "integer", "only this year"},
				{"sex", "string", "only F or M"},
			}, pageQuery...), Produces: tableTypes, Status: 200, handler: s.populationResults},

		{Method: "POST", Path: "/v1/matchings", Summary: "Start a matching run (dataset, solver flow|dense|stable, regions) as a job", Tag: "matchings", Roles: officers, Body: jsonOnly, Produces: jsonOnly, Status: 202, handler: s.createMatching},
		{Method: "GET", Path: "/v1/matchings", Summary: "List the matching jobs with a municipality in the caller's scope", Tag: "matchings", Roles: officers, Produces: jsonOnly, Status: 200, handler: s.listMatchings},
		{Method: "GET", Path: "/v1/matchings/:id", Summary: "A matching job's status", Tag: "matchings", Roles: officers, Produces: jsonOnly, Status: 200, handler: s.getMatching},
		{Method: "DELETE", Path: "/v1/matchings/:id", Summary: "Cancel a queued or running matching job (every municipality of it in scope)", Tag: "matchings", Roles: officers, Produces: jsonOnly, Status: 200, handler: s.cancelMatching},
		{Method: "GET", Path: "/v1/matchings/:id/assignments", Summary: "Placements of the candidates in the caller's scope, with cost breakdowns, by Accept header", Tag: "matchings", Roles: officers,
			Query: append([]param{
				{"region", "string", "only placements at workplaces in this municipality"},
				{"opening", "string", "only this opening"},
				{"workplace", "string", "only this workplace"},
			}, pageQuery...), Produces: tableTypes, Status: 200, handler: s.matchingAssignments},
		{Method: "GET", Path: "/v1/matchings/:id/candidates/:candidate", Summary: "One candidate's placement, cost breakdown, alternatives with reduced costs and the text for the person", Tag: "matchings", Roles: officers,
			Produces: jsonOnly, Status: 200, handler: s.matchingCandidate},
		{Method: "GET", Path: "/v1/matchings/:id/report", Summary: "The run's report, recomputed over the caller's municipalities when its scope lacks some; says which scope it covers", Tag: "matchings", Roles: officers,
			Produces: jsonOnly, Status: 200, handler: s.matchingReport},
		{Method: "GET", Path: "/v1/matchings/:id/candidates/:candidate/options", Summary: "A candidate's best places with what giving each costs everyone's placements, and the words for the person", Tag: "matchings", Roles: officers,
			Query: []param{{"k", "integer", "how many places (default 5, at most 50)"}}, Produces: jsonOnly, Status: 200, handler: s.matchingOptions},
		{Method: "POST", Path: "/v1/matchings/:id/rematch", Summary: "Start a re-matching against this matching's placements, moving at most max_moves people or paying move_cost a move, as a job (every municipality of it in scope)", Tag: "matchings", Roles: officers,
			Body: jsonOnly, Produces: jsonOnly, Status: 202, handler: s.createRematch},
		{Method: "GET", Path: "/v1/matchings/:id/rematch", Summary: "A re-matching's moves and the words for each person moved or newly placed, in the caller's scope", Tag: "matchings", Roles: officers,
			Produces: jsonOnly, Status: 200, handler: s.getRematch},
		{Method: "POST", Path: "/v1/matchings/:id/balance", Summary: "Start a matching with bounds on placement rates by sex or birth region per municipality, as a job (every municipality of it in scope)", Tag: "matchings", Roles: officers,
			Body: jsonOnly, Produces: jsonOnly, Status: 202, handler: s.createBalance},
		{Method: "GET", Path: "/v1/matchings/:id/balance", Summary: "A balanced matching's groups in the caller's scope and, for a caller who sees all of it, the price of fairness", Tag: "matchings", Roles: officers,
			Produces: jsonOnly, Status: 200, handler: s.getBalance},

		{Method: "GET", Path: "/v1/training/programmes", Summary: "The training programme: steps, courses in unlock order, activities, and the municipalities with their targets", Tag: "training", Roles: trainingEveryone, Produces: jsonOnly, Status: 200, handler: s.trainingProgrammes},
		{Method: "GET", Path: "/v1/training/progress", Summary: "Per municipality in scope and course: begun, completed, dropped, in progress, stalled; certificates; counts below 5 suppressed", Tag: "training", Roles: trainingAggregates,
			Query: []param{{"municipality", "string", "only this municipality code"}}, Produces: jsonOnly, Status: 200, handler: s.trainingProgress},
		{Method: "GET", Path: "/v1/training/forecast", Summary: "Expected certificates per municipality in scope with the band, against the target; counts below 5 suppressed", Tag: "training", Roles: trainingAggregates,
			Query: []param{{"municipality", "string", "only this municipality code"}}, Produces: jsonOnly, Status: 200, handler: s.trainingForecast},
		{Method: "GET", Path: "/v1/training/participants", Summary: "The participants now in the administrator's municipalities: personal rows, audit-logged", Tag: "training", Roles: administrators,
			Query: []param{{"municipality", "string", "only this municipality code"}}, Produces: jsonOnly, Status: 200, handler: s.trainingParticipants},
		{Method: "GET", Path: "/v1/training/participants/:id", Summary: "One participant's journey, to the participant or an administrator of their municipality; audit-logged", Tag: "training", Roles: trainingPersonal, Produces: jsonOnly, Status: 200, handler: s.trainingParticipant},
		{Method: "GET", Path: "/v1/training/participants/:id/journey", Summary: "The participant's journey as a portable JSON file another municipality's administrator can import; audit-logged", Tag: "training", Roles: trainingPersonal, Produces: jsonOnly, Status: 200, handler: s.trainingJourney},
		{Method: "POST", Path: "/v1/training/participants/:id/completions", Summary: "The participant ticks off an activity, checked by the journey rules (unlock order, duplicates); audit-logged", Tag: "training", Roles: participants,
			Body: jsonOnly, Produces: jsonOnly, Status: 201, handler: s.trainingTick},
		{Method: "POST", Path: "/v1/training/imports", Summary: "An administrator imports a portable journey into their municipality: the participant moves there with it; audit-logged", Tag: "training", Roles: administrators,
			Query: []param{{"municipality", "string", "the receiving municipality (needed when the scope has several)"}}, Body: jsonOnly, Produces: jsonOnly, Status: 201, handler: s.trainingImport},

		{Method: "POST", Path: "/v1/goalseeks", Summary: "Start a goal seek (the least-cost levers that bring each role's gap to a target from a year on) as a job", Tag: "goalseeks", Roles: planners, Body: jsonOnly, Produces: jsonOnly, Status: 202, handler: s.createGoalSeek},
		{Method: "GET", Path: "/v1/goalseeks", Summary: "List the goal-seek jobs in the caller's scope", Tag: "goalseeks", Roles: planners, Produces: jsonOnly, Status: 200, handler: s.listGoalSeeks},
		{Method: "GET", Path: "/v1/goalseeks/:id", Summary: "A goal-seek job's status", Tag: "goalseeks", Roles: planners, Produces: jsonOnly, Status: 200, handler: s.getGoalSeek},
		{Method: "DELETE", Path: "/v1/goalseeks/:id", Summary: "Cancel a queued or running goal-seek job", Tag: "goalseeks", Roles: planners, Produces: jsonOnly, Status: 200, handler: s.cancelGoalSeek},
		{Method: "GET", Path: "/v1/goalseeks/:id/summary", Summary: "The plan as a page shows it: target, result per role, levers, cost curve, marginal costs, unreachable targets", Tag: "goalseeks", Roles: planners,
			Produces: jsonOnly, Status: 200, handler: s.goalSeekFile(goalseekrun.SummaryFile, mediaJSON)},
		{Method: "GET", Path: "/v1/goalseeks/:id/scenario", Summary: "The plan as a scenario file (caregap forecast --scenario reproduces it)", Tag: "goalseeks", Roles: planners,
			Produces: []string{"application/yaml"}, Status: 200, handler: s.goalSeekFile(goalseekrun.ScenarioFile, "application/yaml")},
		{Method: "GET", Path: "/v1/goalseeks/:id/results", Summary: "The plan's levers and costs, targets with marginal costs, or cost curve, in the caller's scope, by Accept header", Tag: "goalseeks", Roles: planners,
			Query: append([]param{
				{"table", "string", "levers (default), targets or curve"},
				{"region", "string", "only this municipality code"},
				{"role", "string", "only this role (targets)"},
				{"year", "integer", "only this year (targets)"},
			}, pageQuery...), Produces: tableTypes, Status: 200, handler: s.goalSeekResults},
	}
}
