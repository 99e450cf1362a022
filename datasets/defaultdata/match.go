package defaultdata

import (
	"embed"
	"fmt"
	"io/fs"

	"github.com/caregap/caregap/datasets"
)

//go:embed data/match/*.parquet
var matchFiles embed.FS

// MatchFS returns the embedded default matching set: candidates.parquet,
// openings.parquet and workplaces.parquet at the root, as
// datasets.ReadMatchFS expects.
func MatchFS() fs.FS {
	sub, err := fs.Sub(matchFiles, "data/match")
	if err != nil {
		panic("defaultdata: " + err.Error()) // "data/match" is a valid path
	}
	return sub
}

// LoadMatch reads the embedded default matching set. The files are written
// from SynthesizeMatch by go generate, so LoadMatch returns rows equal to
// SynthesizeMatch's.
func LoadMatch() (*datasets.MatchSet, error) {
	m, err := datasets.ReadMatchFS(MatchFS())
	if err != nil {
		return nil, fmt.Errorf("load default matching set: %w", err)
	}
	return m, nil
}
