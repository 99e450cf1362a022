package main

import (
	"context"
	"strings"
	"testing"

	"github.com/caregap/caregap/benchmarks/internal/peertest"
	"github.com/caregap/caregap/benchmarks/lap"
)

// TestRun prints a row per class and size; with scipy, the totals agree
// (run fails otherwise) and a ratio is printed.
func TestRun(t *testing.T) {
	var b strings.Builder
	if err := run(&b, "20,30", "uniform,heavy", 1, false); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(b.String(), "\n"); got != 5 {
		t.Errorf("%d lines, want a header and 4 rows:\n%s", got, b.String())
	}
	peertest.Require(t, lap.Available(context.Background()))
	b.Reset()
	if err := run(&b, "40", "geometric", 1, true); err != nil {
		t.Fatal(err)
	}
	if f := strings.Fields(strings.Split(b.String(), "\n")[1]); len(f) != 8 || f[0] != "geometric" || f[4] == "-" {
		t.Errorf("row %q, want 8 fields with a ratio", f)
	}
}

func TestRunBadFlags(t *testing.T) {
	for _, tc := range []struct{ sizes, classes, want string }{
		{"10,x", "uniform", `-n: "x"`},
		{"0", "uniform", `-n: "0"`},
		{"10", "uniform,towns", `unknown instance class "towns"`},
	} {
		var b strings.Builder
		if err := run(&b, tc.sizes, tc.classes, 1, false); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("-n %s -classes %s: %v, want %q", tc.sizes, tc.classes, err, tc.want)
		}
	}
}
