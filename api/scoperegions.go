package api

import (
	"slices"

	"github.com/caregap/caregap/api/auth"
	"github.com/caregap/caregap/datasets"
)

// resolveNames replaces the municipality names and group names of want by
// the codes they stand for (datasets.ResolveRegions), among the regions of
// names that are known and in p's scope only, so that a name tells nothing
// of a region outside the scope. A value that names nothing in scope is
// kept as given, for requestRegions to answer as a missing region.
func resolveNames(p *auth.Principal, known []string, names []datasets.Region, want []string) []string {
	var mine []datasets.Region
	for _, r := range names {
		if slices.Contains(known, r.Region) && p.InScope(r.Region) {
			mine = append(mine, r)
		}
	}
	var out []string
	for _, w := range want {
		if slices.Contains(known, w) {
			out = append(out, w)
			continue
		}
		codes, err := datasets.ResolveRegions(mine, []string{w})
		if err != nil || len(codes) == 0 {
			out = append(out, w)
			continue
		}
		out = append(out, codes...)
	}
	return out
}

// requestRegions resolves the regions a job request names against the
// regions dataset holds (known, in the dataset's order) and p's scope.
// None named means every known region in scope; nothing of the dataset in
// scope answers as a missing dataset, and a region outside the scope
// exactly as one the dataset lacks, so neither tells what exists. A region
// named twice is an error.
func requestRegions(p *auth.Principal, dataset string, known, want []string) ([]string, error) {
	if len(want) == 0 {
		for _, r := range known {
			if p.InScope(r) && !slices.Contains(want, r) {
				want = append(want, r)
			}
		}
		if len(want) == 0 {
			return nil, errorf(KindValidation, "dataset %q not found", dataset)
		}
		return want, nil
	}
	for i, r := range want {
		if !slices.Contains(known, r) || !p.InScope(r) {
			return nil, errorf(KindValidation, "region %q not found in dataset %q", r, dataset)
		}
		if slices.Contains(want[:i], r) {
			return nil, errorf(KindValidation, "region %q named twice", r)
		}
	}
	return want, nil
}

// datasetError is what a caller learns of a dataset that failed to load:
// a missing one, or one that does not validate for a caller who may not
// see why, answers as a dataset that does not exist.
func datasetError(p *auth.Principal, dataset string, err error) error {
	if kind, _, _ := classify(err); kind == KindNotFound || p.Role != auth.Admin {
		return errorf(KindValidation, "dataset %q not found", dataset)
	}
	return err
}
