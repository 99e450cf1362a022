package population_test

import (
	"math"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/engine/population"
)

// TestDrawProjectPopsDefault: on every region of the default dataset,
// projected from its last given year to 2040 under draws with the
// default uncertainty, Draw.ProjectPops gives the populations of
// ProjectPops under the draw's Rates bit for bit.
func TestDrawProjectPopsDefault(t *testing.T) {
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	regions, err := datasets.ForecastRegions(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	const to = 2040
	u := (*population.Uncertainty)(nil).WithDefaults()
	var s population.Streams
	var d population.Draw
	var got, want []population.Pyramid
	tested := 0
	for _, r := range regions {
		base, from := &r.Population, r.BaseYear
		if g := len(r.Given); g > 0 {
			base, from = &r.Given[g-1], r.BaseYear+g
		}
		if r.Rates == nil || from >= to {
			continue
		}
		tested++
		key := population.RegionKey(r.Code)
		for k := range 3 {
			d.Reset(&s, &u, 11, k, key, base, from, to, r.Rates)
			want = population.ProjectPops(want, base, from, to, d.Rates())
			got = d.ProjectPops(got, base, to)
			for i := range got {
				for sx := range population.NumSexes {
					for a := range population.NumAges {
						if g, w := got[i][sx][a], want[i][sx][a]; math.Float64bits(g) != math.Float64bits(w) {
							t.Fatalf("region %s, draw %d, year %d, sex %d, age %d: %v, ProjectPops gives %v", r.Code, k, from+i, sx, a, g, w)
						}
					}
				}
			}
		}
	}
	if tested == 0 {
		t.Fatal("no region of the default dataset has rates to project")
	}
	t.Logf("%d regions", tested)
}
