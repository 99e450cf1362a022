package api

import (
	"sync"

	"github.com/caregap/caregap/runs/forecastrun"
)

// JobProgress is how far a running job has come: Done of Total steps of
// its current Stage ("forecast": regions × scenarios; "draws": regions ×
// draws). The job view carries it while the job runs, for the page's
// progress bar.
type JobProgress struct {
	Stage string `json:"stage"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// progress holds the progress of the running jobs by id.
var progress = struct {
	sync.Mutex
	m map[string]JobProgress
}{m: map[string]JobProgress{}}

// trackProgress returns the forecastrun.Progress that records job id's
// progress; untrack forgets it when the job ends.
func trackProgress(id string) forecastrun.Progress {
	return func(stage string, done, total int) {
		progress.Lock()
		progress.m[id] = JobProgress{Stage: stage, Done: done, Total: total}
		progress.Unlock()
	}
}

func untrack(id string) {
	progress.Lock()
	delete(progress.m, id)
	progress.Unlock()
}

// progressOf returns job id's progress, or nil when none is recorded.
func progressOf(id string) *JobProgress {
	progress.Lock()
	defer progress.Unlock()
	if p, ok := progress.m[id]; ok {
		return &p
	}
	return nil
}
