package trainingrun

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/errkind"
)

// ErrNoPipeline: the forecast dataset has no training pipeline of the
// programme's code.
var ErrNoPipeline = errkind.New(errkind.BadInput, "no pipeline of the programme")

// ApplyStages replaces the stages of the pipeline named by the rows (the
// programme's code) in b.TrainingStages by rows, and checks the bundle
// (datasets.Check). The pipeline must be listed in b.TrainingPipelines.
// The other pipelines' stages are kept.
func ApplyStages(b *datasets.Bundle, rows []datasets.TrainingStage) error {
	if len(rows) == 0 {
		return fmt.Errorf("%w: no stages", ErrNoPipeline)
	}
	code := rows[0].Pipeline
	if !slices.ContainsFunc(b.TrainingPipelines, func(p datasets.TrainingPipeline) bool { return p.Pipeline == code }) {
		return fmt.Errorf("%w: training_pipelines lists no %s", ErrNoPipeline, code)
	}
	b.TrainingStages = append(slices.DeleteFunc(slices.Clone(b.TrainingStages), func(s datasets.TrainingStage) bool { return s.Pipeline == code }), rows...)
	return datasets.Check(b)
}

// ApplyStagesDir reads the forecast dataset in dir, applies the
// estimated stages of r to it (ApplyStages) and rewrites its
// training_stages file atomically, as Parquet, or as CSV when the
// directory holds the dataset as CSV only. It returns the file written.
func (r *Run) ApplyStagesDir(dir string) (string, error) {
	rows, err := r.Stages()
	if err != nil {
		return "", err
	}
	b, err := datasets.ReadFS(os.DirFS(dir))
	if err != nil {
		return "", fmt.Errorf("read %s: %w", dir, err)
	}
	if err := ApplyStages(b, rows); err != nil {
		return "", err
	}
	s := datasets.SchemaOf[datasets.TrainingStage]()
	path := filepath.Join(dir, s.File)
	if _, err := os.Stat(path); os.IsNotExist(err) {
		if _, err := os.Stat(filepath.Join(dir, s.CSVFile())); err == nil {
			path = filepath.Join(dir, s.CSVFile())
			return path, datasets.WriteCSV(path, b.TrainingStages)
		}
	}
	return path, datasets.WriteParquet(path, b.TrainingStages)
}
