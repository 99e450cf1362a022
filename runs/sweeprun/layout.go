package sweeprun

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/forecast"
)

// Files of a sweep directory besides the partitions. Their names start
// with an underscore, which Spark and Hive readers skip.
const (
	ManifestFile  = "_sweep.json"
	ScenariosFile = "_scenarios.csv"
	ShardsDir     = "_shards"
)

// ErrOtherSweep is returned when a directory holds the files of another
// sweep than the one run or merged: another grid, data, regions, draws,
// seed or horizon.
var ErrOtherSweep = errkind.New(errkind.Conflict, "the directory holds another sweep")

// CellPath is the file of the bands of scenario id in region (a code, or
// forecast.AllRegions) under dir: Hive-partitioned, so that DuckDB,
// Polars and Spark read dir as one dataset with columns scenario and
// region.
func CellPath(dir, id, region string) string {
	return filepath.Join(dir, "scenario="+id, "region="+region, "part-0.parquet")
}

// WriteCell writes the bands of each scenario of d in its region (the
// threshold of u) to CellPath, atomically, replacing what was there.
func WriteCell(dir string, d *forecast.Draws, u *forecast.Uncertainty) error {
	return writeBands(dir, d.Region, d.Bands(u), len(d.Scenarios))
}

// WriteTotal writes the bands of each scenario of t, the total over the
// regions, to CellPath(dir, id, forecast.AllRegions), atomically.
func WriteTotal(dir string, t *forecast.Total, u *forecast.Uncertainty) error {
	return writeBands(dir, forecast.AllRegions, t.Bands(u), len(t.Scenarios))
}

// writeBands writes bands, ordered by scenario, nScenarios blocks of the
// same length, one file per scenario.
func writeBands(dir, region string, bands []forecast.Band, nScenarios int) error {
	if strings.ContainsAny(region, `/\=`) || region == "" || region == "." || region == ".." {
		return fmt.Errorf("%w: region code %q cannot name a partition directory", ErrSpec, region)
	}
	per := len(bands) / max(nScenarios, 1)
	for i := 0; i < len(bands); i += per {
		block := bands[i : i+per]
		path := CellPath(dir, block[0].Scenario, region)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		rows := datasets.SweepBandRows(block)
		if err := datasets.WriteFileAtomic(path, func(w io.Writer) error { return datasets.EncodeSweep(w, rows) }); err != nil {
			return err
		}
	}
	return nil
}

// WriteIndex writes the manifest (ManifestFile) and the scenarios' list
// (ScenariosFile: the id and each axis's value, empty where the axis's
// lever is left out) to dir, atomically. When dir already holds a
// manifest it must be the plan's: otherwise ErrOtherSweep, and nothing is
// written.
func (p *Plan) WriteIndex(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	want, err := json.MarshalIndent(p.manifest, "", "  ")
	if err != nil {
		return err
	}
	want = append(want, '\n')
	if got, err := os.ReadFile(filepath.Join(dir, ManifestFile)); err == nil {
		if !bytes.Equal(got, want) {
			return fmt.Errorf("%w: %s holds %s of a sweep that differs from this one (%s); write to another directory",
				ErrOtherSweep, dir, ManifestFile, manifestDiff(got, p.manifest))
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := datasets.WriteFileAtomic(filepath.Join(dir, ManifestFile), func(w io.Writer) error {
		_, err := w.Write(want)
		return err
	}); err != nil {
		return err
	}
	return datasets.WriteFileAtomic(filepath.Join(dir, ScenariosFile), func(w io.Writer) error {
		cw := csv.NewWriter(w)
		head := []string{"scenario"}
		for _, a := range p.Grid.Axes {
			head = append(head, a.Name)
		}
		if err := cw.Write(head); err != nil {
			return err
		}
		for _, pt := range p.Points {
			rec := []string{pt.ID}
			for _, v := range pt.Values {
				rec = append(rec, fmtValue(v))
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	})
}

// ReadManifest reads the manifest of the sweep in dir.
func ReadManifest(dir string) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s has no %s: not a sweep directory", ErrSpec, dir, ManifestFile)
	}
	if err != nil {
		return nil, err
	}
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil || m.Format != manifestFormat {
		return nil, fmt.Errorf("%w: %s: not a manifest of format %s (%v)", ErrOtherSweep, filepath.Join(dir, ManifestFile), manifestFormat, err)
	}
	return &m, nil
}

// manifestDiff names the first field where the manifest in got differs
// from m.
func manifestDiff(got []byte, m Manifest) string {
	var a, b map[string]json.RawMessage
	mb, _ := json.Marshal(m)
	if json.Unmarshal(got, &a) != nil || json.Unmarshal(mb, &b) != nil {
		return "it is not a manifest"
	}
	for _, k := range []string{"format", "grid", "scenarios", "regions", "roles", "base_year", "to_year", "draws", "seed", "threshold", "data_sha256"} {
		var x, y bytes.Buffer
		_ = json.Compact(&x, a[k])
		_ = json.Compact(&y, b[k])
		if !bytes.Equal(x.Bytes(), y.Bytes()) {
			name := k
			if k == "data_sha256" {
				name = "the dataset or the scenarios' levers"
			}
			return "other " + name
		}
	}
	return "its layout"
}
