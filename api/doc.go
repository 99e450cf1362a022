// Package api is caregap's HTTP API: a thin Gin layer over the runs layer
// (runs/forecastrun, runs/poprun, runs/matchrun, which the command uses
// too), the datasets package and a durable store (package store).
//
// NewRouter builds the whole router from Deps. Every route is listed once,
// in the route table (routes.go), which registers it in Gin, gives the
// roles allowed on it and builds the OpenAPI 3.1 document served at
// /openapi.json, so the document and the router cannot drift apart.
//
// Each handler binds and validates its input, calls the engine or the
// store and returns an error; writeError maps every error to an RFC 9457
// problem document (application/problem+json) in one place, by the kind
// the error declares (engine/errkind), the same kind that decides the
// command's exit status. An error of no kind is a 500 whose detail says
// only "internal error"; the cause goes to the log.
//
// Access: a bearer token (package auth) names a role and a scope of
// municipality codes. A route's role list decides 403; an object outside
// the caller's scope answers 404 exactly as a missing one, so a caller
// cannot learn what exists outside its scope.
//
// Matchings follow a finer rule: a matching job is visible when one of
// its municipalities is in scope, and its placements, explanations and
// report are filtered to the candidates in scope (matchings.go).
//
// Every request is bounded by Limits (limits.go: levers, scenarios,
// regions, years, draws, upload rows, a job's wall time, requests in
// flight per token); an object outside the caller's scope is answered from
// the catalog's summary, before any file is read, exactly as a missing one.
//
// Long runs are jobs (package jobs): POST answers 202 with the job, GET
// polls it, DELETE cancels it (status cancelling, then cancelled); every kind lives the same life (runJob:
// run, write the run directory atomically, record it; a failure logs its
// cause). Results are served as JSON (paginated),
// CSV, Parquet or Arrow IPC stream by the Accept header.
package api
