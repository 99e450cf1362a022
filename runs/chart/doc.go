// Package chart draws the forecast's charts with gonum/plot, as PNG or
// SVG: one panel per role of demand against effective supply, the gap
// between them shaded (shortage where demand is above, surplus where it is
// below), the base scenario's lines in grey beside them and, below each
// panel, the gap itself with the band of the Monte Carlo draws. The
// legend stands beside the panels, outside every plot; the caller gives
// the texts in the reader's language (Words) and, for charts that are
// compared, the y scales they share (Panel.YMax, GapMin, GapMax).
package chart
