// Command gen writes the default dataset of package defaultdata as Parquet
// files, one per dataset. go generate runs it from the package directory:
//
//	go generate ./datasets/defaultdata
//
// defaultdata embeds data/*.parquet, so gen (which imports it) builds only
// while at least one such file exists; the files are kept in the
// repository.
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
	return datasets.WriteDir(dir, b)
}
