package defaultdata

import (
	"embed"
	"fmt"
	"io/fs"

	"github.com/caregap/caregap/datasets"
)

// The default training set is rewritten from SynthesizeTraining by
//
//	go test ./datasets/defaultdata -run TestTrainingFiles -update
//
//go:generate go test -run TestTrainingFiles -update

//go:embed data/training/*.parquet
var trainingFiles embed.FS

// TrainingFS returns the embedded default training set, synthetic and
// illustrative: the six training datasets at the root, as
// datasets.ReadTrainingFS expects.
func TrainingFS() fs.FS {
	sub, err := fs.Sub(trainingFiles, "data/training")
	if err != nil {
		panic("defaultdata: " + err.Error()) // "data/training" is a valid path
	}
	return sub
}

// LoadTraining reads the embedded default training set; its rows equal
// SynthesizeTraining's.
func LoadTraining() (*datasets.TrainingSet, error) {
	t, err := datasets.ReadTrainingFS(TrainingFS())
	if err != nil {
		return nil, fmt.Errorf("load default training set: %w", err)
	}
	return t, nil
}
