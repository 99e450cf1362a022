package scb

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/caregap/caregap/datasets"
)

// ImportDir reads every .csv file at the top of fsys, in name order, and
// fills Population, Deaths and Births of a new Bundle from the files whose
// header is an SCB population, deaths or births table; other CSV files
// (such as projection exports) are skipped. Several files of one table
// are concatenated; a key that two files both give is an error wrapping
// datasets.ErrDuplicate. It returns an error wrapping
// datasets.ErrMissingFile when no table is found. A nil opt means the
// defaults.
func ImportDir(fsys fs.FS, opt *Options) (*datasets.Bundle, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("import scb: %w", err)
	}
	out := new(datasets.Bundle)
	owner := map[Table]map[key]string{}
	found := 0
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(strings.ToLower(e.Name()), ".csv") {
			continue
		}
		t, b, err := readFile(fsys, e.Name(), opt)
		if errors.Is(err, ErrUnknownTable) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("import scb: %w", err)
		}
		found++
		if owner[t] == nil {
			owner[t] = map[key]string{}
		}
		claim := func(k key) error {
			if prev, ok := owner[t][k]; ok {
				return &datasets.RowError{File: e.Name(), Err: fmt.Errorf("%s %s %d age %d sex %s also in %s: %w",
					t, k.region, k.year, k.age, k.sex, prev, datasets.ErrDuplicate)}
			}
			owner[t][k] = e.Name()
			return nil
		}
		for _, r := range b.Population {
			if err := claim(key{r.Region, r.Year, r.Age, r.Sex}); err != nil {
				return nil, fmt.Errorf("import scb: %w", err)
			}
		}
		for _, r := range b.Deaths {
			if err := claim(key{r.Region, r.Year, r.Age, r.Sex}); err != nil {
				return nil, fmt.Errorf("import scb: %w", err)
			}
		}
		for _, r := range b.Births {
			if err := claim(key{r.Region, r.Year, r.MotherAge, r.Sex}); err != nil {
				return nil, fmt.Errorf("import scb: %w", err)
			}
		}
		out.Population = append(out.Population, b.Population...)
		out.Deaths = append(out.Deaths, b.Deaths...)
		out.Births = append(out.Births, b.Births...)
	}
	if found == 0 {
		return nil, fmt.Errorf("import scb: no population, deaths or births table: %w", datasets.ErrMissingFile)
	}
	return out, nil
}

func readFile(fsys fs.FS, name string, opt *Options) (Table, *datasets.Bundle, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return UnknownTable, nil, err
	}
	defer f.Close()
	return Read(f, name, opt)
}
