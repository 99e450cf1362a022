package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/caregap/caregap/api/jobs"
)

// wait is how long a test waits for something that should happen at once
// before it calls it a hang; far above any scheduling delay on 2 cores.
const wait = 5 * time.Second

// ledger records job states the way the API's catalog does: a job is
// queued, then running (only if still queued), then finished. It stands in
// for store.Store so these tests exercise the queue alone.
type ledger struct {
	mu    sync.Mutex
	state map[string]string
	err   map[string]error // ctx.Err() a job saw when it ended
}

func newLedger() *ledger {
	return &ledger{state: map[string]string{}, err: map[string]error{}}
}

func (l *ledger) set(id, st string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.state[id] = st
}

// move changes id from one state to another and reports whether it was in
// the first.
func (l *ledger) move(id, from, to string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.state[id] != from {
		return false
	}
	l.state[id] = to
	return true
}

func (l *ledger) end(id, st string, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.state[id], l.err[id] = st, err
}

func (l *ledger) get(id string) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.state[id], l.err[id]
}

// blocking returns a job that marks itself running, closes started, and
// ends when release is closed ("succeeded") or its context is done
// ("cancelled"), recording what it saw.
func blocking(l *ledger, id string, started chan<- struct{}, release <-chan struct{}) jobs.Func {
	return func(ctx context.Context) {
		if !l.move(id, "queued", "running") {
			return // cancelled while queued
		}
		if started != nil {
			close(started)
		}
		select {
		case <-release:
			l.end(id, "succeeded", ctx.Err())
		case <-ctx.Done():
			l.end(id, "cancelled", ctx.Err())
		}
	}
}

// quick returns a job that records the state of its context on entry.
func quick(l *ledger, id string, done chan<- string) jobs.Func {
	return func(ctx context.Context) {
		if !l.move(id, "queued", "running") {
			done <- id
			return
		}
		if ctx.Err() != nil {
			l.end(id, "stopped", ctx.Err())
		} else {
			l.end(id, "succeeded", nil)
		}
		done <- id
	}
}

func submit(t *testing.T, q *jobs.Queue, l *ledger, id string, fn jobs.Func) {
	t.Helper()
	l.set(id, "queued")
	if err := q.Submit(id, fn); err != nil {
		t.Fatalf("Submit(%s): %v", id, err)
	}
}

func recv(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(wait):
		t.Fatalf("%s: nothing after %v", what, wait)
	}
}

// eventually polls cond until it holds or wait passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after %v", what, wait)
		}
		time.Sleep(time.Millisecond)
	}
}

// shutdown shuts q down, giving its jobs up to wait to finish.
func shutdown(t *testing.T, q *jobs.Queue) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*wait)
	defer cancel()
	if err := q.Shutdown(ctx, wait); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
}

func TestSubmitRuns(t *testing.T) {
	for _, workers := range []int{0, 1, 3} { // 0 means 1
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			q := jobs.New(jobs.Settings{Workers: workers})
			defer shutdown(t, q)
			l := newLedger()
			const n = 10 // fewer than the default capacity of 16
			done := make(chan string, n)
			for i := range n {
				submit(t, q, l, fmt.Sprint("j", i), quick(l, fmt.Sprint("j", i), done))
			}
			seen := map[string]bool{}
			for range n {
				select {
				case id := <-done:
					if seen[id] {
						t.Errorf("job %s ran twice", id)
					}
					seen[id] = true
				case <-time.After(wait):
					t.Fatalf("%d of %d jobs ran", len(seen), n)
				}
			}
			for i := range n {
				if st, err := l.get(fmt.Sprint("j", i)); st != "succeeded" || err != nil {
					t.Errorf("j%d: %s, context %v; want succeeded with a live context", i, st, err)
				}
			}
			eventually(t, "no job running", func() bool { return q.Running() == 0 && q.Depth() == 0 })
		})
	}
}

func TestFullQueue(t *testing.T) {
	tests := []struct {
		name     string
		s        jobs.Settings
		workers  int
		capacity int
	}{
		{"defaults", jobs.Settings{}, 1, 16}, // documented: 0 means 1 worker, 16 waiting
		{"two workers, three waiting", jobs.Settings{Workers: 2, Capacity: 3}, 2, 3},
		{"one waiting", jobs.Settings{Workers: 1, Capacity: 1}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := jobs.New(tt.s)
			l := newLedger()
			release := make(chan struct{})
			for i := range tt.workers {
				started := make(chan struct{})
				id := fmt.Sprint("run", i)
				submit(t, q, l, id, blocking(l, id, started, release))
				recv(t, started, id+" started")
			}
			if got := q.Running(); got != tt.workers {
				t.Errorf("Running() = %d, want %d", got, tt.workers)
			}
			for i := range tt.capacity {
				id := fmt.Sprint("wait", i)
				submit(t, q, l, id, blocking(l, id, nil, release))
			}
			if got := q.Depth(); got != tt.capacity {
				t.Errorf("Depth() = %d, want %d", got, tt.capacity)
			}

			// The next Submit must fail at once; run it aside so a Submit
			// that blocked until a worker frees up shows as a hang here.
			ran := make(chan struct{})
			errc := make(chan error, 1)
			go func() { errc <- q.Submit("over", func(context.Context) { close(ran) }) }()
			select {
			case err := <-errc:
				if !errors.Is(err, jobs.ErrFull) {
					t.Errorf("Submit on a full queue = %v, want ErrFull", err)
				}
			case <-time.After(wait):
				close(release)
				t.Fatalf("Submit on a full queue blocked for %v", wait)
			}

			close(release)
			shutdown(t, q)
			for i := range tt.workers {
				if st, _ := l.get(fmt.Sprint("run", i)); st != "succeeded" {
					t.Errorf("run%d: %s, want succeeded", i, st)
				}
			}
			for i := range tt.capacity {
				if st, _ := l.get(fmt.Sprint("wait", i)); st != "succeeded" {
					t.Errorf("wait%d: %s, want succeeded", i, st)
				}
			}
			select {
			case <-ran:
				t.Error("the refused job ran")
			default:
			}
		})
	}
}

func TestCancel(t *testing.T) {
	t.Run("running", func(t *testing.T) {
		q := jobs.New(jobs.Settings{Workers: 2})
		defer shutdown(t, q)
		l := newLedger()
		release := make(chan struct{})
		defer close(release)
		startedA, startedB := make(chan struct{}), make(chan struct{})
		submit(t, q, l, "a", blocking(l, "a", startedA, release))
		submit(t, q, l, "b", blocking(l, "b", startedB, release))
		recv(t, startedA, "a started")
		recv(t, startedB, "b started")

		if !q.Cancel("a") {
			t.Fatal("Cancel of a running job reported it not running")
		}
		eventually(t, "a ends", func() bool { st, _ := l.get("a"); return st != "running" })
		if st, err := l.get("a"); st != "cancelled" || !errors.Is(err, context.Canceled) {
			t.Errorf("a: %s, context %v; want cancelled, context.Canceled", st, err)
		}
		eventually(t, "a leaves the workers", func() bool { return q.Running() == 1 })
		if q.Cancel("a") {
			t.Error("Cancel of a finished job reported it running")
		}
		if st, _ := l.get("b"); st != "running" {
			t.Errorf("cancelling a changed b to %s", st)
		}
	})

	t.Run("queued", func(t *testing.T) {
		// The queue cancels only running jobs: for a queued one Cancel
		// reports false and the caller records the cancellation, which the
		// job's function checks before it starts (as the API does with
		// store.CancelQueued and store.StartJob).
		q := jobs.New(jobs.Settings{Workers: 1})
		defer shutdown(t, q)
		l := newLedger()
		release := make(chan struct{})
		started := make(chan struct{})
		submit(t, q, l, "busy", blocking(l, "busy", started, release))
		recv(t, started, "busy started")

		var sawCtx error = errors.New("never ran")
		ran := make(chan struct{})
		l.set("q", "queued")
		if err := q.Submit("q", func(ctx context.Context) {
			defer close(ran)
			sawCtx = ctx.Err()
			if !l.move("q", "queued", "running") {
				return
			}
			l.end("q", "succeeded", nil)
		}); err != nil {
			t.Fatal(err)
		}
		if q.Cancel("q") {
			t.Error("Cancel of a queued job reported it running")
		}
		if !l.move("q", "queued", "cancelled") {
			t.Fatal("q left the queued state before its worker was free")
		}
		close(release)
		recv(t, ran, "q handed to a worker")
		if st, _ := l.get("q"); st != "cancelled" {
			t.Errorf("q: %s, want cancelled", st)
		}
		if sawCtx != nil {
			t.Errorf("queued job got context error %v; Cancel must leave queued jobs to the caller", sawCtx)
		}
	})

	t.Run("unknown", func(t *testing.T) {
		q := jobs.New(jobs.Settings{})
		defer shutdown(t, q)
		if q.Cancel("nope") {
			t.Error("Cancel of an unknown job reported it running")
		}
	})
}

func TestShutdown(t *testing.T) {
	// grace for the cases that must wait it out: long enough to be seen,
	// short enough for the package to stay under a second.
	const grace = 50 * time.Millisecond

	t.Run("jobs that finish within the grace", func(t *testing.T) {
		q := jobs.New(jobs.Settings{Workers: 1})
		l := newLedger()
		done := make(chan string, 3)
		release := make(chan struct{})
		started := make(chan struct{})
		submit(t, q, l, "running", blocking(l, "running", started, release))
		recv(t, started, "running started")
		submit(t, q, l, "waiting1", quick(l, "waiting1", done))
		submit(t, q, l, "waiting2", quick(l, "waiting2", done))

		errc := make(chan error, 1)
		go func() { errc <- q.Shutdown(context.Background(), time.Hour) }()
		// Shutdown stops new work at once.
		eventually(t, "Submit refused", func() bool {
			return errors.Is(q.Submit("late", func(context.Context) {}), jobs.ErrClosed)
		})
		close(release)
		select {
		case err := <-errc:
			if err != nil {
				t.Errorf("Shutdown = %v, want nil", err)
			}
		case <-time.After(wait):
			t.Fatal("Shutdown did not return after the jobs finished")
		}
		for _, id := range []string{"running", "waiting1", "waiting2"} {
			if st, err := l.get(id); st != "succeeded" || err != nil {
				t.Errorf("%s: %s, context %v; want succeeded with a live context", id, st, err)
			}
		}
	})

	t.Run("grace ends", func(t *testing.T) {
		q := jobs.New(jobs.Settings{Workers: 1})
		l := newLedger()
		done := make(chan string, 2)
		release := make(chan struct{})
		defer close(release)
		started := make(chan struct{})
		submit(t, q, l, "running", blocking(l, "running", started, release))
		recv(t, started, "running started")
		submit(t, q, l, "waiting1", quick(l, "waiting1", done))
		submit(t, q, l, "waiting2", quick(l, "waiting2", done))

		t0 := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		defer cancel()
		if err := q.Shutdown(ctx, grace); err != nil {
			t.Errorf("Shutdown = %v, want nil", err)
		}
		if d := time.Since(t0); d < grace {
			t.Errorf("Shutdown returned after %v, before the grace of %v", d, grace)
		}
		if st, err := l.get("running"); st != "cancelled" || !errors.Is(err, context.Canceled) {
			t.Errorf("running: %s, context %v; want cancelled, context.Canceled", st, err)
		}
		// Documented: jobs still waiting are run with a cancelled context.
		for _, id := range []string{"waiting1", "waiting2"} {
			if st, err := l.get(id); st != "stopped" || !errors.Is(err, context.Canceled) {
				t.Errorf("%s: %s, context %v; want run with a cancelled context", id, st, err)
			}
		}
		if q.Running() != 0 || q.Depth() != 0 {
			t.Errorf("after Shutdown: %d running, %d waiting", q.Running(), q.Depth())
		}
	})

	t.Run("context ends first", func(t *testing.T) {
		q := jobs.New(jobs.Settings{Workers: 1})
		started, release, finished := make(chan struct{}), make(chan struct{}), make(chan struct{})
		var sawCancel bool
		if err := q.Submit("stubborn", func(ctx context.Context) {
			defer close(finished)
			close(started)
			<-release // ignores ctx, against Func's contract
			sawCancel = ctx.Err() != nil
		}); err != nil {
			t.Fatal(err)
		}
		recv(t, started, "stubborn started")
		ctx, cancel := context.WithTimeout(context.Background(), grace)
		defer cancel()
		if err := q.Shutdown(ctx, time.Hour); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Shutdown = %v, want context.DeadlineExceeded", err)
		}
		close(release)
		recv(t, finished, "stubborn finished")
		if !sawCancel {
			t.Error("the job's context was not cancelled when Shutdown's context ended")
		}
		// A second Shutdown waits for the now idle workers and succeeds.
		shutdown(t, q)
	})

	t.Run("submit after shutdown", func(t *testing.T) {
		q := jobs.New(jobs.Settings{})
		shutdown(t, q)
		if err := q.Submit("late", func(context.Context) { t.Error("job ran after Shutdown") }); !errors.Is(err, jobs.ErrClosed) {
			t.Errorf("Submit after Shutdown = %v, want ErrClosed", err)
		}
		shutdown(t, q) // twice is fine
	})
}

func TestNoGoroutineLeak(t *testing.T) {
	settle := func() int {
		// Goroutines of earlier tests and of the runtime may still be on
		// their way out; take the lowest count seen over a short while.
		low := runtime.NumGoroutine()
		for range 20 {
			time.Sleep(5 * time.Millisecond)
			low = min(low, runtime.NumGoroutine())
		}
		return low
	}
	tests := []struct {
		name  string
		grace time.Duration
		run   func(t *testing.T, q *jobs.Queue, l *ledger, release chan struct{})
	}{
		{"idle", 0, func(*testing.T, *jobs.Queue, *ledger, chan struct{}) {}},
		{"finished jobs", time.Hour, func(t *testing.T, q *jobs.Queue, l *ledger, release chan struct{}) {
			done := make(chan string, 8)
			for i := range 8 {
				submit(t, q, l, fmt.Sprint(i), quick(l, fmt.Sprint(i), done))
			}
			for range 8 {
				<-done
			}
		}},
		{"cancelled job", time.Hour, func(t *testing.T, q *jobs.Queue, l *ledger, release chan struct{}) {
			started := make(chan struct{})
			submit(t, q, l, "c", blocking(l, "c", started, release))
			recv(t, started, "c started")
			q.Cancel("c")
		}},
		{"jobs stopped by the grace", 10 * time.Millisecond, func(t *testing.T, q *jobs.Queue, l *ledger, release chan struct{}) {
			for i := range 4 {
				submit(t, q, l, fmt.Sprint(i), blocking(l, fmt.Sprint(i), nil, release))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := settle()
			q := jobs.New(jobs.Settings{Workers: 4, Capacity: 8})
			l := newLedger()
			release := make(chan struct{})
			tt.run(t, q, l, release)
			ctx, cancel := context.WithTimeout(context.Background(), wait)
			err := q.Shutdown(ctx, tt.grace)
			cancel()
			close(release)
			if err != nil {
				t.Fatalf("Shutdown: %v", err)
			}
			deadline := time.Now().Add(time.Second)
			for {
				after := runtime.NumGoroutine()
				if after <= before {
					break
				}
				if time.Now().After(deadline) {
					buf := make([]byte, 1<<16)
					buf = buf[:runtime.Stack(buf, true)]
					t.Fatalf("%d goroutines before, %d after Shutdown:\n%s", before, after, buf)
				}
				time.Sleep(5 * time.Millisecond)
			}
		})
	}
}
