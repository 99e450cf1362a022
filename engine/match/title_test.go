package match

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteEligible decides a pair by the rules as documented on Rules and
// Rule, from the raw fields, in the order of the rules; it returns the
// first rule that excludes the pair, or RuleNone.
func bruteEligible(cd Candidate, op Opening, wp Workplace, rules Rules) Rule {
	limit := cd.MaxCommuteKm
	if limit == 0 {
		limit = rules.CommuteKm
	}
	tol := rules.HoursTolerance
	if tol == 0 {
		tol = 10
	}
	checks := []struct {
		r   Rule
		out bool
	}{
		{RuleCommute, math.Hypot(cd.X-wp.X, cd.Y-wp.Y) > limit},
		{RuleLanguage, cd.Language < op.MinLanguage},
		{RuleLicence, op.NeedsLicence && !cd.Licence},
		{RuleStart, cd.AvailableFrom > op.Start+rules.StartGraceDays},
		{RuleHours, tol >= 0 && cd.HoursWanted > 0 && op.Hours > 0 && math.Abs(cd.HoursWanted-op.Hours) > tol},
		{RuleRole, rules.PreferredRolesOnly && len(cd.RolePrefs) > 0 && !slices.Contains(cd.RolePrefs, op.Role)},
		{RuleProtectedTitle, !rules.IgnoreProtectedTitle && op.SSYK == "5321" && !cd.CertifiedAssistantNurse},
	}
	for _, c := range checks {
		if c.out {
			return c.r
		}
	}
	return RuleNone
}

// titlePeople are random people and openings in which about half the
// openings are of SSYK 5321 and about a third of the candidates hold the
// protected title; candidates take the run's commute limit.
func titlePeople(rnd *rand.Rand, n, m, nw int) ([]Candidate, []Opening, []Workplace) {
	cands, ops, wps := randomPeople(rnd, n, m, nw)
	for o := range ops {
		switch rnd.IntN(4) {
		case 0, 1:
			ops[o].SSYK, ops[o].OccupationID = "5321", "Y3QA_5pk_uXd"
		case 2:
			ops[o].SSYK = "5330"
		}
	}
	for c := range cands {
		cands[c].CertifiedAssistantNurse = rnd.IntN(3) == 0
		cands[c].MaxCommuteKm = 0
	}
	return cands, ops, wps
}

// TestProtectedTitleAgainstBruteForce checks the arcs of Build and the
// rule blamed for candidates with no eligible opening against a scan of
// every pair by bruteEligible, with the rule on and switched off.
func TestProtectedTitleAgainstBruteForce(t *testing.T) {
	blamed := map[Rule]int{}
	for seed := uint64(1); seed <= 40; seed++ {
		rnd := rand.New(rand.NewPCG(seed, 14))
		cands, ops, wps := titlePeople(rnd, 30, 12, 4)
		for _, rules := range []Rules{{CommuteKm: 300}, {CommuteKm: 300, IgnoreProtectedTitle: true}, {CommuteKm: 300, PreferredRolesOnly: true}} {
			p, bd, err := Build(cands, ops, wps, rules, CostWeights{})
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			for c, cd := range cands {
				var want []int32
				var count [numRules]int
				for o, op := range ops {
					r := bruteEligible(cd, op, wps[op.Workplace], rules)
					count[r]++
					if r == RuleNone {
						want = append(want, int32(o))
					}
				}
				got := slices.Clone(p.Opening[p.Start[c]:p.Start[c+1]])
				slices.Sort(got)
				if !slices.Equal(got, want) {
					t.Fatalf("seed %d, rules %+v, candidate %d (certified %v): eligible %v, want %v",
						seed, rules, c, cd.CertifiedAssistantNurse, got, want)
				}
				if len(want) > 0 {
					if bd.Excluded[c] != RuleNone {
						t.Fatalf("seed %d: candidate %d has openings but is blamed on %v", seed, c, bd.Excluded[c])
					}
					continue
				}
				if count[RuleCommute] > 0 {
					continue // Build counts commute exclusions only near the candidate
				}
				// The rule that excluded most; ties go to the earlier rule.
				most := RuleCommute
				for r := RuleCommute; r < numRules; r++ {
					if count[r] > count[most] {
						most = r
					}
				}
				if bd.Excluded[c] != most {
					t.Fatalf("seed %d, rules %+v: candidate %d blamed on %v, want %v (counts %v)", seed, rules, c, bd.Excluded[c], most, count)
				}
				blamed[most]++
			}
		}
	}
}

// TestProtectedTitleBlamed checks that a candidate whose only openings
// within reach need the title is blamed on it, and that its name is the
// one the reports use.
func TestProtectedTitleBlamed(t *testing.T) {
	wps := []Workplace{{ID: "w", SupervisorCapacity: 2}}
	ops := []Opening{{ID: "o1", Role: "assistant_nurse", SSYK: "5321", Positions: 1}, {ID: "o2", Role: "assistant_nurse", SSYK: "5321", Positions: 1}}
	cands := []Candidate{{ID: "plain"}, {ID: "certified", CertifiedAssistantNurse: true}}
	p, bd, err := Build(cands, ops, wps, Rules{}, CostWeights{})
	if err != nil {
		t.Fatal(err)
	}
	if n := p.Start[1] - p.Start[0]; n != 0 || bd.Excluded[0] != RuleProtectedTitle {
		t.Errorf("uncertified: %d arcs, blamed on %v; want 0 and protected_title", n, bd.Excluded[0])
	}
	if n := p.Start[2] - p.Start[1]; n != 2 {
		t.Errorf("certified: %d arcs, want 2", n)
	}
	if r, ok := ParseRule("protected_title"); !ok || r != RuleProtectedTitle || r.String() != "protected_title" {
		t.Errorf("ParseRule(protected_title) = %v, %v", r, ok)
	}
	p, _, err = Build(cands, ops, wps, Rules{IgnoreProtectedTitle: true}, CostWeights{})
	if err != nil {
		t.Fatal(err)
	}
	if n := p.Start[1] - p.Start[0]; n != 2 {
		t.Errorf("rule off: uncertified has %d arcs, want 2", n)
	}
}
