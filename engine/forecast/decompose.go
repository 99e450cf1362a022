package forecast

import (
	"fmt"
	"math"

	"github.com/caregap/caregap/engine/scenario"
)

// Drivers, in the order they are reported.
const (
	DriverBaseGap     = "base_gap"
	DriverDemography  = "demography"
	DriverExits       = "exits"
	DriverRetirement  = "retirement"
	DriverRecruitment = "recruitment"
	DriverTraining    = "training"
	DriverCareer      = "career_transitions"
	DriverMatched     = "matched_entrants"
	DriverPartTime    = "part_time"
	DriverSickLeave   = "sick_leave"
	DriverLevers      = "levers"
)

// decompose appends the drivers of every year and role of scenario sc in
// region r: the base run's flows (base: no lever), then the levers' part
// (last − base) shared by sh, or as one driver "levers" when noDecomp.
func decompose(out []Driver, sc *scenario.Resolved, r *Region, from int, base, last *sim, sh *shapley, noDecomp bool) []Driver {
	years := len(base.demand)
	nr := len(r.Supply.Roles)
	names := LeverDrivers(sc)
	for ri, role := range r.Supply.Roles {
		var cum [6]float64 // exits, retirement, recruits, graduates, net transfers, matched
		m0 := base.fte[0][ri]
		pt0, sl0 := m0.Headcount-m0.ContractedFTE, m0.ContractedFTE-m0.EffectiveFTE
		gap0 := base.demand[0][ri] - m0.EffectiveFTE
		for i := range years {
			f := &base.flows[i].Roles[ri]
			cum[0] += f.Exits
			cum[1] += f.Retirements
			cum[2] += f.Recruits
			cum[3] += f.Graduates - f.GraduatesOut
			cum[4] += f.TransfersIn - f.TransfersOut
			cum[5] += f.MatchedEntrants
			m := base.fte[i][ri]
			add := func(name string, v, se float64) {
				out = append(out, Driver{Scenario: sc.Name, Region: r.Code, Year: from + i, Role: role, Driver: name, FTE: v, SE: se})
			}
			add(DriverBaseGap, gap0, 0)
			add(DriverDemography, base.demand[i][ri]-base.demand[0][ri], 0)
			add(DriverExits, cum[0], 0)
			add(DriverRetirement, cum[1], 0)
			add(DriverRecruitment, 0-cum[2], 0)
			add(DriverTraining, 0-cum[3], 0)
			add(DriverCareer, 0-cum[4], 0)
			add(DriverMatched, 0-cum[5], 0) // 0−x, not −x: no negative zeros in the output
			add(DriverPartTime, m.Headcount-m.ContractedFTE-pt0, 0)
			add(DriverSickLeave, m.ContractedFTE-m.EffectiveFTE-sl0, 0)
			if len(sc.Levers) == 0 {
				continue
			}
			if noDecomp {
				gap := func(sm *sim) float64 { return sm.demand[i][ri] - sm.fte[i][ri].EffectiveFTE }
				add(DriverLevers, gap(last)-gap(base), 0)
				continue
			}
			x := i*nr + ri
			for j := range sc.Levers {
				add(names[j], sh.phi[j][x], sh.se[j][x])
			}
		}
	}
	return out
}

// LeverDrivers returns the driver name of each lever of sc: "lever:"
// and the lever's name, numbered "#2", "#3", ... when a name repeats.
func LeverDrivers(sc *scenario.Resolved) []string {
	names := make([]string, len(sc.Levers))
	seen := map[string]int{}
	for i := range sc.Levers {
		n := sc.Levers[i].Name()
		seen[n]++
		if seen[n] > 1 {
			n = fmt.Sprintf("%s#%d", n, seen[n])
		}
		names[i] = "lever:" + n
	}
	return names
}

// CheckDecomposition returns the largest |Σ drivers − gap| over the rows
// of res, relative to max(1, |gap|): the identity the decomposition keeps.
func CheckDecomposition(res *Result) float64 {
	type key struct {
		sc, region, role string
		year             int
	}
	sum := map[key]float64{}
	for _, d := range res.Drivers {
		sum[key{d.Scenario, d.Region, d.Role, d.Year}] += d.FTE
	}
	var worst float64
	for _, r := range res.Rows {
		k := key{r.Scenario, r.Region, r.Role, r.Year}
		worst = math.Max(worst, math.Abs(sum[k]-r.GapFTE)/math.Max(1, math.Abs(r.GapFTE)))
	}
	return worst
}
