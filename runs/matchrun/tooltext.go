package matchrun

import (
	"fmt"
	"io"
)

// WriteText writes the re-matching for the officer: who keeps, moves and
// is placed anew, against the earlier placement (read from file) and the
// fresh optimum, with the gap when the budget's answer is not proved
// optimal.
func (rm *Rematched) WriteText(w io.Writer, e *Earlier, file string) {
	budget := fmt.Sprintf("at most %d moves", rm.MaxMoves)
	if rm.MaxMoves < 0 {
		budget = fmt.Sprintf("%g points a move", rm.MoveCost)
	}
	if rm.KeepPlaced {
		budget += ", everyone who could keep their place placed"
	}
	fmt.Fprintf(w, "\nre-matching against %s (%d earlier placements; %d of those people no longer listed, %d at openings no longer offered), %s:\n",
		file, e.Rows, e.Gone, len(e.Closed), budget)
	fmt.Fprintf(w, "  kept %d, moved %d, placed anew after their place went %d, newly placed %d\n", rm.Kept, len(rm.Moved), len(rm.Displaced), rm.New)
	fmt.Fprintf(w, "  placed %d at %.1f points; the fresh optimum places %d at %.1f points and moves %d\n",
		rm.Placed, rm.Cost, rm.FreshPlaced, rm.FreshCost, rm.FreshMoves)
	if !rm.Exact {
		gap := fmt.Sprintf("%.1f points", rm.GapPoints)
		if rm.GapPlaces {
			gap = "a placement and " + gap
		}
		fmt.Fprintf(w, "  within the budget; the optimum within it is at most %s better (Lagrangian gap)\n", gap)
	}
	for _, m := range rm.Moved {
		to := "unplaced"
		if m.To != nil {
			to = m.To.OpeningID + " " + m.To.Role + " at " + m.To.WorkplaceID
		}
		fmt.Fprintf(w, "  moves: %s from %s %s at %s to %s\n", m.CandidateID, m.From.OpeningID, m.From.Role, m.From.WorkplaceID, to)
	}
}

// WriteText writes the groups' bounds and placements, with and without
// the bounds, and the price of fairness.
func (bl *Balance) WriteText(w io.Writer) {
	fmt.Fprintf(w, "\ngroup balance by %s:\n", bl.Attribute)
	fmt.Fprintf(w, "  %-6s %-12s %10s %12s %8s %15s\n", "region", "group", "candidates", "bounds", "placed", "without bounds")
	for _, g := range bl.Groups {
		fmt.Fprintf(w, "  %-6s %-12s %10d %12s %8d %15d\n", g.Region, g.Group, g.Candidates, fmt.Sprintf("[%d, %d]", g.Min, g.Max), g.Placed, g.FreshPlaced)
	}
	fmt.Fprintf(w, "  price of fairness: %d placements lost, %+.1f points (%d placed at %.1f; without bounds %d at %.1f)\n",
		bl.LostPlacements, bl.ExtraCost, bl.Placed, bl.Cost, bl.FreshPlaced, bl.FreshCost)
}

// WriteText writes the options with their costs for the analyst.
func (op *Options) WriteText(w io.Writer) {
	fmt.Fprintf(w, "\nthe %d best places for %s (force cost: how much worse everyone's placements get, in points; M+: someone else loses a place):\n",
		len(op.Options), op.CandidateID)
	fmt.Fprintf(w, "    %8s  %10s  %s\n", "cost", "force", "opening")
	for _, o := range op.Options {
		mark, fc := " ", fmt.Sprintf("%10.1f", o.ForceCost)
		if o.Chosen {
			mark = "*"
		}
		if o.Displaces {
			fc = fmt.Sprintf("M+%8.1f", o.ForceCost)
		}
		fmt.Fprintf(w, "  %s %8.1f  %s  %s\n", mark, o.Cost, fc, o.Describe())
	}
}
