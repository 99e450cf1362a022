package web

import (
	"github.com/caregap/caregap/web/i18n"
)

// chartSpec is what app.js draws a chart from: kind "lines" (series over
// years, with an optional p10-p90 band), "bars" (series over
// categories) or "waterfall" (steps from a total to a total). The same
// numbers are in the table under the chart.
type chartSpec struct {
	Kind        string            `json:"kind"`
	Title       string            `json:"title"`
	Description string            `json:"description"`
	X           []string          `json:"x"`
	Unit        string            `json:"unit"`
	Decimals    int               `json:"decimals"`
	YName       string            `json:"yName"`
	File        string            `json:"file"`
	Series      []chartSeries     `json:"series,omitempty"`
	Band        *chartBand        `json:"band,omitempty"`
	Steps       []waterfallStep   `json:"steps,omitempty"`
	Labels      map[string]string `json:"labels"`
}

type chartSeries struct {
	Name   string    `json:"name"`
	Data   []float64 `json:"data"`
	Color  string    `json:"color"`
	Dashed bool      `json:"dashed,omitempty"`
}

type chartBand struct {
	Name  string    `json:"name"`
	Low   []float64 `json:"low"`
	High  []float64 `json:"high"`
	Color string    `json:"color"`
}

// waterfallStep is a total (a bar from zero) or a change from the
// running total.
type waterfallStep struct {
	Value float64 `json:"value"`
	Total bool    `json:"total,omitempty"`
}

// Colours of the series, each with a contrast of at least 3:1 against
// white (WCAG 1.4.11): demand, effective supply, gap, shortage, surplus.
const (
	colDemand   = "#0b4f8a"
	colSupply   = "#6a3d9a"
	colGap      = "#5a4500"
	colShortage = "#a3162a"
	colSurplus  = "#1d5f2f"
	colBand     = "#8a6d00"
)

// chartBox is a chart with its caption, its spec and the table of its
// numbers, as the "chart" template draws it.
type chartBox struct {
	ID    string
	Spec  *chartSpec
	Table *table
	Note  string
}

// table is a table of numbers under a chart: its text alternative.
type table struct {
	Caption string
	Head    []string
	Rows    [][]tcell
}

type tcell struct {
	Text   string
	Num    bool
	Header bool   // a row header (th scope=row)
	Class  string // "short" or "surplus"
}

func (v *view) chartLabels() map[string]string {
	return map[string]string{"png": v.T("chart.png"), "svg": v.T("chart.svg"),
		"total": v.T("chart.total"), "up": v.T("chart.up"), "down": v.T("chart.down")}
}

// cellNum is a number cell in the view's language.
func (v *view) cellNum(x float64, dec int) tcell {
	return tcell{Text: i18n.Number(v.Lang, x, dec), Num: true}
}
