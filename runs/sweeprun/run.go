package sweeprun

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/forecast"
)

// ErrIncomplete is returned by Merge when a shard of the sweep has not
// finished (its marker is missing) or the shards disagree on their count.
var ErrIncomplete = errkind.New(errkind.BadInput, "the sweep's shards are incomplete")

// Shard is shard I of N of a sweep: the cells (scenario si, region ri)
// numbered c = si × regions + ri, cut into N contiguous ranges of nearly
// equal size, of which it runs range I. The zero value is the whole
// sweep in one process.
type Shard struct{ I, N int }

// ParseShard reads "i/n", 0 ≤ i < n.
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return Shard{}, specErr("shard %q: must be i/n with 0 ≤ i < n, e.g. 0/4", s)
	}
	return Shard{I: i, N: n}, nil
}

func (s Shard) whole() bool  { return s.N <= 1 }
func (s Shard) name() string { return fmt.Sprintf("%d-of-%d", s.I, s.N) }

// Range returns the cells [lo, hi) the shard runs of cells in all.
func (s Shard) Range(cells int) (lo, hi int) {
	if s.whole() {
		return 0, cells
	}
	return s.I * cells / s.N, (s.I + 1) * cells / s.N
}

// Steps is the number of cells the shard runs: the progress's total.
func (p *Plan) Steps(s Shard) int {
	lo, hi := s.Range(len(p.Points) * len(p.regions))
	return hi - lo
}

// unit is one call of Cells: scenarios of a chunk in one region.
type unit struct {
	sis []int
	ri  int
}

// Run runs the shard's cells and writes them under dir: the manifest
// and scenarios' list (WriteIndex), each cell's bands (WriteCell), and
// the regions' total: its bands (WriteTotal) when the shard is the whole
// sweep, else the shard's partial sums in fixed point, which Merge adds
// up, and last the shard's marker. Rerunning a shard replaces its files.
// The scenarios run by chunks (Spec.Chunk), so that memory stays within
// Spec.MaxMemory; progress is told the cells done.
func (p *Plan) Run(ctx context.Context, dir string, s Shard, progress func(done, total int)) error {
	if err := p.WriteIndex(dir); err != nil {
		return err
	}
	if !s.whole() {
		if s.N > len(p.Points)*len(p.regions) {
			return specErr("%d shards for %d cells: at most one shard a cell", s.N, len(p.Points)*len(p.regions))
		}
		if err := os.Remove(p.markerPath(dir, s)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		if err := os.MkdirAll(p.partialDir(dir, s), 0o755); err != nil {
			return err
		}
	}
	nr := len(p.regions)
	lo, hi := s.Range(len(p.Points) * nr)
	total, done := hi-lo, 0
	if lo == hi {
		return p.writeMarker(dir, s, lo, hi)
	}
	var mu sync.Mutex
	for first := lo / nr; first <= (hi-1)/nr; first += p.chunk {
		last := min(first+p.chunk, (hi-1)/nr+1)
		var units []unit
		for ri := range nr {
			var sis []int
			for si := first; si < last; si++ {
				if c := si*nr + ri; c >= lo && c < hi {
					sis = append(sis, si)
				}
			}
			if len(sis) > 0 {
				units = append(units, unit{sis, ri})
			}
		}
		chunk := make([]int, last-first)
		for i := range chunk {
			chunk[i] = first + i
		}
		tot := p.NewTotal(chunk)
		err := parallel(ctx, p.workers(), len(units), func(i int) error {
			u := units[i]
			d, err := p.Cells(ctx, u.sis, u.ri)
			if err != nil {
				return err
			}
			if err := WriteCell(dir, d, &p.u); err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			if err := tot.Add(d); err != nil {
				return err
			}
			if done += len(u.sis); progress != nil {
				progress(done, total)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if s.whole() {
			err = WriteTotal(dir, tot, &p.u)
		} else {
			err = p.writePartial(dir, s, tot)
		}
		if err != nil {
			return err
		}
	}
	if s.whole() {
		return nil
	}
	return p.writeMarker(dir, s, lo, hi)
}

func (p *Plan) workers() int {
	if p.settings.Workers > 0 {
		return p.settings.Workers
	}
	return defaultWorkers()
}

func defaultWorkers() int { return runtime.GOMAXPROCS(0) }

// parallel calls fn(0..n-1) on up to workers goroutines and returns the
// first error; the others stop at their next call. It returns ctx.Err()
// when the context ends first.
func parallel(ctx context.Context, workers, n int, fn func(i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var (
		wg   sync.WaitGroup
		next = make(chan int)
	)
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := fn(i); err != nil {
					cancel(err)
				}
			}
		}()
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	return context.Cause(ctx)
}

func (p *Plan) partialDir(dir string, s Shard) string {
	return filepath.Join(dir, ShardsDir, s.name())
}

func (p *Plan) markerPath(dir string, s Shard) string {
	return filepath.Join(dir, ShardsDir, s.name()+".json")
}

// writePartial writes each scenario of t, the shard's sums, to the
// shard's directory: _shards/I-of-N/ID.parquet, rows by year, role and
// draw.
func (p *Plan) writePartial(dir string, s Shard, t *forecast.Total) error {
	roles := append(append([]string(nil), t.Roles...), forecast.AllRoles)
	block := t.Years * len(roles) * t.N
	for si, id := range t.Scenarios {
		rows := make([]datasets.SweepTotal, 0, block)
		sum := t.Sum[si*block : (si+1)*block]
		for y := range t.Years {
			for r, role := range roles {
				for k := range t.N {
					rows = append(rows, datasets.SweepTotal{Year: int32(t.BaseYear + y), Role: role, Draw: int32(k),
						Fixed: sum[(y*len(roles)+r)*t.N+k]})
				}
			}
		}
		path := filepath.Join(p.partialDir(dir, s), id+".parquet")
		if err := datasets.WriteFileAtomic(path, func(w io.Writer) error { return datasets.EncodeSweep(w, rows) }); err != nil {
			return err
		}
	}
	return nil
}

// marker says a shard finished: which sweep (the manifest's hash), which
// shard and which cells.
type marker struct {
	Manifest string `json:"manifest_sha256"`
	Shard    int    `json:"shard"`
	Shards   int    `json:"shards"`
	From     int    `json:"first_cell"`
	To       int    `json:"end_cell"`
}

func manifestHash(dir string) (string, error) {
	data, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return "", err
	}
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:]), nil
}

func (p *Plan) writeMarker(dir string, s Shard, lo, hi int) error {
	h, err := manifestHash(dir)
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(marker{Manifest: h, Shard: s.I, Shards: s.N, From: lo, To: hi}, "", "  ")
	if err != nil {
		return err
	}
	return datasets.WriteFileAtomic(p.markerPath(dir, s), func(w io.Writer) error {
		_, err := w.Write(append(data, '\n'))
		return err
	})
}
