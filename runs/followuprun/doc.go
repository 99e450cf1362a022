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
// Which Kolada KPIs measure what is the user's to say in the mapping file
// (kpi,measure[,role,scale]); no KPI id is built in, because none could be
// verified here. The natural one for sick_leave_rate is the sick leave of
// the municipality's employees from the obligatory sick-leave reporting of
// the annual accounts (key figure 1: total sick-leave time over the total
// ordinary working time, which SKR publishes and Kolada carries), a
// percentage: map it with scale 0.01. Placements started and still
// employed come from the programme's own records (CSV or Parquet) unless
// the user maps a KPI of their own choosing.
package followuprun
