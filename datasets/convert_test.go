package datasets_test

import (
	"context"
	"math"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/datasets/defaultdata/scenarios"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/engine/population"
	"github.com/caregap/caregap/engine/scenario"
)

// TestDefaultForecastAccounts runs the combined scenario on the default
// dataset and checks the accounting identities on every region, year and
// role: the population accounts of every projected year, each role's
// headcount changing only through its flows, and gap = demand − effective.
func TestDefaultForecastAccounts(t *testing.T) {
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	regions, err := datasets.ForecastRegions(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(regions) != 19 {
		t.Fatalf("%d regions", len(regions))
	}
	l := &datasets.ScenarioLoader{FS: scenarios.FS}
	sc, err := l.Load("combined.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := forecast.Run(context.Background(), regions, []*scenario.Resolved{sc}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range res.Population {
		for y := 1; y < len(p.Pop); y++ {
			if v := population.CheckAccounts(&p.Pop[y-1], &p.Pop[y], &p.Flows[y-1]); v > 1e-6 {
				t.Fatalf("region %s, %d: population accounts off by %g persons", regions[i].Code, p.From+y, v)
			}
		}
	}
	type key struct {
		region, role string
		year         int
	}
	prev := map[key]forecast.Row{}
	for _, r := range res.Rows {
		prev[key{r.Region, r.Role, r.Year}] = r
	}
	for _, r := range res.Rows {
		if math.Abs(r.DemandFTE-r.EffectiveFTE-r.GapFTE) > 1e-9 {
			t.Fatalf("%+v: gap is not demand − effective FTE", r)
		}
		p, ok := prev[key{r.Region, r.Role, r.Year - 1}]
		if !ok {
			continue
		}
		want := p.Headcount - r.Exits - r.Retirements + r.Recruits + r.Graduates - r.GraduatesOut +
			r.TransfersIn - r.TransfersOut + r.MatchedEntrants
		if math.Abs(r.Headcount-want) > 1e-6*math.Max(1, r.Headcount) {
			t.Fatalf("%s %s %d: headcount %g, flows give %g", r.Region, r.Role, r.Year, r.Headcount, want)
		}
		if r.Headcount < 0 || r.EffectiveFTE > r.ContractedFTE+1e-9 || r.ContractedFTE > r.Headcount+1e-9 {
			t.Fatalf("%+v: FTE out of order", r)
		}
	}
	if worst := forecast.CheckDecomposition(res); worst > 1e-9 {
		t.Fatalf("decomposition off by %g", worst)
	}
}
