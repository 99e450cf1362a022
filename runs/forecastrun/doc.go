// Package forecastrun runs a forecast end to end, for every front end:
//
//	Prepare(Spec)  check the dataset, regions, years and scenarios before
//	               anything runs or is written (bad input fails here);
//	               regions by code, name or group (datasets.ResolveRegions)
//	Plan.Run       the deterministic forecast with its decomposition into
//	               drivers, then, with Draws > 0, the Monte Carlo bands
//	Run.Write      the run directory, written atomically (runs.WriteDir):
//	               forecast, decomposition and uncertainty as Parquet
//	               (and CSV), forecast.xlsx, charts/<scenario>.png and .svg,
//	               the last two in Files.Lang (Swedish by default)
//	Summarise      the forecast summed over regions by scenario, role and
//	               year, as the command's table shows it
//
// The command (`caregap forecast`) and the API's forecast jobs both call
// it, so the same request gives the same files and the same errors.
//
// A Book is what a planner sees of a run: its rows, drivers and bands
// with the names of the dataset's municipalities and roles (Run.Book, or
// ReadBook from a run directory). WriteWorkbook writes it as the
// spreadsheet, a summary first, a sheet per municipality, the drivers, the
// uncertainty and every row; WriteChart draws one scenario's chart. Both
// take their words from runs/labels in Swedish or English. Totals over
// regions or roles report the shortage and the surplus of the region ×
// role cells apart; a net figure is labelled net.
//
// The charts of a run compare: each scenario's shows the base scenario's
// demand and supply beside its own, the gap shaded and, below, drawn with
// the band of the draws, on y scales that every scenario's chart of the
// run shares, role by role.
//
// PlacementScenario turns a matching run's assignments into the scenario
// "placements" (engine/scenario.Placements holds the rule).
package forecastrun
