package api

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/caregap/caregap/api/store"
	"github.com/caregap/caregap/datasets"
)

// TestFailedJobLogsItsCause: a failed job leaves its cause in the log
// (kind, and the file, row and column of a data error) but never the
// value of a cell, which may be a person's; an internal error is logged
// whole while the caller reads only "internal error".
func TestFailedJobLogsItsCause(t *testing.T) {
	ta := newTestAPI(t, nil)
	srv := &server{Deps: Deps{Store: ta.store, Logger: slog.New(slog.NewJSONHandler(ta.logs, nil))}, cancelled: map[string]bool{}}
	for _, tc := range []struct {
		name, id string
		err      error
		log      []string // must be in the log line
		secret   string   // must not be
		status   string   // the job's stored error
	}{
		{"data", "j_data", &datasets.RowError{File: "candidates.parquet", Row: 7, Column: "x_km",
			Err: errors.New("1234.5 is above the maximum 1000")}, []string{`"kind":"bad-input"`, `"file":"candidates.parquet"`, `"row":7`, `"column":"x_km"`},
			"1234.5", "candidates.parquet: row 7, column x_km: 1234.5 is above the maximum 1000"},
		{"internal", "j_bug", errors.New("write run: disk quota"), []string{`"kind":"internal"`, `"err":"write run: disk quota"`}, "", "internal error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := ta.store.CreateJob(context.Background(), &store.Job{ID: tc.id, Kind: "forecast", Owner: "x"}); err != nil {
				t.Fatal(err)
			}
			ta.logs.Reset()
			srv.runJob(context.Background(), tc.id, nil, func(context.Context) ([]string, int, error) { return nil, 0, tc.err })
			line := ""
			for _, l := range strings.Split(ta.logs.String(), "\n") {
				if strings.Contains(l, `"job failed"`) {
					line = l
				}
			}
			for _, want := range tc.log {
				if !strings.Contains(line, want) {
					t.Errorf("log line %q lacks %s", line, want)
				}
			}
			if tc.secret != "" && strings.Contains(ta.logs.String(), tc.secret) {
				t.Errorf("the log quotes the cell value %q:\n%s", tc.secret, ta.logs.String())
			}
			j, err := ta.store.Job(context.Background(), tc.id)
			if err != nil || j.Status != store.Failed || j.Error != tc.status {
				t.Errorf("job %+v, %v; want failed with %q", j, err, tc.status)
			}
		})
	}
}
