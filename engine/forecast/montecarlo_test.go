package forecast

import (
	"testing"

	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/engine/scenario"
)

// TestRunDrawAllocs: once a worker's buffers have grown, a draw of a
// region under every scenario allocates nothing, whether its population
// is drawn or given.
func TestRunDrawAllocs(t *testing.T) {
	scs := []*scenario.Resolved{resolved("base"), allLevers()}
	u := (*Uncertainty)(nil).withDefaults()
	for _, r := range goldenRegions()[:2] {
		if _, err := prepare([]*Region{r}, scs, nil); err != nil {
			t.Fatal(err)
		}
		var m mcWorker
		if err := m.prepareRegion(r, scs, 2040, 50); err != nil {
			t.Fatal(err)
		}
		key := population.RegionKey(r.Code)
		k := 0
		run := func() {
			m.runDraw(r, key, scs, 2040, &u, k%50, k%50)
			k++
		}
		run()
		if n := testing.AllocsPerRun(20, run); n != 0 {
			t.Errorf("region %s: %g allocations a draw", r.Code, n)
		}
	}
}
