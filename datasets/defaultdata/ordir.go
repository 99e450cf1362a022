package defaultdata

import (
	"fmt"
	"os"

	"github.com/caregap/caregap/datasets"
)

// LoadOr reads and checks the forecast dataset in dir, or returns the
// embedded default when dir is empty. Errors name dir.
func LoadOr(dir string) (*datasets.Bundle, error) {
	var (
		b   *datasets.Bundle
		err error
	)
	if dir == "" {
		if b, err = Load(); err != nil {
			return nil, fmt.Errorf("embedded default dataset: %w", err)
		}
	} else if b, err = datasets.ReadFS(os.DirFS(dir)); err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	if err := datasets.Check(b); err != nil {
		return nil, err
	}
	return b, nil
}

// LoadMatchOr reads the matching set in dir, or returns the embedded
// default when dir is empty. Errors name dir.
func LoadMatchOr(dir string) (*datasets.MatchSet, error) {
	if dir == "" {
		m, err := LoadMatch()
		if err != nil {
			return nil, fmt.Errorf("embedded default matching set: %w", err)
		}
		return m, nil
	}
	m, err := datasets.ReadMatchFS(os.DirFS(dir))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	return m, nil
}
