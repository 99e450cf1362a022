package forecastrun

import (
	"fmt"
	"io"
	"math"

	"github.com/caregap/caregap/datasets"
	"github.com/xuri/excelize/v2"
)

// writeWorkbook writes forecast.xlsx for planners who work in a
// spreadsheet: a sheet "gap" with the shortage, surplus and net gap per
// role and year for each scenario (all regions), and a sheet "forecast" with every row of
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

// gapSheet writes one block per scenario: a header row of years, then for
// each role and for all roles three rows, in FTE: the shortage (the sum of
// the positive gaps of the region cells), the surplus (the sum of the
// negative gaps, as a positive number) and the net gap (shortage −
// surplus, which nets one region's surplus against another's shortage).
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
	if err := put("Gap, FTE (demand − effective supply), all regions: shortage and surplus summed over the region × role cells; net = shortage − surplus"); err != nil {
		return err
	}
	for _, sc := range s.Scenarios {
		r++
		head := []any{sc, "measure"}
		for _, y := range s.Years {
			head = append(head, y)
		}
		if err := put(head...); err != nil {
			return err
		}
		for ri := range len(s.Roles) + 1 {
			name := "all roles"
			if ri < len(s.Roles) {
				name = s.Roles[ri]
			}
			short, surplus, net := []any{name, "shortage"}, []any{name, "surplus"}, []any{name, "net"}
			for yi := range s.Years {
				var a, b float64
				if ri < len(s.Roles) {
					a, b = s.Shortage[sc][ri][yi], s.Surplus[sc][ri][yi]
				} else {
					a, b = s.AllRoles(sc, yi)
				}
				short, surplus, net = append(short, round1(a)), append(surplus, round1(b)), append(net, round1(a-b))
			}
			for _, row := range [][]any{short, surplus, net} {
				if err := put(row...); err != nil {
					return err
				}
			}
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
