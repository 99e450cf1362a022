// Package jobs is a bounded queue of background work with a fixed pool of
// workers. Submit never blocks: when the queue is full it returns ErrFull,
// which the API answers with 429 and Retry-After. Each job runs with its
// own context, cancelled by Cancel or, after a grace period, by Shutdown,
// so a job is either finished by its function or told to stop; what a
// stopped job leaves behind is the caller's to record.
package jobs
