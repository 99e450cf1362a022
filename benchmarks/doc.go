// Package benchmarks holds caregap's end-to-end benchmarks. Run them with
//
//	go test -run '^$' -bench . -benchtime 5x ./benchmarks/
//
// and compare two runs with benchstat (golang.org/x/perf/cmd/benchstat).
// README.md beside this file keeps the latest numbers and the command
// that made them.
package benchmarks
