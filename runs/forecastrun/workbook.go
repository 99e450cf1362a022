package forecastrun

import (
	"fmt"
	"io"
	"math"

	"github.com/caregap/caregap/datasets"
	"github.com/xuri/excelize/v2"
)

// writeWorkbook writes forecast.xlsx for planners who work in a
// spreadsheet: a sheet "gap" with the gap per role and year for each
// scenario (all regions summed), and a sheet "forecast" with every row of
// forecast.parquet. It is written through a temporary file, like every
// output.
func writeWorkbook(path string, s *Summary, rows []datasets.Forecast) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "gap"); err != nil {
		return err
	}
	if err := gapSheet(f, s); err != nil {
		return fmt.Errorf("forecast.xlsx, sheet gap: %w", err)
	}
	if _, err := f.NewSheet("forecast"); err != nil {
		return err
	}
	if err := rowSheet(f, "forecast", rows); err != nil {
		return fmt.Errorf("forecast.xlsx, sheet forecast: %w", err)
	}
	return datasets.WriteFileAtomic(path, func(w io.Writer) error {
		_, err := f.WriteTo(w)
		return err
	})
}

// gapSheet writes one block per scenario: a header row of years, then a
// row per role and a row for all roles, in FTE (demand − effective supply).
func gapSheet(f *excelize.File, s *Summary) error {
	sw, err := f.NewStreamWriter("gap")
	if err != nil {
		return err
	}
	r := 1
	put := func(vals ...any) error {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		r++
		return sw.SetRow(cell, vals)
	}
	if err := put("Gap, FTE (demand − effective supply; negative: surplus), all regions summed"); err != nil {
		return err
	}
	for _, sc := range s.Scenarios {
		r++
		head := []any{sc}
		for _, y := range s.Years {
			head = append(head, y)
		}
		if err := put(head...); err != nil {
			return err
		}
		total := make([]float64, len(s.Years))
		for ri, role := range s.Roles {
			row := []any{role}
			for yi := range s.Years {
				g := s.Demand[sc][ri][yi] - s.Supply[sc][ri][yi]
				total[yi] += g
				row = append(row, round1(g))
			}
			if err := put(row...); err != nil {
				return err
			}
		}
		row := []any{"all roles"}
		for _, g := range total {
			row = append(row, round1(g))
		}
		if err := put(row...); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// rowSheet writes rows with their dataset's column names as the header.
func rowSheet[T any](f *excelize.File, sheet string, rows []T) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	names := datasets.ColumnNames[T]()
	head := make([]any, len(names))
	for i, n := range names {
		head[i] = n
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	var vals []any
	for i := range rows {
		vals = datasets.RowValues(vals, &rows[i])
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
