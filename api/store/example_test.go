package store_test

import (
	"context"
	"fmt"
	"os"

	"github.com/caregap/caregap/api/store"
)

// A job's life in the catalog: created queued, started, and finished with
// a run whose files were written into RunDir first.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "catalog")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)

	s, err := store.Open(ctx, dir)
	if err != nil {
		panic(err)
	}
	defer s.Close()

	j := &store.Job{ID: "f1", Kind: "forecast", Owner: "tok_a", Regions: []string{"0301"}, Request: "{}"}
	if err := s.CreateJob(ctx, j); err != nil {
		panic(err)
	}
	if ok, err := s.StartJob(ctx, j.ID); err != nil || !ok {
		panic(fmt.Sprint("start: ", ok, err))
	}
	// ... the job writes s.RunDir("f1")/forecast.parquet here ...
	if err := s.FinishJob(ctx, j.ID, store.Succeeded, "", &store.Run{Files: []string{"forecast.parquet"}, Rows: 12}); err != nil {
		panic(err)
	}
	got, err := s.Job(ctx, j.ID)
	if err != nil {
		panic(err)
	}
	fmt.Println(got.Status, got.Regions, got.Run.Files, got.Run.Rows)
	// Output:
	// succeeded [0301] [forecast.parquet] 12
}
