package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
)

func TestMain(m *testing.M) { ptest.Main(m) }

// parse reads args into a fresh flags, as main does with the command line.
func parse(t *testing.T, args ...string) *flags {
	t.Helper()
	var f flags
	fs := flag.NewFlagSet("caregap-beam", flag.ContinueOnError)
	f.register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return &f
}

// TestFlagErrors: each bad command line is refused before anything runs,
// with the flag named.
func TestFlagErrors(t *testing.T) {
	grid := filepath.Join("..", "..", "pipeline", "testdata", "grid.yaml")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--out", "x"}, "--grid is required"},
		{[]string{"--grid", grid}, "--out is required"},
		{[]string{"--grid", grid, "--out", "gs://bucket/x"}, "not a URL"},
		{[]string{"--grid", grid, "--out", "x", "--draws", "0"}, "--draws 0: must be 1..100000"},
		{[]string{"--grid", grid, "--out", "x", "--max-scenarios", "-1"}, "--max-scenarios -1"},
		{[]string{"--grid", grid, "--out", "x", "--group", "0"}, "--group 0: must be positive"},
		{[]string{"--grid", "nope.yaml", "--out", "x"}, "grid nope.yaml: no such file"},
		{[]string{"--grid", grid, "--out", "x", "--regions", "9999"}, "9999"},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			for i, a := range c.args {
				if a == "x" {
					c.args[i] = out
				}
			}
			err := run(context.Background(), parse(t, c.args...), new(bytes.Buffer))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one naming %q", err, c.want)
			}
			if _, serr := os.Stat(out); serr == nil {
				t.Errorf("%s was written after a refused command line", out)
			}
		})
	}
}

// TestRun runs a small sweep through the command on Prism and finds its
// files: the manifest, the scenarios' list, and a band file per scenario
// and region and per scenario for the total.
func TestRun(t *testing.T) {
	out := t.TempDir()
	f := parse(t, "--grid", filepath.Join("..", "..", "pipeline", "testdata", "grid.yaml"), "--out", out,
		"--regions", "2080,0580", "--draws", "5", "--to", "2027", "--group", "2")
	var buf bytes.Buffer
	if err := run(context.Background(), f, &buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "4 scenarios × 2 regions × 5 draws, 2024-2027") {
		t.Errorf("output %q", buf.String())
	}
	files, err := filepath.Glob(filepath.Join(out, "scenario=*", "region=*", "part-0.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 4*3 {
		t.Errorf("%d band files, want 4 scenarios × (2 regions + all) = 12: %v", len(files), files)
	}
	for _, name := range []string{"_sweep.json", "_scenarios.csv"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
}
