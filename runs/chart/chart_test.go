package chart

import (
	"bytes"
	"image/png"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"
)

func panels() []Panel {
	return []Panel{
		{Role: "assistant_nurse", Years: []int{2024, 2025, 2026}, Demand: []float64{100, 110, 120}, Supply: []float64{95, 96, 97}},
		{Role: "care_aide", Years: []int{2024, 2025, 2026}, Demand: []float64{40, 42, 44}, Supply: []float64{39, 38, 37}},
	}
}

func TestWritePNG(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, PNG, "base: demand and effective supply", panels()); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 500 || b.Dy() < 200 {
		t.Fatalf("image %v too small", b)
	}
}

func TestWriteSVG(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, SVG, "base", panels()); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	for _, want := range []string{"<svg", "assistant_nurse", "care_aide", "effective supply", "FTE", "year"} {
		if !strings.Contains(s, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

func TestWriteNoPanels(t *testing.T) {
	if err := Write(&bytes.Buffer{}, PNG, "x", nil); err == nil {
		t.Fatal("no error for no panels")
	}
}

// figure is a chart of two roles over 2024-2040 with a base line and a
// band in the first panel only.
func figure() *Figure {
	years := make([]int, 17)
	d, s, bd, bs, lo, hi := make([]float64, 17), make([]float64, 17), make([]float64, 17), make([]float64, 17), make([]float64, 17), make([]float64, 17)
	for i := range years {
		years[i] = 2024 + i
		d[i], s[i] = 100+float64(i)*3, 95+float64(i)*4 // cross in 2029
		bd[i], bs[i] = d[i], 95
		lo[i], hi[i] = d[i]-s[i]-float64(i), d[i]-s[i]+float64(i)
	}
	return &Figure{Title: "Heltid som norm", Subtitle: "Linköping (0580) · 2024–2040", Gap: true,
		Words: Words{Demand: "Personalbehov", Supply: "Effektiv tillgång", BaseDemand: "Personalbehov, %s", BaseSupply: "Effektiv tillgång, %s",
			Shortage: "Brist", Surplus: "Överskott", Gap: "Gap", BaseGap: "Gap, %s", Band: "P10–P90", Year: "År", FTE: "Årsarbetare",
			GapAxis: "Gap", Base: "Bas", Thousands: " "},
		Panels: []Panel{
			{Role: "assistant_nurse", Title: "Undersköterska", Years: years, Demand: d, Supply: s, BaseDemand: bd, BaseSupply: bs, GapP10: lo, GapP90: hi},
			{Role: "nurse", Title: "Sjuksköterska", Years: years, Demand: bs, Supply: bd},
		}}
}

func TestDrawFigure(t *testing.T) {
	for _, f := range []Format{SVG, PNG} {
		var buf bytes.Buffer
		if err := Draw(&buf, f, figure()); err != nil {
			t.Fatal(err)
		}
		if f == PNG {
			if _, err := png.Decode(&buf); err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			continue
		}
		svg := buf.String()
		for _, want := range []string{">Heltid som norm<", ">Linköping (0580) · 2024–2040<", ">Undersköterska<", ">Sjuksköterska<",
			">Personalbehov, Bas<", ">Effektiv tillgång, Bas<", ">Gap, Bas<", ">P10–P90<", ">Brist<", ">Överskott<", ">År<", ">Årsarbetare<",
			">2024<", ">2040<"} {
			if !strings.Contains(svg, want) {
				t.Errorf("SVG lacks %q", want)
			}
		}
	}
	// Without base lines and bands the legend names neither.
	fig := figure()
	fig.Panels = fig.Panels[1:]
	var buf bytes.Buffer
	if err := Draw(&buf, SVG, fig); err != nil {
		t.Fatal(err)
	}
	for _, absent := range []string{"Bas<", "P10–P90"} {
		if strings.Contains(buf.String(), absent) {
			t.Errorf("legend names %q with no such line", absent)
		}
	}
}

// TestYearTicks: the first and the last year are labelled, and no two
// labels are closer than half the step between them.
func TestYearTicks(t *testing.T) {
	for _, span := range [][2]int{{2024, 2040}, {2024, 2030}, {2024, 2025}, {2024, 2100}, {2019, 2041}} {
		var labelled []int
		for _, tk := range (yearTicks{}).Ticks(float64(span[0]), float64(span[1])) {
			if tk.Label != "" {
				labelled = append(labelled, int(tk.Value))
			}
		}
		if labelled[0] != span[0] || labelled[len(labelled)-1] != span[1] {
			t.Errorf("%v: labels %v, want the first and the last year", span, labelled)
		}
		if len(labelled) > 8 {
			t.Errorf("%v: %d labels", span, len(labelled))
		}
		for i := 1; i < len(labelled); i++ {
			if labelled[i]-labelled[i-1] < 2 && span[1]-span[0] > 3 {
				t.Errorf("%v: labels %v crowd each other", span, labelled)
			}
		}
	}
}

// TestSharedScale: panels given the same scale draw the same y range,
// whatever their values, and it holds them.
func TestSharedScale(t *testing.T) {
	fig := figure()
	var ranges [][4]float64
	for _, pn := range fig.Panels {
		pn.YMax, pn.GapMin, pn.GapMax = 250, -60, 40
		lv, err := levelsPlot(pn, fig.Words, false)
		if err != nil {
			t.Fatal(err)
		}
		gp, err := gapPlot(pn, fig.Words)
		if err != nil {
			t.Fatal(err)
		}
		ranges = append(ranges, [4]float64{lv.Y.Min, lv.Y.Max, gp.Y.Min, gp.Y.Max})
	}
	if ranges[0] != ranges[1] || ranges[0][0] != 0 || ranges[0][1] < 250 || ranges[0][2] > -60 || ranges[0][3] < 40 {
		t.Errorf("y ranges %v, want one range holding 0..250 and -60..40", ranges)
	}
}

// TestBetween: the shaded areas are the integral of the positive and of
// the negative part of a − b, with the lines linear between years.
func TestBetween(t *testing.T) {
	years := []int{2024, 2025, 2026, 2027, 2028}
	a := []float64{10, 12, 8, 8, 15}
	b := []float64{9, 9, 11, 8, 10}
	above, below := between(years, a, b)
	area := func(polys []plotter.XYs) float64 { // shoelace
		var s float64
		for _, p := range polys {
			var x float64
			for i := range p {
				j := (i + 1) % len(p)
				x += p[i].X*p[j].Y - p[j].X*p[i].Y
			}
			s += math.Abs(x) / 2
		}
		return s
	}
	// d = a − b: 1, 3, −3, 0, 5. Between years the positive part of a
	// linear d is a trapezoid or, where d changes sign, a triangle of
	// base d0/(d0 − d1): (1+3)/2 + 3·0.5/2 + 5/2 = 5.25; the negative
	// part 3·0.5/2 + 3/2 = 2.25.
	if got := area(above); math.Abs(got-5.25) > 1e-9 {
		t.Errorf("shortage area %g, want 5.25", got)
	}
	if got := area(below); math.Abs(got-2.25) > 1e-9 {
		t.Errorf("surplus area %g, want 2.25", got)
	}
}

func TestThousands(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 999: "999", 1000: "1 000", -1234567: "−1 234 567", 4632.7: "4 633"} {
		if got := thousands(v, " "); got != want {
			t.Errorf("thousands(%g) = %q, want %q", v, got, want)
		}
	}
}
