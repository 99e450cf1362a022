package poprun

import (
	"slices"

	"github.com/caregap/caregap/datasets"
)

// resolveRegions returns the codes of the municipalities given by code,
// name or group (datasets.ResolveRegions), against the bundle's regions
// and the codes with population rows (an SCB import has those only);
// none given returns nil.
func resolveRegions(known []datasets.Region, codes, given []string) ([]string, error) {
	all := slices.Clone(known)
	for _, c := range codes {
		if !slices.ContainsFunc(all, func(r datasets.Region) bool { return r.Region == c }) {
			all = append(all, datasets.Region{Region: c})
		}
	}
	return datasets.ResolveRegions(all, given)
}
