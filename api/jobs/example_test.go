package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/caregap/caregap/api/jobs"
)

// A queue with one worker runs a submitted job; after Shutdown it refuses
// new ones.
func Example() {
	q := jobs.New(jobs.Settings{Workers: 1, Capacity: 4})

	done := make(chan struct{})
	err := q.Submit("forecast-1", func(ctx context.Context) {
		defer close(done)
		fmt.Println("running forecast-1; cancelled:", ctx.Err() != nil)
	})
	if err != nil {
		panic(err)
	}
	<-done

	if err := q.Shutdown(context.Background(), 10*time.Second); err != nil {
		panic(err)
	}
	err = q.Submit("forecast-2", func(context.Context) {})
	fmt.Println(errors.Is(err, jobs.ErrClosed))
	// Output:
	// running forecast-1; cancelled: false
	// true
}
