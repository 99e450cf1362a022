package forecastrun

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/datasets/defaultdata/scenarios"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/runs/chart"
	"github.com/caregap/caregap/runs/labels"
)

// chartRun forecasts Linköping under base, full-time and combined to 2035
// with 10 draws.
func chartRun(t *testing.T) *Run {
	t.Helper()
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	var scs []*scenario.Resolved
	for _, n := range []string{"base", "full-time", "combined"} {
		r, err := (&datasets.ScenarioLoader{FS: scenarios.FS}).Load(n + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		scs = append(scs, r)
	}
	plan, err := Prepare(Spec{Bundle: b, Regions: []string{"Linköping"}, Scenarios: scs, ToYear: 2035, Draws: 10, NoDecomposition: true})
	if err != nil {
		t.Fatal(err)
	}
	run, err := plan.Run(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// TestFiguresShareScales: every scenario's figure has, per role, the same
// y scales, and they hold every scenario's demand, supply, gap and band;
// the base's own figure has no base line, the others have the base's.
func TestFiguresShareScales(t *testing.T) {
	run := chartRun(t)
	v := newView(run.Book(), labels.SV)
	figs := v.figures()
	if len(figs) != 3 {
		t.Fatalf("%d figures, want one per scenario", len(figs))
	}
	for ri := range figs[0].Panels {
		first := figs[0].Panels[ri]
		for si, fig := range figs {
			pn := fig.Panels[ri]
			if pn.YMax != first.YMax || pn.GapMin != first.GapMin || pn.GapMax != first.GapMax {
				t.Errorf("%s %s: scales %g, %g..%g; %s has %g, %g..%g", v.scenarios[si], pn.Role, pn.YMax, pn.GapMin, pn.GapMax,
					v.scenarios[0], first.YMax, first.GapMin, first.GapMax)
			}
			for yi := range pn.Years {
				g := pn.Demand[yi] - pn.Supply[yi]
				if pn.Demand[yi] > pn.YMax || pn.Supply[yi] > pn.YMax || g < pn.GapMin || g > pn.GapMax ||
					pn.GapP10 == nil || pn.GapP10[yi] < pn.GapMin || pn.GapP90[yi] > pn.GapMax {
					t.Fatalf("%s %s %d: a value or band outside the scale", v.scenarios[si], pn.Role, pn.Years[yi])
				}
			}
			if (pn.BaseDemand == nil) != (v.scenarios[si] == "base") {
				t.Errorf("%s %s: base line %v", v.scenarios[si], pn.Role, pn.BaseDemand != nil)
			}
		}
	}
}

// TestChartWords: the charts are written in the run's language, with the
// role names, the scenario's name, the municipality and the last year.
func TestChartWords(t *testing.T) {
	run := chartRun(t)
	dir := t.TempDir()
	if _, err := run.Write(dir, 0o755, Files{Charts: true, Lang: labels.EN}); err != nil {
		t.Fatal(err)
	}
	svg, err := os.ReadFile(filepath.Join(dir, "charts", "full-time.svg"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{">Assistant nurse<", ">Specialist assistant nurse<", "Full time as the norm", "Linköping (0580)",
		">2035<", "against Base (as today)"} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("full-time.svg lacks %q", want)
		}
	}
	var buf bytes.Buffer
	if err := WriteChart(&buf, chart.SVG, run.Book(), "combined", ""); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{">Undersköterska<", ">Sjuksköterska<", "Alla åtgärder", ">Årsarbetare<", ">2035<"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("the Swedish chart lacks %q", want)
		}
	}
	if err := WriteChart(&buf, chart.SVG, run.Book(), "nope", ""); !errors.Is(err, ErrSpec) {
		t.Errorf("unknown scenario: %v", err)
	}
}
