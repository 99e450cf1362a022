// Package pipeline runs caregap's Monte Carlo sweep as an Apache Beam
// pipeline.
package pipeline
