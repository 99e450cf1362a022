// Package pipeline runs caregap's sweep (runs/sweeprun: a scenario grid ×
// Monte Carlo draws × regions) as an Apache Beam pipeline, and writes the
// files `caregap sweep` writes, byte for byte.
//
// # The graph
//
//	Create (scenario si, regions) cells, Reshuffle   S × ⌈R/G⌉ elements
//	  → cellFn        runs each region's N draws (sweeprun.Plan.Cell)
//	      (a) its bands → DIR/scenario=ID/region=CODE/part-0.parquet,
//	          and the collection Output.Regions
//	      (b) per draw k: key si·N + k, value the G regions' gaps of draw k
//	          summed in fixed point (forecast.Draws.Fixed: years ×
//	          (roles + 1) int64)
//	  → CombinePerKey(sumFn)   S·N keys, ⌈R/G⌉ values each: the national
//	                           gaps of each (scenario, draw)
//	  → splitFn, GroupByKey    key si; its N draws
//	  → nationalFn     a forecast.Total of scenario si (AddFixed each draw),
//	                   its Bands → DIR/scenario=ID/region=all/part-0.parquet,
//	                   and the collection Output.National
//
// Every draw is seeded by (seed, draw, source, region) and never by the
// scenario or where the cell runs (package forecast), so a cell's draws
// are the same on any worker, in any bundle, however the runner splits
// the work. The national sum is of int64 values in units of 2^-32 FTE
// (forecast.Total): integer addition is associative and commutative, so
// the combiner may add in any order and grouping, lifted before the
// shuffle or not, and the national quantiles are those of one process
// bit for bit. The bands of a cell and of a total are the same function
// of the same numbers as in `caregap sweep` (forecast.Draws.Bands,
// forecast.Total.Bands), and the files are written by sweeprun's writers,
// each atomically (a retried bundle rewrites the same bytes).
//
// # Sizes
//
// The combine's shuffle carries, before combiner lifting, S·N·⌈R/G⌉
// vectors of years × (roles + 1) int64 (8 bytes each, sumFn's coder),
// G being Shape.Group. The national study (625 scenarios × 10 000 draws
// × 1 165 regions, 17 years, 7 roles + the sum) is 7.3 × 10⁹ vectors of
// 1 088 bytes, 7.9 TB, with G = 1, and 164 GB with G = 50. Lifting helps
// little: the SDK's lifting cache holds 2 000 keys and an element emits
// N. See beam/README.md for the plan.
//
// # Workers
//
// The DoFns carry the sweep's Spec (the grid and the scenario files
// beside it by content, the dataset by directory or embedded) and open
// the plan once per worker process in Setup (Source, Register). The
// output directory and a dataset directory must be on a filesystem
// every worker reads and writes: a local disk for Prism, a shared mount
// (NFS, a bucket mounted with gcsfuse) on a cluster.
package pipeline
