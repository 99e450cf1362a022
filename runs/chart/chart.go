package chart

import (
	"fmt"
	"image/color"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Panel is one role's demand and effective supply by year, in FTE.
type Panel struct {
	Role   string
	Years  []int
	Demand []float64
	Supply []float64
}

// Format is an image format.
type Format string

// The formats Write draws.
const (
	PNG Format = "png"
	SVG Format = "svg"
)

var (
	demandColor = color.RGBA{R: 200, G: 60, B: 40, A: 255}
	supplyColor = color.RGBA{R: 30, G: 90, B: 170, A: 255}
)

// Write draws the panels in a grid of up to three columns, titled title,
// and writes the image in format f to w.
func Write(w io.Writer, f Format, title string, panels []Panel) error {
	if len(panels) == 0 {
		return fmt.Errorf("chart %q: no panels", title)
	}
	cols := min(3, len(panels))
	rows := (len(panels) + cols - 1) / cols
	plots := make([][]*plot.Plot, rows)
	for i := range plots {
		plots[i] = make([]*plot.Plot, cols)
	}
	for i, pn := range panels {
		p, err := panel(pn)
		if err != nil {
			return fmt.Errorf("chart %q, role %s: %w", title, pn.Role, err)
		}
		plots[i/cols][i%cols] = p
	}
	width, height := vg.Length(cols)*9*vg.Centimeter, vg.Length(rows)*7*vg.Centimeter+vg.Centimeter
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
	body := draw.Crop(c, 0, 0, 0, -vg.Centimeter)
	sty := draw.TextStyle{Color: color.Black, Font: plot.DefaultFont, XAlign: draw.XCenter, YAlign: draw.YCenter,
		Handler: plot.DefaultTextHandler}
	sty.Font.Size = vg.Points(13)
	c.FillText(sty, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Max.Y - vg.Centimeter/2}, title)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
	canvases := plot.Align(plots, tiles, body)
	for i := range plots {
		for j := range plots[i] {
			if plots[i][j] != nil {
				plots[i][j].Draw(canvases[i][j])
			}
		}
	}
	_, err := out.WriteTo(w)
	return err
}

func panel(pn Panel) (*plot.Plot, error) {
	if len(pn.Years) != len(pn.Demand) || len(pn.Years) != len(pn.Supply) {
		panic("chart: length mismatch")
	}
	p := plot.New()
	p.Title.Text = pn.Role
	p.X.Label.Text = "year"
	p.Y.Label.Text = "FTE"
	p.Y.Min = 0
	p.Legend.Top = true
	p.Legend.Left = true
	p.X.Tick.Marker = yearTicks{}
	p.Y.Tick.Marker = wholeTicks{}
	p.Add(plotter.NewGrid())
	for _, s := range []struct {
		name  string
		vals  []float64
		color color.Color
		dash  []vg.Length
	}{
		{"demand", pn.Demand, demandColor, nil},
		{"effective supply", pn.Supply, supplyColor, []vg.Length{vg.Points(4), vg.Points(2)}},
	} {
		xy := make(plotter.XYs, len(pn.Years))
		for i, y := range pn.Years {
			xy[i].X, xy[i].Y = float64(y), s.vals[i]
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width, l.Dashes = s.color, vg.Points(1.5), s.dash
		p.Add(l)
		p.Legend.Add(s.name, l)
	}
	// Headroom above the lines for the legend.
	top := 0.0
	for i := range pn.Years {
		top = max(top, pn.Demand[i], pn.Supply[i])
	}
	p.Y.Max = max(1, top*1.3)
	return p, nil
}

// wholeTicks are gonum's default ticks labelled as whole numbers.
type wholeTicks struct{}

func (wholeTicks) Ticks(min, max float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = fmt.Sprintf("%.0f", ts[i].Value)
		}
	}
	return ts
}

// yearTicks labels whole years, about five of them.
type yearTicks struct{}

func (yearTicks) Ticks(min, max float64) []plot.Tick {
	step := 1
	for (max-min)/float64(step) > 6 {
		step++
	}
	var ts []plot.Tick
	for y := int(min); float64(y) <= max; y++ {
		t := plot.Tick{Value: float64(y)}
		if (y-int(min))%step == 0 {
			t.Label = fmt.Sprint(y)
		}
		ts = append(ts, t)
	}
	return ts
}
