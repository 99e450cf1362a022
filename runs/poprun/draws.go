package poprun

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/runs"
	"gonum.org/v1/gonum/stat"
)

// Draws sets a Monte Carlo population projection: each draw projects
// every region with the recipe's rates (Rates) perturbed as
// population.Draw documents.
type Draws struct {
	// N is the number of draws [200].
	N int
	// Seed seeds the draws [1]; draw k of a region is the same whatever
	// the other regions, their order or the number of workers.
	Seed uint64
	// Uncertainty sets the sources [nil: population.Uncertainty's defaults].
	Uncertainty *population.Uncertainty
	// Workers is the number of regions drawn at once [GOMAXPROCS].
	Workers int
}

// AgeGroups are the age groups of the bands, inclusive.
var AgeGroups = [...]struct {
	Name   string
	Lo, Hi int
}{{"0-19", 0, 19}, {"20-64", 20, 64}, {"65-79", 65, 79}, {"80+", 80, population.MaxAge}, {"total", 0, population.MaxAge}}

// bandSexes are the sexes of the bands: each, then both.
var bandSexes = [...]string{"M", "F", "total"}

// AllRegions is the Region of the bands of the regions' total.
const AllRegions = "all"

// Bands projects each of s.Regions d.N times from s.From to s.To and
// returns, for each region, projected year, age group (AgeGroups) and sex
// (M, F, total), the mean and the 10th, 50th and 90th percentiles of the
// persons over the draws; ordered by region, year, age group and sex, and
// followed, when there are several regions, by their total (Region
// AllRegions), whose draw k sums draw k of every region in fixed point
// (2^-24 persons; exact, so that it does not depend on the order the
// regions finish in). It holds the draws of one region per worker and
// the total's, not every region's. progress, when
// not nil, is called after each draw of a region with the number done and
// the total. The context is checked before every draw; it returns
// ctx.Err() when cancelled, and Rates' errors.
func Bands(ctx context.Context, s *Spec, d Draws, progress func(done, total int)) ([]datasets.PopulationBand, error) {
	n := d.N
	if n <= 0 {
		n = 200
	}
	seed := d.Seed
	if seed == 0 {
		seed = 1
	}
	u := d.Uncertainty.WithDefaults()
	rates, err := Rates(s)
	if err != nil {
		return nil, err
	}
	bases := make([]population.Pyramid, len(s.Regions))
	for i, code := range s.Regions {
		if bases[i], err = datasets.Pyramid(s.Bundle.Population, code, s.From); err != nil {
			return nil, err
		}
	}
	years := s.To - s.From
	cells := years * len(AgeGroups) * len(bandSexes)
	// Each worker holds the draws of the region it runs, v[cell·n + k]
	// (cell: year, group, sex), and the regions' total is summed draw by
	// draw in fixed point (fixedTotal), exact in any order.
	parts := make([][]datasets.PopulationBand, len(s.Regions))
	var total *fixedTotal
	if len(s.Regions) > 1 {
		total = &fixedTotal{sum: make([]int64, cells*n)}
	}
	var (
		next, done atomic.Int64
		mu         sync.Mutex
		wg         sync.WaitGroup
	)
	errs := make([]error, len(s.Regions))
	workers := d.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	for range min(workers, len(s.Regions)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var (
				streams population.Streams
				dr      population.Draw
				pops    []population.Pyramid
			)
			v := make([]float64, cells*n)
			buf := make([]float64, n)
			for {
				i := int(next.Add(1)) - 1
				if i >= len(s.Regions) {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[i] = err
					return
				}
				// What the region's draws share is computed once; each draw
				// is applied as its years are projected.
				dr.Prepare(&u, population.RegionKey(s.Regions[i]), &bases[i], s.From, s.To, rates[i])
				for k := range n {
					if err := ctx.Err(); err != nil {
						errs[i] = err
						return
					}
					dr.Redraw(&streams, seed, k)
					pops = dr.ProjectPops(pops, &bases[i], s.To)
					for y := range years {
						p := &pops[y+1]
						for g, ag := range AgeGroups {
							c := (y*len(AgeGroups) + g) * len(bandSexes)
							var both float64
							for sex := range population.NumSexes {
								var sum float64
								for a := ag.Lo; a <= ag.Hi; a++ {
									sum += p[sex][a]
								}
								v[(c+sex)*n+k] = sum
								both += sum
							}
							v[(c+2)*n+k] = both
						}
					}
					if progress != nil {
						mu.Lock()
						progress(int(done.Add(1)), n*len(s.Regions))
						mu.Unlock()
					}
				}
				parts[i] = appendBands(nil, s.Regions[i], s.From, v, n, buf)
				if total != nil {
					if errs[i] = total.add(v, n, s.Regions[i], s.From); errs[i] != nil {
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("population draws: %w", err)
	}
	out := slices.Concat(parts...)
	if total != nil {
		v := make([]float64, len(total.sum))
		for j, x := range total.sum {
			v[j] = float64(x) / fixedOne
		}
		out = appendBands(out, AllRegions, s.From, v, n, make([]float64, n))
	}
	return out, nil
}

// fixedOne is the unit of fixedTotal: 2^-24 persons.
const fixedOne = 1 << 24

// fixedLimit is the most persons a region's cell may hold in a
// fixedTotal: 2^36, far beyond any region. The int64 sums wrap, so a
// total is exact whenever it lies within 2^39 persons, whatever its
// partial sums did.
const fixedLimit = 1 << 36

// fixedTotal sums the regions' draws cell by cell and draw by draw, each
// value rounded to 2^-24 persons, as integers: the same bits whatever
// the order in which regions are added. It is safe for concurrent use.
type fixedTotal struct {
	mu  sync.Mutex
	sum []int64
}

// add adds the draws v of region code (cell-major, n draws a cell); a
// value that is not finite or beyond fixedLimit is an error naming the
// region, year, age group, sex and draw, and adds nothing.
func (t *fixedTotal) add(v []float64, n int, code string, from int) error {
	for j, x := range v {
		if !(math.Abs(x) <= fixedLimit) {
			c := j / n
			sex, g, y := c%len(bandSexes), c/len(bandSexes)%len(AgeGroups), c/len(bandSexes)/len(AgeGroups)
			return fmt.Errorf("region %s, %d, ages %s, sex %s, draw %d: %g persons is not a finite number within 2^36",
				code, from+1+y, AgeGroups[g].Name, bandSexes[sex], j%n, x)
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for j, x := range v {
		t.sum[j] += int64(math.Round(x * fixedOne))
	}
	return nil
}

// appendBands appends the bands of one region's draws v (cell-major, n
// draws a cell) to out.
func appendBands(out []datasets.PopulationBand, region string, from int, v []float64, n int, buf []float64) []datasets.PopulationBand {
	for c := range len(v) / n {
		sex := c % len(bandSexes)
		g := c / len(bandSexes) % len(AgeGroups)
		y := c / len(bandSexes) / len(AgeGroups)
		x := append(buf[:0], v[c*n:(c+1)*n]...)
		slices.Sort(x)
		out = append(out, datasets.PopulationBand{Region: region, Year: int32(from + 1 + y),
			AgeGroup: AgeGroups[g].Name, Sex: bandSexes[sex], Mean: stat.Mean(x, nil),
			P10: stat.Quantile(0.1, stat.Empirical, x, nil), P50: stat.Quantile(0.5, stat.Empirical, x, nil),
			P90: stat.Quantile(0.9, stat.Empirical, x, nil)})
	}
	return out
}

// WriteWithBands is Write with the bands beside the projection, as
// population_bands.parquet (and, with csv, population_bands.csv), in the
// same atomic run directory.
func WriteWithBands(dir string, perm fs.FileMode, rows []datasets.Population, bands []datasets.PopulationBand, csv bool) error {
	return runs.WriteDir(dir, perm, func(stage string) error {
		if err := datasets.WriteParquet(filepath.Join(stage, "population.parquet"), rows); err != nil {
			return err
		}
		if err := datasets.WriteParquet(filepath.Join(stage, "population_bands.parquet"), bands); err != nil {
			return err
		}
		if !csv {
			return nil
		}
		if err := datasets.WriteCSV(filepath.Join(stage, "population.csv"), rows); err != nil {
			return err
		}
		return datasets.WriteCSV(filepath.Join(stage, "population_bands.csv"), bands)
	})
}
