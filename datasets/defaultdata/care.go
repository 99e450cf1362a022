package defaultdata

// Services, indexed in the order of the services dataset.
const (
	homeCare = iota
	residentialCare
	lssHousing
	dailyActivities
	personalAssistance
	numServices
)

var serviceCodes = [numServices]string{"home_care", "residential_care", "lss_housing", "daily_activities", "personal_assistance"}
var serviceNames = [numServices]string{"Home care (hemtjänst)", "Residential care (särskilt boende)", "LSS housing with special service (bostad med särskild service)", "Daily activities under LSS (daglig verksamhet)", "Personal assistance (personlig assistans)"}
var serviceAreas = [numServices]string{"elder", "elder", "disability", "disability", "disability"}

// Roles, indexed in the order of the roles dataset.
const (
	assistantNurse = iota
	careAide
	serviceAssistant
	supportWorker
	personalAssistant
	nurse
	specialistAssistantNurse
	numRoles
)

var roleCodes = [numRoles]string{"assistant_nurse", "care_aide", "service_assistant", "support_worker", "personal_assistant", "nurse", "specialist_assistant_nurse"}
var roleNames = [numRoles]string{"Assistant nurse (undersköterska)", "Care aide (vårdbiträde)", "Service assistant (serviceassistent)", "Support worker (stödassistent, LSS)", "Personal assistant (personlig assistent)", "Nurse (sjuksköterska)", "Specialist assistant nurse (specialistundersköterska)"}

// roleEntry marks roles open without care training: service assistants
// (the entry role of the Linköping and Krokom projects, CALIBRATION.md),
// care aides and personal assistants (assumption: no required training).
var roleEntry = [numRoles]bool{serviceAssistant: true, careAide: true, personalAssistant: true}

// newStaffExitRate is the yearly exit rate in the first year in a role.
// Assumption: 15-25 %, higher in entry roles, against 8.4 % of all
// municipal staff leaving in 2022 (CALIBRATION.md, workforce flows).
var newStaffExitRate = [numRoles]float64{
	assistantNurse:           0.15,
	careAide:                 0.22,
	serviceAssistant:         0.25,
	supportWorker:            0.18,
	personalAssistant:        0.25,
	nurse:                    0.15,
	specialistAssistantNurse: 0.12,
}

// ftePerUser is care staff FTE per user (all shifts). Assumptions, checked
// against the national totals of CALIBRATION.md: 82 000 residential users ×
// 1.05 plus 164 000 home-care users × 0.35 is about 143 000 FTE of elder
// care, of the order that 105 000 assistant nurses, 34 000 care aides and
// 16 000 nurses (SKR 2021) provide at 85-90 % employment rates. Round-the-
// clock LSS housing needs more than a residential place (1.2); daily
// activities are daytime group work (0.3); personal assistance varies from
// a few hours a week to double staffing, 1.5 is an assumed mean for the
// assistance municipalities provide.
var ftePerUser = [numServices]float64{
	homeCare:           0.35,
	residentialCare:    1.05,
	lssHousing:         1.2,
	dailyActivities:    0.3,
	personalAssistance: 1.5,
}

// baseRoleShares is the share of each service's FTE done by each role;
// each row sums to 1. Assumptions shaped by SKR's 2021 elder-care staff
// (105 000 assistant nurses, 34 000 care aides, 16 000 nurses,
// CALIBRATION.md); home care has more care aides and fewer nurses than
// residential care; LSS services are run mainly by support workers.
var baseRoleShares = [numServices][numRoles]float64{
	homeCare:           {assistantNurse: 0.57, careAide: 0.22, serviceAssistant: 0.11, nurse: 0.06, specialistAssistantNurse: 0.04},
	residentialCare:    {assistantNurse: 0.62, careAide: 0.14, serviceAssistant: 0.10, nurse: 0.08, specialistAssistantNurse: 0.06},
	lssHousing:         {supportWorker: 0.80, assistantNurse: 0.10, careAide: 0.05, serviceAssistant: 0.03, nurse: 0.02},
	dailyActivities:    {supportWorker: 0.90, careAide: 0.05, serviceAssistant: 0.05},
	personalAssistance: {personalAssistant: 1},
}

// useBand is a care-use rate by sex over ages from..to inclusive.
type useBand struct {
	from, to int
	rate     [numSex]float64
}

// careModel is a region's care use, staffing and role shares.
type careModel struct {
	use        [numServices][]useBand
	ftePerUser [numServices]float64
	shares     [numServices][numRoles]float64
}

// users returns the users of each service in population p.
func (m *careModel) users(p *pyramid) [numServices]float64 {
	var u [numServices]float64
	for sv := range numServices {
		for _, b := range m.use[sv] {
			for s := range numSex {
				for a := b.from; a <= b.to; a++ {
					u[sv] += p[s][a] * b.rate[s]
				}
			}
		}
	}
	return u
}

// demand returns the staff FTE that population p needs by role:
// Σ_service Σ_age,sex population × use_rate × fte_per_user × role_share.
func (m *careModel) demand(p *pyramid) [numRoles]float64 {
	var d [numRoles]float64
	u := m.users(p)
	for sv := range numServices {
		for r := range numRoles {
			d[r] += u[sv] * m.ftePerUser[sv] * m.shares[sv][r]
		}
	}
	return d
}

// regionCare returns the care model of a region: the national rates times
// its careUse factor, and the role shares with its aideShift.
func regionCare(nat *[numServices][]useBand, spec *regionSpec) careModel {
	m := careModel{ftePerUser: ftePerUser, shares: baseRoleShares}
	for sv := range numServices {
		for _, b := range nat[sv] {
			for s := range numSex {
				b.rate[s] *= spec.careUse
			}
			m.use[sv] = append(m.use[sv], b)
		}
	}
	for _, sv := range []int{homeCare, residentialCare} {
		m.shares[sv][assistantNurse] -= spec.aideShift
		m.shares[sv][careAide] += spec.aideShift
	}
	return m
}

// Elder-care bands and their assumed age gradient before calibration. The
// gradient follows Socialstyrelsen: about 4 % of 65-74-year-olds and about
// 94 % of those 95+ have a decision (2017, CALIBRATION.md); home care and
// residential care here take most of that, the rest being safety alarms,
// meals and other services.
var (
	elderBands              = [][2]int{{65, 74}, {75, 79}, {80, 84}, {85, 89}, {90, 94}, {95, maxAge}}
	homeCareGradient        = []float64{0.030, 0.080, 0.170, 0.290, 0.350, 0.340}
	residentialCareGradient = []float64{0.008, 0.028, 0.080, 0.180, 0.320, 0.500}
	elderSexFactor          = [numSex]float64{0.85, 1.10} // assumption: women use more at a given age (16 % of 65+: women 19 %, men 12 %; CALIBRATION.md)
	homeCare80Target        = 0.23                        // share of 80+ with home care (Socialstyrelsen 2012, CALIBRATION.md)
	residentialCare80Target = 0.14                        // share of 80+ in residential care (Socialstyrelsen 2012, CALIBRATION.md)
)

// lssCount is a national number of users of an LSS service, by sex, spread
// over age bands by share.
type lssCount struct {
	service int
	persons [numSex]float64
	bands   [][2]int
	shares  []float64
}

var lssCounts = []lssCount{
	// Adult LSS housing 2021: 17 356 men, 12 195 women (CALIBRATION.md);
	// assumption: 88 % aged 18-64.
	{lssHousing, [numSex]float64{17356, 12195}, [][2]int{{18, 64}, {65, maxAge}}, []float64{0.88, 0.12}},
	// Daily activities 2021: 23 320 men, 16 744 women (CALIBRATION.md);
	// working-age adults.
	{dailyActivities, [numSex]float64{23320, 16744}, [][2]int{{18, 64}}, []float64{1}},
	// Personal assistance: assumption, about 18 000 users (about 14 000
	// with state assistance allowance plus municipal LSS assistance), 55 %
	// men, spread over children, working age and 65+.
	{personalAssistance, [numSex]float64{9900, 8100}, [][2]int{{0, 17}, {18, 64}, {65, maxAge}}, []float64{0.22, 0.63, 0.15}},
}

// nationalCareUse returns the national care-use rates: the elder-care
// gradient scaled so that the 80+ shares of national population p match
// homeCare80Target and residentialCare80Target, and LSS counts divided by
// p's population in each band and sex (counts from a population of about
// 10.5 million, applied to SCB's projected 10.6 million of 2026).
func nationalCareUse(p *pyramid) [numServices][]useBand {
	var use [numServices][]useBand
	for i, g := range [][]float64{homeCareGradient, residentialCareGradient} {
		target := []float64{homeCare80Target, residentialCare80Target}[i]
		var users80 float64
		bands := make([]useBand, len(elderBands))
		for j, b := range elderBands {
			bands[j] = useBand{from: b[0], to: b[1]}
			for s := range numSex {
				bands[j].rate[s] = g[j] * elderSexFactor[s]
				if b[0] >= 80 {
					users80 += bands[j].rate[s] * sumAges(p, s, b[0], b[1])
				}
			}
		}
		k := target * p.total(80, maxAge) / users80
		for j := range bands {
			for s := range numSex {
				bands[j].rate[s] *= k
			}
		}
		use[homeCare+i] = bands
	}
	for _, c := range lssCounts {
		for j, b := range c.bands {
			ub := useBand{from: b[0], to: b[1]}
			for s := range numSex {
				ub.rate[s] = c.persons[s] * c.shares[j] / sumAges(p, s, b[0], b[1])
			}
			use[c.service] = append(use[c.service], ub)
		}
	}
	return use
}

// sumAges returns the persons of sex s aged lo..hi in p.
func sumAges(p *pyramid, s, lo, hi int) float64 {
	var t float64
	for a := lo; a <= hi; a++ {
		t += p[s][a]
	}
	return t
}
