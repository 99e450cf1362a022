package api

import (
	"slices"

	"github.com/caregap/caregap/api/auth"
)

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
