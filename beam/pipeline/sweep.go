package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing/fstest"

	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/runs/sweeprun"
)

// SweepKind is the Source kind of a sweeprun sweep.
const SweepKind = "sweep"

// maxGridDir bounds the bytes of the grid's directory a Spec carries.
const maxGridDir = 16 << 20

// Spec is a sweep in the form that travels to the workers: the grid and
// the scenario files beside it by content (a worker has no access to the
// launcher's files), the dataset and matching set by directory (which the
// workers must read: a shared filesystem) or embedded. The zero value of
// each field but GridFile and Files is the default of `caregap sweep`.
type Spec struct {
	// GridFile is the grid's file name, a key of Files.
	GridFile string
	// Files are the grid and the scenario files (.yaml, .yml, .json)
	// of its directory, by name: the scenarios the grid's base may name.
	Files map[string][]byte
	// DataDir is the dataset's directory ["": the embedded default].
	DataDir string
	// MatchDir is the matching set whose workplaces share supervisor
	// placements ["": the embedded default's, when the data is the
	// default and a scenario needs supervisors].
	MatchDir  string
	Regions   []string
	ToYear    int
	Draws     int
	Seed      uint64
	Threshold float64
	// MaxScenarios bounds the grid's points [sweeprun.DefaultMaxScenarios].
	MaxScenarios int
}

// ReadGrid returns a Spec of the grid in file, carrying the scenario
// files of its directory; the other fields are left for the caller.
func ReadGrid(file string) (Spec, error) {
	dir, name := filepath.Dir(file), filepath.Base(file)
	if st, err := os.Stat(file); err != nil || st.IsDir() {
		return Spec{}, fmt.Errorf("grid %s: no such file", file)
	}
	files := map[string][]byte{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return Spec{}, err
	}
	var size int
	for _, e := range ents {
		ext := path.Ext(e.Name())
		if e.IsDir() || (e.Name() != name && ext != ".yaml" && ext != ".yml" && ext != ".json") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return Spec{}, err
		}
		if size += len(data); size > maxGridDir {
			return Spec{}, fmt.Errorf("grid %s: the scenario files of %s exceed %d MiB; put the grid in a directory of its own", file, dir, maxGridDir>>20)
		}
		files[e.Name()] = data
	}
	return Spec{GridFile: name, Files: files}, nil
}

// Source returns the pipeline's Source of the spec.
func (s Spec) Source() (Source, error) {
	b, err := json.Marshal(s)
	return Source{Kind: SweepKind, Spec: b}, err
}

// Prepare reads and checks the spec as `caregap sweep` does: the grid and
// its points, the dataset, the matching set when a scenario needs
// supervisors, the regions and the memory the draws need.
func (s Spec) Prepare() (*sweeprun.Plan, error) {
	fsys := fstest.MapFS{}
	for name, data := range s.Files {
		if strings.ContainsAny(name, `/\`) {
			return nil, fmt.Errorf("grid file name %q: not a file name", name)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	spec, err := sweeprun.Inputs{GridFS: fsys, GridFile: s.GridFile, Data: s.DataDir, Match: s.MatchDir,
		MaxScenarios: s.MaxScenarios}.Spec()
	if err != nil {
		return nil, err
	}
	// One worker: the pipeline runs the cells in parallel, each on its
	// own, so the memory bound is that of one cell and a total.
	spec.Regions, spec.ToYear, spec.Draws, spec.Seed, spec.Threshold = s.Regions, s.ToYear, s.Draws, s.Seed, s.Threshold
	spec.Workers, spec.Chunk = 1, 1
	return sweeprun.Prepare(spec)
}

// sweepPlan is a sweeprun.Plan as the pipeline's Plan.
type sweepPlan struct {
	p     *sweeprun.Plan
	shape Shape
}

var _ Plan = (*sweepPlan)(nil)

// ShapeOf returns the pipeline's view of a plan.
func ShapeOf(p *sweeprun.Plan) Shape {
	return Shape{Scenarios: p.Scenarios(), Regions: p.Regions(), Draws: p.Draws, Threshold: p.Threshold,
		National: len(p.Regions()) > 1, BaseYear: p.BaseYear(), Roles: p.Roles(), Years: p.Years()}
}

func (s *sweepPlan) Shape() Shape { return s.shape }

func (s *sweepPlan) Cell(ctx context.Context, si, ri int) (*forecast.Draws, error) {
	return s.p.Cell(ctx, si, ri)
}

func (s *sweepPlan) WriteCell(dir string, d *forecast.Draws) error {
	return sweeprun.WriteCell(dir, d, s.p.Uncertainty())
}

func (s *sweepPlan) WriteTotal(dir string, t *forecast.Total) error {
	return sweeprun.WriteTotal(dir, t, s.p.Uncertainty())
}

func init() {
	Register(SweepKind, func(_ context.Context, b []byte) (Plan, error) {
		var s Spec
		if err := json.Unmarshal(b, &s); err != nil {
			return nil, fmt.Errorf("pipeline: sweep spec: %w", err)
		}
		p, err := s.Prepare()
		if err != nil {
			return nil, err
		}
		return &sweepPlan{p: p, shape: ShapeOf(p)}, nil
	})
}
