// Package followuprun follows up a forecast run with what a municipality
// reported, for every front end:
//
//	ReadActuals     actuals from a file (.parquet or .csv) or every such
//	                file of a directory, validated as one dataset
//	ReadKolada      actuals from saved pages of Kolada's v3 API and a file
//	                mapping KPI ids to measures (datasets.ReadKPIMap)
//	Compare         the actuals against a forecast run (forecastrun.Book):
//	                sick-leave rate and headcount against the scenario's
//	                path and band, and the measured placement retention
//	                turned into the matched_entrants lever's retention
//	Result.Write    followup.parquet and followup.csv, written atomically
//
// The arithmetic is engine/followup's. Not reported figures (an empty
// value, a Kolada null) are counted apart and never compared as 0.
//
// Which Kolada KPIs measure what is the user's to say in the mapping file:
// the natural ones are the sick leave of the municipality's employees (a
// percentage, scale 0.01) and, where a municipality reports them, its
// care staff. No KPI id is built in.
package followuprun
