package chart

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Panel is one role's demand and effective supply by year, in FTE, with
// what a comparison adds to them.
type Panel struct {
	// Role is the role's code, the panel's title when Title is empty.
	Role  string
	Title string
	Years []int
	// Demand and Supply are this scenario's.
	Demand []float64
	Supply []float64
	// BaseDemand and BaseSupply are the base scenario's, drawn in grey
	// beside this scenario's, and its gap beside this one's; nil draws
	// none.
	BaseDemand, BaseSupply []float64
	// GapP10 and GapP90 bound the gap (demand − supply) in 8 draws out of
	// 10, drawn as a band around the gap; nil draws none.
	GapP10, GapP90 []float64
	// YMax is the top of the y scale of demand and supply, so that charts
	// compared with each other share it [0: 5 % above the panel's largest
	// value].
	YMax float64
	// GapMin and GapMax are the y scale of the gap [both 0: the panel's
	// values and zero, with 5 % to spare].
	GapMin, GapMax float64
}

// Words are a figure's texts in its reader's language. Entries with a
// %s take the base scenario's name.
type Words struct {
	Demand, Supply, BaseDemand, BaseSupply string
	Shortage, Surplus                      string
	Gap, BaseGap, Band                     string
	Year, FTE, GapAxis                     string
	// Base names the base scenario in the entries with %s.
	Base string
	// Thousands separates the thousands of tick labels ("" for none).
	Thousands string
}

// English are the words of Write.
var English = Words{
	Demand: "demand", Supply: "effective supply", BaseDemand: "demand, %s", BaseSupply: "effective supply, %s",
	Shortage: "shortage (demand above supply)", Surplus: "surplus (supply above demand)",
	Gap: "gap (demand − supply)", BaseGap: "gap, %s", Band: "gap, P10–P90 of the draws",
	Year: "year", FTE: "FTE", GapAxis: "gap", Base: "base", Thousands: ",",
}

// Figure is one chart: a title, a subtitle, one panel per role and the
// legend of them all, beside the panels.
type Figure struct {
	Title, Subtitle string
	Panels          []Panel
	// Gap draws below each panel the gap, demand − supply, of the scenario
	// and of the base, with the band when the panel has one.
	Gap   bool
	Words Words
}

// Format is an image format.
type Format string

// The formats Write draws.
const (
	PNG Format = "png"
	SVG Format = "svg"
)

var (
	demandColor   = color.RGBA{R: 200, G: 60, B: 40, A: 255}
	supplyColor   = color.RGBA{R: 30, G: 90, B: 170, A: 255}
	baseColor     = color.RGBA{R: 140, G: 140, B: 140, A: 255}
	shortageColor = color.NRGBA{R: 200, G: 60, B: 40, A: 60}
	surplusColor  = color.NRGBA{R: 30, G: 90, B: 170, A: 50}
	gapColor      = color.RGBA{R: 90, G: 40, B: 120, A: 255}
	bandColor     = color.NRGBA{R: 90, G: 40, B: 120, A: 55}
	dashes        = []vg.Length{vg.Points(4), vg.Points(2)}
)

// Write draws the panels in a grid of up to three columns, titled title,
// with the legend in English, and writes the image in format f to w.
func Write(w io.Writer, f Format, title string, panels []Panel) error {
	return Draw(w, f, &Figure{Title: title, Panels: panels, Words: English})
}

// Sizes of a figure.
const (
	tileWidth   = 9 * vg.Centimeter
	tileHeight  = 7 * vg.Centimeter
	gapHeight   = 4.5 * vg.Centimeter
	legendWidth = 7 * vg.Centimeter // at least; wider for long entries
	titleHeight = vg.Centimeter
	subHeight   = 0.7 * vg.Centimeter
)

// Draw draws fig in a grid of up to three columns with the legend to the
// right of the grid, outside every plot, and writes the image in format f
// to w. It panics when a panel's series differ in length from its years.
func Draw(w io.Writer, f Format, fig *Figure) error {
	if len(fig.Panels) == 0 {
		return fmt.Errorf("chart %q: no panels", fig.Title)
	}
	cols := min(3, len(fig.Panels))
	rows := (len(fig.Panels) + cols - 1) / cols
	tileH := tileHeight
	if fig.Gap {
		tileH += gapHeight
	}
	head := titleHeight
	if fig.Subtitle != "" {
		head += subHeight
	}
	leg, names := legend(fig)
	legendW := legendWidth
	for _, n := range names {
		legendW = max(legendW, leg.TextStyle.Width(n)+leg.ThumbnailWidth+3*leg.Padding+4*vg.Millimeter)
	}
	width, height := vg.Length(cols)*tileWidth+legendW, vg.Length(rows)*tileH+head
	var (
		c   draw.Canvas
		out io.WriterTo
	)
	switch f {
	case PNG:
		img := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(110))
		c, out = draw.New(img), vgimg.PngCanvas{Canvas: img}
	case SVG:
		img := vgsvg.New(width, height)
		c, out = draw.New(img), img
	default:
		return fmt.Errorf("chart: unknown format %q", f)
	}
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	sty := draw.TextStyle{Color: color.Black, Font: plot.DefaultFont, XAlign: draw.XCenter, YAlign: draw.YCenter,
		Handler: plot.DefaultTextHandler}
	sty.Font.Size = vg.Points(13)
	mid := (c.Min.X + c.Max.X - legendW) / 2
	c.FillText(sty, vg.Point{X: mid, Y: c.Max.Y - titleHeight/2}, fig.Title)
	if fig.Subtitle != "" {
		sty.Font.Size = vg.Points(10)
		sty.Color = color.Gray{Y: 60}
		c.FillText(sty, vg.Point{X: mid, Y: c.Max.Y - titleHeight - subHeight/2 + vg.Millimeter}, fig.Subtitle)
	}
	for i, pn := range fig.Panels {
		levels, err := levelsPlot(pn, fig.Words, !fig.Gap)
		if err != nil {
			return fmt.Errorf("chart %q, role %s: %w", fig.Title, pn.Role, err)
		}
		x0 := c.Min.X + vg.Length(i%cols)*tileWidth
		y1 := c.Max.Y - head - vg.Length(i/cols)*tileH
		tile := draw.Crop(c, 0, 0, 0, 0)
		tile.Rectangle = vg.Rectangle{Min: vg.Point{X: x0, Y: y1 - tileH}, Max: vg.Point{X: x0 + tileWidth, Y: y1}}
		tile = draw.Crop(tile, vg.Millimeter*2, -vg.Millimeter*3, vg.Millimeter*2, -vg.Millimeter*2)
		if !fig.Gap {
			levels.Draw(tile)
			continue
		}
		gap, err := gapPlot(pn, fig.Words)
		if err != nil {
			return fmt.Errorf("chart %q, role %s: %w", fig.Title, pn.Role, err)
		}
		top, bottom := stack(tile, levels, gap, float64(gapHeight/tileH))
		levels.Draw(top)
		gap.Draw(bottom)
	}
	lc := draw.Crop(c, 0, 0, 0, 0)
	lc.Rectangle = vg.Rectangle{Min: vg.Point{X: c.Max.X - legendW + vg.Millimeter*2, Y: c.Min.Y},
		Max: vg.Point{X: c.Max.X - vg.Millimeter*2, Y: c.Max.Y - head - vg.Centimeter}}
	leg.Draw(lc)
	_, err := out.WriteTo(w)
	return err
}

// stack splits c into a top canvas for a and a bottom one of share of
// its height for b, with their data areas' left and right edges aligned.
func stack(c draw.Canvas, a, b *plot.Plot, share float64) (draw.Canvas, draw.Canvas) {
	split := c.Min.Y + vg.Length(share)*(c.Max.Y-c.Min.Y)
	top, bottom := c, c
	top.Rectangle.Min.Y, bottom.Rectangle.Max.Y = split, split
	da, db := a.DataCanvas(top), b.DataCanvas(bottom)
	left := max(da.Min.X-top.Min.X, db.Min.X-bottom.Min.X)
	right := max(top.Max.X-da.Max.X, bottom.Max.X-db.Max.X)
	top = draw.Crop(top, left-(da.Min.X-top.Min.X), -(right - (top.Max.X - da.Max.X)), 0, 0)
	bottom = draw.Crop(bottom, left-(db.Min.X-bottom.Min.X), -(right - (bottom.Max.X - db.Max.X)), 0, 0)
	return top, bottom
}

// with fills the base scenario's name into s.
func (w Words) with(s string) string {
	if w.Base == "" {
		return s
	}
	return fmt.Sprintf(s, w.Base)
}

func line(years []int, ys []float64, c color.Color, width vg.Length, dash []vg.Length) (*plotter.Line, error) {
	xy := make(plotter.XYs, len(years))
	for i, y := range years {
		xy[i].X, xy[i].Y = float64(y), ys[i]
	}
	l, err := plotter.NewLine(xy)
	if err != nil {
		return nil, err
	}
	l.Color, l.Width, l.Dashes = c, width, dash
	return l, nil
}

func check(pn *Panel) {
	n := len(pn.Years)
	for _, s := range [][]float64{pn.Demand, pn.Supply, pn.BaseDemand, pn.BaseSupply, pn.GapP10, pn.GapP90} {
		if s != nil && len(s) != n {
			panic("chart: length mismatch")
		}
	}
	if len(pn.Demand) != n || len(pn.Supply) != n || (pn.BaseDemand == nil) != (pn.BaseSupply == nil) || (pn.GapP10 == nil) != (pn.GapP90 == nil) {
		panic("chart: length mismatch")
	}
}

func newPlot(pn *Panel, wd Words) *plot.Plot {
	p := plot.New()
	p.X.Tick.Marker = yearTicks{}
	p.Y.Tick.Marker = niceTicks{sep: wd.Thousands}
	p.X.Min, p.X.Max = float64(pn.Years[0]), float64(pn.Years[len(pn.Years)-1])
	p.Add(plotter.NewGrid())
	return p
}

// levelsPlot draws demand and effective supply, the gap between them
// shaded, and the base scenario's lines in grey.
func levelsPlot(pn Panel, wd Words, xLabel bool) (*plot.Plot, error) {
	check(&pn)
	if len(pn.Years) == 0 {
		return nil, fmt.Errorf("no years")
	}
	p := newPlot(&pn, wd)
	p.Title.Text = pn.Title
	if p.Title.Text == "" {
		p.Title.Text = pn.Role
	}
	if xLabel {
		p.X.Label.Text = wd.Year
	}
	p.Y.Label.Text = wd.FTE
	p.Y.Min = 0
	short, surplus := between(pn.Years, pn.Demand, pn.Supply)
	for _, set := range []struct {
		polys []plotter.XYs
		c     color.Color
	}{{short, shortageColor}, {surplus, surplusColor}} {
		for _, xy := range set.polys {
			poly, err := plotter.NewPolygon(xy)
			if err != nil {
				return nil, err
			}
			poly.Color, poly.LineStyle.Width = set.c, 0
			p.Add(poly)
		}
	}
	for _, s := range []struct {
		vals  []float64
		c     color.Color
		width vg.Length
		dash  []vg.Length
	}{
		{pn.BaseDemand, baseColor, vg.Points(1), nil},
		{pn.BaseSupply, baseColor, vg.Points(1), dashes},
		{pn.Demand, demandColor, vg.Points(1.5), nil},
		{pn.Supply, supplyColor, vg.Points(1.5), dashes},
	} {
		if s.vals == nil {
			continue
		}
		l, err := line(pn.Years, s.vals, s.c, s.width, s.dash)
		if err != nil {
			return nil, err
		}
		p.Add(l)
	}
	p.Y.Max = pn.YMax
	if p.Y.Max <= 0 {
		for _, s := range [][]float64{pn.Demand, pn.Supply, pn.BaseDemand, pn.BaseSupply} {
			for _, v := range s {
				p.Y.Max = max(p.Y.Max, v)
			}
		}
		p.Y.Max = max(1, p.Y.Max*1.05)
	}
	p.Y.Min, p.Y.Max = niceRange(p.Y.Min, p.Y.Max)
	return p, nil
}

// gapPlot draws the gap, demand − supply, of the scenario and of the
// base, the band of the draws and the zero line.
func gapPlot(pn Panel, wd Words) (*plot.Plot, error) {
	check(&pn)
	p := newPlot(&pn, wd)
	p.X.Label.Text = wd.Year
	p.Y.Label.Text = wd.GapAxis
	gap := func(d, s []float64) []float64 {
		if d == nil {
			return nil
		}
		g := make([]float64, len(d))
		for i := range d {
			g[i] = d[i] - s[i]
		}
		return g
	}
	g, bg := gap(pn.Demand, pn.Supply), gap(pn.BaseDemand, pn.BaseSupply)
	if pn.GapP10 != nil {
		xy := make(plotter.XYs, 0, 2*len(pn.Years))
		for i, y := range pn.Years {
			xy = append(xy, plotter.XY{X: float64(y), Y: pn.GapP10[i]})
		}
		for i := len(pn.Years) - 1; i >= 0; i-- {
			xy = append(xy, plotter.XY{X: float64(pn.Years[i]), Y: pn.GapP90[i]})
		}
		poly, err := plotter.NewPolygon(xy)
		if err != nil {
			return nil, err
		}
		poly.Color, poly.LineStyle.Width = bandColor, 0
		p.Add(poly)
	}
	zero := make([]float64, len(pn.Years))
	for _, s := range []struct {
		vals  []float64
		c     color.Color
		width vg.Length
	}{{zero, color.Black, vg.Points(0.5)}, {bg, baseColor, vg.Points(1)}, {g, gapColor, vg.Points(1.5)}} {
		if s.vals == nil {
			continue
		}
		l, err := line(pn.Years, s.vals, s.c, s.width, nil)
		if err != nil {
			return nil, err
		}
		p.Add(l)
	}
	p.Y.Min, p.Y.Max = pn.GapMin, pn.GapMax
	if p.Y.Min == 0 && p.Y.Max == 0 {
		lo, hi := 0.0, 0.0
		for _, s := range [][]float64{g, bg, pn.GapP10, pn.GapP90} {
			for _, v := range s {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
		pad := max(1, 0.05*(hi-lo))
		p.Y.Min, p.Y.Max = lo-pad, hi+pad
	}
	p.Y.Min, p.Y.Max = niceRange(p.Y.Min, p.Y.Max)
	return p, nil
}

// legend is the figure's legend: one entry per kind of line and area the
// panels draw; names are the entries' texts.
func legend(fig *Figure) (l plot.Legend, names []string) {
	wd := fig.Words
	var base, band bool
	for _, pn := range fig.Panels {
		base = base || pn.BaseDemand != nil
		band = band || pn.GapP10 != nil
	}
	l = plot.NewLegend()
	l.Top, l.Left = true, true
	l.TextStyle.Font.Size = vg.Points(10)
	l.ThumbnailWidth = vg.Points(24)
	l.Padding = vg.Points(4)
	add := func(name string, c color.Color, width vg.Length, dash []vg.Length) {
		ln := &plotter.Line{LineStyle: draw.LineStyle{Color: c, Width: width, Dashes: dash}}
		l.Add(name, ln)
		names = append(names, name)
	}
	area := func(name string, c color.Color) {
		l.Add(name, &plotter.Polygon{Color: c, LineStyle: draw.LineStyle{Width: 0}})
		names = append(names, name)
	}
	add(wd.Demand, demandColor, vg.Points(1.5), nil)
	add(wd.Supply, supplyColor, vg.Points(1.5), dashes)
	if base {
		add(wd.with(wd.BaseDemand), baseColor, vg.Points(1), nil)
		add(wd.with(wd.BaseSupply), baseColor, vg.Points(1), dashes)
	}
	area(wd.Shortage, shortageColor)
	area(wd.Surplus, surplusColor)
	if fig.Gap {
		add(wd.Gap, gapColor, vg.Points(1.5), nil)
		if base {
			add(wd.with(wd.BaseGap), baseColor, vg.Points(1), nil)
		}
		if band {
			area(wd.Band, bandColor)
		}
	}
	return l, names
}

// between returns the polygons between a and b by year where a is above
// b, and those where b is above a, split where the lines cross.
func between(years []int, a, b []float64) (above, below []plotter.XYs) {
	if len(years) < 2 {
		return nil, nil
	}
	var upper, lower plotter.XYs // the run being built: a's and b's points
	sign := 0
	flush := func() {
		if len(upper) >= 2 && sign != 0 {
			poly := append(plotter.XYs{}, upper...)
			for i := len(lower) - 1; i >= 0; i-- {
				poly = append(poly, lower[i])
			}
			if sign > 0 {
				above = append(above, poly)
			} else {
				below = append(below, poly)
			}
		}
		upper, lower = nil, nil
	}
	for i, y := range years {
		x, d := float64(y), a[i]-b[i]
		s := 0
		switch {
		case d > 0:
			s = 1
		case d < 0:
			s = -1
		}
		if i > 0 && s != 0 && sign != 0 && s != sign {
			// The lines cross between the previous year and this one.
			x0, d0 := float64(years[i-1]), a[i-1]-b[i-1]
			t := d0 / (d0 - d)
			cx, cy := x0+t*(x-x0), a[i-1]+t*(a[i]-a[i-1])
			upper, lower = append(upper, plotter.XY{X: cx, Y: cy}), append(lower, plotter.XY{X: cx, Y: cy})
			flush()
			upper, lower = plotter.XYs{{X: cx, Y: cy}}, plotter.XYs{{X: cx, Y: cy}}
		}
		if s != 0 {
			sign = s
		}
		upper, lower = append(upper, plotter.XY{X: x, Y: a[i]}), append(lower, plotter.XY{X: x, Y: b[i]})
	}
	flush()
	return above, below
}

// niceTicks label the multiples of a round step (1, 2 or 5 times a
// power of ten, at least 1) that give about four labels in the range,
// their thousands separated by sep.
type niceTicks struct{ sep string }

func (t niceTicks) Ticks(from, to float64) []plot.Tick {
	step := niceStep(to - from)
	var ts []plot.Tick
	for k := math.Ceil(from/step - 1e-9); k*step <= to+1e-9*step; k++ {
		v := k * step
		ts = append(ts, plot.Tick{Value: v, Label: thousands(v, t.sep)})
	}
	return ts
}

// niceStep is the step of niceTicks over a range of span.
func niceStep(span float64) float64 {
	if !(span > 0) {
		return 1
	}
	raw := span / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			return max(1, m*mag)
		}
	}
	return max(1, 10*mag)
}

// niceRange widens lo..hi to multiples of its step.
func niceRange(lo, hi float64) (float64, float64) {
	step := niceStep(hi - lo)
	return math.Floor(lo/step+1e-9) * step, math.Ceil(hi/step-1e-9) * step
}

// thousands formats v rounded to a whole number with sep between groups
// of three digits and a minus sign.
func thousands(v float64, sep string) string {
	s := fmt.Sprintf("%.0f", math.Abs(v))
	if sep != "" {
		for i := len(s) - 3; i > 0; i -= 3 {
			s = s[:i] + sep + s[i:]
		}
	}
	if math.Round(v) < 0 {
		return "−" + s
	}
	return s
}

// yearTicks marks every year and labels the first, the last and, between
// them, every year on a step of about a fifth of the span (a multiple of
// 5 years when the span is 10 years or more) not too close to either end.
type yearTicks struct{}

func (yearTicks) Ticks(from, to float64) []plot.Tick {
	lo, hi := int(math.Ceil(from)), int(math.Floor(to))
	span := hi - lo
	step := max(1, (span+4)/5)
	if span >= 10 {
		step = max(5, (step+4)/5*5)
	}
	var ts []plot.Tick
	for y := lo; y <= hi; y++ {
		t := plot.Tick{Value: float64(y)}
		if y == lo || y == hi || (y%step == 0 && y-lo >= (step+1)/2 && hi-y >= (step+1)/2) {
			t.Label = fmt.Sprint(y)
		}
		ts = append(ts, t)
	}
	return ts
}
