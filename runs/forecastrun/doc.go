// Package forecastrun runs a forecast end to end, for every front end:
//
//	Prepare(Spec)  check the dataset, regions, years and scenarios before
//	               anything runs or is written (bad input fails here)
//	Plan.Run       the deterministic forecast with its decomposition into
//	               drivers, then, with Draws > 0, the Monte Carlo bands
//	Run.Write      the run directory, written atomically (runs.WriteDir):
//	               forecast, decomposition and uncertainty as Parquet
//	               (and CSV), forecast.xlsx, charts/<scenario>.png and .svg
//	Summarise      the forecast summed over regions by scenario, role and
//	               year, as the command's table and the spreadsheet show it
//
// The command (`caregap forecast`) and the API's forecast jobs both call
// it, so the same request gives the same files and the same errors.
//
// PlacementScenario turns a matching run's assignments into the scenario
// "placements" (engine/scenario.Placements holds the rule).
package forecastrun
