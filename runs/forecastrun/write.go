package forecastrun

import (
	"io/fs"
	"path/filepath"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/runs"
	"github.com/caregap/caregap/runs/labels"
)

// Files says which files a run directory holds besides the Parquet
// datasets (forecast, decomposition and, with draws, uncertainty), which
// it always holds.
type Files struct {
	CSV      bool // a .csv beside each .parquet
	Workbook bool // forecast.xlsx
	Charts   bool // charts/<scenario>.png and .svg
	// Lang is the language of the workbook and the charts [labels.SV].
	Lang labels.Lang
}

// All is every file a planner gets from the command.
var All = Files{CSV: true, Workbook: true, Charts: true}

// Write writes the run into dir, atomically (runs.WriteDir): dir holds
// every file of the run or none of them. perm is the mode of the
// directories made. It returns the datasets written, by name without
// extension ("forecast", "decomposition", "uncertainty").
func (r *Run) Write(dir string, perm fs.FileMode, files Files) ([]string, error) {
	var names []string
	err := runs.WriteDir(dir, perm, func(stage string) error {
		names = names[:0]
		table := func(name string, write func(parquet, csv string) error) error {
			names = append(names, name)
			csv := ""
			if files.CSV {
				csv = filepath.Join(stage, name+".csv")
			}
			return write(filepath.Join(stage, name+".parquet"), csv)
		}
		if err := table("forecast", writeBoth(r.Rows)); err != nil {
			return err
		}
		if err := table("decomposition", writeBoth(r.Drivers)); err != nil {
			return err
		}
		if r.BandSet != nil {
			if err := table("uncertainty", writeBoth(r.BandSet)); err != nil {
				return err
			}
		}
		book := r.Book()
		if files.Workbook {
			if err := writeWorkbook(filepath.Join(stage, "forecast.xlsx"), book, files.Lang); err != nil {
				return err
			}
		}
		if files.Charts {
			if err := writeCharts(filepath.Join(stage, "charts"), perm, book, files.Lang); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return names, nil
}

// writeBoth writes rows as Parquet and, when csv is not empty, as CSV.
func writeBoth[T any](rows []T) func(parquet, csv string) error {
	return func(parquet, csv string) error {
		if err := datasets.WriteParquet(parquet, rows); err != nil {
			return err
		}
		if csv == "" {
			return nil
		}
		return datasets.WriteCSV(csv, rows)
	}
}
