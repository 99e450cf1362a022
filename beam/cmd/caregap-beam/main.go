// Command caregap-beam runs caregap's sweep (a scenario grid × Monte Carlo
// draws × regions) as an Apache Beam pipeline and writes the dataset
// `caregap sweep` writes, byte for byte:
//
//	caregap-beam --grid GRID.yaml --draws N --out DIR [--regions A,B] [--to YEAR] [--seed S]
//	             [--threshold FTE] [--data DIR] [--match DIR] [--group G]
//	             [--runner prism|flink|spark|dataflow|universal] [--endpoint HOST:PORT]
//	             [--environment_type LOOPBACK|DOCKER] ...
//
// The runner is Prism, in this process, unless --runner names another;
// every flag of the Beam SDK (--endpoint, --environment_type, --project,
// --region, --staging_location, ...) is accepted. See beam/README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	"github.com/caregap/caregap/beam/pipeline"
	"github.com/caregap/caregap/runs/sweeprun"
)

// flags are the command's own flags; Beam's are registered by the SDK on
// the same flag set (flag.CommandLine).
type flags struct {
	grid, data, match, out, regions string
	to, draws, maxScenarios, group  int
	seed                            uint64
	threshold                       float64
}

func (f *flags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.grid, "grid", "", "grid file (YAML): a base scenario and axes of lever values (required)")
	fs.StringVar(&f.out, "out", "", "output directory, on a filesystem every worker writes to (required)")
	fs.IntVar(&f.draws, "draws", sweeprun.DefaultDraws, fmt.Sprintf("Monte Carlo draws of each region (1..%d)", sweeprun.MaxDraws))
	fs.StringVar(&f.regions, "regions", "", "municipalities by code, name or group, comma-separated (default: all)")
	fs.IntVar(&f.to, "to", 0, "last forecast year (default: caregap's)")
	fs.Uint64Var(&f.seed, "seed", 1, "random seed of the draws")
	fs.Float64Var(&f.threshold, "threshold", 0, "gap (FTE) whose probability of being exceeded the bands report")
	fs.StringVar(&f.data, "data", "", "dataset directory, readable by every worker (default: the embedded default dataset)")
	fs.StringVar(&f.match, "match", "", "matching set directory whose workplaces share placements by supervisor places")
	fs.IntVar(&f.maxScenarios, "max-scenarios", sweeprun.DefaultMaxScenarios, "refuse grids of more scenarios than this")
	fs.IntVar(&f.group, "group", 1, "regions of one scenario a pipeline element runs, their draws summed before the national combine (divides its shuffle)")
}

// spec checks the flags and returns the sweep they ask for.
func (f *flags) spec() (pipeline.Spec, error) {
	switch {
	case f.grid == "":
		return pipeline.Spec{}, errors.New("--grid is required")
	case f.out == "":
		return pipeline.Spec{}, errors.New("--out is required")
	case strings.Contains(f.out, "://"):
		return pipeline.Spec{}, fmt.Errorf("--out %s: the sweep writes to a filesystem path (a shared mount on a cluster), not a URL", f.out)
	case f.draws <= 0 || f.draws > sweeprun.MaxDraws:
		return pipeline.Spec{}, fmt.Errorf("--draws %d: must be 1..%d", f.draws, sweeprun.MaxDraws)
	case f.group <= 0:
		return pipeline.Spec{}, fmt.Errorf("--group %d: must be positive", f.group)
	case f.maxScenarios <= 0:
		return pipeline.Spec{}, fmt.Errorf("--max-scenarios %d: must be positive", f.maxScenarios)
	}
	s, err := pipeline.ReadGrid(f.grid)
	if err != nil {
		return s, err
	}
	for _, r := range strings.Split(f.regions, ",") {
		if r = strings.TrimSpace(r); r != "" {
			s.Regions = append(s.Regions, r)
		}
	}
	abs := func(p string) (string, error) {
		if p == "" {
			return "", nil
		}
		return filepath.Abs(p)
	}
	if s.DataDir, err = abs(f.data); err != nil {
		return s, err
	}
	if s.MatchDir, err = abs(f.match); err != nil {
		return s, err
	}
	s.ToYear, s.Draws, s.Seed, s.Threshold, s.MaxScenarios = f.to, f.draws, f.seed, f.threshold, f.maxScenarios
	return s, nil
}

// run prepares the sweep (everything is checked before anything runs),
// writes its manifest and scenarios' list, and runs the pipeline on the
// runner of --runner.
func run(ctx context.Context, f *flags, out io.Writer) error {
	spec, err := f.spec()
	if err != nil {
		return err
	}
	plan, err := spec.Prepare()
	if err != nil {
		return err
	}
	dir, err := filepath.Abs(f.out)
	if err != nil {
		return err
	}
	if err := plan.WriteIndex(dir); err != nil {
		return err
	}
	src, err := spec.Source()
	if err != nil {
		return err
	}
	sh := pipeline.ShapeOf(plan)
	sh.Group = f.group
	p, s := beam.NewPipelineWithRoot()
	pipeline.Build(s, src, sh, dir)
	start := time.Now()
	if err := beamx.Run(ctx, p); err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	fmt.Fprintf(out, "caregap-beam: %d scenarios × %d regions × %d draws, %d-%d, in %.1f s\nwrote %s\n",
		len(sh.Scenarios), len(sh.Regions), sh.Draws, sh.BaseYear, sh.BaseYear+sh.Years-1, time.Since(start).Seconds(), dir)
	return nil
}

func main() {
	var f flags
	f.register(flag.CommandLine)
	flag.Parse()
	beam.Init() // a worker started by a runner stops here, serving the pipeline
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, &f, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "caregap-beam:", err)
		os.Exit(1)
	}
}
