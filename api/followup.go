package api

import (
	"bytes"
	"errors"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/followup"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/runs/followuprun"
	"github.com/caregap/caregap/runs/forecastrun"
	"github.com/gin-gonic/gin"
)

// FollowupRequest is the JSON body of POST /v1/followups: the forecast
// job to follow up, its scenario (default base, or the run's first) and
// the actuals, rows of the actuals dataset whose value is a number or null
// (not reported; never read as 0).
type FollowupRequest struct {
	Forecast string           `json:"forecast"`
	Scenario string           `json:"scenario"`
	Actuals  []FollowupActual `json:"actuals"`
}

// FollowupActual is one row of the actuals dataset in JSON.
type FollowupActual struct {
	Region  string   `json:"region"`
	Period  string   `json:"period"`
	Measure string   `json:"measure"`
	Role    string   `json:"role"`
	Value   *float64 `json:"value"`
	Source  string   `json:"source"`
	Status  string   `json:"status"`
}

// FollowupItem is one row of the comparison (datasets.FollowupRow).
type FollowupItem struct {
	Measure      string  `json:"measure"`
	Region       string  `json:"region"`
	Year         int32   `json:"year"`
	Role         string  `json:"role"`
	Months       int32   `json:"months"`
	Actual       float64 `json:"actual"`
	Forecast     float64 `json:"forecast"`
	Deviation    float64 `json:"deviation"`
	GapEffectFTE float64 `json:"gap_effect_fte"`
	P10          float64 `json:"p10_fte"`
	P90          float64 `json:"p90_fte"`
	Band         string  `json:"band"`
}

// FollowupMeasure summarises one measure of the actuals.
type FollowupMeasure struct {
	Measure     string   `json:"measure"`
	Periods     []string `json:"periods"`
	NotReported int      `json:"not_reported"`
	Inside      int      `json:"inside"`
	Outside     int      `json:"outside"`
	NoBand      int      `json:"no_band"`
}

// FollowupShare is k of n placements still employed with the Wilson 95 %
// interval.
type FollowupShare struct {
	Employed float64 `json:"employed"`
	Started  float64 `json:"started"`
	Share    float64 `json:"share"`
	Low      float64 `json:"low"`
	High     float64 `json:"high"`
}

// FollowupRetention is the measured placement retention and the
// matched_entrants lever's values it gives.
type FollowupRetention struct {
	Employed6m  *FollowupShare `json:"employed_6m"`  // null without a cohort
	Employed12m *FollowupShare `json:"employed_12m"` // null without a cohort
	Retention1y float64        `json:"retention_1y"`
	Retention3y float64        `json:"retention_3y"`
	Measured    bool           `json:"measured"`
	Default1y   float64        `json:"default_retention_1y"`
	Default3y   float64        `json:"default_retention_3y"`
}

// FollowupResponse answers POST /v1/followups.
type FollowupResponse struct {
	Forecast  string            `json:"forecast"`
	Scenario  string            `json:"scenario"`
	Measures  []FollowupMeasure `json:"measures"`
	Items     []FollowupItem    `json:"items"`
	Retention FollowupRetention `json:"retention"`
}

// createFollowup compares the actuals of the body (CSV with the forecast
// job in the query, or JSON) with a succeeded forecast job the caller
// sees. Every actual must be of a municipality in the caller's scope.
func (s *server) createFollowup(c *gin.Context) {
	p := principal(c)
	var actuals []datasets.Actual
	req := FollowupRequest{Forecast: c.Query("forecast"), Scenario: c.Query("scenario")}
	if c.GetString(ctxMediaType) == mediaCSV {
		data, err := io.ReadAll(c.Request.Body)
		if err != nil {
			writeError(c, err)
			return
		}
		if actuals, err = datasets.ReadCSV[datasets.Actual](bytes.NewReader(data), "actuals.csv"); err != nil {
			writeError(c, err)
			return
		}
	} else {
		if err := decodeJSON(c.Request.Body, &req); err != nil {
			writeError(c, err)
			return
		}
		for _, a := range req.Actuals {
			row := datasets.Actual{Region: a.Region, Period: a.Period, Measure: a.Measure, Role: a.Role, Source: a.Source, Status: a.Status}
			if a.Value != nil {
				row.Value = strconv.FormatFloat(*a.Value, 'g', -1, 64)
			}
			actuals = append(actuals, row)
		}
		if len(actuals) == 0 {
			writeError(c, errorf(KindValidation, "actuals: no rows"))
			return
		}
		if err := datasets.Validate(actuals, "actuals"); err != nil {
			writeError(c, err)
			return
		}
	}
	for i, a := range actuals {
		if !p.InScope(a.Region) {
			writeError(c, errorf(KindForbidden, "actuals row %d: municipality %s is outside the token's scope", i+1, a.Region))
			return
		}
	}
	if req.Forecast == "" {
		writeError(c, errorf(KindValidation, "forecast: the id of a succeeded forecast job is required"))
		return
	}
	j, err := s.job(c.Request.Context(), p, req.Forecast)
	if err != nil {
		writeError(c, err)
		return
	}
	if j.Run == nil {
		writeError(c, errorf(KindConflict, "forecast %q is %s; only succeeded runs can be followed up", j.ID, j.Status))
		return
	}
	rows, err := loadIndexed(s, j.ID, "forecast", func(r *datasets.Forecast) string { return r.Region })
	if err != nil {
		writeError(c, err)
		return
	}
	book := &forecastrun.Book{Rows: rows.rows}
	if slices.Contains(j.Run.Files, "uncertainty") {
		bands, err := loadIndexed(s, j.ID, "uncertainty", func(r *datasets.GapBand) string { return r.Region })
		if err != nil {
			writeError(c, err)
			return
		}
		book.Bands = bands.rows
	}
	res, err := followuprun.Compare(actuals, book, req.Scenario)
	if err != nil {
		writeError(c, followupError(err))
		return
	}
	c.JSON(http.StatusOK, followupResponse(j.ID, res))
}

// followupError gives the comparison's errors the API's kinds.
func followupError(err error) error {
	switch {
	case errors.Is(err, followuprun.ErrNoScenario):
		return &Error{Kind: KindValidation, Detail: "scenario: " + err.Error(), Err: err}
	case errors.Is(err, followup.ErrNoPath), errors.Is(err, followup.ErrCohort):
		return &Error{Kind: KindValidation, Detail: "actuals: " + err.Error(), Err: err}
	}
	return err
}

func followupResponse(id string, r *followuprun.Result) FollowupResponse {
	out := FollowupResponse{Forecast: id, Scenario: r.Scenario, Measures: []FollowupMeasure{}, Items: []FollowupItem{},
		Retention: FollowupRetention{Employed6m: share(r.Retention6m), Employed12m: share(r.Retention12m),
			Retention1y: r.Retention1y, Retention3y: r.Retention3y, Measured: r.Measured,
			Default1y: scenario.DefaultRetention1, Default3y: scenario.DefaultRetention3}}
	for _, m := range r.Measures {
		out.Measures = append(out.Measures, FollowupMeasure{Measure: m.Measure, Periods: append([]string{}, m.Periods...),
			NotReported: m.NotReported, Inside: m.Inside, Outside: m.Outside, NoBand: m.NoBand})
	}
	for _, x := range r.Rows {
		out.Items = append(out.Items, FollowupItem{Measure: x.Measure, Region: x.Region, Year: x.Year, Role: x.Role, Months: x.Months,
			Actual: x.Actual, Forecast: x.Forecast, Deviation: x.Deviation, GapEffectFTE: x.GapEffectFTE, P10: x.P10, P90: x.P90, Band: x.Band})
	}
	return out
}

func share(s followup.Share) *FollowupShare {
	if s.N <= 0 || math.IsNaN(s.P) {
		return nil
	}
	return &FollowupShare{Employed: s.K, Started: s.N, Share: s.P, Low: s.Lo, High: s.Hi}
}
