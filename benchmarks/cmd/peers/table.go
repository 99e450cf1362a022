package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

// printTable writes the Markdown table of rows, then the goals met and
// the largest peak memory.
func printTable(cfg config, rows []row) {
	w := cfg.out
	fmt.Fprintf(w, "Measured %s on %s; %s, %s/%s, %d CPUs; best of %d solves per side.\n\n",
		time.Now().Format("2006-01-02"), cpuModel(), runtime.Version(), runtime.GOOS, runtime.GOARCH,
		runtime.NumCPU(), cfg.runs)
	fmt.Fprintln(w, "| instance | peer | caregap s | peer s | ratio | CPU ratio | goal | caregap peak MiB | peer peak MiB | same optimum | notes |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|--:|---|--:|--:|---|---|")
	met, goals := 0, 0
	for _, r := range rows {
		eq := "yes"
		if !r.equal {
			eq = "NO"
		}
		g := r.goal
		if g == "" {
			g = "–"
		} else {
			goals++
			if r.met {
				met++
			}
		}
		cpu := "–"
		if r.oursCPU > 0 && r.theirsCPU > 0 {
			cpu = fmt.Sprintf("%.2f", r.oursCPU/r.theirsCPU)
		}
		fmt.Fprintf(w, "| %s | %s | %.3f | %.3f | %.2f | %s | %s | %.0f | %.0f | %s | %s |\n",
			r.instance, r.peer, r.ours, r.theirs, r.ours/r.theirs, cpu, g,
			mib(r.oursRSS), mib(r.theirsRSS), eq, r.note)
	}
	if len(rows) == 0 {
		return
	}
	var peak int64
	for _, r := range rows {
		peak = max(peak, r.oursRSS)
	}
	status := "met"
	if peak >= memoryGoal {
		status = "missed"
	}
	fmt.Fprintf(w, "\nSpeed goal (ratio ≤ 0.5) met on %d of %d instances.\n", met, goals)
	fmt.Fprintf(w, "caregap's largest peak resident set: %.0f MiB (goal < 2048 MiB: %s).\n", mib(peak), status)
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// cpuModel returns the processor's name from /proc/cpuinfo, or "unknown".
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}
