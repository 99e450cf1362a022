package web

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The charts and tables of the training page. A count the API hides
// ("< 5", or "suppressed" where the others would give it away) is drawn
// as a gap in its chart (null) and written in its table as "< 5" or "–",
// never as a number.

// trainingSpec is a chart as app.js draws it (the shape of chartSpec),
// with series that may have gaps.
type trainingSpec struct {
	Kind        string            `json:"kind"`
	Title       string            `json:"title"`
	Description string            `json:"description"`
	X           []string          `json:"x"`
	Unit        string            `json:"unit"`
	Decimals    int               `json:"decimals"`
	YName       string            `json:"yName"`
	File        string            `json:"file"`
	Series      []gapSeries       `json:"series"`
	Labels      map[string]string `json:"labels"`
}

type gapSeries struct {
	Name  string     `json:"name"`
	Data  []*float64 `json:"data"` // nil: a hidden count
	Color string     `json:"color"`
}

// chartBox2 is a chart with gaps, its table and a note, as the "chart"
// template draws it.
type chartBox2 struct {
	ID    string
	Spec  *trainingSpec
	Table *table
	Note  string
}

// Colours of the progress series, each at least 3:1 against white.
const (
	colCompleted  = "#1d5f2f"
	colDropped    = "#a3162a"
	colInProgress = "#0b4f8a"
	colStalled    = "#8a5a00"
	colTarget     = "#5a4500"
	colExpected   = "#6a3d9a"
)

// cellCount writes a count: the number, "< 5" for a small one, "–" for
// one hidden so that the others do not give a small one away.
func (v *view) cellCount(c *count) tcell {
	switch {
	case c == nil:
		return tcell{Text: "–", Num: true}
	case c.Hidden == "< 5":
		return tcell{Text: "< 5", Num: true, Class: "suppressed"}
	case c.Hidden != "":
		return tcell{Text: "–", Num: true, Class: "suppressed"}
	}
	return v.cellNum(float64(c.N), 0)
}

func point(c *count) *float64 {
	if !c.Shown() {
		return nil
	}
	x := float64(c.N)
	return &x
}

// progressChart is the progress per course of one municipality (or of
// all in scope) as bars, with its table.
func (v *view) progressChart(m *regionProgress, courseNames map[string]string, place string) *chartBox2 {
	sp := &trainingSpec{Kind: "bars", Title: v.T("tr.progress.chart", place), Description: v.T("tr.progress.desc", place),
		YName: v.T("tr.people"), File: "training-progress", Labels: v.chartLabels()}
	t := &table{Caption: v.T("tr.progress.caption", place),
		Head: []string{v.T("tr.course"), v.T("tr.begun"), v.T("tr.completed"), v.T("tr.dropped"), v.T("tr.inprogress"), v.T("tr.stalled")}}
	ser := []gapSeries{{Name: v.T("tr.completed"), Color: colCompleted}, {Name: v.T("tr.dropped"), Color: colDropped},
		{Name: v.T("tr.inprogress"), Color: colInProgress}, {Name: v.T("tr.stalled"), Color: colStalled}}
	hidden := false
	for _, c := range m.Courses {
		name := v.courseName(c.Course, courseNames)
		sp.X = append(sp.X, v.courseShort(c.Course, name))
		for i, n := range []*count{c.Completed, c.Dropped, c.InProgress, c.Stalled} {
			ser[i].Data = append(ser[i].Data, point(n))
		}
		for _, n := range []*count{c.Begun, c.Completed, c.Dropped, c.InProgress, c.Stalled} {
			hidden = hidden || !n.Shown()
		}
		t.Rows = append(t.Rows, []tcell{{Text: name, Header: true}, v.cellCount(c.Begun), v.cellCount(c.Completed),
			v.cellCount(c.Dropped), v.cellCount(c.InProgress), v.cellCount(c.Stalled)})
	}
	sp.Series = ser
	b := &chartBox2{ID: "chart-progress", Spec: sp, Table: t}
	if hidden {
		b.Note = v.T("tr.suppressednote")
	}
	return b
}

// placesTable is the certificates and moves of each municipality.
func (v *view) placesTable(ms []*regionProgress, names map[string]string) *table {
	t := &table{Caption: v.T("tr.places.caption"), Head: []string{v.T("tr.muni"), v.T("tr.certificates"), v.T("tr.movedaway")}}
	for _, m := range ms {
		t.Rows = append(t.Rows, []tcell{{Text: nameOf(names, m.Municipality), Header: true}, v.cellCount(m.Certificates), v.cellCount(m.MovedAway)})
	}
	return t
}

// forecastChart is the certificates expected by the horizon per
// municipality with the band, against the target.
func (v *view) forecastChart(fc *certificateForecast, names map[string]string) *chartBox2 {
	level := v.Num(fc.Level*100, 0)
	sp := &trainingSpec{Kind: "bars", Title: v.T("tr.fc.chart", fc.Horizon), Description: v.T("tr.fc.desc", fc.Horizon, level),
		YName: v.T("tr.certs"), File: "training-certificates", Labels: v.chartLabels()}
	t := &table{Caption: v.T("tr.fc.caption", fc.Horizon, level),
		Head: []string{v.T("tr.muni"), v.T("tr.issued"), v.T("tr.expected"), v.T("tr.band", level), v.T("tr.target"), v.T("tr.pace"), v.T("tr.targetdate")}}
	ser := []gapSeries{{Name: v.T("tr.expected"), Color: colExpected}, {Name: v.T("tr.bandlo"), Color: colInProgress},
		{Name: v.T("tr.bandhi"), Color: colCompleted}, {Name: v.T("tr.target"), Color: colTarget}}
	rows := fc.Municipalities
	if fc.Total != nil {
		rows = append(rows[:len(rows):len(rows)], fc.Total)
	}
	hidden := false
	for _, m := range rows {
		name := v.T("tr.total")
		if m != fc.Total {
			name = nameOf(names, m.Municipality)
		}
		sp.X = append(sp.X, name)
		for i, x := range []float64{m.Expected, m.Lo, m.Hi, float64(m.Target)} {
			ser[i].Data = append(ser[i].Data, &x)
		}
		pace, paceHidden := v.paceText(m.Pace)
		date := m.TargetByPace
		switch {
		case date == "suppressed" || date == "< 5":
			date, paceHidden = "–", true
		case date == "":
			date = v.T("tr.notbyhorizon")
		}
		hidden = hidden || !m.Issued.Shown() || paceHidden
		t.Rows = append(t.Rows, []tcell{{Text: name, Header: true}, v.cellCount(m.Issued), v.cellNum(m.Expected, 0),
			{Text: v.Num(m.Lo, 0) + "–" + v.Num(m.Hi, 0), Num: true}, v.cellNum(float64(m.Target), 0), {Text: pace, Num: true}, {Text: date}})
	}
	sp.Series = ser
	b := &chartBox2{ID: "chart-certificates", Spec: sp, Table: t, Note: v.T("tr.fc.note")}
	if hidden {
		b.Note += " " + v.T("tr.suppressednote")
	}
	return b
}

// paceText is the pace of certificates per month, or "< 5" (per twelve
// months) when the API hides it.
func (v *view) paceText(raw json.RawMessage) (string, bool) {
	var x float64
	if json.Unmarshal(raw, &x) == nil {
		return v.Num(x, 1), false
	}
	var s string
	if json.Unmarshal(raw, &s) == nil && strings.HasPrefix(s, "< 5") {
		return v.T("tr.pacesmall"), true
	}
	return "–", true
}

// courseName names a course of the programme in the view's language:
// the catalogue's name of a course of the embedded programme, else the
// programme's own name.
func (v *view) courseName(code string, names map[string]string) string {
	key := ""
	switch code {
	case "intro":
		key = "tr.c.intro"
	case "course1":
		key = "tr.c.course1"
	case "course2":
		key = "tr.c.course2"
	case "course3":
		key = "tr.c.course3"
	case "course4":
		key = "tr.c.course4"
	case "course5":
		key = "tr.c.course5"
	}
	if key == "" {
		return nameOf(names, code)
	}
	return v.T(key)
}

// courseShort is a course's short name on a chart's axis: "Kurs 3".
func (v *view) courseShort(code, name string) string {
	if code == "intro" {
		return v.T("tr.cs.intro")
	}
	var n int
	if _, err := fmt.Sscanf(code, "course%d", &n); err == nil && n > 0 {
		return v.T("tr.cs.course", n)
	}
	return name
}
