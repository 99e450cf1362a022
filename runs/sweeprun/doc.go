// Package sweeprun runs a sweep: the scenarios of a grid (the Cartesian
// product of lever values) × Monte Carlo draws × regions, written as a
// Hive-partitioned Parquet dataset, in one process or in shards on as
// many machines as one likes, merged exactly.
//
// # The grid
//
// A grid file (YAML, like the scenario files) names a base scenario and
// axes; each axis is a lever in the scenario files' syntax, the field of
// it that varies and the field's values (null: the lever left out):
//
//	base: base
//	axes:
//	  - name: sick_leave
//	    vary: level
//	    values: [null, 0.07, 0.06]
//	    lever: {lever: sick_leave, start_year: 2026, target_year: 2029}
//
// Each point of the product is an ordinary scenario (Point.Scenario) that
// extends the base with one lever per axis, named s0, s1, ... with the
// last axis varying fastest. grids/national.yaml is the national study's
// grid: 4 levers × 5 levels, 625 scenarios.
//
// # The files
//
// A sweep directory holds
//
//	scenario=ID/region=CODE/part-0.parquet  the bands of scenario ID in region CODE
//	scenario=ID/region=all/part-0.parquet   the bands of the total over the regions
//	_sweep.json                             the manifest: the grid, regions, draws, seed,
//	                                        horizon and a hash of the data
//	_scenarios.csv                          each scenario's id and axis values
//	_shards/I-of-N.json, _shards/I-of-N/    a shard's marker and partial totals
//
// A band file's rows are year, role (and all_roles, their sum), mean_fte,
// p10_fte, p50_fte, p90_fte, sd_fte and prob_above (datasets.SweepBand):
// the columns of uncertainty.parquet (datasets.GapBand) but for scenario
// and region, which are the partition and so are not repeated in the
// files (Spark refuses a column that is both). DuckDB reads the dataset
// as read_parquet('DIR/scenario=*/region=*/*.parquet',
// hive_partitioning = true, hive_types = {'region': VARCHAR}) (so that
// codes such as 0580 stay text), Polars as
// scan_parquet('DIR/scenario=*/region=*/*.parquet', hive_partitioning=True,
// hive_schema={'scenario': pl.Utf8, 'region': pl.Utf8}),
// Spark as spark.read.parquet('DIR') (it skips names starting with _).
// _scenarios.csv joins on scenario: DuckDB's read_csv reads an empty
// value (the axis's lever left out) as NULL.
// Every file is written atomically; rerunning a run or shard replaces its
// files, and a directory whose manifest is another sweep's is refused
// (ErrOtherSweep).
//
// # Exact totals, shards and pipelines
//
// The total over the regions sums each draw's gaps in fixed point
// (forecast.Total: int64 in units of 2^-32 FTE), so it is the same bit for
// bit whatever the order and grouping of the additions: one process,
// shards merged, or a pipeline combining by scenario and draw give the
// same files, byte for byte. The draws' random numbers depend on the
// seed, draw, source and region but not the scenario (common random
// numbers), so a scenario's draws do not depend on the scenarios run
// beside it and differences between scenarios carry no sampling noise of
// the inputs.
//
// Shard I of N (Shard) runs the cells (scenario si, region ri),
// numbered si × regions + ri, in the I-th of N contiguous ranges; it
// writes its cells, its partial totals by scenario and last its marker.
// Merge checks that all N markers are there for the manifest's sweep,
// adds the partial totals one scenario at a time and writes region=all.
//
// # Running the sweep in pieces
//
// Another program (an Apache Beam pipeline) runs the same sweep with
//
//	p, err := sweeprun.Prepare(spec)                     // checks everything
//	p.WriteIndex(dir)                                    // manifest, scenarios' list
//	d, err := p.Cell(ctx, si, ri)                        // or p.Cells(ctx, sis, ri)
//	sweeprun.WriteCell(dir, d, p.Uncertainty())          // the region's bands
//	v, err := d.Fixed(si, k, nil)                        // per scenario and draw, summed
//	t := p.NewTotal(sis); t.AddFixed(si, k, sum)         // over the regions as int64
//	sweeprun.WriteTotal(dir, t, p.Uncertainty())         // region=all
//
// and writes the same bytes as Run.
//
// # Memory
//
// The scenarios run in chunks (Spec.Chunk): each worker holds one
// region's draws of a chunk, and the chunk's total over the regions is
// held until the chunk is done, each chunk × years × (roles + 1) × draws
// values of 8 bytes (Plan.CellBytes a scenario). Prepare refuses draws
// that do not fit Spec.MaxMemory with (workers + 2) scenarios, and
// chooses the largest chunk (at most 32) that fits. The national study
// (290 regions × 10 000 draws × 625 scenarios, 17 years, the default
// dataset's 7 roles and their sum) holds 10.9 MB a scenario: a chunk of
// 32 with 2 workers is 1.3 GiB, with 8 workers 3.2 GiB, within the
// default bound of 4 GiB.
package sweeprun
