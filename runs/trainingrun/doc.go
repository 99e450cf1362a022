// Package trainingrun is the layer every front end shares for training
// progression: read and check the training datasets, replay the journeys
// (engine/training.Replay), estimate each course's completion and dropout
// as competing risks with censoring, turn the estimates into the stages
// of the forecast's training pipeline, forecast the certificates per
// municipality and month against the programme's target, and write the
// results as a run directory that appears whole or not at all
// (runs.WriteDir).
//
// Files of an estimate run (WriteEstimate):
//
//	courses.csv          per municipality (and "all") and course: observed
//	                     participants, completions, dropouts, still in
//	                     progress; completion by 3, 6 and 12 months and
//	                     dropout by 12 months with 95 % intervals; the
//	                     fitted stage
//	curves.csv           the Aalen–Johansen curves at every event time
//	progress.csv         per municipality and course: in it, stalled in it
//	                     (no activity for StallDays), completed; awaiting a
//	                     certificate, left, moved away (counts only)
//	training_stages.csv  the pooled stages as the training_stages dataset
//	                     of a forecast bundle, for the programme's pipeline
//	summary.json         the day of the data and the counts
//
// ApplyStages and Run.ApplyStagesDir put the estimated stages into a
// forecast dataset, replacing the typed-in ones of the programme's
// pipeline, so that the forecast runs on estimated rates.
//
// Files of a forecast run (WriteForecast): certificates.csv, expected
// certificates per municipality and month with the band, cumulative and
// against the target, and forecast.json with the target dates.
//
// A participant's journey travels as a portable JSON file (Export,
// Import): the participant's rows, exported from one municipality's
// records and imported into another's with a transfer.
package trainingrun
