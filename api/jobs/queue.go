package jobs

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/caregap/caregap/engine/errkind"
)

// Errors of Submit.
var (
	// ErrFull: the queue holds as many jobs as it may.
	ErrFull = errkind.New(errkind.TooManyRequests, "job queue full")
	// ErrClosed: the queue is shutting down.
	ErrClosed = errkind.New(errkind.Unavailable, "job queue closed")
)

// Func is the work of a job. It must return soon after ctx is done.
type Func func(ctx context.Context)

// Settings of a Queue; the zero value means the defaults.
type Settings struct {
	Workers  int // jobs run at once; 0 means 1
	Capacity int // jobs waiting beyond those running; 0 means 16
}

type item struct {
	id string
	fn Func
}

// Queue runs submitted jobs on a pool of workers.
type Queue struct {
	ch      chan item
	ctx     context.Context // parent of every job's context
	stop    context.CancelFunc
	wg      sync.WaitGroup
	mu      sync.Mutex
	closed  bool
	cancels map[string]context.CancelFunc
	running atomic.Int64
}

// New starts a queue with s's workers.
func New(s Settings) *Queue {
	if s.Workers <= 0 {
		s.Workers = 1
	}
	if s.Capacity <= 0 {
		s.Capacity = 16
	}
	ctx, stop := context.WithCancel(context.Background())
	q := &Queue{ch: make(chan item, s.Capacity), ctx: ctx, stop: stop, cancels: map[string]context.CancelFunc{}}
	for range s.Workers {
		q.wg.Add(1)
		go q.work()
	}
	return q
}

func (q *Queue) work() {
	defer q.wg.Done()
	for it := range q.ch {
		q.mu.Lock()
		ctx, cancel := context.WithCancel(q.ctx)
		q.cancels[it.id] = cancel
		q.mu.Unlock()
		q.running.Add(1)
		run(it.fn, ctx)
		q.running.Add(-1)
		q.mu.Lock()
		delete(q.cancels, it.id)
		q.mu.Unlock()
		cancel()
	}
}

// run calls fn, and survives its panic: one failing job must not stop the
// worker or the server (the caller records the job's end).
func run(fn func(context.Context), ctx context.Context) {
	defer func() { _ = recover() }()
	fn(ctx)
}

// Submit queues fn as job id. It returns ErrFull when the queue is full and
// ErrClosed after Shutdown began.
func (q *Queue) Submit(id string, fn Func) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrClosed
	}
	select {
	case q.ch <- item{id, fn}:
		return nil
	default:
		return ErrFull
	}
}

// Cancel cancels the context of running job id; it reports whether the
// job was running.
func (q *Queue) Cancel(id string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if c, ok := q.cancels[id]; ok {
		c()
		return true
	}
	return false
}

// Depth returns the number of jobs waiting for a worker.
func (q *Queue) Depth() int { return len(q.ch) }

// Running returns the number of jobs running.
func (q *Queue) Running() int { return int(q.running.Load()) }

// Shutdown stops accepting jobs, lets the running and waiting ones run for
// up to grace, then cancels every job's context and waits for the workers
// to return (or ctx to end). Jobs still waiting when the grace ends are run
// with a cancelled context, so their functions record them as stopped.
func (q *Queue) Shutdown(ctx context.Context, grace time.Duration) error {
	q.mu.Lock()
	if !q.closed {
		q.closed = true
		close(q.ch)
	}
	q.mu.Unlock()
	done := make(chan struct{})
	go func() { q.wg.Wait(); close(done) }()
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-done:
		return nil
	case <-t.C:
	case <-ctx.Done():
	}
	q.stop()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
