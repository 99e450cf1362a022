// Package scenarios holds the scenario files shipped with caregap, embedded
// so that the binary runs them with no files beside it. Each file is one
// scenario; the files are also the examples planners copy.
package scenarios

import "embed"

// FS holds the shipped scenario files, *.yaml at its root.
//
//go:embed *.yaml
var FS embed.FS

// Names lists the shipped scenarios in the order the forecast table shows
// them.
var Names = []string{"base", "full-time", "sick-leave", "later-retirement", "training", "task-shifting", "combined"}
