package goalseekrun

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/goalseek"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/runs"
	"github.com/caregap/caregap/runs/labels"
	"go.yaml.in/yaml/v3"
)

// Files a run directory holds: the scenario, the three tables as Parquet
// and CSV, the prices and limits used, the summary, and each region's
// last linearised programme.
const (
	ScenarioFile = "plan.yaml"
	SummaryFile  = "summary.json"
	LPDir        = "lp"
)

// Write writes the run into dir atomically (runs.WriteDir): dir holds
// every file or none. perm is the mode of the directories made; csv adds
// a .csv beside each .parquet. It returns the datasets written, by name
// without extension.
func (r *Run) Write(dir string, perm fs.FileMode, csv bool, lang labels.Lang) ([]string, error) {
	var names []string
	err := runs.WriteDir(dir, perm, func(stage string) error {
		names = names[:0]
		if err := writeFile(filepath.Join(stage, ScenarioFile), func(w io.Writer) error { return EncodeScenario(w, r.Scenario) }); err != nil {
			return err
		}
		for _, t := range []struct {
			name  string
			write func(path string, csv bool) error
		}{
			{"goalseek_levers", tableWriter(r.Levers)},
			{"goalseek_targets", tableWriter(r.Targets)},
			{"goalseek_curve", tableWriter(r.Curve)},
		} {
			names = append(names, t.name)
			if err := t.write(filepath.Join(stage, t.name), csv); err != nil {
				return err
			}
		}
		if err := datasets.WriteCSV(filepath.Join(stage, "lever_costs.csv"), r.Plan.Inputs.Costs); err != nil {
			return err
		}
		if err := datasets.WriteCSV(filepath.Join(stage, "lever_limits.csv"), r.Plan.Inputs.Limits); err != nil {
			return err
		}
		if err := writeFile(filepath.Join(stage, SummaryFile), func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(r.Summary(lang))
		}); err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(stage, LPDir), perm); err != nil {
			return err
		}
		for b, reg := range r.Plan.regions {
			lp := r.Engine.Blocks[b].LP
			if err := writeFile(filepath.Join(stage, LPDir, reg.Code+".lp"), func(w io.Writer) error { return goalseek.WriteCPLEX(w, lp) }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return names, nil
}

func tableWriter[T any](rows []T) func(path string, csv bool) error {
	return func(path string, csv bool) error {
		if err := datasets.WriteParquet(path+".parquet", rows); err != nil {
			return err
		}
		if !csv {
			return nil
		}
		return datasets.WriteCSV(path+".csv", rows)
	}
}

func writeFile(path string, write func(io.Writer) error) error {
	return datasets.WriteFileAtomic(path, write)
}

// EncodeScenario writes sc as a scenario file that datasets.DecodeScenario
// reads back to the same levers (floats at full precision), with a
// header that says where it came from.
func EncodeScenario(w io.Writer, sc *scenario.Scenario) error {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(sc); err != nil {
		return fmt.Errorf("encode scenario %s: %w", sc.Name, err)
	}
	if err := enc.Close(); err != nil {
		return err
	}
	if _, err := fmt.Fprintf(w, "# Written by caregap goalseek: the least-cost levers found, one per\n# municipality and lever; run it with caregap forecast --scenario %s.yaml.\n", sc.Name); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}
