package chart

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
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
