package defaultdata

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/caregap/caregap/datasets"
)

// The default matching set: people outside the labour market registered
// for entry roles and work placements in care, and the openings of
// elder-care homes, home-care units and personal-assistance units whose
// supervisors can take on few of them (CALIBRATION.md, projects: in
// Linköping's service-assistant project too few supervisors were the
// stated bottleneck, with 8-16 placements).
const (
	// candidateShare is candidates per inhabitant: Krokom has about 400
	// people outside the labour market in 15 500 inhabitants (2.6 %,
	// CALIBRATION.md); the default takes one in ten of them as registered
	// for care placements (assumption).
	candidateShare = 400.0 / 15500 / 10
	// personsPerWorkplace sizes the number of workplaces taking part: one
	// per 16 000 inhabitants, at least two (assumption; Linköping gets 10,
	// whose 1-2 supervisors each give about the 8-16 placements of its
	// project).
	personsPerWorkplace = 16000
)

// Entry roles of the matching set, as in roles.parquet of the default
// dataset.
var entryRoles = []string{"service_assistant", "care_aide", "personal_assistant"}

// roleOccupations are the JobTech occupation-name concept and SSYK 2012
// code of each role of the matching set (datasets.Occupations). The
// service assistant has none: the taxonomy's concept for it could not be
// verified, so its openings leave both empty.
var roleOccupations = map[string]datasets.Occupation{
	"care_aide":          {ID: "4zLr_jP5_peZ", SSYK: "5330"},
	"personal_assistant": {ID: "eU1q_zvL_9Rf", SSYK: "5343"},
	"assistant_nurse":    {ID: "Y3QA_5pk_uXd", SSYK: "5321"},
}

const (
	// assistantNurseOpeningShare is the share of elder-care homes and
	// home-care units that also offer an assistant-nurse post, open only
	// to holders of the protected title (assumption).
	assistantNurseOpeningShare = 0.2
	// certifiedShare is the share of candidates with care experience and
	// at least upper-secondary education who hold the certificate of the
	// protected title undersköterska (assumption: many with care
	// experience worked as care aides without the training);
	// certifiedWantShare of those list assistant_nurse first.
	certifiedShare     = 0.3
	certifiedWantShare = 0.6
)

// matchPlace is a municipality's centre on the SWEREF 99 TM grid, in km
// (approximate), and the radius in km within which its candidates and
// workplaces are spread.
type matchPlace struct{ x, y, r float64 }

// matchPlaces are approximate centres of the default municipalities
// (SWEREF 99 TM easting and northing of the main town, km) and spreads
// (assumption: wider for large rural municipalities such as Krokom).
var matchPlaces = map[string]matchPlace{
	"1480": {319, 6400, 9}, "1481": {322, 6391, 5}, "1482": {318, 6420, 7},
	"1401": {338, 6396, 7}, "1402": {330, 6403, 4}, "1407": {302, 6404, 3},
	"1415": {314, 6442, 7}, "1419": {298, 6437, 6}, "1440": {333, 6421, 7},
	"1441": {340, 6410, 6}, "1462": {337, 6446, 8}, "1489": {357, 6421, 9},
	"1384": {325, 6377, 9}, "2080": {535, 6722, 12}, "2081": {522, 6704, 9},
	"2026": {505, 6716, 10}, "2082": {535, 6689, 10}, "0580": {536, 6475, 9},
	"2309": {470, 7025, 22},
}

// matchEpoch is the first day of the default matching round.
var matchEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

func matchDate(days int) string { return matchEpoch.AddDate(0, 0, days).Format("2006-01-02") }

// SynthesizeMatch returns the default matching set for the 19 default
// municipalities, deterministically: about 3 600 candidates, 105
// workplaces and 290 openings with about 700 positions but only about 150
// places of supervision, so that supervisors bind. Openings carry the
// JobTech occupation and SSYK code of their role (roleOccupations); a
// few are assistant-nurse posts that need the protected title, which
// some candidates with care experience hold. Every municipality draws
// from its own random stream, seeded by its code, and the protected
// title from another.
func SynthesizeMatch() *datasets.MatchSet {
	m := new(datasets.MatchSet)
	for _, s := range defaultRegions() {
		pl := matchPlaces[s.code]
		rng := rand.New(rand.NewPCG(uint64(unitHash("match/"+s.code)*(1<<53)), 0x6d61746368)) // "match"
		// The protected title draws from a stream of its own, so that the
		// other draws are those of sets made before it.
		title := rand.New(rand.NewPCG(uint64(unitHash("title/"+s.code)*(1<<53)), 0x7469746c65)) // "title"
		nw := max(2, int(math.Round(s.persons/personsPerWorkplace)))
		for i := range nw {
			id := fmt.Sprintf("W%s-%02d", s.code, i+1)
			employer := s.name + " kommun"
			if rng.Float64() < 0.2 {
				employer = fmt.Sprintf("Private provider %c", 'A'+rng.IntN(4))
			}
			wp, ops := drawWorkplace(rng, id, employer, s.code, pl, i)
			ops = drawAssistantNurse(title, ops, i)
			m.Workplaces = append(m.Workplaces, wp)
			m.Openings = append(m.Openings, ops...)
		}
		nc := int(math.Round(s.persons * candidateShare))
		for i := range nc {
			c := drawCandidate(rng, fmt.Sprintf("C%s-%04d", s.code, i+1), s.code, pl)
			drawCertificate(title, &c)
			m.Candidates = append(m.Candidates, c)
		}
	}
	return m
}

// MatchConfig configures GenerateMatch; a zero field means its default.
type MatchConfig struct {
	Candidates int // [100 000]
	Openings   int // [5 000]
	Workplaces int // [1 000]
	// Seed seeds the PCG source; the same seed gives the same set.
	Seed uint64
}

// GenerateMatch returns a large synthetic matching set for benchmarks,
// with the structure of the default: made-up municipalities ("S001", ...)
// of 25 workplaces each on a lattice 60 km apart, candidates spread over
// them in proportion to their workplaces, openings spread over the
// workplaces (every workplace gets one while there are enough).
// Deterministic per seed. It panics if a count is negative.
func GenerateMatch(cfg MatchConfig) *datasets.MatchSet {
	if cfg.Candidates < 0 || cfg.Openings < 0 || cfg.Workplaces < 0 {
		panic("defaultdata: negative count in MatchConfig")
	}
	def := func(x *int, d int) {
		if *x == 0 {
			*x = d
		}
	}
	def(&cfg.Candidates, 100000)
	def(&cfg.Openings, 5000)
	def(&cfg.Workplaces, 1000)
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x6d61746368)) // "match"
	nr := (cfg.Workplaces + 24) / 25
	side := int(math.Ceil(math.Sqrt(float64(nr))))
	width := max(3, len(fmt.Sprint(nr)))
	place := func(r int) (string, matchPlace) {
		return fmt.Sprintf("S%0*d", width, r+1), matchPlace{float64(500 + 60*(r%side)), float64(6500 + 60*(r/side)), 15}
	}
	m := new(datasets.MatchSet)
	var perWorkplace [][]datasets.Opening
	for w := range cfg.Workplaces {
		code, pl := place(w / 25)
		wp, ops := drawWorkplace(rng, fmt.Sprintf("W%06d", w+1), "Employer "+code, code, pl, w)
		m.Workplaces = append(m.Workplaces, wp)
		perWorkplace = append(perWorkplace, ops)
	}
	// Openings: the workplaces' own in turn, as many as asked for.
	for k := 0; len(m.Openings) < cfg.Openings; k++ {
		w := k % cfg.Workplaces
		ops := perWorkplace[w]
		if k >= cfg.Workplaces {
			_, more := drawWorkplace(rng, m.Workplaces[w].WorkplaceID, "", m.Workplaces[w].Region, matchPlace{}, w)
			ops = more
		}
		o := ops[rng.IntN(len(ops))]
		o.OpeningID = fmt.Sprintf("O%07d", len(m.Openings)+1)
		m.Openings = append(m.Openings, o)
	}
	for c := range cfg.Candidates {
		code, pl := place(min(nr-1, rng.IntN(cfg.Workplaces)/25))
		m.Candidates = append(m.Candidates, drawCandidate(rng, fmt.Sprintf("C%07d", c+1), code, pl))
	}
	return m
}

// drawWorkplace draws workplace number i of a municipality: an elder-care
// home, a home-care unit or (every fifth) a personal-assistance unit, with
// its openings (ids id-1, id-2, ...) and a supervisor capacity of 1, or 2
// with probability 0.35 (assumption, against the 8-16 placements of
// Linköping's project).
func drawWorkplace(rng *rand.Rand, id, employer, region string, pl matchPlace, i int) (datasets.Workplace, []datasets.Opening) {
	x, y := scatter(rng, pl)
	wp := datasets.Workplace{WorkplaceID: id, Employer: employer, Region: region, XKm: x, YKm: y, SupervisorCapacity: 1}
	if rng.Float64() < 0.35 {
		wp.SupervisorCapacity = 2
	}
	start := 33 + 7*rng.IntN(9) // Mondays from 3 February 2025 on
	var ops []datasets.Opening
	add := func(role string, minLang int32, licence bool, minExp float64, minEdu int32) {
		ops = append(ops, datasets.Opening{
			OpeningID: fmt.Sprintf("O%s-%d", id[1:], len(ops)+1), WorkplaceID: id, Role: role,
			Positions: int32(1 + rng.IntN(4)), MinLanguage: minLang, NeedsLicence: licence,
			MinExperience: minExp, MinEducation: minEdu, Hours: []float64{20, 30, 40, 40}[rng.IntN(4)],
			Start:        matchDate(start + 7*rng.IntN(3)),
			OccupationID: roleOccupations[role].ID, SSYK: roleOccupations[role].SSYK,
		})
	}
	switch {
	case i%5 == 4: // personal assistance
		add("personal_assistant", 3, rng.Float64() < 0.5, 0, 1)
		add("personal_assistant", 3, false, 1, 1)
	case i%2 == 0: // elder-care home
		add("service_assistant", 2, false, 0, 0)
		add("care_aide", 3, false, 0.5, 1)
		if rng.Float64() < 0.5 {
			add("care_aide", 3, false, 0, 1)
		}
	default: // home-care unit: the care aides drive
		add("service_assistant", 2, false, 0, 0)
		add("care_aide", 3, true, 0.5, 1)
		if rng.Float64() < 0.4 {
			add("service_assistant", 1, false, 0, 0)
		}
	}
	return wp, ops
}

// drawAssistantNurse adds, with probability assistantNurseOpeningShare,
// an assistant-nurse post (SSYK 5321, the protected title) to the
// openings ops of workplace number i when it is an elder-care home or a
// home-care unit (where the post drives): one or two positions, Swedish at
// B2, a year's experience and upper-secondary education wanted, starting
// with the workplace's first opening (assumptions).
func drawAssistantNurse(rng *rand.Rand, ops []datasets.Opening, i int) []datasets.Opening {
	if i%5 == 4 || len(ops) == 0 || rng.Float64() >= assistantNurseOpeningShare {
		return ops
	}
	first := ops[0]
	occ := roleOccupations["assistant_nurse"]
	return append(ops, datasets.Opening{
		OpeningID: fmt.Sprintf("O%s-%d", first.WorkplaceID[1:], len(ops)+1), WorkplaceID: first.WorkplaceID,
		Role: "assistant_nurse", Positions: int32(1 + rng.IntN(2)), MinLanguage: 4, NeedsLicence: i%2 == 1,
		MinExperience: 1, MinEducation: 2, Hours: []float64{30, 40}[rng.IntN(2)], Start: first.Start,
		OccupationID: occ.ID, SSYK: occ.SSYK,
	})
}

// drawCertificate gives c the certificate of the protected title with
// probability certifiedShare when c has care experience and at least
// upper-secondary education; a certified candidate lists assistant_nurse
// first with probability certifiedWantShare.
func drawCertificate(rng *rand.Rand, c *datasets.Candidate) {
	if c.ExperienceYears <= 0 || c.EducationLevel < 2 || rng.Float64() >= certifiedShare {
		return
	}
	c.CertifiedAssistantNurse = true
	if rng.Float64() < certifiedWantShare {
		c.RolePreferences = strings.TrimSuffix("assistant_nurse,"+c.RolePreferences, ",")
	}
}

// drawCandidate draws one candidate: newly arrived (35 %), on social
// assistance (35 %) or long-term unemployed (30 %), with language,
// licence, education, experience, hours, commute limit, role preferences
// and availability drawn by group (assumptions).
func drawCandidate(rng *rand.Rand, id, region string, pl matchPlace) datasets.Candidate {
	x, y := scatter(rng, pl)
	c := datasets.Candidate{CandidateID: id, Region: region, XKm: x, YKm: y, Sex: "M"}
	if rng.Float64() < 0.6 {
		c.Sex = "F"
	}
	g := rng.Float64()
	newlyArrived := g < 0.35
	switch {
	case newlyArrived:
		c.BirthRegion = pick(rng, []string{"outside_eu", "eu"}, []float64{0.9, 0.1})
	case g < 0.7:
		c.BirthRegion = pick(rng, datasets.BirthRegions, []float64{0.4, 0.05, 0.1, 0.45})
	default:
		c.BirthRegion = pick(rng, datasets.BirthRegions, []float64{0.6, 0.05, 0.1, 0.25})
	}
	switch {
	case c.BirthRegion == "sweden" || c.BirthRegion == "nordic":
		c.LanguageLevel = int32(5 + rng.IntN(2))
	case newlyArrived:
		c.LanguageLevel = int32(pickIndex(rng, []float64{0.15, 0.3, 0.3, 0.25}))
	default:
		c.LanguageLevel = int32(2 + rng.IntN(4))
	}
	licence := 0.55
	if newlyArrived {
		licence = 0.25
	}
	c.DrivingLicence = rng.Float64() < licence
	c.EducationLevel = int32(pickIndex(rng, []float64{0.15, 0.35, 0.35, 0.15}))
	if rng.Float64() < 0.3 {
		c.ExperienceYears = math.Round(min(10, rng.ExpFloat64()*1.5)*10) / 10
	}
	c.HoursWanted = []float64{0, 20, 30, 40}[pickIndex(rng, []float64{0.3, 0.15, 0.25, 0.3})]
	if rng.Float64() < 0.4 {
		c.MaxCommuteKm = float64(5 + 5*rng.IntN(5))
	}
	if k := pickIndex(rng, []float64{0.25, 0.4, 0.25, 0.1}); k > 0 {
		roles := slices.Clone(entryRoles)
		rng.Shuffle(len(roles), func(i, j int) { roles[i], roles[j] = roles[j], roles[i] })
		for _, r := range roles[:k] {
			if c.RolePreferences != "" {
				c.RolePreferences += ","
			}
			c.RolePreferences += r
		}
	}
	if rng.Float64() < 0.75 {
		c.AvailableFrom = matchDate(-60 + rng.IntN(90)) // November to January
	} else {
		c.AvailableFrom = matchDate(31 + rng.IntN(120)) // February to May
	}
	return c
}

// scatter draws a point around the centre of pl, normally with standard
// deviation r/2 on each axis, within r, rounded to 100 m.
func scatter(rng *rand.Rand, pl matchPlace) (float64, float64) {
	for {
		dx, dy := rng.NormFloat64()*pl.r/2, rng.NormFloat64()*pl.r/2
		if dx*dx+dy*dy <= pl.r*pl.r {
			return math.Round((pl.x+dx)*10) / 10, math.Round((pl.y+dy)*10) / 10
		}
	}
}

func pick(rng *rand.Rand, vals []string, w []float64) string { return vals[pickIndex(rng, w)] }

// pickIndex draws an index with the weights w, which sum to 1.
func pickIndex(rng *rand.Rand, w []float64) int {
	u := rng.Float64()
	for i, p := range w {
		if u < p {
			return i
		}
		u -= p
	}
	return len(w) - 1
}
