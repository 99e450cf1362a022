// Package training follows participants through a stepwise programme and
// estimates, from what they did, the rates of the forecast's training
// pipelines and the certificates to come.
//
// # Journeys and their rules
//
// A Programme is a list of courses in unlock order, grouped in steps
// numbered 1..m; each course has activities (preparation, session,
// follow-up). Replay applies a programme's records in day order and
// checks that:
//
//   - course k unlocks on the day course k−1 is completed, the first on
//     the participant's start; a course is completed on the day of its
//     last activity, once all its activities are; an activity completed
//     before its course unlocks breaks the rule (ErrLocked);
//   - a step is completed when all its courses are, and the employer may
//     certify only a completed step (ErrUnfinished);
//   - a participant owns their journey: a transfer to another
//     municipality running the programme (else ErrUnknown) moves the
//     journey and its whole history there, and the municipality left keeps
//     only counts (Departed).
//
// Register.Progress gives what a municipality's administrator follows:
// per course those in it, stalled in it (no activity for a number of
// days) and through it, the stalled participants longest first, and
// those awaiting a certificate.
//
// # Competing risks
//
// A participant in course c, counted from the day it unlocks, either
// completes it (cause 1), leaves the programme (cause 2), or is still in
// it on the day of the data (censored). With n_j at risk at the distinct
// times t_j and d_1j, d_2j events of each cause (d_j = d_1j + d_2j),
// the Kaplan–Meier estimate of still being in the course and the
// Aalen–Johansen cumulative incidences are
//
//	S(t)  = Π_{tj≤t} (1 − dj/nj)
//	Fk(t) = Σ_{tj≤t} S(tj−) dkj/nj,   F1 + F2 + S = 1
//
// with Greenwood's variance S(t)² Σ dj/(nj(nj−dj)) for S and the delta
// method for Fk (cifSums), and pointwise intervals on the log(−log)
// scale (LogLogBand). Example: five participants ending at days 1
// (completed), 2 (dropped out), 3 (censored), 4 (completed) and 5
// (completed) give S = 4/5, 3/5, 3/5, 3/10, 0 and F1 = 1/5, 1/5, 1/5,
// 1/2, 4/5 at days 1..5; counting the censored participant as not
// completing would give 3/5 instead of 4/5.
//
// Estimate does this per course, pooled and per municipality (the
// journeys' current municipality, as a transfer takes the history
// along).
//
// # Into the forecast
//
// FitStage summarises a course's curve as the geometric stage of
// engine/supply's pipeline (the share P of endings that are completions
// and the monthly probability Q of ending), and StageFit.Stage turns it
// into supply.Stage parameters: δ = (1−P)Q, φ = PQ/(1−δ), duration 1/φ
// months, dropout 12δ a year, completion 1. Group.Stages gives a whole
// pipeline, so the forecast can run on estimated rather than typed
// rates.
//
// Forecast simulates the journeys in progress forward, course by course,
// drawing each course's end from its estimated curve (conditional on the
// time already spent in it), and counts certificates per municipality and
// month with a band; it compares them with the programme's target and
// gives the day the target is reached at today's pace.
//
// Times are day numbers (days since 1970-01-01); months are
// DaysPerMonth days. The package does no IO.
package training
