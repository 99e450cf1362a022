package match

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

func randomPeople(rnd *rand.Rand, n, m, nw int) ([]Candidate, []Opening, []Workplace) {
	roles := []string{"undersköterska", "vårdbiträde", "personlig assistent"}
	wps := make([]Workplace, nw)
	for w := range wps {
		wps[w] = Workplace{ID: "w", X: rnd.Float64() * 200, Y: rnd.Float64() * 200, SupervisorCapacity: rnd.IntN(4)}
	}
	ops := make([]Opening, m)
	for o := range ops {
		ops[o] = Opening{
			Workplace: rnd.IntN(nw), Role: roles[rnd.IntN(3)], Positions: 1 + rnd.IntN(3),
			MinLanguage: rnd.IntN(3), NeedsLicence: rnd.IntN(3) == 0, MinExperience: float64(rnd.IntN(3)), MinEducation: rnd.IntN(3),
			Hours: float64(20 + 5*rnd.IntN(5)), Start: rnd.IntN(60),
		}
	}
	cands := make([]Candidate, n)
	for c := range cands {
		cands[c] = Candidate{
			X: rnd.Float64() * 200, Y: rnd.Float64() * 200, Language: rnd.IntN(4), Licence: rnd.IntN(2) == 0,
			Experience: float64(rnd.IntN(4)), Education: rnd.IntN(3), HoursWanted: float64(20 + 5*rnd.IntN(5)),
			MaxCommuteKm: float64(rnd.IntN(3) * 20), RolePrefs: roles[:rnd.IntN(3)], AvailableFrom: rnd.IntN(60),
			Sex: []string{"F", "M"}[rnd.IntN(2)], BirthRegion: []string{"Sverige", "Europa", "Övriga världen"}[rnd.IntN(3)],
		}
	}
	return cands, ops, wps
}

// buildSolved builds the problem of cands, ops and wps with the default
// rules and weights and solves it with the flow solver.
func buildSolved(t *testing.T, cands []Candidate, ops []Opening, wps []Workplace) (*Problem, *Breakdown, *Result) {
	t.Helper()
	p, bd, err := Build(cands, ops, wps, Rules{}, CostWeights{})
	if err != nil {
		t.Fatal(err)
	}
	var s FlowSolver
	res, err := s.Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	return p, bd, res
}

// TestBuildMatchesAllPairs checks the grid search against a plain scan of
// all pairs.
func TestBuildMatchesAllPairs(t *testing.T) {
	const seed = 11
	rnd := rand.New(rand.NewPCG(seed, 0))
	cands, ops, wps := randomPeople(rnd, 300, 120, 40)
	rules := Rules{StartGraceDays: 7}
	p, bd, err := Build(cands, ops, wps, rules, CostWeights{})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	r := rules.withDefaults()
	for c := range cands {
		var want []int32
		for o := range ops {
			w := ops[o].Workplace
			d := math.Hypot(cands[c].X-wps[w].X, cands[c].Y-wps[w].Y)
			lim := cands[c].MaxCommuteKm
			if lim == 0 {
				lim = r.CommuteKm
			}
			if eligible(&cands[c], &ops[o], d, lim, r) == RuleNone {
				want = append(want, int32(o))
			}
		}
		got, costs := p.Arcs(c)
		if !sameSet(got, want) {
			t.Fatalf("seed %d candidate %d: arcs %v, all-pairs %v", seed, c, got, want)
		}
		for k, a := 0, int(p.Start[c]); a < int(p.Start[c+1]); k, a = k+1, a+1 {
			var sum float64
			for j, x := range bd.Components(a) {
				sum += bd.Weights[j] * float64(x)
			}
			if int64(math.Round(sum*bd.Scale)) != costs[k] {
				t.Fatalf("candidate %d arc %d: breakdown %v does not give cost %d", c, a, bd.Components(a), costs[k])
			}
		}
		if (len(got) == 0) != (bd.Excluded[c] != RuleNone) {
			t.Fatalf("candidate %d: %d arcs but excluded by %v", c, len(got), bd.Excluded[c])
		}
	}
}

func sameSet(a, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[int32]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		seen[x]--
	}
	for _, k := range seen {
		if k != 0 {
			return false
		}
	}
	return true
}

// TestBuildIgnoresReportingAttributes: sex and birth region never reach
// the problem.
func TestBuildIgnoresReportingAttributes(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 5))
	cands, ops, wps := randomPeople(rnd, 100, 40, 10)
	p1, _, _ := Build(cands, ops, wps, Rules{}, CostWeights{})
	for c := range cands {
		cands[c].Sex, cands[c].BirthRegion = "X", "Y"
	}
	p2, _, _ := Build(cands, ops, wps, Rules{}, CostWeights{})
	if !reflect.DeepEqual(p1, p2) {
		t.Fatal("reporting attributes changed the problem")
	}
}

func TestNobodyEligible(t *testing.T) {
	cands := []Candidate{
		{ID: "a", X: 0, Y: 0, Language: 0},
		{ID: "b", X: 500, Y: 500, Language: 3},
	}
	wps := []Workplace{{ID: "w", X: 1, Y: 1, SupervisorCapacity: 2}}
	ops := []Opening{{ID: "o", Workplace: 0, Positions: 2, MinLanguage: 2}}
	p, bd, res := buildSolved(t, cands, ops, wps)
	if res.Placed != 0 || res.Assign[0] != -1 || res.Assign[1] != -1 {
		t.Fatalf("placed %d: %v", res.Placed, res.Assign)
	}
	if err := Verify(p, res, res.Cert); err != nil {
		t.Fatal(err)
	}
	want := []Unplaced{{0, NoEligible, RuleLanguage}, {1, NoEligible, RuleCommute}}
	if got := Reasons(p, bd, res); !reflect.DeepEqual(got, want) {
		t.Fatalf("reasons %v, want %v", got, want)
	}
}

func TestValidate(t *testing.T) {
	base := func() *Problem {
		return &Problem{
			Start: []int32{0, 2, 3}, Opening: []int32{0, 1, 1}, Cost: []int64{1, 2, 3},
			Positions: []int32{1, 1}, Workplace: []int32{0, 0}, Capacity: []int32{2},
		}
	}
	tests := []struct {
		name   string
		modify func(*Problem)
		want   error
	}{
		{"ok", func(*Problem) {}, nil},
		{"negative positions", func(p *Problem) { p.Positions[1] = -1 }, ErrNegativeCapacity},
		{"negative capacity", func(p *Problem) { p.Capacity[0] = -2 }, ErrNegativeCapacity},
		{"opening out of range", func(p *Problem) { p.Opening[2] = 2 }, ErrIndexRange},
		{"workplace out of range", func(p *Problem) { p.Workplace[0] = 1 }, ErrIndexRange},
		{"duplicate arc", func(p *Problem) { p.Opening[1] = 0 }, ErrDuplicateArc},
		{"huge cost", func(p *Problem) { p.Cost[0] = 1 << 62 }, ErrCostRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base()
			tt.modify(p)
			err := p.Validate()
			if tt.want == nil && err != nil || tt.want != nil && !errorsIs(err, tt.want) {
				t.Fatalf("Validate() = %v, want %v", err, tt.want)
			}
		})
	}
	defer func() {
		if recover() == nil {
			t.Fatal("length mismatch did not panic")
		}
	}()
	p := base()
	p.Cost = p.Cost[:2]
	p.Validate()
}

func TestSummarize(t *testing.T) {
	rnd := rand.New(rand.NewPCG(8, 8))
	cands, ops, wps := randomPeople(rnd, 200, 60, 20)
	p, bd, res := buildSolved(t, cands, ops, wps)
	rep := Summarize(p, bd, res, cands)
	unplaced := 0
	for _, k := range rep.ByReason {
		unplaced += k
	}
	if rep.Placed+unplaced != rep.Candidates || rep.ByReason[LostToCost] != 0 {
		t.Fatalf("placed %d + unplaced %v != %d", rep.Placed, rep.ByReason, rep.Candidates)
	}
	if rep.Supervised != int64(res.Placed) || rep.PositionsFilled != int64(res.Placed) ||
		rep.SupervisorUtilisation > 1 || rep.OpeningUtilisation > 1 {
		t.Fatalf("utilisation %+v", rep)
	}
	for _, g := range [][]GroupRate{rep.BySex, rep.ByBirthRegion} {
		n, k := 0, 0
		for _, r := range g {
			n += r.Candidates
			k += r.Placed
		}
		if n != rep.Candidates || k != rep.Placed {
			t.Fatalf("groups %v do not add up", g)
		}
	}
}

// TestCostWeightsScaleOnly: setting only Scale keeps the default weights.
// One candidate 10 km from the only workplace, no other component: the
// default cost is 10 km × 1 × Scale 10 = 100, and with Scale 100 it is
// 1000 (it was 0: every weight had been taken as given, that is, zero).
func TestCostWeightsScaleOnly(t *testing.T) {
	c := []Candidate{{X: 0, Y: 0}}
	o := []Opening{{Workplace: 0, Positions: 1}}
	w := []Workplace{{X: 10, Y: 0, SupervisorCapacity: 1}}
	for _, tt := range []struct {
		weights CostWeights
		want    int64
	}{
		{CostWeights{}, 100},
		{CostWeights{Scale: 100}, 1000},
		{CostWeights{CommuteKm: 2}, 200},              // weights as given, default Scale
		{CostWeights{CommuteKm: 2, Scale: 1}, 20},     // both as given
		{CostWeights{PreferenceRank: 1, Scale: 5}, 0}, // commute weight 0 as given
	} {
		p, bd, err := Build(c, o, w, Rules{}, tt.weights)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Cost) != 1 || p.Cost[0] != tt.want {
			t.Errorf("%+v: costs %v, want [%d] (scale %g, weights %v)", tt.weights, p.Cost, tt.want, bd.Scale, bd.Weights)
		}
	}
}

// TestBuildRejectsBadValues: limits and coordinates that are not finite
// or have the wrong sign are reported, not turned into empty problems or
// endless grid scans.
func TestBuildRejectsBadValues(t *testing.T) {
	ops := []Opening{{Workplace: 0, Positions: 1}}
	wps := []Workplace{{X: 10, Y: 0, SupervisorCapacity: 1}}
	nan, inf := math.NaN(), math.Inf(1)
	for _, tt := range []struct {
		name  string
		cand  Candidate
		wp    Workplace
		rules Rules
		field string
		want  error
	}{
		{"negative commute rule", Candidate{}, wps[0], Rules{CommuteKm: -5}, "Rules.CommuteKm", ErrValueRange},
		{"NaN commute rule", Candidate{}, wps[0], Rules{CommuteKm: nan}, "Rules.CommuteKm", ErrValueRange},
		{"infinite commute rule", Candidate{}, wps[0], Rules{CommuteKm: inf}, "Rules.CommuteKm", ErrValueRange},
		{"NaN hours tolerance", Candidate{}, wps[0], Rules{HoursTolerance: nan}, "Rules.HoursTolerance", ErrValueRange},
		{"infinite own limit", Candidate{MaxCommuteKm: inf}, wps[0], Rules{}, "Candidate.MaxCommuteKm", ErrValueRange},
		{"NaN own limit", Candidate{MaxCommuteKm: nan}, wps[0], Rules{}, "Candidate.MaxCommuteKm", ErrValueRange},
		{"negative own limit", Candidate{MaxCommuteKm: -1}, wps[0], Rules{}, "Candidate.MaxCommuteKm", ErrValueRange},
		{"NaN candidate location", Candidate{X: nan}, wps[0], Rules{}, "Candidate.Location", ErrValueRange},
		{"infinite workplace location", Candidate{}, Workplace{Y: -inf, SupervisorCapacity: 1}, Rules{}, "Workplace.Location", ErrValueRange},
		// 1e160 km away within a 1e200 km limit: dx² + dy² overflows, the
		// distance does not, and its cost is beyond ±2^52.
		{"cost beyond range", Candidate{MaxCommuteKm: 1e200}, Workplace{X: 1e160, SupervisorCapacity: 1}, Rules{}, "Cost", ErrCostRange},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Build([]Candidate{tt.cand}, ops, []Workplace{tt.wp}, tt.rules, CostWeights{})
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Field != tt.field || !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want a *ValidationError on %s wrapping %v", err, tt.field, tt.want)
			}
		})
	}
}

// TestBuildExtremeLimits: very large finite commute limits and far-flung
// workplaces neither hang the grid search ((hi−lo+1)² overflowed int64 for
// a 1e20 km radius, and the search then walked ~10^37 cells) nor drop
// pairs: the arcs equal those of a plain scan of all pairs.
func TestBuildExtremeLimits(t *testing.T) {
	wps := []Workplace{
		{X: 10, Y: 0, SupervisorCapacity: 1},
		{X: 500, Y: 500, SupervisorCapacity: 1},
		{X: -3e4, Y: 2e4, SupervisorCapacity: 1},
		{X: 1e12, Y: -1e12, SupervisorCapacity: 1}, // far beyond any limit below but 1e20
	}
	ops := []Opening{{Workplace: 0, Positions: 1}, {Workplace: 1, Positions: 1}, {Workplace: 2, Positions: 1}, {Workplace: 3, Positions: 1}}
	cands := []Candidate{
		{X: 0, Y: 0},                        // default 30 km: workplace 0
		{X: 0, Y: 0, MaxCommuteKm: 1e6},     // 0, 1, 2
		{X: 0, Y: 0, MaxCommuteKm: 3e10},    // 0, 1, 2
		{X: 0, Y: 0, MaxCommuteKm: 1e20},    // all four
		{X: 5e11, Y: 5e11, MaxCommuteKm: 1}, // none
	}
	want := [][]int32{{0}, {0, 1, 2}, {0, 1, 2}, {0, 1, 2, 3}, {}}
	done := make(chan struct{})
	var (
		p   *Problem
		err error
	)
	go func() {
		defer close(done)
		// 1.4e12 km × 10 points is beyond ±2^52, so price by education
		// gap only (0 for everyone here).
		p, _, err = Build(cands, ops, wps, Rules{}, CostWeights{EducationGap: 1})
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Build still running after 10 s")
	}
	if err != nil {
		t.Fatal(err)
	}
	for c := range cands {
		if got, _ := p.Arcs(c); !sameSet(got, want[c]) {
			t.Errorf("candidate %d: arcs %v, want %v", c, got, want[c])
		}
	}
}
