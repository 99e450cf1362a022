// Package defaultdata holds caregap's embedded default dataset and a
// generator of large synthetic datasets for benchmarks.
//
// The default dataset covers the 19 municipalities named in DESIGN.md: the
// 13 of the Gothenburg region, Falun, Borlänge, Gagnef and Säter in Dalarna,
// Linköping and Krokom. It is synthetic and illustrative, not official
// statistics: Synthesize builds it deterministically from public national
// figures (the CALIBRATION.md items named beside each number) and from SCB's
// national population projection (table TAB5958, 2026 edition), whose 2026
// mean population and deaths are kept as literal tables in
// national_tables.go. Load reads the same data from the Parquet files
// embedded in the package; go generate rewrites them from Synthesize, and a
// test checks that the two agree.
//
// Base-year demand for staff, in full-time equivalents, is
//
//	demand_fte(region, role) = Σ_service Σ_age,sex population × use_rate
//	                           × fte_per_user × role_share
//
// and the workforce is sized so that its effective FTE,
// headcount × employment_rate × (1 − sick_leave_rate), falls 2-5 % short of
// that demand in every region and role. Recruits are then set so that,
// with exits, retirements, career moves and training graduates, the
// headcount of each role grows by about half a per cent a year: slower than
// demand, as in SKR's projections, so the gap widens.
//
// Generate makes a larger dataset of the same structure with made-up
// region codes ("S001", ...), seeded and deterministic per seed.
package defaultdata
