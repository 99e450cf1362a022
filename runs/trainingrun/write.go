package trainingrun

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/training"
	"github.com/caregap/caregap/runs"
)

// z95 is the normal quantile of 95 % intervals.
const z95 = 1.959963984540054

// StallDays is how long without an activity makes a participant in
// progress stalled in progress.csv.
const StallDays = 60

// AllRegions names the pooled group in the files.
const AllRegions = "all"

// CourseRow is one row of courses.csv.
type CourseRow struct {
	Region, Course                     string
	Participants, Completed, Dropped   int
	InProgress                         int
	Completion3, Completion6           [3]float64 // estimate, lower, upper
	Completion12, Dropout12            [3]float64
	ShareCompleting, MonthlyEnd        float64 // StageFit P and Q
	DurationMonths, DropoutRatePerYear float64
}

// CourseRows returns the rows of courses.csv: pooled first, then per
// municipality, each course in order.
func (r *Run) CourseRows() []CourseRow {
	var out []CourseRow
	groups := append([]training.Group{r.Estimates.Pooled}, r.Estimates.Regions...)
	for _, g := range groups {
		region := g.Region
		if region == "" {
			region = AllRegions
		}
		for _, ce := range g.Courses {
			c := ce.Curve
			row := CourseRow{Region: region, Course: ce.Course, Participants: c.N,
				ShareCompleting: ce.Fit.P, MonthlyEnd: ce.Fit.Q, DurationMonths: ce.Stage.DurationMonths, DropoutRatePerYear: ce.Stage.DropoutRate}
			for i := range c.Times {
				row.Completed += c.Completions[i]
				row.Dropped += c.Dropouts[i]
				row.InProgress += c.Censor[i]
			}
			row.Completion3 = cif(c, 3, true)
			row.Completion6 = cif(c, 6, true)
			row.Completion12 = cif(c, 12, true)
			row.Dropout12 = cif(c, 12, false)
			out = append(out, row)
		}
	}
	return out
}

// cif returns the cumulative incidence of completion (or dropout) by
// months, with its 95 % interval.
func cif(c *training.Curve, months float64, completion bool) [3]float64 {
	t := months * training.DaysPerMonth
	i := -1
	for k, x := range c.Times {
		if x <= t {
			i = k
		}
	}
	if i < 0 {
		return [3]float64{}
	}
	f, se := c.Dropout[i], c.DropoutSE[i]
	if completion {
		f, se = c.Completion[i], c.CompletionSE[i]
	}
	lo, hi := training.LogLogBand(f, se, z95)
	return [3]float64{f, lo, hi}
}

func ff(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }

func writeCSV(path string, header []string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	if err := w.Write(header); err != nil {
		f.Close()
		return err
	}
	if err := w.WriteAll(rows); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// EstimateSummary is summary.json of an estimate run.
type EstimateSummary struct {
	Programme    string `json:"programme"`
	AsOf         string `json:"as_of"`
	Participants int    `json:"participants"`
	InProgress   int    `json:"in_progress"`
	Left         int    `json:"left"`
	Finished     int    `json:"finished"`
	Transfers    int    `json:"transfers"`
	Illustrative bool   `json:"illustrative,omitempty"`
}

// Summary counts the journeys on AsOf.
func (r *Run) Summary() EstimateSummary {
	s := EstimateSummary{Programme: r.Inputs.Programme.Code, AsOf: training.Date(r.AsOf)}
	for _, j := range r.Register.Journeys {
		s.Participants++
		s.Transfers += len(j.Moves)
		switch {
		case j.Finished():
			s.Finished++
		case j.Left != training.NoDay:
			s.Left++
		default:
			s.InProgress++
		}
	}
	return s
}

// WriteEstimate writes the estimate run directory dir atomically:
// courses.csv, curves.csv, progress.csv, training_stages.csv and
// summary.json.
func (r *Run) WriteEstimate(dir string, illustrative bool) error {
	stages, stErr := r.Stages()
	return runs.WriteDir(dir, 0o755, func(stage string) error {
		var rows [][]string
		for _, c := range r.CourseRows() {
			row := []string{c.Region, c.Course, strconv.Itoa(c.Participants), strconv.Itoa(c.Completed), strconv.Itoa(c.Dropped), strconv.Itoa(c.InProgress)}
			for _, v := range [][3]float64{c.Completion3, c.Completion6, c.Completion12, c.Dropout12} {
				row = append(row, ff(v[0]), ff(v[1]), ff(v[2]))
			}
			row = append(row, ff(c.ShareCompleting), ff(c.MonthlyEnd), ff(c.DurationMonths), ff(c.DropoutRatePerYear))
			rows = append(rows, row)
		}
		if err := writeCSV(filepath.Join(stage, "courses.csv"), []string{"region", "course", "participants", "completed", "dropped_out", "in_progress",
			"completion_3m", "completion_3m_lo", "completion_3m_hi", "completion_6m", "completion_6m_lo", "completion_6m_hi",
			"completion_12m", "completion_12m_lo", "completion_12m_hi", "dropout_12m", "dropout_12m_lo", "dropout_12m_hi",
			"share_completing", "monthly_end_probability", "stage_duration_months", "stage_dropout_rate"}, rows); err != nil {
			return err
		}
		rows = rows[:0]
		groups := append([]training.Group{r.Estimates.Pooled}, r.Estimates.Regions...)
		for _, g := range groups {
			region := g.Region
			if region == "" {
				region = AllRegions
			}
			for _, ce := range g.Courses {
				c := ce.Curve
				for i, t := range c.Times {
					if c.Completions[i]+c.Dropouts[i] == 0 {
						continue
					}
					l1, h1 := training.LogLogBand(c.Completion[i], c.CompletionSE[i], z95)
					l2, h2 := training.LogLogBand(c.Dropout[i], c.DropoutSE[i], z95)
					rows = append(rows, []string{region, ce.Course, strconv.Itoa(int(t)), strconv.Itoa(c.AtRisk[i]), strconv.Itoa(c.Completions[i]), strconv.Itoa(c.Dropouts[i]),
						ff(c.Survival[i]), ff(c.SurvivalSE[i]), ff(c.Completion[i]), ff(l1), ff(h1), ff(c.Dropout[i]), ff(l2), ff(h2)})
				}
			}
		}
		if err := writeCSV(filepath.Join(stage, "curves.csv"), []string{"region", "course", "day", "at_risk", "completed", "dropped_out",
			"in_course", "in_course_se", "completion", "completion_lo", "completion_hi", "dropout", "dropout_lo", "dropout_hi"}, rows); err != nil {
			return err
		}
		rows = rows[:0]
		for _, st := range r.Register.Sites {
			pg := r.Register.Progress(st.Region, r.AsOf, StallDays)
			for _, c := range pg.Courses {
				rows = append(rows, []string{st.Region, c.Course, strconv.Itoa(c.InCourse), strconv.Itoa(c.Stalled), strconv.Itoa(c.Completed),
					strconv.Itoa(len(pg.AwaitingCertificate)), strconv.Itoa(pg.Left), strconv.Itoa(pg.Departed.Participants)})
			}
		}
		if err := writeCSV(filepath.Join(stage, "progress.csv"), []string{"region", "course", "in_course", "stalled", "completed",
			"awaiting_certificate", "left", "moved_away"}, rows); err != nil {
			return err
		}
		if stErr == nil {
			if err := datasets.WriteCSV(filepath.Join(stage, "training_stages.csv"), stages); err != nil {
				return err
			}
		}
		s := r.Summary()
		s.Illustrative = illustrative
		return writeJSON(filepath.Join(stage, "summary.json"), s)
	})
}

// ForecastSummary is forecast.json of a forecast run.
type ForecastSummary struct {
	Programme string          `json:"programme"`
	AsOf      string          `json:"as_of"`
	Level     float64         `json:"level"`
	Regions   []TargetSummary `json:"regions"`
	Total     TargetSummary   `json:"total"`
}

// TargetSummary says where a municipality stands against its target.
type TargetSummary struct {
	Region string `json:"region"`
	Target int    `json:"target"`
	Issued int    `json:"issued"`
	// ExpectedByHorizon is the mean cumulative at the horizon, with its
	// band.
	ExpectedByHorizon training.Band `json:"expected_by_horizon"`
	PacePerMonth      float64       `json:"pace_per_month"`
	// TargetByPace is the date the target is reached at today's pace,
	// empty when the pace is zero.
	TargetByPace string `json:"target_by_pace,omitempty"`
	// TargetInForecast is the first month whose expected cumulative
	// reaches the target, empty when none within the horizon.
	TargetInForecast string `json:"target_in_forecast,omitempty"`
}

func (r *Run) targetSummary(rf *training.RegionForecast) TargetSummary {
	fc := r.Forecast
	ts := TargetSummary{Region: rf.Region, Target: rf.Target, Issued: rf.Issued, PacePerMonth: rf.PacePerMonth,
		ExpectedByHorizon: rf.Cumulative[len(rf.Cumulative)-1]}
	if ts.Region == "" {
		ts.Region = AllRegions
	}
	if rf.TargetByPace != training.NoDay {
		ts.TargetByPace = training.Date(rf.TargetByPace)
	}
	if rf.TargetMonth >= 0 {
		ts.TargetInForecast = training.Date(fc.Months[rf.TargetMonth])[:7]
	}
	return ts
}

// ForecastSummary returns forecast.json's content.
func (r *Run) ForecastSummary() ForecastSummary {
	fc := r.Forecast
	s := ForecastSummary{Programme: r.Inputs.Programme.Code, AsOf: training.Date(r.AsOf), Level: fc.Level, Total: r.targetSummary(&fc.Total)}
	for i := range fc.Regions {
		s.Regions = append(s.Regions, r.targetSummary(&fc.Regions[i]))
	}
	return s
}

// WriteForecast writes the forecast run directory dir atomically:
// certificates.csv and forecast.json. It panics when RunForecast has
// not run, a bug of the caller.
func (r *Run) WriteForecast(dir string) error {
	if r.Forecast == nil {
		panic("trainingrun: WriteForecast before RunForecast")
	}
	fc := r.Forecast
	return runs.WriteDir(dir, 0o755, func(stage string) error {
		var rows [][]string
		all := append([]training.RegionForecast{fc.Total}, fc.Regions...)
		for _, rf := range all {
			region := rf.Region
			if region == "" {
				region = AllRegions
			}
			for m, b := range rf.Monthly {
				c := rf.Cumulative[m]
				rows = append(rows, []string{region, training.Date(fc.Months[m])[:7], ff(b.Mean), ff(b.Lo), ff(b.Hi), ff(c.Mean), ff(c.Lo), ff(c.Hi), strconv.Itoa(rf.Target)})
			}
		}
		if err := writeCSV(filepath.Join(stage, "certificates.csv"), []string{"region", "month", "certificates", "certificates_lo", "certificates_hi",
			"cumulative", "cumulative_lo", "cumulative_hi", "target"}, rows); err != nil {
			return err
		}
		return writeJSON(filepath.Join(stage, "forecast.json"), r.ForecastSummary())
	})
}

// PrintForecast writes a table of the forecast to w: per municipality
// the target, issued, expected by the horizon with its band and the date
// the target is reached at today's pace.
func (r *Run) PrintForecast(w io.Writer, names map[string]string) error {
	s := r.ForecastSummary()
	fc := r.Forecast
	_, err := fmt.Fprintf(w, "Certificates of %s, as of %s; expected by %s with a %.0f %% band\n", s.Programme, s.AsOf,
		training.Date(fc.Months[len(fc.Months)-1])[:7], 100*s.Level)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%-18s %7s %7s %22s %10s  %s\n", "municipality", "target", "issued", "expected (band)", "pace/month", "target at today's pace")
	for _, t := range append(s.Regions, s.Total) {
		name := t.Region
		if n, ok := names[t.Region]; ok {
			name = n + " " + t.Region
		}
		when := t.TargetByPace
		if when == "" {
			when = "not at today's pace"
		}
		band := fmt.Sprintf("%.0f (%.0f-%.0f)", t.ExpectedByHorizon.Mean, t.ExpectedByHorizon.Lo, t.ExpectedByHorizon.Hi)
		if _, err := fmt.Fprintf(w, "%-18s %7d %7d %22s %10.1f  %s\n", name, t.Target, t.Issued, band, t.PacePerMonth, when); err != nil {
			return err
		}
	}
	return nil
}
