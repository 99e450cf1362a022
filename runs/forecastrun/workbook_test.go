package forecastrun_test

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/runs/forecastrun"
	"github.com/caregap/caregap/runs/labels"
	"github.com/xuri/excelize/v2"
)

// smallRun forecasts two Dalarna municipalities, given by name, under
// base and full-time to 2030 with 10 draws.
func smallRun(t *testing.T) *forecastrun.Run {
	t.Helper()
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	plan, err := forecastrun.Prepare(forecastrun.Spec{Bundle: b, Regions: []string{"falun", "Gagnef"},
		Scenarios: shipped(t, "base", "full-time"), ToYear: 2030, Draws: 10})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(plan.Regions, []string{"2080", "2026"}) {
		t.Fatalf("regions %v, want the codes of Falun and Gagnef", plan.Regions)
	}
	run, err := plan.Run(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func openBook(t *testing.T, b *forecastrun.Book, lang labels.Lang) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := forecastrun.WriteWorkbook(&buf, b, lang); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// sheet is a sheet's raw cells: the header row (found by its first cell)
// and the rows below it.
type sheet struct {
	head []string
	rows [][]string
	at   int // 1-based row of the header
}

func readSheet(t *testing.T, f *excelize.File, name, first string) sheet {
	t.Helper()
	rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("sheet %s: %v", name, err)
	}
	for i, r := range rows {
		if len(r) > 1 && r[0] == first {
			return sheet{head: r, rows: rows[i+1:], at: i + 1}
		}
	}
	t.Fatalf("sheet %s: no header starting %q", name, first)
	return sheet{}
}

// number parses a raw cell; "" is NaN.
func number(t *testing.T, s string) float64 {
	t.Helper()
	if s == "" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("cell %q: %v", s, err)
	}
	return v
}

// near: the sheets round FTE and persons to 0.1.
func near(a, b float64) bool { return math.Abs(a-b) <= 0.05+1e-9*math.Abs(b) }

// TestWorkbookRegionSheets: every number on a municipality's sheet is its
// forecast rows' value, to the sheet's rounding, under the label the
// sheet gives it, and its totals over roles are the sums of the rows'
// shortages and surpluses.
func TestWorkbookRegionSheets(t *testing.T) {
	run := smallRun(t)
	f := openBook(t, run.Book(), labels.SV)
	// What each measure of a role reads from a row (the sheet's Swedish
	// labels are part of what is tested).
	field := map[string]func(r *datasets.Forecast) float64{
		"Personalbehov":                func(r *datasets.Forecast) float64 { return r.DemandFTE },
		"Anställda":                    func(r *datasets.Forecast) float64 { return r.Headcount },
		"Effektiv tillgång":            func(r *datasets.Forecast) float64 { return r.EffectiveFTE },
		"Gap (behov − tillgång)":       func(r *datasets.Forecast) float64 { return r.DemandFTE - r.EffectiveFTE },
		"Rekryteringsbehov under året": func(r *datasets.Forecast) float64 { return r.RecruitmentNeed },
	}
	for code, name := range map[string]string{"2080": "Falun", "2026": "Gagnef"} {
		s := readSheet(t, f, name, "Scenario")
		if !slices.Equal(s.head[:4], []string{"Scenario", "Yrkesroll", "Mått", "Enhet"}) || s.head[4] != "2024" || s.head[len(s.head)-1] != "2030" {
			t.Fatalf("%s: header %q", name, s.head)
		}
		type key struct {
			sc, role, measure string
			year              int32
		}
		want := map[key]float64{}
		type tot struct{ short, surplus float64 }
		totals := map[key]*tot{}
		for i := range run.Rows {
			r := &run.Rows[i]
			if r.Region != code {
				continue
			}
			sc := labels.Scenario(labels.SV, r.Scenario)
			for m, get := range field {
				want[key{sc, labels.Role(labels.SV, r.Role, ""), m, r.Year}] = get(r)
			}
			k := key{sc, "Alla yrkesroller", "", r.Year}
			if totals[k] == nil {
				totals[k] = &tot{}
			}
			if g := r.DemandFTE - r.EffectiveFTE; g > 0 {
				totals[k].short += g
			} else {
				totals[k].surplus -= g
			}
		}
		seen := 0
		for _, row := range s.rows {
			for j := 4; j < len(s.head) && j < len(row); j++ {
				year, _ := strconv.Atoi(s.head[j])
				got := number(t, row[j])
				if row[1] == "Alla yrkesroller" {
					tt := totals[key{row[0], row[1], "", int32(year)}]
					switch row[2] {
					case "Brist":
						if !near(got, tt.short) {
							t.Errorf("%s %s %d: shortage %g, rows sum to %g", name, row[0], year, got, tt.short)
						}
					case "Överskott":
						if !near(got, tt.surplus) {
							t.Errorf("%s %s %d: surplus %g, rows sum to %g", name, row[0], year, got, tt.surplus)
						}
					}
					continue
				}
				w, ok := want[key{row[0], row[1], row[2], int32(year)}]
				if !ok {
					t.Fatalf("%s: a row %q that no forecast row explains", name, row[:4])
				}
				if !near(got, w) {
					t.Errorf("%s %q %d: %g, forecast row %g", name, row[:3], year, got, w)
				}
				seen++
			}
		}
		if seen != len(want) {
			t.Errorf("%s: %d role values on the sheet, %d in the forecast rows", name, seen, len(want))
		}
	}
}

// TestWorkbookSummary: the summary's shortage and surplus of each
// scenario, role and year are the sums of the positive and negative gaps
// of the region cells, and the net gap their difference.
func TestWorkbookSummary(t *testing.T) {
	run := smallRun(t)
	f := openBook(t, run.Book(), labels.EN)
	if first := f.GetSheetList()[0]; first != "Summary" {
		t.Fatalf("first sheet %q, want Summary", first)
	}
	s := readSheet(t, f, "Summary", "Scenario")
	type key struct {
		sc, role string
		year     int32
	}
	short, surplus := map[key]float64{}, map[key]float64{}
	for _, r := range run.Rows {
		for _, role := range []string{labels.Role(labels.EN, r.Role, ""), "All roles"} {
			k := key{labels.Scenario(labels.EN, r.Scenario), role, r.Year}
			if g := r.DemandFTE - r.EffectiveFTE; g > 0 {
				short[k] += g
			} else {
				surplus[k] -= g
			}
		}
	}
	// 2 scenarios × (7 roles + all roles) × 7 measures.
	if len(s.rows) != 2*8*7 {
		t.Errorf("%d summary rows, want %d", len(s.rows), 2*8*7)
	}
	if !slices.Equal(s.head[4:], []string{"2024", "2030"}) {
		t.Errorf("summary years %q, want the base and the last year", s.head[4:])
	}
	checked := 0
	byRow := map[[3]string][]string{}
	for _, row := range s.rows {
		byRow[[3]string{row[0], row[1], row[2]}] = row
	}
	for _, row := range s.rows {
		for j := 4; j < len(s.head); j++ {
			year, _ := strconv.Atoi(s.head[j])
			k := key{row[0], row[1], int32(year)}
			got := number(t, row[j])
			switch row[2] {
			case "Shortage":
				if !near(got, short[k]) {
					t.Errorf("%v: shortage %g, region cells sum to %g", k, got, short[k])
				}
				checked++
			case "Surplus":
				if !near(got, surplus[k]) {
					t.Errorf("%v: surplus %g, region cells sum to %g", k, got, surplus[k])
				}
				checked++
			case "Net gap (shortage − surplus)":
				if !near(got, short[k]-surplus[k]) {
					t.Errorf("%v: net %g, want %g", k, got, short[k]-surplus[k])
				}
			}
		}
	}
	if checked != 2*2*8*2 {
		t.Errorf("%d shortage and surplus cells checked, want %d", checked, 2*2*8*2)
	}
}

// TestWorkbookDrivers: on the drivers sheet, the drivers of a scenario,
// municipality (or all of them) and role sum to its net gap in the
// forecast rows, each year.
func TestWorkbookDrivers(t *testing.T) {
	run := smallRun(t)
	f := openBook(t, run.Book(), labels.SV)
	s := readSheet(t, f, "Drivkrafter", "Scenario")
	type key struct {
		sc, region, role string
		year             int
	}
	gap := map[key]float64{}
	all := "Alla (2 kommuner: Falun, Gagnef)"
	for _, r := range run.Rows {
		name := map[string]string{"2080": "Falun", "2026": "Gagnef"}[r.Region]
		for _, region := range []string{name, all} {
			for _, role := range []string{labels.Role(labels.SV, r.Role, ""), "Alla yrkesroller"} {
				gap[key{labels.Scenario(labels.SV, r.Scenario), region, role, int(r.Year)}] += r.DemandFTE - r.EffectiveFTE
			}
		}
	}
	sum, n := map[key]float64{}, map[key]int{}
	for _, row := range s.rows {
		for j := 4; j < len(s.head); j++ {
			year, _ := strconv.Atoi(s.head[j])
			k := key{row[0], row[1], row[2], year}
			sum[k] += number(t, row[j])
			n[k]++
		}
	}
	if len(sum) != 2*3*8*2 {
		t.Errorf("%d scenario × municipality × role × year groups, want %d", len(sum), 2*3*8*2)
	}
	for k, v := range sum {
		g, ok := gap[k]
		if !ok || math.Abs(v-g) > 0.05*float64(n[k])+1e-6 {
			t.Errorf("%v: drivers sum to %g, the net gap is %g", k, v, g)
		}
	}
}

// TestWorkbookLayout: sheet names localised and valid, frozen header rows
// and label columns, autofilters, widths and number formats on every
// sheet.
func TestWorkbookLayout(t *testing.T) {
	run := smallRun(t)
	for _, tc := range []struct {
		lang   labels.Lang
		sheets []string
		role   string
	}{
		{labels.SV, []string{"Sammanfattning", "Falun", "Gagnef", "Drivkrafter", "Osäkerhet", "Data"}, "Undersköterska"},
		{labels.EN, []string{"Summary", "Falun", "Gagnef", "Drivers", "Uncertainty", "Data"}, "Assistant nurse"},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			f := openBook(t, run.Book(), tc.lang)
			if got := f.GetSheetList(); !slices.Equal(got, tc.sheets) {
				t.Fatalf("sheets %q, want %q", got, tc.sheets)
			}
			filters := map[string]string{}
			for _, d := range f.GetDefinedName() {
				if d.Name == "_xlnm._FilterDatabase" {
					filters[d.Scope] = d.RefersTo
				}
			}
			for _, name := range tc.sheets {
				s := readSheet(t, f, name, "Scenario")
				panes, err := f.GetPanes(name)
				if err != nil || !panes.Freeze || panes.YSplit != s.at || panes.XSplit < 4 {
					t.Errorf("%s: panes %+v (%v), want the rows to %d and the label columns frozen", name, panes, err, s.at)
				}
				if ref := filters[name]; !strings.Contains(ref, "$A$"+strconv.Itoa(s.at)+":") {
					t.Errorf("%s: autofilter %q, want one from the header row %d", name, ref, s.at)
				}
				if w, err := f.GetColWidth(name, "A"); err != nil || w < 20 {
					t.Errorf("%s: column A width %g (%v)", name, w, err)
				}
				rows, _ := f.GetRows(name)
				if !slices.ContainsFunc(rows, func(r []string) bool { return slices.Contains(r, tc.role) }) {
					t.Errorf("%s: no row names the role %q", name, tc.role)
				}
				// The first value cell of the first data row is formatted as
				// a whole number with thousands separated.
				cell, _ := excelize.CoordinatesToCellName(len(s.head), s.at+1)
				if name == "Data" || name == tc.sheets[4] {
					continue // decimals and percentages, below
				}
				id, _ := f.GetCellStyle(name, cell)
				if st, err := f.GetStyle(id); err != nil || st.NumFmt != 3 {
					t.Errorf("%s %s: number format %+v, want #,##0 (3)", name, cell, st)
				}
			}
			// Shares are percentages: the summary's share rows.
			s := readSheet(t, f, tc.sheets[0], "Scenario")
			shares := 0
			for i, row := range s.rows {
				if strings.Contains(row[3], map[labels.Lang]string{labels.SV: "andel", labels.EN: "share"}[tc.lang]) {
					cell, _ := excelize.CoordinatesToCellName(5, s.at+1+i)
					id, _ := f.GetCellStyle(tc.sheets[0], cell)
					if st, _ := f.GetStyle(id); st == nil || st.CustomNumFmt == nil || *st.CustomNumFmt != "0.0%" {
						t.Errorf("share cell %s: style %+v, want 0.0%%", cell, st)
					}
					shares++
				}
			}
			if shares != 2*8 {
				t.Errorf("%d share rows on the summary, want one per scenario and role", shares)
			}
		})
	}
}

// TestWorkbookSheetNames: a municipality's sheet is named by it, cut to
// Excel's 31 characters, cleaned of the characters Excel refuses, and
// unique; a municipality without a name gets its code.
func TestWorkbookSheetNames(t *testing.T) {
	rows := func(codes ...string) []datasets.Forecast {
		var out []datasets.Forecast
		for _, c := range codes {
			out = append(out, datasets.Forecast{Scenario: "base", Region: c, Year: 2024, Role: "nurse", DemandFTE: 10, EffectiveFTE: 9})
		}
		return out
	}
	long := "Kommunen med ett mycket långt namn som inte får plats"
	b := &forecastrun.Book{Rows: rows("1", "2", "3", "4", "5"), Regions: []datasets.Region{
		{Region: "1", Name: long}, {Region: "2", Name: long}, {Region: "3", Name: "Data"}, {Region: "4", Name: "Å/ä: ö?"}}}
	f := openBook(t, b, labels.SV)
	got := f.GetSheetList()
	want := []string{"Sammanfattning", "", "", "Data (3)", "Å-ä- ö-", "5", "Data"}
	if len(got) != len(want) {
		t.Fatalf("sheets %q", got)
	}
	seen := map[string]bool{}
	for i, g := range got {
		if n := len([]rune(g)); n > 31 || seen[strings.ToLower(g)] || strings.ContainsAny(g, `:\/?*[]`) {
			t.Errorf("sheet %q: %d characters, repeated %v", g, n, seen[strings.ToLower(g)])
		}
		seen[strings.ToLower(g)] = true
		if want[i] != "" && g != want[i] {
			t.Errorf("sheet %d %q, want %q", i, g, want[i])
		}
	}
	if got[1] != string([]rune(long)[:31]) || got[2] != string([]rune(long)[:27])+" (2)" {
		t.Errorf("long names %q, %q", got[1], got[2])
	}
}

// TestReadBook: a run directory's Parquet files read back into the rows
// the run wrote.
func TestReadBook(t *testing.T) {
	run := smallRun(t)
	dir := t.TempDir()
	if _, err := run.Write(dir, 0o755, forecastrun.Files{}); err != nil {
		t.Fatal(err)
	}
	b, err := forecastrun.ReadBook(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(b.Rows, run.Rows) || !slices.Equal(b.Drivers, run.Drivers) || !slices.Equal(b.Bands, run.BandSet) {
		t.Errorf("read back: rows %v, drivers %v, bands %v", slices.Equal(b.Rows, run.Rows), slices.Equal(b.Drivers, run.Drivers),
			slices.Equal(b.Bands, run.BandSet))
	}
	if b.Regions != nil || b.Roles != nil || b.Title != "" {
		t.Error("ReadBook filled what the caller gives")
	}
}
