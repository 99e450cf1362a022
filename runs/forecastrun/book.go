package forecastrun

import (
	"errors"
	"io/fs"
	"os"
	"slices"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/runs/labels"
)

// Book is what the planner's spreadsheet shows of a forecast run.
type Book struct {
	Rows    []datasets.Forecast
	Drivers []datasets.GapDriver
	Bands   []datasets.GapBand // nil without draws
	Regions []datasets.Region  // names and groups; codes without a row here are shown as codes
	Roles   []datasets.Role    // the dataset's names, the fallback for roles labels does not know
	// Title says which municipalities ran [empty: named from Rows and
	// Regions in the language written, labels.Municipalities].
	Title string
}

// Book returns the run's book: its rows, drivers and bands with the
// names of the dataset's regions and roles.
func (r *Run) Book() *Book {
	return &Book{Rows: r.Rows, Drivers: r.Drivers, Bands: r.BandSet, Regions: r.Plan.Bundle.Regions, Roles: r.Plan.Bundle.Roles}
}

// ReadBook reads a run directory's forecast.parquet, decomposition.parquet
// and, when present, uncertainty.parquet back into a Book. Regions, Roles
// and Title are left for the caller.
func ReadBook(dir string) (*Book, error) {
	fsys := os.DirFS(dir)
	rows, err := datasets.ReadFile[datasets.Forecast](fsys, "forecast.parquet")
	if err != nil {
		return nil, err
	}
	b := &Book{Rows: rows}
	if b.Drivers, err = readOptional[datasets.GapDriver](fsys, "decomposition.parquet"); err != nil {
		return nil, err
	}
	if b.Bands, err = readOptional[datasets.GapBand](fsys, "uncertainty.parquet"); err != nil {
		return nil, err
	}
	return b, nil
}

// readOptional reads a dataset that a run directory may lack or hold
// without rows; both give nil.
func readOptional[T any](fsys fs.FS, name string) ([]T, error) {
	rows, err := datasets.ReadFile[T](fsys, name)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, datasets.ErrEmpty) {
		return nil, nil
	}
	return rows, err
}

// view is a Book indexed for writing: its scenarios, regions, roles and
// years in order, and the row of each cell.
type view struct {
	b         *Book
	lang      labels.Lang
	scenarios []string
	regions   []string // in the order of b.Regions, then of the rows
	roles     []string // in the order of b.Roles, then of the rows
	years     []int
	cell      map[cellKey]*datasets.Forecast
	names     map[string]datasets.Region
	roleNames map[string]string
	summary   *Summary
}

type cellKey struct {
	scenario, region, role string
	year                   int32
}

func newView(b *Book, lang labels.Lang) *view {
	v := &view{b: b, lang: lang, cell: make(map[cellKey]*datasets.Forecast, len(b.Rows)),
		names: map[string]datasets.Region{}, roleNames: map[string]string{}}
	for _, r := range b.Regions {
		v.names[r.Region] = r
	}
	for _, r := range b.Roles {
		v.roleNames[r.Role] = r.Name
	}
	seenRegion, seenRole := map[string]bool{}, map[string]bool{}
	var regions, roles []string
	for i := range b.Rows {
		r := &b.Rows[i]
		v.cell[cellKey{r.Scenario, r.Region, r.Role, r.Year}] = r
		if !slices.Contains(v.scenarios, r.Scenario) {
			v.scenarios = append(v.scenarios, r.Scenario)
		}
		if !seenRegion[r.Region] {
			seenRegion[r.Region] = true
			regions = append(regions, r.Region)
		}
		if !seenRole[r.Role] {
			seenRole[r.Role] = true
			roles = append(roles, r.Role)
		}
		if !slices.Contains(v.years, int(r.Year)) {
			v.years = append(v.years, int(r.Year))
		}
	}
	slices.Sort(v.years)
	v.regions = ordered(regions, b.Regions, func(r datasets.Region) string { return r.Region })
	v.roles = ordered(roles, b.Roles, func(r datasets.Role) string { return r.Role })
	v.summary = SummariseRows(b.Rows)
	return v
}

// ordered returns codes in the order of list, then those list lacks in
// their own order.
func ordered[T any](codes []string, list []T, code func(T) string) []string {
	out := make([]string, 0, len(codes))
	for _, x := range list {
		if c := code(x); slices.Contains(codes, c) {
			out = append(out, c)
		}
	}
	for _, c := range codes {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// roleName is the human name of role code in the view's language.
func (v *view) roleName(code string) string {
	if code == forecast.AllRoles {
		return v.w().allRoles
	}
	return labels.Role(v.lang, code, v.roleNames[code])
}

// regionName is a municipality's name, or its code when the book has no
// name for it.
func (v *view) regionName(code string) string {
	if r, ok := v.names[code]; ok && r.Name != "" {
		return r.Name
	}
	return code
}

// title is the book's title, or the municipalities of its rows named in
// the view's language.
func (v *view) title() string {
	if v.b.Title != "" {
		return v.b.Title
	}
	ms := make([]labels.Municipality, len(v.regions))
	for i, c := range v.regions {
		ms[i] = labels.Municipality{Code: c, Name: v.names[c].Name}
	}
	return labels.Municipalities(v.lang, ms, len(v.b.Regions))
}

// milestones are the years the summary and the drivers show: the base
// year, each multiple of five at least three years after it and before
// the last year, and the last year.
func milestones(years []int) []int {
	if len(years) == 0 {
		return nil
	}
	first, last := years[0], years[len(years)-1]
	out := []int{first}
	for _, y := range years[1:] {
		if y%5 == 0 && y >= first+3 && y <= last-3 {
			out = append(out, y)
		}
	}
	if last != first {
		out = append(out, last)
	}
	return out
}

// baseScenario is the scenario the others are compared with: "base" when
// it ran, else the first.
func baseScenario(scenarios []string) string {
	if slices.Contains(scenarios, "base") {
		return "base"
	}
	if len(scenarios) == 0 {
		return ""
	}
	return scenarios[0]
}
