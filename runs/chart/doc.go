// Package chart draws the forecast's charts with gonum/plot: demand
// against effective supply per role, one panel per role, as PNG or SVG.
package chart
