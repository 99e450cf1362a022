package defaultdata

// regionSpec describes one region to synthesise.
type regionSpec struct {
	code, name, group string
	// persons is the population on 31 December of the base year.
	persons float64
	// tilt shifts the age structure: the national weight at age a is
	// multiplied by exp(tilt × (a − 40) / 40); positive is older.
	tilt float64
	// students adds young adults: the weight at age a is multiplied by
	// 1 + students × exp(−((a − 23) / 4)²), for university towns.
	students float64
	// growth is net migration per year as a share of the population.
	growth float64
	// careUse multiplies every care-use rate (local variation in needs
	// and in how services are granted).
	careUse float64
	// aideShift moves this share of elder-care staffing from assistant
	// nurses to care aides, for regions with many untrained staff.
	aideShift float64
	// stepwisePlaces is the number of places a year in the stepwise
	// training programme; 0 when the region does not run it.
	stepwisePlaces float64
	// gap is the base-year shortfall of effective FTE against demand, as a
	// share of demand, by role index.
	gap [numRoles]float64
}

// Groups of the default dataset (DESIGN.md, CALIBRATION.md "From the
// projects behind this work").
const (
	groupGothenburg = "Gothenburg region"
	groupDalarna    = "Dalarna (stepwise training)"
	groupLinkoping  = "Linköping"
	groupKrokom     = "Krokom"
)

// Stepwise training programme: 1 150 staff in Borlänge, Falun, Gagnef and
// Säter over three years (CALIBRATION.md, projects), split by population.
const stepwiseParticipants, stepwiseYears = 1150.0, 3.0

// defaultRegions lists the municipalities of the default dataset.
//
// persons: populations on 31 December 2024, rounded public figures (SCB
// BE0101N1); approximate.
// tilt, students, growth, careUse, aideShift: assumptions. The national
// structure of 2026 has 7.0 % aged 80+, more than the 5.9 % of 2024 as the
// 1940s cohorts age; most tilts are therefore negative. They give older
// structures to the small rural and archipelago municipalities (80+ share
// about 7-8 %) and younger ones to Göteborg, Linköping and Mölndal (about
// 4-5 %); more care aides in the Dalarna municipalities, the reason for
// their stepwise programme.
//
// growth (net migration) is calibrated so that the population aged 20-66
// of the 19 municipalities together grows about 2.7 % over the ten years
// from the base year, SCB's national figure (2023-2033: +166 000,
// CALIBRATION.md; TestCheckWorkingAgeGrowth). The young synthetic
// structures would give +5.5 % without migration (cohorts entering at 20
// outnumber those leaving at 67), so net migration is about −0.18 % a year
// summed over the regions: least loss in the cities, a gain in Mölndal,
// about −0.5 % a year in small rural municipalities (population fell in
// 193 of 290 municipalities in 2023, CALIBRATION.md, SKR citing SCB).
func defaultRegions() []regionSpec {
	r := []regionSpec{
		{code: "1480", name: "Göteborg", group: groupGothenburg, persons: 605000, tilt: -0.42, students: 0.30, growth: -0.002},
		{code: "1481", name: "Mölndal", group: groupGothenburg, persons: 72000, tilt: -0.30, students: 0.10, growth: 0.0005},
		{code: "1482", name: "Kungälv", group: groupGothenburg, persons: 48500, tilt: -0.10, growth: -0.0005},
		{code: "1401", name: "Härryda", group: groupGothenburg, persons: 39500, tilt: -0.20, growth: -0.0005},
		{code: "1402", name: "Partille", group: groupGothenburg, persons: 40500, tilt: -0.18, growth: -0.001},
		{code: "1407", name: "Öckerö", group: groupGothenburg, persons: 13000, tilt: 0.08, growth: -0.004, careUse: 0.97},
		{code: "1415", name: "Stenungsund", group: groupGothenburg, persons: 28000, tilt: -0.05, growth: -0.002},
		{code: "1419", name: "Tjörn", group: groupGothenburg, persons: 16000, tilt: 0.12, growth: -0.0045, careUse: 0.97},
		{code: "1440", name: "Ale", group: groupGothenburg, persons: 32500, tilt: -0.22, growth: -0.001},
		{code: "1441", name: "Lerum", group: groupGothenburg, persons: 44000, tilt: -0.12, growth: -0.0015},
		{code: "1462", name: "Lilla Edet", group: groupGothenburg, persons: 14300, tilt: 0.02, growth: -0.0045, careUse: 1.05},
		{code: "1489", name: "Alingsås", group: groupGothenburg, persons: 42500, tilt: -0.05, growth: -0.002},
		{code: "1384", name: "Kungsbacka", group: groupGothenburg, persons: 86000, tilt: -0.08, growth: -0.001, careUse: 0.96},
		{code: "2080", name: "Falun", group: groupDalarna, persons: 60000, tilt: -0.05, students: 0.08, growth: -0.0025, aideShift: 0.10},
		{code: "2081", name: "Borlänge", group: groupDalarna, persons: 52500, tilt: -0.08, growth: -0.003, careUse: 1.05, aideShift: 0.10},
		{code: "2026", name: "Gagnef", group: groupDalarna, persons: 10300, tilt: 0.08, growth: -0.0045, careUse: 1.02, aideShift: 0.10},
		{code: "2082", name: "Säter", group: groupDalarna, persons: 11200, tilt: 0.12, growth: -0.005, careUse: 1.04, aideShift: 0.10},
		{code: "0580", name: "Linköping", group: groupLinkoping, persons: 167000, tilt: -0.35, students: 0.35, growth: -0.0015},
		{code: "2309", name: "Krokom", group: groupKrokom, persons: 15500, tilt: 0.05, growth: -0.0035, careUse: 1.03},
	}
	var dalarna float64
	for _, s := range r {
		if s.group == groupDalarna {
			dalarna += s.persons
		}
	}
	for i := range r {
		s := &r[i]
		if s.careUse == 0 {
			s.careUse = 1
		}
		if s.group == groupDalarna {
			s.stepwisePlaces = stepwiseParticipants / stepwiseYears * s.persons / dalarna
		}
		for role := range numRoles {
			// A shortfall of 2-5 % (assumption), spread deterministically
			// over regions and roles by a hash of their codes.
			s.gap[role] = 0.02 + 0.03*unitHash(s.code+"/"+roleCodes[role])
		}
	}
	return r
}

// unitHash maps a string to [0, 1) by 64-bit FNV-1a, for deterministic
// variation that does not depend on the order of the regions.
func unitHash(s string) float64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return float64(h>>11) / (1 << 53)
}
