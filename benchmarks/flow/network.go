package flow

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/caregap/caregap/benchmarks/internal/peer"
	"github.com/caregap/caregap/engine/match"
)

// Shapes names the two instance shapes of the comparison; both are those of
// engine/match's BenchmarkFlowSolver at 100 000 candidates.
var Shapes = []string{"scarce", "plentiful"}

// Classes names the instance classes of the comparison, match.NetworkClasses:
// how eligible openings and costs are drawn (uniform, geometric,
// clustered, heavy; engine/match/generate.go).
var Classes = match.NetworkClasses

// Config returns the network of the named class and shape with the given
// number of candidates and eligible openings per candidate:
// candidates/20 openings in candidates/100 workplaces (5 000 in 1 000 at
// 100 000 candidates), and
//
//   - "scarce": 1–3 positions per opening and 1–5 supervised places per
//     workplace, about 3 places per 100 candidates: most stay out;
//   - "plentiful": 15–35 positions and 100–200 supervised places, more
//     than there are candidates: nearly all are placed.
//
// The random source is PCG(seed, 7). It panics on an unknown class or
// shape.
func Config(class, shape string, candidates, degree int, seed uint64) match.NetworkConfig {
	cfg := match.NetworkConfig{
		Class:      class,
		Candidates: candidates,
		Openings:   max(1, candidates/20),
		Workplaces: max(1, candidates/100),
		Degree:     degree,
		Src:        rand.NewPCG(seed, 7),
	}
	switch shape {
	case "scarce":
		cfg.MinPositions, cfg.MaxPositions = 1, 3
		cfg.MinCapacity, cfg.MaxCapacity = 1, 5
	case "plentiful":
		cfg.MinPositions, cfg.MaxPositions = 15, 35
		cfg.MinCapacity, cfg.MaxCapacity = 100, 200
	default:
		panic("flow: unknown shape " + shape)
	}
	if !slices.Contains(Classes, class) {
		panic("flow: unknown class " + class)
	}
	return cfg
}

// magic opens a network file; the 8 bytes are checked by lemon_mcf.cpp.
const magic = "CGPNET01"

// WriteNetwork writes p for lemon_mcf, little-endian:
//
//	"CGPNET01"
//	int64 candidates n, openings m, workplaces nw, arcs A, bonus M
//	int32 Start[n+1], int32 Opening[A], int64 Cost[A],
//	int32 Positions[m], int32 Workplace[m], int32 Capacity[nw]
//
// M is p.Bonus(); it returns the error of Bonus, or of w.
func WriteNetwork(w io.Writer, p *match.Problem) error {
	bonus, err := p.Bonus()
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	buf := make([]byte, 0, 1<<16)
	flush := func() {
		if len(buf) >= 1<<16-8 {
			bw.Write(buf) // a write error stays in bw and is returned by Flush
			buf = buf[:0]
		}
	}
	buf = append(buf, magic...)
	for _, x := range []int64{int64(p.NumCandidates()), int64(p.NumOpenings()),
		int64(p.NumWorkplaces()), int64(p.NumArcs()), bonus} {
		buf = binary.LittleEndian.AppendUint64(buf, uint64(x))
	}
	put32 := func(xs []int32) {
		for _, x := range xs {
			buf = binary.LittleEndian.AppendUint32(buf, uint32(x))
			flush()
		}
	}
	put32(p.Start)
	put32(p.Opening)
	for _, x := range p.Cost {
		buf = binary.LittleEndian.AppendUint64(buf, uint64(x))
		flush()
	}
	put32(p.Positions)
	put32(p.Workplace)
	put32(p.Capacity)
	bw.Write(buf)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write network: %w", err)
	}
	return nil
}

// Timing is the best wall time and the best process CPU time (user and
// system; 0 where it is not read) over a few solves. On a loaded machine
// the CPU time varies less than the wall time.
type Timing struct {
	Wall, CPU time.Duration
}

// Solve solves p with a match.FlowSolver runs times and returns the best
// times of Solve and the last result, verified against its certificate.
func Solve(p *match.Problem, runs int) (Timing, *match.Result, error) {
	var s match.FlowSolver
	var best Timing
	var res *match.Result
	for r := range max(runs, 1) {
		c0, t0 := peer.CPUTime(), time.Now()
		var err error
		res, err = s.Solve(p)
		dt, dc := time.Since(t0), peer.CPUTime()-c0
		if err != nil {
			return Timing{}, nil, err
		}
		if r == 0 || dt < best.Wall {
			best.Wall = dt
		}
		if r == 0 || dc < best.CPU {
			best.CPU = dc
		}
	}
	if err := match.Verify(p, res, res.Cert); err != nil {
		return Timing{}, nil, fmt.Errorf("verify: %w", err)
	}
	return best, res, nil
}
