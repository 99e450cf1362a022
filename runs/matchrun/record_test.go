package matchrun

import (
	"bytes"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/match"
)

// A record survives Encode and DecodeRecord unchanged, with and without
// reduced costs and with its alternatives cut short.
func TestRecordRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name   string
		run    func(t *testing.T) *Run
		maxAlt int
	}{
		{"small/flow", func(t *testing.T) *Run { return solved(t, smallSet(), "flow") }, 0},
		{"small/stable", func(t *testing.T) *Run { return solved(t, smallSet(), "stable") }, 0},
		{"default/flow/max5", func(t *testing.T) *Run { return defaultRun(t, "flow") }, 5},
		{"default/stable/max5", func(t *testing.T) *Run { return defaultRun(t, "stable") }, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := NewRecord(tc.run(t), tc.maxAlt)
			var buf bytes.Buffer
			if err := rec.Encode(&buf); err != nil {
				t.Fatal(err)
			}
			got, err := DecodeRecord(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, rec) {
				for i := range rec.Candidates {
					if !reflect.DeepEqual(got.Candidates[i], rec.Candidates[i]) {
						t.Fatalf("candidate %d:\n got %+v\nwant %+v", i, got.Candidates[i], rec.Candidates[i])
					}
				}
				t.Fatalf("decoded record differs from the encoded one")
			}
		})
	}
}

func TestDecodeRecordError(t *testing.T) {
	if _, err := DecodeRecord(bytes.NewReader([]byte(`{"candidates": 3}`))); err == nil {
		t.Error("DecodeRecord accepted a number for the candidates")
	}
}

// FuzzRecordRoundTrip: whatever JSON decodes into a record encodes to a
// record that decodes to the same.
func FuzzRecordRoundTrip(f *testing.F) {
	var buf bytes.Buffer
	for _, solver := range []string{"flow", "stable"} {
		r, err := Build(smallSet(), match.Rules{}, match.CostWeights{})
		if err != nil {
			f.Fatal(err)
		}
		if err := r.Solve(solver); err != nil {
			f.Fatal(err)
		}
		buf.Reset()
		if err := NewRecord(r, 2).Encode(&buf); err != nil {
			f.Fatal(err)
		}
		f.Add(slices.Clone(buf.Bytes()))
	}
	f.Add([]byte(`{"solver":"flow","certified":true,"openings":[],"candidates":[{"opening":-1,"cost":-0,"components":[{"value":1e-45}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := DecodeRecord(bytes.NewReader(data))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := rec.Encode(&buf); err != nil {
			t.Fatal(err)
		}
		again, err := DecodeRecord(&buf)
		if err != nil {
			t.Fatalf("decode of an encoded record: %v\n%s", err, buf.Bytes())
		}
		if !reflect.DeepEqual(again, rec) {
			t.Fatalf("round trip changed the record:\n got %+v\nwant %+v", again, rec)
		}
	})
}

// Report with a scope that keeps every municipality is the run's full
// report, field by field.
func TestRecordReportEverything(t *testing.T) {
	for _, solver := range []string{"flow", "stable"} {
		t.Run(solver, func(t *testing.T) {
			r := defaultRun(t, solver)
			full := r.Report()
			rec := NewRecord(r, 3)
			if got := rec.Report(full, nil); got != full {
				t.Error("Report with a nil scope is not the full report")
			}
			got := rec.Report(full, func(string) bool { return true })
			compareReports(t, got, full)
		})
	}
}

// compareReports reports each field of got that differs from want, but
// for the fields named in skip.
func compareReports(t *testing.T, got, want *datasets.MatchReport, skip ...string) {
	t.Helper()
	g, w := reflect.ValueOf(*got), reflect.ValueOf(*want)
	for i := range g.NumField() {
		if slices.Contains(skip, g.Type().Field(i).Name) {
			continue
		}
		if !reflect.DeepEqual(g.Field(i).Interface(), w.Field(i).Interface()) {
			t.Errorf("%s = %v, want %v", g.Type().Field(i).Name, g.Field(i).Interface(), w.Field(i).Interface())
		}
	}
}

// Report with the scope of one municipality counts that municipality's
// candidates and workplaces only. The expected numbers are counted here
// from the run's assignments, its full report and the matching set.
func TestRecordReportOneMunicipality(t *testing.T) {
	r := defaultRun(t, "flow")
	full := r.Report()
	rec := NewRecord(r, 3)
	// 0580 Linköping and 1480 Göteborg have workplaces and candidates in
	// the default set; 2082, the smallest, too.
	for _, region := range []string{"0580", "1480", "2082"} {
		t.Run(region, func(t *testing.T) {
			got := rec.Report(full, func(reg string) bool { return reg == region })
			want := expectedReport(r, full, region)
			// TotalCost is a float64 sum over other candidates than the
			// full report's; TestRecordReportEverything checks it exactly.
			compareReports(t, got, want, "TotalCost")
			if math.Abs(got.TotalCost-want.TotalCost) > 1e-9 {
				t.Errorf("TotalCost = %v, want %v", got.TotalCost, want.TotalCost)
			}
			if got.Candidates == 0 || got.Workplaces == 0 {
				t.Errorf("municipality %s: %d candidates, %d workplaces; the test needs both", region, got.Candidates, got.Workplaces)
			}
		})
	}
	t.Run("none", func(t *testing.T) {
		got := rec.Report(full, func(string) bool { return false })
		if got.Candidates != 0 || got.Placed != 0 || got.Openings != 0 || got.Workplaces != 0 || got.TotalCost != 0 || len(got.ByRegion) != 0 {
			t.Errorf("empty scope: %+v", got)
		}
	})
}

// expectedReport counts the report of region from r's inputs and
// placements, independently of Record.
func expectedReport(r *Run, full *datasets.MatchReport, region string) *datasets.MatchReport {
	m := r.Set
	want := &datasets.MatchReport{Solver: full.Solver, UnplacedByReason: map[string]int{}, NoEligibleByRule: map[string]int{},
		BySex: []datasets.GroupPlacement{}, ByBirthRegion: []datasets.GroupPlacement{}, ByRegion: []datasets.GroupPlacement{},
		WorkplaceUse: []datasets.WorkplaceUse{}, UnplacedCandidates: []datasets.UnplacedCandidate{}}
	candRegion := map[string]string{}
	sex, birth := map[string]*datasets.GroupPlacement{}, map[string]*datasets.GroupPlacement{}
	add := func(g map[string]*datasets.GroupPlacement, name string, placed bool) {
		if g[name] == nil {
			g[name] = &datasets.GroupPlacement{Group: name}
		}
		g[name].Candidates++
		if placed {
			g[name].Placed++
		}
	}
	for c, cd := range m.Candidates {
		candRegion[cd.CandidateID] = cd.Region
		if cd.Region != region {
			continue
		}
		placed := r.Result.Assign[c] >= 0
		want.Candidates++
		if placed {
			want.Placed++
		} else {
			want.Unplaced++
		}
		add(sex, cd.Sex, placed)
		add(birth, cd.BirthRegion, placed)
	}
	for _, u := range full.UnplacedCandidates {
		if candRegion[u.CandidateID] == region {
			want.UnplacedByReason[u.Reason]++
			if u.Rule != "" {
				want.NoEligibleByRule[u.Rule]++
			}
			want.UnplacedCandidates = append(want.UnplacedCandidates, u)
		}
	}
	// The assignments' Region is the workplace's municipality.
	for _, a := range r.Assignments() {
		if candRegion[a.CandidateID] == region {
			want.TotalCost += a.Cost
		}
		if a.Region == region {
			want.PositionsFilled++
			want.Supervised++
		}
	}
	wpRegion := map[string]string{}
	for _, w := range m.Workplaces {
		wpRegion[w.WorkplaceID] = w.Region
		if w.Region == region {
			want.Workplaces++
			want.SupervisorCapacity += int64(w.SupervisorCapacity)
		}
	}
	for _, o := range m.Openings {
		if wpRegion[o.WorkplaceID] == region {
			want.Openings++
			want.Positions += int64(o.Positions)
		}
	}
	for _, w := range full.WorkplaceUse {
		if w.Region == region {
			want.WorkplaceUse = append(want.WorkplaceUse, w)
		}
	}
	want.OpeningUtilisation = float64(want.PositionsFilled) / float64(want.Positions)
	want.SupervisorUtilisation = float64(want.Supervised) / float64(want.SupervisorCapacity)
	list := func(g map[string]*datasets.GroupPlacement) []datasets.GroupPlacement {
		out := []datasets.GroupPlacement{}
		for _, x := range g {
			x.Rate = float64(x.Placed) / float64(x.Candidates)
			out = append(out, *x)
		}
		slices.SortFunc(out, func(a, b datasets.GroupPlacement) int { return strings.Compare(a.Group, b.Group) })
		return out
	}
	want.BySex, want.ByBirthRegion = list(sex), list(birth)
	want.ByRegion = []datasets.GroupPlacement{{Group: region, Candidates: want.Candidates, Placed: want.Placed,
		Rate: float64(want.Placed) / float64(want.Candidates)}}
	// The total cost is a sum of float64 points; compare it to the
	// resolution of the costs (1/Scale) rather than bit for bit.
	want.TotalCost = math.Round(want.TotalCost*r.Breakdown.Scale) / r.Breakdown.Scale
	return want
}

// NewRecord with maxAlt keeps the cheapest maxAlt alternatives, in the
// order of the full list, and the chosen opening when it is not among
// them.
func TestNewRecordMaxAlternatives(t *testing.T) {
	r := defaultRun(t, "flow")
	all := NewRecord(r, 0)
	for _, maxAlt := range []int{1, 3} {
		cut := NewRecord(r, maxAlt)
		for c := range all.Candidates {
			a, k := all.Candidates[c].Alternatives, cut.Candidates[c].Alternatives
			n := min(len(a), maxAlt)
			if !slices.Equal(k[:n], a[:n]) {
				t.Fatalf("maxAlt %d, candidate %d: kept %v, want the first %d of %v", maxAlt, c, k, n, a)
			}
			chosen := slices.IndexFunc(a, func(x RecordAlt) bool { return x.Chosen })
			switch {
			case chosen >= maxAlt && (len(k) != maxAlt+1 || !k[maxAlt].Chosen):
				t.Fatalf("maxAlt %d, candidate %d: chosen alternative %d not kept: %v", maxAlt, c, chosen, k)
			case chosen < maxAlt && len(k) != n:
				t.Fatalf("maxAlt %d, candidate %d: kept %d alternatives, want %d", maxAlt, c, len(k), n)
			}
		}
	}
}
