package poprun

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
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
// AllRegions), whose draw k sums draw k of every region. progress, when
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
	// vals[i][cell·n + k] is draw k of region i in a cell (year, group, sex).
	vals := make([][]float64, len(s.Regions))
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
				proj    population.Projection
			)
			for {
				i := int(next.Add(1)) - 1
				if i >= len(s.Regions) {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[i] = err
					return
				}
				v := make([]float64, cells*n)
				key := population.RegionKey(s.Regions[i])
				for k := range n {
					if err := ctx.Err(); err != nil {
						errs[i] = err
						return
					}
					dr.Reset(&streams, &u, seed, k, key, &bases[i], s.From, s.To, rates[i])
					population.ProjectInto(&proj, &bases[i], s.From, s.To, dr.Rates())
					for y := range years {
						p := &proj.Pop[y+1]
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
				vals[i] = v
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
	out := make([]datasets.PopulationBand, 0, (len(s.Regions)+1)*cells)
	buf := make([]float64, n)
	for i, code := range s.Regions {
		out = appendBands(out, code, s.From, vals[i], n, buf)
	}
	if len(s.Regions) > 1 {
		sum := vals[0]
		for _, v := range vals[1:] {
			for j := range sum {
				sum[j] += v[j]
			}
		}
		out = appendBands(out, AllRegions, s.From, sum, n, buf)
	}
	return out, nil
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
