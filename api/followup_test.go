package api

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
)

// TestFollowupAgainstForecastJob follows up a forecast job with draws and
// checks the answer against the job's own rows and bands, fetched from
// the results route: headcount summed over roles, the sick-leave rate as
// 1 − (effective + supervision) / contracted, the band of the gap.
func TestFollowupAgainstForecastJob(t *testing.T) {
	ta := newTestAPI(t, nil)
	j := ta.forecast("planner", `{"scenarios":["base"],"regions":["`+inScope+`"],"to_year":2026,"decomposition":false,"draws":20}`)
	if j.Status != "succeeded" {
		t.Fatalf("forecast: %s %s", j.Status, j.Error)
	}
	pq := ta.do("GET", "/v1/forecasts/"+j.ID+"/results?year=2025", "planner", nil, "Accept", mediaParquet)
	rows, err := datasets.Read[datasets.Forecast](bytes.NewReader(pq.body), int64(len(pq.body)), "forecast.parquet")
	if err != nil {
		t.Fatal(err)
	}
	var hc, gap, contracted, effective, supervision float64
	for _, r := range rows {
		if r.Region != inScope {
			continue
		}
		hc += r.Headcount
		gap += r.GapFTE
		if r.Role == "care_aide" {
			contracted, effective, supervision = r.ContractedFTE, r.EffectiveFTE, r.SupervisionFTE
		}
	}
	bq := ta.do("GET", "/v1/forecasts/"+j.ID+"/results?table=uncertainty&year=2025&region="+inScope+"&role=all_roles", "planner", nil, "Accept", mediaParquet)
	bands, err := datasets.Read[datasets.GapBand](bytes.NewReader(bq.body), int64(len(bq.body)), "uncertainty.parquet")
	if err != nil || len(bands) != 1 {
		t.Fatalf("bands %+v %v", bands, err)
	}
	body := `{"forecast":"` + j.ID + `","actuals":[
		{"region":"1480","period":"2025","measure":"headcount","value":` + ftoa(hc-100) + `,"source":"hr"},
		{"region":"1480","period":"2025-04","measure":"sick_leave_rate","role":"care_aide","value":0.09,"source":"hr"},
		{"region":"1480","period":"2025-05","measure":"sick_leave_rate","role":"care_aide","value":null,"source":"hr","status":"not reported"},
		{"region":"1480","period":"2024","measure":"placements_started","value":20,"source":"programme"},
		{"region":"1480","period":"2024","measure":"placements_employed_12m","value":15,"source":"programme"}]}`
	r := ta.do("POST", "/v1/followups", "planner", strings.NewReader(body), "Content-Type", mediaJSON)
	if r.code != http.StatusOK {
		t.Fatalf("%d %s", r.code, r.body)
	}
	var res FollowupResponse
	if err := json.Unmarshal(r.body, &res); err != nil {
		t.Fatal(err)
	}
	if res.Scenario != "base" || len(res.Items) != 2 {
		t.Fatalf("%s", r.body)
	}
	h, s := res.Items[0], res.Items[1]
	effect := 100 * (sumEff(rows) / hc)
	wantBand := "outside"
	if g := gap + effect; g >= bands[0].P10 && g <= bands[0].P90 {
		wantBand = "inside"
	}
	if h.Measure != "headcount" || math.Abs(h.Forecast-hc) > 1e-6 || math.Abs(h.Deviation+100) > 1e-6 || math.Abs(h.GapEffectFTE-effect) > 1e-6 ||
		h.P10 != bands[0].P10 || h.P90 != bands[0].P90 || h.Band != wantBand {
		t.Errorf("headcount %+v, want forecast %g, effect %g, band %s", h, hc, effect, wantBand)
	}
	if s.Measure != "sick_leave_rate" || s.Months != 1 || math.Abs(s.Forecast-(1-(effective+supervision)/contracted)) > 1e-9 {
		t.Errorf("sick leave %+v", s)
	}
	ret := res.Retention
	if ret.Employed12m == nil || ret.Employed12m.Employed != 15 || ret.Employed12m.Started != 20 || ret.Employed6m != nil || !ret.Measured || math.Abs(ret.Retention1y-0.75) > 1e-12 {
		t.Errorf("retention %+v", ret)
	}
	var sick FollowupMeasure
	for _, m := range res.Measures {
		if m.Measure == "sick_leave_rate" {
			sick = m
		}
	}
	if sick.NotReported != 1 || len(sick.Periods) != 1 {
		t.Errorf("sick leave summary %+v", sick)
	}

	// The same as CSV, the job in the query.
	csvBody := "region,period,measure,role,value,source,status\n1480,2025,headcount,,1000,hr,\n"
	if r := ta.do("POST", "/v1/followups?forecast="+j.ID, "planner", strings.NewReader(csvBody), "Content-Type", mediaCSV); r.code != http.StatusOK {
		t.Errorf("csv: %d %s", r.code, r.body)
	}
	// Refused: another scope's municipality, a job the caller does not
	// see, a bad row, a municipality the run lacks, an officer.
	for _, c := range []struct {
		who, body string
		code      int
		detail    string
	}{
		{"planner", `{"forecast":"` + j.ID + `","actuals":[{"region":"1481","period":"2025","measure":"headcount","value":1}]}`, http.StatusForbidden, "row 1: municipality 1481"},
		{"planner2", `{"forecast":"` + j.ID + `","actuals":[{"region":"1481","period":"2025","measure":"headcount","value":1}]}`, http.StatusNotFound, j.ID},
		{"planner", `{"forecast":"` + j.ID + `","actuals":[{"region":"1480","period":"2025","measure":"sick_leave_rate","value":8.4}]}`, http.StatusBadRequest, "row 1, column value"},
		{"planner", `{"forecast":"` + j.ID + `","actuals":[{"region":"1480","period":"2030","measure":"headcount","value":1}]}`, http.StatusBadRequest, "2030"},
		{"planner", `{"actuals":[{"region":"1480","period":"2025","measure":"headcount","value":1}]}`, http.StatusBadRequest, "forecast"},
		{"officer", `{"forecast":"` + j.ID + `","actuals":[]}`, http.StatusForbidden, ""},
	} {
		r := ta.do("POST", "/v1/followups", c.who, strings.NewReader(c.body), "Content-Type", mediaJSON)
		if r.code != c.code {
			t.Errorf("%s %s: %d %s, want %d", c.who, c.body, r.code, r.body, c.code)
			continue
		}
		if p := r.problem(t); !strings.Contains(p.Detail, c.detail) {
			t.Errorf("%s %s: %q, want it to name %q", c.who, c.body, p.Detail, c.detail)
		}
	}
}

func sumEff(rows []datasets.Forecast) float64 {
	var e float64
	for _, r := range rows {
		if r.Region == inScope {
			e += r.EffectiveFTE
		}
	}
	return e
}

func ftoa(v float64) string { b, _ := json.Marshal(v); return string(b) }
