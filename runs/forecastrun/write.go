package forecastrun

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/runs"
	"github.com/caregap/caregap/runs/chart"
)

// Files says which files a run directory holds besides the Parquet
// datasets (forecast, decomposition and, with draws, uncertainty), which
// it always holds.
type Files struct {
	CSV      bool // a .csv beside each .parquet
	Workbook bool // forecast.xlsx
	Charts   bool // charts/<scenario>.png and .svg
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
		s := r.Summary()
		if files.Workbook {
			if err := writeWorkbook(filepath.Join(stage, "forecast.xlsx"), s, r.Rows); err != nil {
				return err
			}
		}
		if files.Charts {
			if err := writeCharts(filepath.Join(stage, "charts"), perm, s); err != nil {
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

// writeCharts draws, per scenario, demand against effective supply of
// every role, summed over the regions, as PNG and SVG.
func writeCharts(dir string, perm fs.FileMode, s *Summary) error {
	if err := os.MkdirAll(dir, perm); err != nil {
		return err
	}
	for _, sc := range s.Scenarios {
		panels := make([]chart.Panel, len(s.Roles))
		for ri, role := range s.Roles {
			panels[ri] = chart.Panel{Role: role, Years: s.Years, Demand: s.Demand[sc][ri], Supply: s.Supply[sc][ri]}
		}
		title := fmt.Sprintf("%s: demand and effective supply, FTE, all regions", sc)
		for _, format := range []chart.Format{chart.PNG, chart.SVG} {
			path := filepath.Join(dir, sc+"."+string(format))
			if err := datasets.WriteFileAtomic(path, func(w io.Writer) error { return chart.Write(w, format, title, panels) }); err != nil {
				return err
			}
		}
	}
	return nil
}
