package defaultdata

import (
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/caregap/caregap/datasets"
)

// nationalPersons is the SCB projected mean population of 2026 with age 0
// doubled (nationalStructure), the population national counts are scaled
// by.
func nationalPersons() float64 {
	p := nationalStructure()
	return p.total(0, maxAge)
}

func TestSynthesizeIsDeterministic(t *testing.T) {
	if a, b := Synthesize(), Synthesize(); !reflect.DeepEqual(a, b) {
		t.Fatal("two calls of Synthesize differ")
	}
}

func TestSynthesizeShape(t *testing.T) {
	b := Synthesize()
	want := []struct{ code, group string }{
		{"1480", groupGothenburg}, {"1481", groupGothenburg}, {"1482", groupGothenburg}, {"1401", groupGothenburg},
		{"1402", groupGothenburg}, {"1407", groupGothenburg}, {"1415", groupGothenburg}, {"1419", groupGothenburg},
		{"1440", groupGothenburg}, {"1441", groupGothenburg}, {"1462", groupGothenburg}, {"1489", groupGothenburg},
		{"1384", groupGothenburg}, {"2080", groupDalarna}, {"2081", groupDalarna}, {"2026", groupDalarna},
		{"2082", groupDalarna}, {"0580", groupLinkoping}, {"2309", groupKrokom},
	}
	if len(b.Regions) != len(want) {
		t.Fatalf("%d regions, want %d", len(b.Regions), len(want))
	}
	for i, w := range want {
		if r := b.Regions[i]; r.Region != w.code || r.Group != w.group {
			t.Errorf("region %d = %s (%s), want %s (%s)", i, r.Region, r.Group, w.code, w.group)
		}
	}
	const n = 19
	counts := []struct {
		name string
		got  int
		want int
	}{
		{"population", len(b.Population), n * numAges * numSex},
		{"deaths", len(b.Deaths), 0},
		{"births", len(b.Births), 0},
		{"death_rates", len(b.DeathRates), n * numAges * numSex},
		{"fertility_rates", len(b.FertilityRates), n * (maxMotherAge - minMotherAge + 1)},
		{"net_migration", len(b.NetMigration), n * numAges * numSex},
		{"services", len(b.Services), 5},
		{"roles", len(b.Roles), 7},
		{"care_use", len(b.CareUse), n * numSex * (2*6 + 2 + 1 + 3)}, // 6 elder bands twice, LSS 2 + 1 + 3
		{"care_staffing", len(b.CareStaffing), n * 5},
		{"workforce", len(b.Workforce), n * 7 * numWork * numSex},
		{"exit_rates", len(b.ExitRates), 7 * numWork},
		{"career_transitions", len(b.CareerTransitions), 3},
		{"training_pipelines", len(b.TrainingPipelines), n + 4}, // adult education everywhere, stepwise in 4
		{"training_stages", len(b.TrainingStages), 6 + 3},
		{"recruits", len(b.Recruits), n * 7 * numWork * numSex},
	}
	for _, c := range counts {
		if c.got != c.want {
			t.Errorf("%s: %d rows, want %d", c.name, c.got, c.want)
		}
	}
	for _, w := range b.Workforce {
		if w.Year != 2024 {
			t.Fatalf("workforce year %d, want base year 2024", w.Year)
		}
	}
}

// validateAll runs the per-row checks of every dataset of b, then Check.
func validateAll(t *testing.T, b *datasets.Bundle) {
	t.Helper()
	errs := []error{
		datasets.Validate(b.Regions, "regions"),
		datasets.Validate(b.Population, "population"),
		datasets.Validate(b.DeathRates, "death_rates"),
		datasets.Validate(b.FertilityRates, "fertility_rates"),
		datasets.Validate(b.NetMigration, "net_migration"),
		datasets.Validate(b.Services, "services"),
		datasets.Validate(b.Roles, "roles"),
		datasets.Validate(b.CareUse, "care_use"),
		datasets.Validate(b.CareStaffing, "care_staffing"),
		datasets.Validate(b.RoleShares, "role_shares"),
		datasets.Validate(b.Workforce, "workforce"),
		datasets.Validate(b.ExitRates, "exit_rates"),
		datasets.Validate(b.CareerTransitions, "career_transitions"),
		datasets.Validate(b.TrainingPipelines, "training_pipelines"),
		datasets.Validate(b.TrainingStages, "training_stages"),
		datasets.Validate(b.Recruits, "recruits"),
		datasets.Check(b),
	}
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestDefaultPassesChecks(t *testing.T) { validateAll(t, Synthesize()) }

func TestLoadMatchesSynthesize(t *testing.T) {
	got, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if want := Synthesize(); !reflect.DeepEqual(got, want) {
		t.Fatal("the embedded files differ from Synthesize; run go generate ./datasets/defaultdata")
	}
	validateAll(t, got)
}

func TestPopulation(t *testing.T) {
	b := Synthesize()
	sum := summarize(b)
	specs := defaultRegions()
	for _, s := range specs {
		got := sum[s.code]
		if math.Abs(got.persons-s.persons) > 1e-6*s.persons {
			t.Errorf("%s: %v persons, want %v", s.name, got.persons, s.persons)
		}
		// 80+ share about 4 % in the cities to about 8 % in small rural
		// municipalities (brief of the default dataset; SCB 2024: 5.9 %
		// nationally).
		if sh := got.persons80 / got.persons; sh < 0.038 || sh > 0.085 {
			t.Errorf("%s: 80+ share %.3f, want 0.038..0.085", s.name, sh)
		}
	}
	share80 := func(code string) float64 { return sum[code].persons80 / sum[code].persons }
	for _, old := range []string{"2082", "2026", "1419", "1407", "2309", "1462"} {
		for _, young := range []string{"1480", "0580", "1481"} {
			if share80(old) <= share80(young) {
				t.Errorf("80+ share of %s (%.3f) not above %s (%.3f)", old, share80(old), young, share80(young))
			}
		}
	}
	// Net migration as specified (regions.go).
	net := map[string]float64{}
	for _, m := range b.NetMigration {
		net[m.Region] += m.Persons
	}
	for _, s := range specs {
		if math.Abs(net[s.code]-s.persons*s.growth) > 1e-6*s.persons {
			t.Errorf("%s: net migration %v, want %v", s.name, net[s.code], s.persons*s.growth)
		}
	}
	// Per inhabitant, the cities and Mölndal lose least and small rural
	// municipalities most; Mölndal gains.
	rate := func(code string) float64 { return net[code] / sum[code].persons }
	for _, city := range []string{"1480", "0580", "1481"} {
		for _, rural := range []string{"2082", "2026", "1419", "1462"} {
			if rate(city) <= rate(rural) {
				t.Errorf("net migration per inhabitant of %s (%.4f) not above %s (%.4f)", city, rate(city), rural, rate(rural))
			}
		}
	}
	if net["1481"] <= 0 {
		t.Errorf("net migration of Mölndal %v, want a gain", net["1481"])
	}
}

func TestRates(t *testing.T) {
	b := Synthesize()
	// Fertility: total fertility 1.43 (SCB 2024).
	var tfr float64
	for _, f := range b.FertilityRates {
		if f.Region == "1480" {
			tfr += f.Rate
		}
	}
	if math.Abs(tfr-1.43) > 1e-9 {
		t.Errorf("total fertility %v, want 1.43", tfr)
	}
	q := nationalDeathProb()
	for s := range numSex {
		for a := range numAges {
			if q[s][a] <= 0 || q[s][a] >= 1 {
				t.Errorf("q[%d][%d] = %v, want in (0, 1)", s, a, q[s][a])
			}
		}
		// Swedish infant mortality is about 2 per 1 000; old-age
		// probabilities rise with age.
		if q[s][0] < 0.001 || q[s][0] > 0.004 {
			t.Errorf("q[%d][0] = %v, want about 0.002", s, q[s][0])
		}
		for a := 40; a < maxAge; a++ {
			if q[s][a+1] < q[s][a] {
				t.Errorf("q[%d] falls from age %d to %d", s, a, a+1)
			}
		}
	}
	// Men die younger: q at 70 higher for men.
	if q[0][70] <= q[1][70] {
		t.Errorf("q at 70: men %v, women %v", q[0][70], q[1][70])
	}
	// Life expectancy at birth from these q, about 82 for men and 85 for
	// women (SCB projection for the mid-2020s).
	for s, want := range []float64{82, 85} {
		alive, e := 1.0, 0.0
		for a := range numAges {
			d := alive * q[s][a]
			e += alive - d/2
			alive -= d
		}
		e += alive / q[s][maxAge] // the open group
		if math.Abs(e-want) > 1.5 {
			t.Errorf("life expectancy of sex %d: %.1f, want about %v", s, e, want)
		}
	}
}

func TestCareUse(t *testing.T) {
	b := Synthesize()
	tot := total(summarize(b))
	// Among people 80+: about 23 % home care and 14 % residential care
	// (Socialstyrelsen 2012, CALIBRATION.md). Exact on the national
	// structure; within a point over the default regions.
	nat := nationalStructure()
	natUse := nationalCareUse(&nat)
	m := careModel{use: natUse}
	n80 := nat.total(80, maxAge)
	for _, c := range []struct {
		sv   int
		want float64
	}{{homeCare, 0.23}, {residentialCare, 0.14}} {
		var users80 float64
		for _, ub := range m.use[c.sv] {
			if ub.from >= 80 {
				for s := range numSex {
					users80 += ub.rate[s] * sumAges(&nat, s, ub.from, ub.to)
				}
			}
		}
		if got := users80 / n80; math.Abs(got-c.want) > 1e-12 {
			t.Errorf("national 80+ share of %s: %v, want %v", serviceCodes[c.sv], got, c.want)
		}
		if got := tot.users80[serviceCodes[c.sv]] / tot.persons80; math.Abs(got-c.want) > 0.01 {
			t.Errorf("default 80+ share of %s: %.4f, want %v ± 0.01", serviceCodes[c.sv], got, c.want)
		}
	}
	// 16 % of people 65+ had a decision in 2022 (CALIBRATION.md); home
	// and residential care are most of those decisions, not all.
	if sh := (tot.users["home_care"] + tot.users["residential_care"]) / tot.persons65; sh < 0.08 || sh > 0.16 {
		t.Errorf("home or residential care among 65+: %.3f, want 0.08..0.16", sh)
	}
	// Age gradient: about 4 % at 65-74 up to about 94 % at 95+ (2017).
	for _, ub := range []int{0, 5} {
		for s := range numSex {
			r := natUse[homeCare][ub].rate[s] + natUse[residentialCare][ub].rate[s]
			switch {
			case ub == 0 && (r < 0.02 || r > 0.06):
				t.Errorf("65-74 sex %d: %.3f use home or residential care, want about 0.04", s, r)
			case ub == 5 && (r < []float64{0.6, 0.8}[s] || r > 0.94):
				t.Errorf("95+ sex %d: %.3f use home or residential care, want below but near 0.94", s, r)
			}
		}
	}
	// Women use more than men at every age.
	for _, u := range b.CareUse {
		if u.Sex != "F" {
			continue
		}
		for _, v := range b.CareUse {
			if v.Sex == "M" && v.Region == u.Region && v.Service == u.Service && v.AgeFrom == u.AgeFrom && serviceAreas[slices.Index(serviceCodes[:], u.Service)] == "elder" && v.Rate >= u.Rate {
				t.Errorf("%s %s %d-%d: men %v ≥ women %v", u.Region, u.Service, u.AgeFrom, u.AgeTo, v.Rate, u.Rate)
			}
		}
	}
	// LSS users per inhabitant as nationally: daily activities 40 064,
	// adult LSS housing 29 551 (2021, CALIBRATION.md), within the
	// differences in age structure.
	for _, c := range []struct {
		service string
		users   float64
	}{{"daily_activities", 16744 + 23320}, {"lss_housing", 12195 + 17356}} {
		want := c.users / nationalPersons()
		if got := tot.users[c.service] / tot.persons; math.Abs(got/want-1) > 0.1 {
			t.Errorf("%s users per person %.5f, want %.5f ± 10 %%", c.service, got, want)
		}
	}
}

func TestWorkforce(t *testing.T) {
	b := Synthesize()
	sum := summarize(b)
	for code, s := range sum {
		for _, role := range roleCodes {
			// Effective FTE 2-5 % short of demand in every region and role,
			// with the staff in training away.
			if gap := 1 - s.working(role)/s.demand[role]; gap < 0.02-1e-9 || gap > 0.05+1e-9 {
				t.Errorf("%s %s: base-year gap %.4f of demand, want 0.02..0.05", code, role, gap)
			}
		}
	}
	tot := total(sum)
	// Sick leave 2022: women 8.8 %, men 5.7 % (SKR, CALIBRATION.md).
	if w, m := tot.womenSick/tot.women, tot.menSick/tot.men; math.Abs(w-0.088) > 1e-9 || math.Abs(m-0.057) > 1e-9 {
		t.Errorf("sick leave women %v, men %v; want 0.088, 0.057", w, m)
	}
	var women, heads, fte, elderWomen, elderHeads, lssWomen, lssHeads, leave float64
	byRole := map[string]float64{} // contracted FTE
	for _, w := range b.Workforce {
		heads += w.Headcount
		fte += w.Headcount * w.EmploymentRate
		byRole[w.Role] += w.Headcount * w.EmploymentRate
		f := 0.0
		if w.Sex == "F" {
			f = w.Headcount
		}
		women += f
		switch w.Role {
		case "assistant_nurse", "care_aide", "nurse", "specialist_assistant_nurse":
			elderWomen += f
			elderHeads += w.Headcount
		case "support_worker":
			lssWomen += f
			lssHeads += w.Headcount
		}
	}
	// 85-90 % women in elder care; about 70 % in LSS (CALIBRATION.md).
	if sh := elderWomen / elderHeads; sh < 0.85 || sh > 0.90 {
		t.Errorf("women in elder care %.3f, want 0.85..0.90", sh)
	}
	if sh := lssWomen / lssHeads; math.Abs(sh-0.70) > 0.01 {
		t.Errorf("women among support workers %.3f, want 0.70", sh)
	}
	// Employment rates: mean 0.85-0.9; care aides (60 % part-time) below
	// assistant nurses (46 % part-time).
	if m := fte / heads; m < 0.83 || m > 0.9 {
		t.Errorf("mean employment rate %.3f, want 0.83..0.90", m)
	}
	an := byRole["assistant_nurse"] / tot.headcount["assistant_nurse"]
	ca := byRole["care_aide"] / tot.headcount["care_aide"]
	if an < 0.86 || an > 0.9 || ca >= an {
		t.Errorf("employment rate: assistant nurses %.3f (want 0.86..0.90), care aides %.3f (want lower)", an, ca)
	}
	// 8.4 % of municipal staff left in 2022, retirement included.
	for _, role := range roleCodes {
		leave += tot.exits[role] + tot.retirements[role]
	}
	if sh := leave / heads; sh < 0.07 || sh > 0.10 {
		t.Errorf("staff leaving a year %.3f, want 0.07..0.10 (8.4 %% in 2022)", sh)
	}
	// SKR: about 38 000 of 105 000 assistant nurses retire within ten
	// years. Age the base-year stock ten years with retirement alone.
	var retire10, anHeads float64
	for _, w := range b.Workforce {
		if w.Role != "assistant_nurse" {
			continue
		}
		anHeads += w.Headcount
		stay := 1.0
		for k := range 10 {
			stay *= 1 - retirementRate(int(w.Age)+k)
		}
		retire10 += w.Headcount * (1 - stay)
	}
	if sh := retire10 / anHeads; sh < 0.30 || sh > 0.42 {
		t.Errorf("assistant nurses retiring within ten years %.3f, want about 0.36", sh)
	}
}

func TestTrainingAndFlows(t *testing.T) {
	b := Synthesize()
	sum := summarize(b)
	tot := total(sum)
	places := map[string]float64{}
	for _, p := range b.TrainingPipelines {
		places[p.Pipeline] += p.PlacesPerYear
	}
	// Adult education: about 10 000 a year nationally, by population;
	// where the stepwise programme runs, it takes the adult-education
	// places it can.
	for _, p := range b.TrainingPipelines {
		if p.Pipeline != "adult_education_an" {
			continue
		}
		want := 10000 * sum[p.Region].persons / nationalPersons()
		for _, q := range b.TrainingPipelines {
			if q.Region == p.Region && q.Pipeline == "stepwise_dalarna" {
				want = max(0, want-q.PlacesPerYear)
			}
		}
		if math.Abs(p.PlacesPerYear-want) > 1e-6*want {
			t.Errorf("%s: adult-education places %v, want %v", p.Region, p.PlacesPerYear, want)
		}
	}
	// Stepwise programme: 1 150 staff over three years in four
	// municipalities (CALIBRATION.md).
	if got := 3 * places["stepwise_dalarna"]; math.Abs(got-1150) > 1e-6 {
		t.Errorf("stepwise places over three years %v, want 1150", got)
	}
	// Yield of each pipeline from its stages, recomputed.
	yield := map[string]float64{}
	for _, s := range b.TrainingStages {
		if _, ok := yield[s.Pipeline]; !ok {
			yield[s.Pipeline] = 1
		}
		yield[s.Pipeline] *= math.Pow(1-s.DropoutRate, s.DurationMonths/12) * s.CompletionRate
	}
	if y := yield["stepwise_dalarna"]; y < 0.25 || y > 0.45 {
		t.Errorf("stepwise yield %.3f, want 0.25..0.45", y)
	}
	if y := yield["adult_education_an"]; y < 0.6 || y > 0.85 {
		t.Errorf("adult-education yield %.3f, want 0.6..0.85", y)
	}
	// The base trend the recruits are sized for is checked on the
	// forecast itself: TestCheckHeadcountTrend (calibration_test.go).
	// Upper-secondary school: about 3 000 a year nationally into
	// assistant nurse, at 19.
	var at19 float64
	for _, r := range b.Recruits {
		if r.Role == "assistant_nurse" && r.Age == upperSecondaryAge {
			at19 += r.Persons
		}
	}
	if want := 3000 * tot.persons / nationalPersons(); at19 < want {
		t.Errorf("assistant nurses recruited at 19: %.0f, want at least %.0f", at19, want)
	}
}
