// Package runs is the layer between the front ends (the caregap command,
// the HTTP API, the web page) and the engine. Every run goes the same way:
//
//	read inputs → run → write a run directory atomically → summarise
//
// and every front end calls this layer for it, none re-implements it, so
// the command and the API give the same numbers, files and errors for the
// same inputs.
//
// This package holds what all runs share: reading and checking a dataset
// (ReadBundle), resolving scenarios by name or file (Scenarios), and the
// run directory that appears whole or not at all (WriteDir). Each kind of
// run has its package:
//
//	runs/forecastrun  a forecast: demand, supply and the gap under scenarios,
//	                  with drivers, Monte Carlo bands, the summary table, the
//	                  spreadsheet and the charts
//	runs/poprun       a population projection, with the estimation recipe
//	                  (pooled standard schedule, credibility, mortality trend)
//	runs/matchrun     a matching: build, solve, verify, report, record
//	runs/goalseekrun  a goal seek: the least-cost levers, their cost, the
//	                  marginal cost of an FTE, the plan as a scenario
//	runs/trainingrun  training progression: estimates with censoring, the
//	                  pipeline's stages, the certificate forecast, portable
//	                  journeys
//	runs/chart        the charts of a forecast, drawn with gonum/plot
//	runs/labels       the names of codes in Swedish and English
//
// The shipped scenarios are in datasets/defaultdata/scenarios, beside the
// embedded default dataset.
package runs
