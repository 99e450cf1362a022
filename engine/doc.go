// Package engine is the numerical core of caregap: population projection,
// care demand, workforce supply, scenarios, the forecast and matching, in
// the sub-packages. It is pure Go and gonum: nothing under engine/ reads
// files, talks HTTP or knows Parquet; package datasets converts rows into
// its types and cmd/caregap wires the two (see imports_test.go).
package engine
