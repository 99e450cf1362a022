package forecastrun

import (
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf16"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/runs/labels"
	"github.com/xuri/excelize/v2"
)

// WriteWorkbook writes b as the planner's spreadsheet (forecast.xlsx) to
// w, in lang (empty: Swedish), sheet by sheet:
//
//	summary         per scenario and role (and all roles): demand,
//	                effective supply, shortage, surplus, the net gap, the
//	                shortage as a share of demand and the recruitment need
//	                since the base year, summed over the municipalities, in
//	                the base year, every fifth year and the last year
//	one per         per scenario and role, every year: demand, headcount,
//	municipality    effective supply, the gap and the recruitment need of
//	                the year, and for all roles the shortage, surplus and net
//	drivers         each driver's part of the gap, in the same years, for
//	                all the municipalities and for each
//	uncertainty     with bands: P10, median, P90, mean, standard deviation
//	                and the probability of a gap above the threshold
//	data            every forecast row, with names beside the codes
//
// Shortage and surplus are summed over the region × role cells, never
// netted; the net gap is labelled net. FTE and persons are formatted as
// whole numbers with thousands separated (#,##0, which Swedish Excel shows
// as 4 633), shares as percentages; every sheet has its header rows
// frozen, an autofilter and column widths, and its names and headers in
// lang. Municipality sheets are named by the municipality, at most 31
// characters and unique.
func WriteWorkbook(w io.Writer, b *Book, lang labels.Lang) error {
	if lang == "" {
		lang = labels.SV
	}
	v := newView(b, lang)
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	wd := v.w()
	// The fixed sheets' names first, so that a municipality of the same
	// name gets its code added, not the other way round.
	names := newSheetNames()
	summary, drivers, uncertainty, data := names.add(wd.summarySheet, ""), names.add(wd.driversSheet, ""),
		names.add(wd.uncertaintySheet, ""), names.add(wd.dataSheet, "")
	if err := f.SetSheetName("Sheet1", summary); err != nil {
		return err
	}
	type job struct {
		name  string
		write func(*table) error
	}
	jobs := []job{{summary, v.summarySheet}}
	for _, code := range v.regions {
		jobs = append(jobs, job{names.add(v.regionName(code), code), func(t *table) error { return v.regionSheet(t, code) }})
	}
	if len(b.Drivers) > 0 {
		jobs = append(jobs, job{drivers, v.driversSheet})
	}
	if len(b.Bands) > 0 {
		jobs = append(jobs, job{uncertainty, v.uncertaintySheet})
	}
	jobs = append(jobs, job{data, v.dataSheet})
	for i, j := range jobs {
		if i > 0 {
			if _, err := f.NewSheet(j.name); err != nil {
				return err
			}
		}
		sw, err := f.NewStreamWriter(j.name)
		if err != nil {
			return err
		}
		t := &table{f: f, sw: sw, sheet: j.name, st: st}
		if err := j.write(t); err != nil {
			return fmt.Errorf("forecast.xlsx, sheet %s: %w", j.name, err)
		}
		if err := t.finish(); err != nil {
			return fmt.Errorf("forecast.xlsx, sheet %s: %w", j.name, err)
		}
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

// writeWorkbook writes forecast.xlsx through a temporary file, like every
// output.
func writeWorkbook(path string, b *Book, lang labels.Lang) error {
	return datasets.WriteFileAtomic(path, func(w io.Writer) error { return WriteWorkbook(w, b, lang) })
}

// styles are the workbook's cell styles.
type styles struct {
	title, note, header, label, labelBold, fte, fteBold, share, shareBold, decimal, plain int
}

func newStyles(f *excelize.File) (*styles, error) {
	var st styles
	thin := []excelize.Border{{Type: "bottom", Color: "7F8FA6", Style: 1}}
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}}
	share := "0.0%"
	dec := "#,##0.0"
	for _, s := range []struct {
		id    *int
		style excelize.Style
	}{
		{&st.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&st.note, excelize.Style{Font: &excelize.Font{Italic: true, Color: "505A64"}}},
		{&st.header, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill, Border: thin,
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}}},
		{&st.label, excelize.Style{}},
		{&st.labelBold, excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&st.fte, excelize.Style{NumFmt: 3}}, // #,##0
		{&st.fteBold, excelize.Style{NumFmt: 3, Font: &excelize.Font{Bold: true}}},
		{&st.share, excelize.Style{CustomNumFmt: &share}},
		{&st.shareBold, excelize.Style{CustomNumFmt: &share, Font: &excelize.Font{Bold: true}}},
		{&st.decimal, excelize.Style{CustomNumFmt: &dec}},
		{&st.plain, excelize.Style{NumFmt: 1}}, // 0: years and codes
	} {
		id, err := f.NewStyle(&s.style)
		if err != nil {
			return nil, err
		}
		*s.id = id
	}
	return &st, nil
}

// table writes one sheet: a title and a note, a header row, then rows;
// finish freezes the rows above the data and the label columns, and sets
// an autofilter over the header and the data.
type table struct {
	f      *excelize.File
	sw     *excelize.StreamWriter
	sheet  string
	st     *styles
	row    int // the last row written
	header int // the header's row
	labels int // label columns, frozen
	cols   int
}

// start writes the title and note (none when title is ""), sets the
// column widths and the frozen panes, and writes the header; labels is
// the number of label columns at the left.
func (t *table) start(title, note string, labels int, widths []float64, header []string) error {
	t.labels, t.cols = labels, len(header)
	t.header = 1
	if title != "" {
		t.header = 4
	}
	for i, wd := range widths {
		if err := t.sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	top, _ := excelize.CoordinatesToCellName(labels+1, t.header+1)
	if err := t.sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: labels, YSplit: t.header, TopLeftCell: top, ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: "bottomRight"}}}); err != nil {
		return err
	}
	if title != "" {
		if err := t.put(excelize.Cell{StyleID: t.st.title, Value: title}); err != nil {
			return err
		}
		if err := t.put(excelize.Cell{StyleID: t.st.note, Value: note}); err != nil {
			return err
		}
		t.row++
	}
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = excelize.Cell{StyleID: t.st.header, Value: h}
	}
	return t.put(cells...)
}

// put writes the next row.
func (t *table) put(cells ...any) error {
	t.row++
	cell, _ := excelize.CoordinatesToCellName(1, t.row)
	return t.sw.SetRow(cell, cells)
}

func (t *table) finish() error {
	if err := t.sw.Flush(); err != nil {
		return err
	}
	if t.cols == 0 {
		return nil
	}
	from, _ := excelize.CoordinatesToCellName(1, t.header)
	to, _ := excelize.CoordinatesToCellName(t.cols, max(t.row, t.header))
	return t.f.AutoFilter(t.sheet, from+":"+to, nil)
}

// sheetNames makes sheet names Excel accepts: without : \ / ? * [ ], at
// most 31 characters, and unique regardless of case (a repeat gets its
// code, or a number, added).
type sheetNames map[string]bool

func newSheetNames() sheetNames { return sheetNames{} }

func (s sheetNames) add(name, code string) string {
	clean := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, name)
	clean = strings.Trim(strings.TrimSpace(clean), "'")
	if clean == "" {
		clean = code
	}
	take := func(base, suffix string) (string, bool) {
		cand := truncate16(base, excelize.MaxSheetNameLength-len(suffix)) + suffix
		if s[strings.ToLower(cand)] {
			return "", false
		}
		s[strings.ToLower(cand)] = true
		return cand, true
	}
	if got, ok := take(clean, ""); ok {
		return got
	}
	if code != "" && code != clean {
		if got, ok := take(clean, " ("+code+")"); ok {
			return got
		}
	}
	for n := 2; ; n++ {
		if got, ok := take(clean, fmt.Sprintf(" (%d)", n)); ok {
			return got
		}
	}
}

// truncate16 cuts s to at most n UTF-16 code units, as Excel counts a
// sheet name.
func truncate16(s string, n int) string {
	used := 0
	for i, r := range s {
		k := utf16.RuneLen(r)
		if k < 0 {
			k = 1
		}
		if used+k > n {
			return s[:i]
		}
		used += k
	}
	return s
}

// fte rounds an FTE or a number of persons to 0.1 for the sheets; the
// format shows whole numbers.
func fte(v float64) float64 { return math.Round(v*10) / 10 }

// shareOf is a / b rounded to 0.01 %, or nil when b is 0.
func shareOf(a, b float64) any {
	if b == 0 {
		return nil
	}
	return math.Round(a/b*1e4) / 1e4
}
