package web

import (
	"math"
	"strings"
	"testing"

	"github.com/caregap/caregap/runs/labels"
)

// summarise keeps shortage and surplus apart: two municipalities, one
// short of nurses by 10 FTE and one with 4 over, are 10 short, 4 over
// and 6 net, never 6 short.
func TestSummariseShortageSurplusApart(t *testing.T) {
	rows := []fcRow{
		{Scenario: "s", Region: "A", Year: 2030, Role: "nurse", Demand: 100, Effective: 90, Gap: 10},
		{Scenario: "s", Region: "B", Year: 2030, Role: "nurse", Demand: 50, Effective: 54, Gap: -4},
		{Scenario: "s", Region: "A", Year: 2030, Role: "care_aide", Demand: 20, Effective: 17, Gap: 3},
		{Scenario: "other", Region: "A", Year: 2030, Role: "nurse", Demand: 1, Effective: 1000, Gap: -999},
	}
	bands := []bandRow{{Scenario: "s", Region: "all", Year: 2030, Role: allRoles, P10: 1, P90: 20}, {Scenario: "s", Region: "A", Year: 2030, Role: allRoles, P10: 5, P90: 6}}
	sm := summarise(rows, bands, "s", "", []string{"care_aide", "nurse"})
	n := sm.at("nurse", 2030)
	if n.Shortage != 10 || n.Surplus != 4 || n.Gap != 6 || n.Demand != 150 {
		t.Errorf("nurses: %+v; want shortage 10, surplus 4, net 6, demand 150", n)
	}
	all := sm.at(allRoles, 2030)
	if all.Shortage != 13 || all.Surplus != 4 || all.Gap != 9 || !all.Band || all.P10 != 1 || all.P90 != 20 {
		t.Errorf("all roles: %+v; want shortage 13, surplus 4, net 9 and the band of region all", all)
	}
	if got := strings.Join(sm.Roles, ","); got != "care_aide,nurse,all_roles" {
		t.Errorf("roles %s: want the dataset's order, all roles last", got)
	}
	if p := all.pct(all.Shortage); math.Abs(p-100*13.0/170) > 1e-9 {
		t.Errorf("shortage %% of demand %v", p)
	}
	one := summarise(rows, bands, "s", "A", nil)
	if a := one.at(allRoles, 2030); a.Surplus != 0 || a.Shortage != 13 || a.P10 != 5 {
		t.Errorf("region A alone: %+v", a)
	}
}

// The waterfall goes from A's net gap to B's: the totals are the sums of
// the drivers, and the steps drawn plus the ones too small to draw add up
// to the difference.
func TestWaterfallAddsUp(t *testing.T) {
	v := &view{Lang: labels.EN}
	a := []driverRow{{Driver: "base_gap", FTE: 100}, {Driver: "demography", FTE: 50}, {Driver: "part_time", FTE: 0.2}, {Driver: "base_gap", FTE: 10}}
	b := []driverRow{{Driver: "base_gap", FTE: 110}, {Driver: "demography", FTE: 50}, {Driver: "lever:employment_rate", FTE: -30}, {Driver: "part_time", FTE: 0.4}}
	box := waterfall(v, a, b, "base", "x", "All roles", "here", 2040)
	st := box.Spec.Steps
	if !st[0].Total || st[0].Value != 160.2 || !st[len(st)-1].Total || st[len(st)-1].Value != 130.4 {
		t.Fatalf("totals %+v: want 160.2 and 130.4", st)
	}
	sum := st[0].Value
	for _, s := range st[1 : len(st)-1] {
		sum += s.Value
	}
	if math.Abs(sum-130.4) > 0.2+1e-9 { // the 0.2 of part time is in the table only
		t.Errorf("steps add up to %v, want 130.4 within the undrawn 0.2", sum)
	}
	if len(st) != 3 || box.Spec.X[1] != "Full time as the norm (employment rate)" {
		t.Errorf("steps %v %+v: want only the lever drawn between the totals", box.Spec.X, st)
	}
	if rows := box.Table.Rows; len(rows) != 5 {
		t.Errorf("%d table rows: want every driver and the net gap", len(rows))
	}
}

func TestNumberInput(t *testing.T) {
	for in, want := range map[string]float64{"0,95": 0.95, "0.95": 0.95, "1 000": 1000, "\u22120,5": -0.5, "2\u202f500,25": 2500.25} {
		if v, ok := number(in); !ok || v == nil || *v != want {
			t.Errorf("number(%q) = %v, %v; want %v", in, v, ok, want)
		}
	}
	if v, ok := number(""); !ok || v != nil {
		t.Error("empty is not nil")
	}
	if _, ok := number("abc"); ok {
		t.Error("abc is a number")
	}
}
