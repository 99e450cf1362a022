package defaultdata

import (
	"embed"
	"fmt"
	"io/fs"

	"github.com/caregap/caregap/datasets"
)

//go:generate go run ./internal/gen -out data

//go:embed data/*.parquet
var files embed.FS

// FS returns the embedded default dataset: one Parquet file per dataset,
// at the root, named as datasets.ReadFS expects.
func FS() fs.FS {
	sub, err := fs.Sub(files, "data")
	if err != nil {
		panic("defaultdata: " + err.Error()) // "data" is a valid path
	}
	return sub
}

// Load reads the embedded default dataset. The files are written from
// Synthesize by go generate, so Load returns rows equal to Synthesize's.
func Load() (*datasets.Bundle, error) {
	b, err := datasets.ReadFS(FS())
	if err != nil {
		return nil, fmt.Errorf("load default dataset: %w", err)
	}
	return b, nil
}
