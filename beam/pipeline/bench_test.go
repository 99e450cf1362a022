package pipeline

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/caregap/caregap/runs/sweeprun"
)

// The cost of a sweep's region-draw (one scenario, one region, one draw,
// 2024-2040), in one process (sweeprun, one worker, a chunk of one
// scenario as the pipeline runs them) and on Prism (the whole pipeline:
// cells, the combine's shuffle, the national bands, the files). CPU time
// (user + system, of this process) is reported beside the wall time,
// since the machines are shared:
//
//	go test -run '^$' -bench . -benchtime 3x ./pipeline/ | tee new.txt; benchstat new.txt

// benchSpec is every region of the embedded default under the 2 × 2 grid
// of testdata, draws draws each, to 2040.
func benchSpec(b *testing.B, draws int) Spec {
	s, err := ReadGrid(filepath.Join("testdata", "grid.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	s.ToYear, s.Draws, s.Seed = 2040, draws, 1
	return s
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportDraws(b *testing.B, plan *sweeprun.Plan, cpu time.Duration) {
	n := float64(b.N) * float64(len(plan.Scenarios())*len(plan.Regions())*plan.Draws)
	b.ReportMetric(float64(b.Elapsed().Microseconds())/n, "µs/region-draw")
	b.ReportMetric(float64(cpu.Microseconds())/n, "cpu-µs/region-draw")
}

func BenchmarkOneProcess(b *testing.B) {
	plan, err := benchSpec(b, 500).Prepare()
	if err != nil {
		b.Fatal(err)
	}
	cpu0 := cpuTime()
	for b.Loop() {
		if err := plan.Run(context.Background(), b.TempDir(), sweeprun.Shard{}, nil); err != nil {
			b.Fatal(err)
		}
	}
	reportDraws(b, plan, cpuTime()-cpu0)
}

func BenchmarkPrism(b *testing.B) {
	spec := benchSpec(b, 500)
	plan, err := spec.Prepare()
	if err != nil {
		b.Fatal(err)
	}
	src, err := spec.Source()
	if err != nil {
		b.Fatal(err)
	}
	cpu0 := cpuTime()
	for b.Loop() {
		dir := b.TempDir()
		if err := plan.WriteIndex(dir); err != nil {
			b.Fatal(err)
		}
		p, s := beam.NewPipelineWithRoot()
		Build(s, src, ShapeOf(plan), dir)
		if err := ptest.Run(p); err != nil {
			b.Fatal(err)
		}
	}
	reportDraws(b, plan, cpuTime()-cpu0)
}
