package matchrun

import (
	"slices"

	"github.com/caregap/caregap/datasets"
)

// SubsetRegions is Subset of the municipalities given by code, name or
// group (datasets.ResolveRegions), resolved against known (a dataset's
// regions, for their names and groups) and the codes of m's candidates
// and workplaces. It returns the part of m and the codes; no given
// municipalities return m and nil. An unknown one is a
// *datasets.RegionError.
func SubsetRegions(m *datasets.MatchSet, known []datasets.Region, given []string) (*datasets.MatchSet, []string, error) {
	all := slices.Clone(known)
	has := func(code string) bool {
		return slices.ContainsFunc(all, func(r datasets.Region) bool { return r.Region == code })
	}
	for _, c := range m.Candidates {
		if !has(c.Region) {
			all = append(all, datasets.Region{Region: c.Region})
		}
	}
	for _, w := range m.Workplaces {
		if !has(w.Region) {
			all = append(all, datasets.Region{Region: w.Region})
		}
	}
	codes, err := datasets.ResolveRegions(all, given)
	if err != nil || len(codes) == 0 {
		return m, nil, err
	}
	return Subset(m, codes), codes, nil
}
