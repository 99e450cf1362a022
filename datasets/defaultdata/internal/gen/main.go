// Command gen writes the default dataset of package defaultdata as Parquet
// files, one per dataset, and the default matching set into the match
// subdirectory. go generate runs it from the package directory:
//
//	go generate ./datasets/defaultdata
//
// defaultdata embeds data/*.parquet and data/match/*.parquet, so gen
// (which imports it) builds only while such files exist; the files are
// kept in the repository.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
)

func main() {
	out := flag.String("out", "data", "directory to write the Parquet files into")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// run replaces the Parquet files in dir with those of Synthesize, so that
// a dataset no longer synthesised does not linger.
func run(dir string) error {
	old, err := filepath.Glob(filepath.Join(dir, "*.parquet"))
	if err != nil {
		return err
	}
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	b := defaultdata.Synthesize()
	if err := datasets.Check(b); err != nil {
		return fmt.Errorf("check default dataset: %w", err)
	}
	if err := datasets.WriteDir(dir, b); err != nil {
		return err
	}
	m := defaultdata.SynthesizeMatch()
	if err := datasets.CheckMatch(m); err != nil {
		return fmt.Errorf("check default matching set: %w", err)
	}
	return datasets.WriteMatchDir(filepath.Join(dir, "match"), m)
}
