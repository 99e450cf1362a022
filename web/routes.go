package web

import (
	"net/http"
	"net/url"
)

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// routes registers the page's views; every route is listed here.
func (h *Handler) routes() {
	m := h.mux
	m.HandleFunc("GET /{$}", h.signedIn(h.startPage))
	m.HandleFunc("GET /ui/signin", h.signinForm)
	m.HandleFunc("POST /ui/signin", h.signin)
	m.HandleFunc("POST /ui/signout", h.signedIn(h.signout))

	// Planners: municipalities, forecasts, the scenario builder.
	m.HandleFunc("GET /ui/municipalities", h.signedIn(h.municipalityList, plannerRoles...))
	m.HandleFunc("POST /ui/forecasts", h.signedIn(h.startForecast, plannerRoles...))
	m.HandleFunc("GET /ui/forecasts/{id}", h.signedIn(h.forecastPage, plannerRoles...))
	m.HandleFunc("GET /ui/forecasts/{id}/status", h.signedIn(h.forecastStatus, plannerRoles...))
	m.HandleFunc("POST /ui/forecasts/{id}/cancel", h.signedIn(h.cancelForecast, plannerRoles...))
	m.HandleFunc("GET /ui/forecasts/{id}/results", h.signedIn(h.forecastResults, plannerRoles...))
	m.HandleFunc("GET /ui/forecasts/{id}/compare", h.signedIn(h.comparePage, plannerRoles...))
	m.HandleFunc("GET /ui/forecasts/{id}/forecast.xlsx", h.signedIn(h.downloadWorkbook, plannerRoles...))
	m.HandleFunc("GET /ui/forecasts/{id}/forecast.csv", h.signedIn(h.downloadCSV, plannerRoles...))
	m.HandleFunc("GET /ui/forecasts/{id}/comparison.csv", h.signedIn(h.downloadComparisonCSV, plannerRoles...))
	m.HandleFunc("GET /ui/scenarios/new", h.signedIn(h.builderPage, plannerRoles...))
	m.HandleFunc("POST /ui/scenarios/validate", h.signedIn(h.builderValidate, plannerRoles...))
	m.HandleFunc("POST /ui/scenarios/yaml", h.signedIn(h.builderYAML, plannerRoles...))
	m.HandleFunc("POST /ui/scenarios", h.signedIn(h.builderRun, plannerRoles...))

	// Planners: the goal seek and its plan.
	m.HandleFunc("GET /ui/goalseeks/new", h.signedIn(h.goalSeekPage, plannerRoles...))
	m.HandleFunc("POST /ui/goalseeks", h.signedIn(h.startGoalSeek, plannerRoles...))
	m.HandleFunc("GET /ui/goalseeks/{id}", h.signedIn(h.goalSeekJobPage, plannerRoles...))
	m.HandleFunc("GET /ui/goalseeks/{id}/status", h.signedIn(h.goalSeekStatus, plannerRoles...))
	m.HandleFunc("POST /ui/goalseeks/{id}/cancel", h.signedIn(h.cancelGoalSeek, plannerRoles...))
	m.HandleFunc("GET /ui/goalseeks/{id}/plan.yaml", h.signedIn(h.downloadPlan, plannerRoles...))
	m.HandleFunc("POST /ui/goalseeks/{id}/plan", h.signedIn(h.usePlan, plannerRoles...))

	// Officers: matchings, placements, explanations, the equality report.
	m.HandleFunc("POST /ui/matchings", h.signedIn(h.startMatching, officerRoles...))
	m.HandleFunc("GET /ui/matchings/{id}", h.signedIn(h.matchingPage, officerRoles...))
	m.HandleFunc("GET /ui/matchings/{id}/status", h.signedIn(h.matchingStatus, officerRoles...))
	m.HandleFunc("POST /ui/matchings/{id}/cancel", h.signedIn(h.cancelMatching, officerRoles...))
	m.HandleFunc("GET /ui/matchings/{id}/candidate", h.signedIn(h.candidatePage, officerRoles...))

	// Training administrators (and planners, aggregates only): the
	// follow-up of the training programme; a participant's own journey.
	m.HandleFunc("GET /ui/training", h.signedIn(h.trainingPage, trainingRoles...))
	m.HandleFunc("GET /ui/training/participants/{id}", h.signedIn(h.journeyPage, administratorRoles...))
	m.HandleFunc("GET /ui/training/me", h.signedIn(h.myJourneyPage, participantRoles...))
	m.HandleFunc("POST /ui/training/me/completions", h.signedIn(h.tickActivity, participantRoles...))

	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s, _ := h.sessionOf(r)
		h.fail(w, r, s, http.StatusNotFound, h.newView(r, s, "", "").T("error.notfound"))
	})
}
