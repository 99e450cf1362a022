package followuprun

import (
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/followup"
	"github.com/caregap/caregap/runs"
	"github.com/caregap/caregap/runs/forecastrun"
)

// ErrNoScenario: the forecast run has no rows of the scenario asked for.
var ErrNoScenario = errkind.New(errkind.NotFound, "no such scenario in the forecast run")

// ErrNothingToCompare: no sick-leave or headcount figure was reported, so
// there is no comparison table to write.
var ErrNothingToCompare = errkind.New(errkind.BadInput, "no sick-leave or headcount figure to compare")

// ReadActuals reads an actuals file (.parquet or .csv) or every .parquet
// and .csv file of a directory; the rows of all files must have distinct
// keys.
func ReadActuals(path string) ([]datasets.Actual, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return datasets.ReadFile[datasets.Actual](os.DirFS(filepath.Dir(path)), filepath.Base(path))
	}
	fsys := os.DirFS(path)
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var all []datasets.Actual
	var names []string
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if e.IsDir() || (ext != ".csv" && ext != ".parquet") {
			continue
		}
		rows, err := datasets.ReadFile[datasets.Actual](fsys, e.Name())
		if err != nil {
			return nil, err
		}
		all = append(all, rows...)
		names = append(names, e.Name())
	}
	if len(names) == 0 {
		return nil, &datasets.RowError{File: path, Err: fmt.Errorf("%w: no .parquet or .csv file", datasets.ErrMissingFile)}
	}
	if err := datasets.Validate(all, strings.Join(names, "+")); err != nil {
		return nil, err
	}
	return all, nil
}

// ReadKolada reads the saved Kolada pages of dir with the KPI mapping
// file kpiMap.
func ReadKolada(dir, kpiMap string) ([]datasets.Actual, error) {
	f, err := os.Open(kpiMap)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	kpis, err := datasets.ReadKPIMap(f, filepath.Base(kpiMap))
	if err != nil {
		return nil, err
	}
	return datasets.ReadKoladaDir(os.DirFS(dir), kpis)
}

// MeasureSummary is what the summary says of one measure.
type MeasureSummary struct {
	Measure     string
	Periods     []string // reported periods, sorted
	NotReported int      // figures with a null value
	Inside      int      // compared rows inside the band
	Outside     int
	NoBand      int
}

// Result is a follow-up: the comparison table and the measured retention.
type Result struct {
	Scenario string
	Rows     []datasets.FollowupRow
	Measures []MeasureSummary // in datasets.Measures order, measures with figures only
	// Retention6m and Retention12m are the shares of placements still
	// employed (N = 0 without a cohort).
	Retention6m, Retention12m followup.Share
	// Retention1y and Retention3y are the matched_entrants lever's values
	// from the measured 12-month share, or the defaults when !Measured.
	Retention1y, Retention3y float64
	Measured                 bool
}

// Compare follows up book's scenario (the base scenario, or the run's
// first, when scenario is empty) with actuals.
func Compare(actuals []datasets.Actual, book *forecastrun.Book, scenario string) (*Result, error) {
	if scenario == "" {
		scenario = defaultScenario(book.Rows)
	}
	var path []followup.Cell
	for _, r := range book.Rows {
		if r.Scenario == scenario {
			path = append(path, followup.Cell{Region: r.Region, Year: int(r.Year), Role: r.Role,
				Headcount: r.Headcount, ContractedFTE: r.ContractedFTE, EffectiveFTE: r.EffectiveFTE,
				SupervisionFTE: r.SupervisionFTE, GapFTE: r.GapFTE})
		}
	}
	if len(path) == 0 {
		return nil, fmt.Errorf("%w: %q", ErrNoScenario, scenario)
	}
	var bands []followup.Band
	for _, b := range book.Bands {
		if b.Scenario == scenario {
			bands = append(bands, followup.Band{Region: b.Region, Year: int(b.Year), Role: b.Role, P10: b.P10, P90: b.P90})
		}
	}
	res := &Result{Scenario: scenario}
	sum := map[string]*MeasureSummary{}
	periods := map[string]map[string]bool{}
	var reported []followup.Actual
	for i := range actuals {
		a := &actuals[i]
		s := sum[a.Measure]
		if s == nil {
			s = &MeasureSummary{Measure: a.Measure}
			sum[a.Measure], periods[a.Measure] = s, map[string]bool{}
		}
		v, ok := a.Number()
		if !ok {
			s.NotReported++
			continue
		}
		periods[a.Measure][a.Period] = true
		reported = append(reported, followup.Actual{Region: a.Region, Year: a.Year(), Month: a.Month(), Role: a.Role, Measure: a.Measure, Value: v})
	}
	rows, err := followup.Compare(reported, path, bands)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		res.Rows = append(res.Rows, datasets.FollowupRow{Measure: r.Measure, Scenario: scenario, Region: r.Region, Year: int32(r.Year), Role: r.Role,
			Months: int32(r.Months), Actual: r.Actual, Forecast: r.Forecast, Deviation: r.Deviation, GapEffectFTE: r.GapEffectFTE,
			P10: r.P10, P90: r.P90, Band: r.Band})
		s := sum[r.Measure]
		switch r.Band {
		case followup.Inside:
			s.Inside++
		case followup.Outside:
			s.Outside++
		default:
			s.NoBand++
		}
	}
	if res.Retention6m, res.Retention12m, err = followup.Retention(reported); err != nil {
		return nil, err
	}
	res.Retention1y, res.Retention3y, res.Measured = followup.Lever(res.Retention12m)
	for _, m := range datasets.Measures {
		if s := sum[m]; s != nil {
			for p := range periods[m] {
				s.Periods = append(s.Periods, p)
			}
			slices.Sort(s.Periods)
			res.Measures = append(res.Measures, *s)
		}
	}
	return res, nil
}

// defaultScenario is "base" when the run has it, else the first
// scenario in name order.
func defaultScenario(rows []datasets.Forecast) string {
	first := ""
	for _, r := range rows {
		if r.Scenario == "base" {
			return "base"
		}
		if first == "" || cmp.Less(r.Scenario, first) {
			first = r.Scenario
		}
	}
	return first
}

// Write writes followup.parquet and followup.csv into dir, each
// atomically; a result without compared rows writes nothing and says so.
func (r *Result) Write(dir string) error {
	if len(r.Rows) == 0 {
		return ErrNothingToCompare
	}
	return runs.WriteDir(dir, 0o755, func(stage string) error {
		if err := datasets.WriteParquet(filepath.Join(stage, "followup.parquet"), r.Rows); err != nil {
			return err
		}
		return datasets.WriteCSV(filepath.Join(stage, "followup.csv"), r.Rows)
	})
}
