package sweeprun

import (
	"bytes"
	"context"
	"encoding/json"

	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/forecast"
)

// MergeResult says what Merge found and wrote.
type MergeResult struct {
	Manifest  *Manifest
	Shards    int
	Scenarios int // region=all files written
}

// Merge finishes a sweep run in shards in dir: it checks that every shard
// of the same count has finished for the sweep of dir's manifest and
// that every cell's file is there, adds the shards' partial totals of
// each scenario (exactly: fixed point) and writes the regions' total
// bands (CellPath with region forecast.AllRegions), one scenario at a
// time, so that its memory is one scenario's sums. The files it writes
// are those a run in one process writes, byte for byte. A missing shard
// is an ErrIncomplete, a shard of another sweep an ErrOtherSweep, a
// damaged partial file a datasets error naming it.
func Merge(ctx context.Context, dir string, progress func(done, total int)) (*MergeResult, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	hash, err := manifestHash(dir)
	if err != nil {
		return nil, err
	}
	markers, err := readMarkers(dir, hash)
	if err != nil {
		return nil, err
	}
	nr := len(m.Regions)
	cells := len(m.Scenarios) * nr
	for _, mk := range markers {
		if lo, hi := (Shard{mk.Shard, mk.Shards}).Range(cells); mk.From != lo || mk.To != hi {
			return nil, fmt.Errorf("%w: shard %d-of-%d ran cells %d..%d, not %d..%d", ErrOtherSweep, mk.Shard, mk.Shards, mk.From, mk.To, lo, hi)
		}
	}
	for si, id := range m.Scenarios {
		for _, code := range m.Regions {
			if _, err := os.Stat(CellPath(dir, id, code)); err != nil {
				return nil, fmt.Errorf("%w: scenario %s (%d), region %s: %v", ErrIncomplete, id, si, code, err)
			}
		}
	}
	u := &forecast.Uncertainty{Draws: m.Draws, Seed: m.Seed, Threshold: m.Threshold}
	years := m.ToYear - m.BaseYear + 1
	for si, id := range m.Scenarios {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		tot := forecast.NewTotal(m.BaseYear, m.Roles, []string{id}, years, m.Draws)
		for _, mk := range markers {
			if si < mk.From/nr || mk.From == mk.To || si > (mk.To-1)/nr {
				continue // the shard ran no cell of the scenario
			}
			part, err := readPartial(dir, Shard{mk.Shard, mk.Shards}, id, m)
			if err != nil {
				return nil, err
			}
			if err := tot.Merge(part); err != nil {
				return nil, err
			}
		}
		if err := WriteTotal(dir, tot, u); err != nil {
			return nil, err
		}
		if progress != nil {
			progress(si+1, len(m.Scenarios))
		}
	}
	return &MergeResult{Manifest: m, Shards: len(markers), Scenarios: len(m.Scenarios)}, nil
}

// readMarkers reads the shards' markers of dir: all of one count n, each
// of 0..n-1 present, each of the sweep whose manifest has hash.
func readMarkers(dir, hash string) ([]marker, error) {
	names, err := filepath.Glob(filepath.Join(dir, ShardsDir, "*-of-*.json"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%w: %s has no finished shard (%s/I-of-N.json): run caregap sweep --shard I/N for each shard first",
			ErrIncomplete, dir, ShardsDir)
	}
	var out []marker
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var mk marker
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&mk); err != nil || mk.Shards < 1 || mk.Shard < 0 || mk.Shard >= mk.Shards ||
			filepath.Base(name) != (Shard{mk.Shard, mk.Shards}).name()+".json" {
			return nil, fmt.Errorf("%w: %s is not a shard's marker", ErrOtherSweep, name)
		}
		if mk.Manifest != hash {
			return nil, fmt.Errorf("%w: shard %s was run for another sweep than %s describes: rerun it", ErrOtherSweep, name, ManifestFile)
		}
		out = append(out, mk)
	}
	n := out[0].Shards
	seen := make([]bool, n)
	for _, mk := range out {
		if mk.Shards != n {
			return nil, fmt.Errorf("%w: shards of %d and of %d in %s: remove the markers of the count not used", ErrIncomplete, n, mk.Shards, filepath.Join(dir, ShardsDir))
		}
		seen[mk.Shard] = true
	}
	var missing []int
	for i, ok := range seen {
		if !ok {
			missing = append(missing, i)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: shards %v of %d have not finished: run caregap sweep --shard %d/%d", ErrIncomplete, missing, n, missing[0], n)
	}
	slices.SortFunc(out, func(a, b marker) int { return a.Shard - b.Shard })
	return out, nil
}

// readPartial reads the partial total of scenario id of shard s, checking
// that it holds each year, role and draw of the sweep exactly once.
func readPartial(dir string, s Shard, id string, m *Manifest) (*forecast.Total, error) {
	path := filepath.Join(dir, ShardsDir, s.name(), id+".parquet")
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: shard %s: %v", ErrIncomplete, s.name(), err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	years := m.ToYear - m.BaseYear + 1
	roles := append(slices.Clone(m.Roles), forecast.AllRoles)
	rows, err := datasets.ReadSweep[datasets.SweepTotal](f, st.Size(), path, int64(years*len(roles)*m.Draws))
	if err != nil {
		return nil, err
	}
	t := forecast.NewTotal(m.BaseYear, m.Roles, []string{id}, years, m.Draws)
	seen := make([]bool, len(t.Sum))
	for i, r := range rows {
		y, ri, k := int(r.Year)-m.BaseYear, slices.Index(roles, r.Role), int(r.Draw)
		if y < 0 || y >= years || ri < 0 || k < 0 || k >= m.Draws {
			return nil, &datasets.RowError{File: path, Row: i + 1, Column: "year, role, draw",
				Err: fmt.Errorf("%w: year %d, role %q, draw %d is not of the sweep", datasets.ErrRange, r.Year, r.Role, r.Draw)}
		}
		at := (y*len(roles)+ri)*m.Draws + k
		if seen[at] {
			return nil, &datasets.RowError{File: path, Row: i + 1, Column: "year, role, draw",
				Err: fmt.Errorf("%w: year %d, role %s, draw %d", datasets.ErrDuplicate, r.Year, r.Role, r.Draw)}
		}
		seen[at] = true
		t.Sum[at] = r.Fixed
	}
	if len(rows) != len(t.Sum) {
		return nil, fmt.Errorf("%s: %w: %d rows, the sweep has %d years × %d roles × %d draws", path, datasets.ErrIncomplete, len(rows), years, len(roles), m.Draws)
	}
	return t, nil
}
