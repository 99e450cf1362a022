package datasets

import (
	"strconv"
	"strings"
)

// Measures of the actuals dataset: what a municipality follows up of its
// plan. Rates are shares 0..1; the others are counts of persons.
const (
	MeasureSickLeaveRate = "sick_leave_rate"         // share of contracted time lost to sick leave
	MeasureHeadcount     = "headcount"               // staff employed (persons)
	MeasureStarted       = "placements_started"      // placements started in the period (a cohort)
	MeasureEmployed6m    = "placements_employed_6m"  // of the period's cohort, still employed after 6 months
	MeasureEmployed12m   = "placements_employed_12m" // of the period's cohort, still employed after 12 months
)

// Measures lists the measures of the actuals dataset.
var Measures = []string{MeasureSickLeaveRate, MeasureHeadcount, MeasureStarted, MeasureEmployed6m, MeasureEmployed12m}

// Actual is one row of actuals.parquet: a measure a municipality reported
// for a year ("2025") or a month ("2025-03"). Value is a decimal number
// as text, or empty when the figure was not reported (a null in Kolada):
// a missing figure is never 0. Role is empty when the figure covers all
// roles.
type Actual struct {
	Region  string `parquet:"region,dict"`
	Period  string `parquet:"period,dict"`
	Measure string `parquet:"measure,dict"`
	Role    string `parquet:"role,dict"`
	Value   string `parquet:"value,plain"`
	Source  string `parquet:"source,dict"`
	Status  string `parquet:"status,dict"`
}

// Number returns the value and true, or 0 and false when the figure was
// not reported.
func (a *Actual) Number() (float64, bool) {
	if a.Value == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(a.Value, 64)
	return v, err == nil
}

// Year and Month split the period; Month is 0 for a yearly figure.
func (a *Actual) Year() int { y, _ := strconv.Atoi(a.Period[:4]); return y }

// Month is the period's month 1..12, or 0 for a yearly figure.
func (a *Actual) Month() int {
	if len(a.Period) < 7 {
		return 0
	}
	m, _ := strconv.Atoi(a.Period[5:])
	return m
}

// FollowupRow is one row of followup.parquet: an actual against a
// forecast run's path. Forecast is the path's value of the measure;
// GapEffectFTE is how much the run's gap would change had the run met the
// actual (positive: a larger gap); P10 and P90 bound the run's gap over
// its draws, and Band says whether the gap with the actual lies inside.
type FollowupRow struct {
	Measure      string  `parquet:"measure,dict"`
	Scenario     string  `parquet:"scenario,dict"`
	Region       string  `parquet:"region,dict"`
	Year         int32   `parquet:"year"`
	Role         string  `parquet:"role,dict"`
	Months       int32   `parquet:"months"`
	Actual       float64 `parquet:"actual"`
	Forecast     float64 `parquet:"forecast"`
	Deviation    float64 `parquet:"deviation"`
	GapEffectFTE float64 `parquet:"gap_effect_fte"`
	P10          float64 `parquet:"p10_fte"`
	P90          float64 `parquet:"p90_fte"`
	Band         string  `parquet:"band,dict"`
}

// Band values of FollowupRow.
const (
	BandInside  = "inside"
	BandOutside = "outside"
	BandNone    = "no_band"
)

const numberPattern = `-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?`

// registerFollowup registers the datasets of the follow-up of actuals.
func registerFollowup(set *schemaSet) {
	period := colCode("period", "Year YYYY or month YYYY-MM the figure covers.")
	period.Pattern, period.PatternDoc = `[0-9]{4}(-(0[1-9]|1[0-2]))?`, "a year YYYY or a month YYYY-MM"
	value := colText("value", "The figure as a decimal number; empty when it was not reported (never 0 for a missing figure). Rates are shares 0..1, counts persons ≥ 0.")
	value.Pattern, value.PatternDoc = numberPattern, "a decimal number or empty (not reported)"
	register[Actual](set, Schema{
		Name: "actuals", Doc: "Reported figures a municipality follows up against its plan: sick leave, headcount, placements and their retention (follow-up input).",
		Key: []string{"region", "period", "measure", "role"},
		Columns: []Column{
			municipalityCol("Municipality code, e.g. 2081 (Borlänge)."),
			period,
			colEnum("measure", "What the figure measures; placements_employed_6m and _12m count the period's cohort of placements_started still employed after 6 and 12 months.", Measures...),
			colText("role", "Role code, or empty for all roles."),
			value,
			colText("source", "Where the figure comes from, e.g. kolada:N00000 or hr_system."),
			colText("status", "The source's status of the figure, e.g. Kolada's status string; empty when none."),
		},
	}, func(a *Actual) (string, error) {
		v, ok := a.Number()
		if a.Value != "" && !ok {
			return "value", ruleErr(ErrSyntax, "%q is not a number", a.Value)
		}
		if !ok {
			return "", nil
		}
		switch {
		case a.Measure == MeasureSickLeaveRate && (v < 0 || v > 1):
			return "value", ruleErr(ErrRange, "%s is not a share 0..1", a.Value)
		case a.Measure != MeasureSickLeaveRate && v < 0:
			return "value", ruleErr(ErrRange, "%s is below the minimum 0", a.Value)
		}
		if y := a.Year(); y < 1900 || y > 2100 {
			return "period", ruleErr(ErrRange, "%s is not between 1900 and 2100", a.Period)
		}
		return "", nil
	})
	register[FollowupRow](set, Schema{
		Name: "followup", Doc: "Actuals against a forecast run's path and band, per measure, municipality, year and role (follow-up output).", Output: true,
		Key: []string{"measure", "scenario", "region", "year", "role"},
		Columns: []Column{
			colEnum("measure", "The measure compared.", MeasureSickLeaveRate, MeasureHeadcount),
			colCode("scenario", "Scenario of the forecast run."),
			colCode("region", "Municipality code."),
			yearCol("Year; monthly actuals are averaged over the year's reported months."),
			colCode("role", "Role code, or all_roles when the actual covers all roles."),
			colInt("months", "months", 0, 12, "Reported months averaged; 0 for a yearly figure."),
			colOutput("actual", "-", "The actual: a share for sick_leave_rate, persons for headcount."),
			colOutput("forecast", "-", "The run's value: headcount, or 1 − (effective FTE + supervision FTE) / contracted FTE for sick leave."),
			colOutput("deviation", "-", "Actual minus forecast."),
			colOutput("gap_effect_fte", "FTE", "Change of the run's gap had supply met the actual: −deviation × effective FTE per head for headcount, deviation × contracted FTE for sick leave."),
			colOutput("p10_fte", "FTE", "10th percentile of the run's gap over its draws; 0 without draws."),
			colOutput("p90_fte", "FTE", "90th percentile of the run's gap over its draws; 0 without draws."),
			colEnum("band", "Whether the run's gap plus gap_effect_fte lies inside p10..p90; no_band when the run had no draws.", BandInside, BandOutside, BandNone),
		},
	}, nil)
}

// trimPeriod normalises a Kolada period: a year "2025" or a month.
func trimPeriod(s string) string { return strings.TrimSpace(strings.Trim(s, `"`)) }
