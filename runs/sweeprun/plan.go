package sweeprun

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/runs/forecastrun"
)

// Defaults and limits of a Spec.
const (
	DefaultDraws     = 1000
	MaxDraws         = 100_000
	DefaultMaxMemory = 4 << 30 // bytes
)

// ErrSpec is the class of a sweep that cannot run: no grid, too many
// draws, a memory bound the draws do not fit in, a shard out of range.
var ErrSpec = errkind.New(errkind.BadInput, "sweep")

func specErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrSpec, fmt.Sprintf(format, a...))
}

// Spec is what a sweep runs on. The zero value of each field is its
// documented default.
type Spec struct {
	// Bundle is the dataset, read and checked (datasets.Check).
	Bundle *datasets.Bundle
	// Grid and Points are the grid and its points (Grid.Points).
	Grid   *Grid
	Points []Point
	// Regions are the municipalities, by code, name or group [every
	// region of Bundle]; Prepare replaces them by their codes.
	Regions []string
	// ToYear is the last forecast year [forecastrun.DefaultToYear].
	ToYear int
	// Draws of each region [DefaultDraws, at most MaxDraws].
	Draws int
	// Seed of the draws [1].
	Seed uint64
	// Threshold is the gap (FTE) whose probability of being exceeded the
	// bands report [0].
	Threshold float64
	// Workers run regions at once [GOMAXPROCS]; results do not depend
	// on it.
	Workers int
	// MaxMemory bounds, in bytes, the draws held at once: each worker's
	// draws of one region and a chunk of scenarios, and the chunk's total
	// over the regions [DefaultMaxMemory].
	MaxMemory int64
	// Chunk is the number of scenarios a region's draws run together
	// [0: as many as MaxMemory allows, at most 32].
	Chunk int
	// Workplaces are the matching's workplaces, whose supervisor places
	// share placements distributed by supervisor_places.
	Workplaces []datasets.Workplace
}

// Plan is a checked Spec, ready to run whole or in pieces: the cells
// (scenario si, region ri) run independently (Cell, Cells), and WriteCell
// and WriteTotal write them where Run does.
type Plan struct {
	Spec
	regions  []*forecast.Region
	settings forecast.Settings
	u        forecast.Uncertainty
	scs      []*scenario.Resolved
	manifest Manifest
	chunk    int
}

// Prepare checks spec against its dataset, as forecastrun.Prepare checks
// a forecast (the regions, the horizon, each point's levers), and the
// memory the draws need: everything that can be wrong with the input is
// found here, before anything runs or is written.
func Prepare(spec Spec) (*Plan, error) {
	if spec.Bundle == nil || spec.Grid == nil {
		panic("sweeprun: nil bundle or grid")
	}
	if spec.Draws == 0 {
		spec.Draws = DefaultDraws
	}
	if spec.Seed == 0 {
		spec.Seed = 1
	}
	if spec.MaxMemory == 0 {
		spec.MaxMemory = DefaultMaxMemory
	}
	switch {
	case spec.Draws < 0 || spec.Draws > MaxDraws:
		return nil, specErr("draws %d: must be 1..%d", spec.Draws, MaxDraws)
	case len(spec.Points) == 0:
		return nil, specErr("the grid has no points")
	case spec.Chunk < 0:
		return nil, specErr("chunk %d: must be ≥ 0", spec.Chunk)
	}
	scs := make([]*scenario.Resolved, len(spec.Points))
	for i := range spec.Points {
		scs[i] = spec.Points[i].Resolved
	}
	fp, err := forecastrun.Prepare(forecastrun.Spec{Bundle: spec.Bundle, Regions: spec.Regions, Scenarios: scs,
		ToYear: spec.ToYear, Seed: spec.Seed, Draws: 0, Workers: spec.Workers, Workplaces: spec.Workplaces})
	if err != nil {
		return nil, err
	}
	spec.Regions, spec.ToYear = fp.Regions, fp.ToYear
	regions, err := datasets.ForecastRegions(spec.Bundle, spec.Regions)
	if err != nil {
		return nil, err
	}
	spec.Regions = make([]string, len(regions)) // the dataset's order, which Cell's ri follows
	for i, r := range regions {
		spec.Regions[i] = r.Code
	}
	places := map[string]float64{}
	for _, w := range spec.Workplaces {
		places[w.Region] += float64(w.SupervisorCapacity)
	}
	for _, r := range regions {
		r.SupervisorPlaces = places[r.Code]
		if r.BaseYear != regions[0].BaseYear {
			return nil, specErr("region %s has base year %d, region %s %d: a sweep sums its regions, which must share it",
				r.Code, r.BaseYear, regions[0].Code, regions[0].BaseYear)
		}
	}
	known := make([]string, len(spec.Bundle.Regions))
	for i, r := range spec.Bundle.Regions {
		known[i] = r.Region
	}
	p := &Plan{Spec: spec, regions: regions, scs: scs,
		settings: forecast.Settings{ToYear: spec.ToYear, KnownRegions: known, Workers: spec.Workers, NoDecomposition: true},
		u:        forecast.Uncertainty{Draws: spec.Draws, Seed: spec.Seed, Threshold: spec.Threshold}}
	if err := forecast.PrepareDraws(regions, scs, &p.settings); err != nil {
		return nil, err
	}
	if p.manifest, err = p.makeManifest(); err != nil {
		return nil, err
	}
	if p.chunk, err = p.chooseChunk(); err != nil {
		return nil, err
	}
	return p, nil
}

// Roles are the roles of the regions' supply, in order; the bands add
// their sum, forecast.AllRoles.
func (p *Plan) Roles() []string { return p.regions[0].Supply.Roles }

// Years is the number of years of each band: the base year to ToYear.
func (p *Plan) Years() int { return p.ToYear - p.BaseYear() + 1 }

// BaseYear is the regions' base year.
func (p *Plan) BaseYear() int { return p.regions[0].BaseYear }

// Scenarios returns the points' ids, in the grid's order.
func (p *Plan) Scenarios() []string {
	out := make([]string, len(p.Points))
	for i := range p.Points {
		out[i] = p.Points[i].ID
	}
	return out
}

// Regions returns the regions' codes in the order Cell's ri follows: the
// dataset's, whatever the order Spec.Regions named them in.
func (p *Plan) Regions() []string { return append([]string(nil), p.Spec.Regions...) }

// Uncertainty returns the draws' settings, which the bands take.
func (p *Plan) Uncertainty() *forecast.Uncertainty { u := p.u; return &u }

// Manifest returns what identifies the sweep.
func (p *Plan) Manifest() Manifest { return p.manifest }

// Cell runs the draws of scenario si in region ri.
func (p *Plan) Cell(ctx context.Context, si, ri int) (*forecast.Draws, error) {
	return p.Cells(ctx, []int{si}, ri)
}

// Cells runs the draws of the scenarios sis in region ri at once, which
// shares the draws' random numbers and population among them: the gaps
// of each scenario are Cell's, bit for bit (common random numbers). It
// panics when an index is out of range. Cells may run at once.
func (p *Plan) Cells(ctx context.Context, sis []int, ri int) (*forecast.Draws, error) {
	scs := make([]*scenario.Resolved, len(sis))
	for i, si := range sis {
		scs[i] = p.scs[si]
	}
	r := p.regions[ri]
	d, err := forecast.RunDraws(ctx, r, scs, &p.settings, &p.u)
	if err != nil {
		return nil, fmt.Errorf("region %s: %w", r.Code, err)
	}
	return d, nil
}

// NewTotal returns an empty total over the regions of the scenarios sis.
func (p *Plan) NewTotal(sis []int) *forecast.Total {
	names := make([]string, len(sis))
	for i, si := range sis {
		names[i] = p.Points[si].ID
	}
	return forecast.NewTotal(p.BaseYear(), p.Roles(), names, p.Years(), p.Draws)
}

// CellBytes is the memory of one scenario's draws in one region, and of
// one scenario's total: years × (roles + 1) × draws values of 8 bytes.
func (p *Plan) CellBytes() int64 {
	return int64(p.Years()) * int64(len(p.Roles())+1) * int64(p.Draws) * 8
}

// chooseChunk returns the scenarios a region's draws run together: the
// workers each hold a chunk's draws, the total a chunk's sums and its
// bands a float copy of them, so (workers + 2) × chunk × CellBytes must
// fit MaxMemory.
func (p *Plan) chooseChunk() (int, error) {
	w := int64(p.settings.Workers)
	if w <= 0 {
		w = int64(defaultWorkers())
	}
	need := (w + 2) * p.CellBytes()
	if need > p.MaxMemory {
		return 0, specErr("%d draws of %d years and %d roles take %s a scenario; with %d workers the sweep needs at least %s, over the memory bound of %s: raise --max-memory, or lower --workers or --draws",
			p.Draws, p.Years(), len(p.Roles())+1, mib(p.CellBytes()), w, mib(need), mib(p.MaxMemory))
	}
	fit := int(p.MaxMemory / need)
	if p.Chunk > 0 {
		if p.Chunk > fit {
			return 0, specErr("chunk %d: %s of draws at once, over the memory bound of %s (at most %d)", p.Chunk, mib(int64(p.Chunk)*need), mib(p.MaxMemory), fit)
		}
		return min(p.Chunk, len(p.Points)), nil
	}
	return min(fit, 32, len(p.Points)), nil
}

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

// Manifest identifies a sweep: what its files were made from. Runs and
// shards that write to the same directory must have the same manifest.
type Manifest struct {
	Format    string   `json:"format"`
	Grid      *Grid    `json:"grid"`
	Scenarios []string `json:"scenarios"`
	Regions   []string `json:"regions"`
	Roles     []string `json:"roles"`
	BaseYear  int      `json:"base_year"`
	ToYear    int      `json:"to_year"`
	Draws     int      `json:"draws"`
	Seed      uint64   `json:"seed"`
	Threshold float64  `json:"threshold"`
	// DataSHA256 is the hash of the dataset's rows and of the resolved
	// scenarios' levers (JSON), so that a sweep of other data is told
	// apart.
	DataSHA256 string `json:"data_sha256"`
}

// manifestFormat names the layout the manifest describes.
const manifestFormat = "caregap-sweep/1"

func (p *Plan) makeManifest() (Manifest, error) {
	// The dataset's and workplaces' rows hold no pointers and may hold
	// NaN, which JSON refuses: they are hashed as fmt prints them (every
	// float in its shortest exact form). The scenarios hold pointers and
	// only finite numbers (scenario.Validate): JSON.
	h := sha256.New()
	fmt.Fprintf(h, "%v\n%v\n", *p.Bundle, p.Workplaces)
	if err := json.NewEncoder(h).Encode(p.scs); err != nil {
		return Manifest{}, fmt.Errorf("hash the scenarios: %w", err)
	}
	return Manifest{Format: manifestFormat, Grid: p.Grid, Scenarios: p.Scenarios(), Regions: p.Regions(),
		Roles: p.Roles(), BaseYear: p.BaseYear(), ToYear: p.ToYear, Draws: p.Draws, Seed: p.Seed,
		Threshold: p.Threshold, DataSHA256: hex.EncodeToString(h.Sum(nil))}, nil
}
