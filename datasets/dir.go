package datasets

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// ReadFile reads and validates the dataset of row type T from the file
// name in fsys: as CSV (ReadCSV) when the name ends in ".csv", else as
// Parquet (Read). Errors name the file by name. It panics when T is not a
// row type of this package.
func ReadFile[T any](fsys fs.FS, name string) ([]T, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if strings.EqualFold(path.Ext(name), ".csv") {
		return ReadCSV[T](f, name)
	}
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if ra, ok := f.(io.ReaderAt); ok && st.Mode().IsRegular() {
		return Read[T](ra, st.Size(), name)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return Read[T](bytes.NewReader(data), int64(len(data)), name)
}

// datasetIO ties a schema to its slice of a Bundle.
type datasetIO struct {
	schema *Schema
	len    func(b *Bundle) int
	read   func(fsys fs.FS, name string, b *Bundle) error
	write  func(path string, b *Bundle) error
}

func bundleDataset[T any](field func(b *Bundle) *[]T) datasetIO {
	return datasetIO{
		schema: SchemaOf[T](),
		len:    func(b *Bundle) int { return len(*field(b)) },
		read: func(fsys fs.FS, name string, b *Bundle) error {
			rows, err := ReadFile[T](fsys, name)
			*field(b) = rows
			return err
		},
		write: func(path string, b *Bundle) error { return WriteParquet(path, *field(b)) },
	}
}

// bundleDatasets lists the datasets of a Bundle in field order.
var bundleDatasets = []datasetIO{
	bundleDataset(func(b *Bundle) *[]Region { return &b.Regions }),
	bundleDataset(func(b *Bundle) *[]Population { return &b.Population }),
	bundleDataset(func(b *Bundle) *[]Deaths { return &b.Deaths }),
	bundleDataset(func(b *Bundle) *[]Births { return &b.Births }),
	bundleDataset(func(b *Bundle) *[]DeathRate { return &b.DeathRates }),
	bundleDataset(func(b *Bundle) *[]FertilityRate { return &b.FertilityRates }),
	bundleDataset(func(b *Bundle) *[]NetMigration { return &b.NetMigration }),
	bundleDataset(func(b *Bundle) *[]Service { return &b.Services }),
	bundleDataset(func(b *Bundle) *[]Role { return &b.Roles }),
	bundleDataset(func(b *Bundle) *[]CareUse { return &b.CareUse }),
	bundleDataset(func(b *Bundle) *[]CareStaffing { return &b.CareStaffing }),
	bundleDataset(func(b *Bundle) *[]RoleShare { return &b.RoleShares }),
	bundleDataset(func(b *Bundle) *[]Workforce { return &b.Workforce }),
	bundleDataset(func(b *Bundle) *[]ExitRate { return &b.ExitRates }),
	bundleDataset(func(b *Bundle) *[]CareerTransition { return &b.CareerTransitions }),
	bundleDataset(func(b *Bundle) *[]TrainingPipeline { return &b.TrainingPipelines }),
	bundleDataset(func(b *Bundle) *[]TrainingStage { return &b.TrainingStages }),
	bundleDataset(func(b *Bundle) *[]Recruits { return &b.Recruits }),
}

// ReadFS reads every datasetIO of a Bundle found at the root of fsys, by the
// registry's file names: "population.parquet", or "population.csv" when
// there is no Parquet file. Regions are required (ErrMissingFile); the
// other datasets are optional and stay nil when absent. Every file is
// read and validated as by ReadFile; the problems of all files are
// returned joined, and then the bundle is nil. ReadFS does not check
// references between files: call Check.
func ReadFS(fsys fs.FS) (*Bundle, error) {
	b := new(Bundle)
	var errs []error
	for _, d := range bundleDatasets {
		name, err := findDataset(fsys, d.schema)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if name == "" {
			if d.schema == SchemaOf[Region]() {
				errs = append(errs, &RowError{File: d.schema.File, Err: ruleErr(ErrMissingFile, "missing; a bundle needs its regions")})
			}
			continue
		}
		if err := d.read(fsys, name, b); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return b, nil
}

// findDataset returns the name of the file of s in fsys, or "" when there
// is none.
func findDataset(fsys fs.FS, s *Schema) (string, error) {
	for _, name := range []string{s.File, s.CSVFile()} {
		_, err := fs.Stat(fsys, name)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
	}
	return "", nil
}

// WriteDir writes every non-empty datasetIO of b as a Parquet file named
// by the registry into dir, which it creates when needed. Each file is
// written atomically (see WriteParquet); files of empty datasets are left
// as they are. It stops at the first error.
func WriteDir(dir string, b *Bundle) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write bundle: %w", err)
	}
	for _, d := range bundleDatasets {
		if d.len(b) == 0 {
			continue
		}
		if err := d.write(filepath.Join(dir, d.schema.File), b); err != nil {
			return err
		}
	}
	return nil
}
