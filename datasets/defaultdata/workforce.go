package defaultdata

import "math"

// Working ages of the workforce, exit-rate and recruit datasets.
const (
	minWorkAge = 18
	maxWorkAge = 70
	numWork    = maxWorkAge - minWorkAge + 1
)

// Sick leave in municipalities 2022: women 8.8 %, men 5.7 % (SKR,
// CALIBRATION.md). The same in every role and age.
var sickLeave = [numSex]float64{0.057, 0.088}

// roleProfile holds the assumed shape of a role's staff.
type roleProfile struct {
	// women is the share of women: 85-90 % in elder care, about 70 % in
	// LSS services (CALIBRATION.md).
	women float64
	// minAge is the youngest age with staff (training takes years).
	minAge int
	// The age profile is young + old + flat over the working ages: two
	// Gaussians {mean, sd, weight} and a constant, tapered after 64.
	young, old [3]float64
	flat       float64
	// employment is the mean employment rate (contracted FTE per head)
	// before the age adjustment.
	employment float64
	// exitFactor multiplies the age-specific exit rate.
	exitFactor float64
	// recruitAge is the {mean, sd} age of recruits.
	recruitAge [2]float64
}

// Employment rates: 46 % of assistant nurses and 60 % of care aides work
// part-time (CALIBRATION.md); assuming part-timers average 75 % of full
// time for assistant nurses and 72 % for care aides gives means of
// 0.54 + 0.46 × 0.75 ≈ 0.885 and 0.40 + 0.60 × 0.72 ≈ 0.83. Other roles are
// assumptions: lower for the entry roles and personal assistants (hourly
// paid staff: 23.6 % of elder-care staff in 2022), higher for nurses.
//
// Age profiles: assistant nurses are older than average, with a bulge at
// 50-64 peaking at 60 (SKR: about 38 000 of 105 000 retire within ten
// years, so about 40 % are 55 or older); entry roles
// and personal assistants are young. Exit factors: entry roles and
// personal assistance turn over faster, trained roles slower
// (assumptions).
var roleProfiles = [numRoles]roleProfile{
	assistantNurse:           {women: 0.88, minAge: 18, young: [3]float64{30, 6, 0.8}, old: [3]float64{60, 5, 2.0}, flat: 0.5, employment: 0.885, exitFactor: 1.1, recruitAge: [2]float64{30, 10}},
	careAide:                 {women: 0.86, minAge: 18, young: [3]float64{24, 5, 1.0}, old: [3]float64{55, 7, 0.8}, flat: 0.4, employment: 0.83, exitFactor: 1.2, recruitAge: [2]float64{27, 9}},
	serviceAssistant:         {women: 0.72, minAge: 18, young: [3]float64{24, 5, 1.2}, old: [3]float64{45, 10, 0.6}, flat: 0.3, employment: 0.80, exitFactor: 1.35, recruitAge: [2]float64{28, 10}},
	supportWorker:            {women: 0.70, minAge: 18, young: [3]float64{30, 6, 0.8}, old: [3]float64{50, 8, 0.8}, flat: 0.5, employment: 0.88, exitFactor: 1.1, recruitAge: [2]float64{29, 9}},
	personalAssistant:        {women: 0.70, minAge: 18, young: [3]float64{24, 4, 1.5}, old: [3]float64{45, 12, 0.8}, flat: 0.3, employment: 0.78, exitFactor: 1.4, recruitAge: [2]float64{25, 7}},
	nurse:                    {women: 0.90, minAge: 22, young: [3]float64{32, 6, 0.7}, old: [3]float64{55, 6, 0.9}, flat: 0.5, employment: 0.92, exitFactor: 0.9, recruitAge: [2]float64{30, 8}},
	specialistAssistantNurse: {women: 0.90, minAge: 25, young: [3]float64{45, 8, 1.0}, old: [3]float64{57, 5, 0.8}, flat: 0.3, employment: 0.94, exitFactor: 0.8, recruitAge: [2]float64{42, 8}},
}

// seniorTaper returns the share of a cohort still working at age a ≥ 60:
// the product of 1 − retirementRate over the ages from 60 to a − 1, so the
// age profile of the stock agrees with the retirement rates.
func seniorTaper(a int) float64 {
	t := 1.0
	for b := 60; b < a; b++ {
		t *= 1 - retirementRate(b)
	}
	return t
}

func gauss(a, mean, sd float64) float64 {
	x := (a - mean) / sd
	return math.Exp(-0.5 * x * x)
}

// ageProfile returns the role's age weights over ages minWorkAge..
// maxWorkAge, summing to 1.
func (rp *roleProfile) ageProfile() [numWork]float64 {
	var w [numWork]float64
	var sum float64
	for i := range w {
		a := minWorkAge + i
		if a < rp.minAge {
			continue
		}
		fa := float64(a)
		v := rp.young[2]*gauss(fa, rp.young[0], rp.young[1]) + rp.old[2]*gauss(fa, rp.old[0], rp.old[1]) + rp.flat
		switch {
		case a > 60:
			v *= seniorTaper(a)
		case a < rp.minAge+2:
			v *= 0.4 + 0.3*float64(a-rp.minAge) // few staff in their first working years
		}
		w[i] = v
		sum += v
	}
	for i := range w {
		w[i] /= sum
	}
	return w
}

// recruitProfile returns the age weights of recruits, summing to 1.
func (rp *roleProfile) recruitProfile() [numWork]float64 {
	var w [numWork]float64
	var sum float64
	for i := range w {
		a := minWorkAge + i
		if a < rp.minAge || a >= 65 {
			continue
		}
		w[i] = gauss(float64(a), rp.recruitAge[0], rp.recruitAge[1])
		sum += w[i]
	}
	for i := range w {
		w[i] /= sum
	}
	return w
}

// employmentRate returns contracted FTE per head: the role's mean, 0.06
// lower under 25 (studies, hourly work) and 0.04 lower from 62 (partial
// retirement); assumptions.
func (rp *roleProfile) employmentRate(age int) float64 {
	e := rp.employment
	switch {
	case age < 25:
		e -= 0.06
	case age >= 62:
		e -= 0.04
	}
	return min(e, 1)
}

// exitRate is the yearly probability of leaving the sector for any reason
// but retirement. Age pattern assumed: high under 25, 4-5 % in
// mid-career and 2.5-3 % from 50, when few change sector. Calibrated
// with the retirements so that, in the first forecast year of the
// default, exits and retirements together are 8.4 % of the headcount,
// the share of municipal staff who left in 2022 (CALIBRATION.md;
// TestCheckLeavingRate).
func (rp *roleProfile) exitRate(age int) float64 {
	var e float64
	switch {
	case age < 20:
		e = 0.14
	case age < 25:
		e = 0.10
	case age < 30:
		e = 0.07
	case age < 40:
		e = 0.05
	case age < 50:
		e = 0.04
	case age < 60:
		e = 0.03
	default:
		e = 0.025
	}
	return e * rp.exitFactor
}

// retirementRate is the yearly probability of retiring at an age: 2 % at
// 60, rising to 10 % at 64 (early retirement is common in physically
// heavy care work), about half at each of 65-67, and all by 69
// (assumption). With the assistant nurses' age profile (a bulge at 60)
// and the exits before retirement, about 36 % of them retire within ten
// years as the bulge passes 65,
// SKR's 38 000 of 105 000 (about 3.6 % a year, CALIBRATION.md;
// TestCheckAssistantNurseRetirement).
func retirementRate(age int) float64 {
	rates := [...]float64{0.02, 0.03, 0.05, 0.07, 0.10, 0.45, 0.50, 0.60, 0.70, 1}
	switch {
	case age < 60:
		return 0
	case age-60 < len(rates):
		return rates[age-60]
	default:
		return 1
	}
}

// careerTransitions are yearly shares of staff moving up the career path
// of DESIGN.md (assumptions: a few per cent a year; most care aides who
// train do so through the pipelines, counted separately).
var careerTransitions = []struct {
	from, to int
	rate     float64
}{
	{serviceAssistant, careAide, 0.05},
	{careAide, assistantNurse, 0.03},
	{assistantNurse, specialistAssistantNurse, 0.006},
}

// trainingStage is one stage of a pipeline (see datasets.TrainingStage).
type trainingStage struct {
	name                string
	months              float64
	completion, dropout float64
}

// pipelineSpec is a training programme.
type pipelineSpec struct {
	code           string
	source, output int // source -1: from outside the workforce
	stages         []trainingStage
}

// yield returns the expected share of entrants who graduate: the product
// over stages of surviving dropout for the stage's duration and passing it.
func (p *pipelineSpec) yield() float64 {
	y := 1.0
	for _, s := range p.stages {
		y *= math.Pow(1-s.dropout, s.months/12) * s.completion
	}
	return y
}

// trainees returns the number in training at any time in the steady
// state of places entrants a year, by the monthly model of engine/supply
// (SteadyTrainees): each month places/12 enter the first stage, a stage
// loses δ = dropout/12 of its participants and φ = 1/months of the rest
// finish it, and a share completion of those passes to the next.
func (p *pipelineSpec) trainees(places float64) float64 {
	in, n := places/12, 0.0
	for k, s := range p.stages {
		d, phi := min(1, s.dropout/12), min(1, 1/s.months)
		stay := (1 - d) * (1 - phi)
		x := in / (1 - stay)
		if k == 0 {
			x = in * stay / (1 - stay) // counted after the month's finishers leave
		}
		n += x
		in = in / (1 - stay) * (1 - d) * phi * s.completion
	}
	return n
}

// stepwisePipeline is the stepwise programme of the Dalarna project: an
// introduction course, then five courses, each unlocked when the previous
// one is completed (CALIBRATION.md, projects), taken by care aides and
// leading to assistant nurse. Durations, completion
// and dropout are assumptions for part-time study beside work: about two
// years in all; many take only the first courses, so about 30 % of
// entrants complete all five and graduate.
var stepwisePipeline = pipelineSpec{
	code: "stepwise_dalarna", source: careAide, output: assistantNurse,
	stages: []trainingStage{
		{"Introduction course", 1, 0.90, 0.12},
		{"Course 1: care and basic nursing", 5, 0.85, 0.12},
		{"Course 2: health, illness and medication", 5, 0.85, 0.12},
		{"Course 3: dementia and psychiatry", 5, 0.85, 0.12},
		{"Course 4: rehabilitation and palliative care", 5, 0.85, 0.12},
		{"Course 5: communication and documentation", 5, 0.85, 0.12},
	},
}

// adultEducationPipeline is municipal adult education's assistant-nurse
// programme, for people outside the workforce: about 10 000 a year
// nationally (SKR, CALIBRATION.md), places scaled by population. Three
// terms of full-time study (assumption), about 71 % graduating. Where a
// municipality runs the stepwise programme, its adult education runs that
// instead, and the adult-education places are reduced by the stepwise
// places (assumption).
var adultEducationPipeline = pipelineSpec{
	code: "adult_education_an", source: -1, output: assistantNurse,
	stages: []trainingStage{
		{"Health, care and social work foundations", 6, 0.92, 0.10},
		{"Care of older people, medicine and nursing", 6, 0.92, 0.10},
		{"Workplace training and examination", 6, 0.95, 0.08},
	},
}

// National training inflows (SKR, CALIBRATION.md), scaled by population.
const (
	adultEducationPlaces = 10000 // a year, adult education
	upperSecondaryInflow = 3000  // a year, upper-secondary school into assistant nurse
	upperSecondaryAge    = 19
	supplyGrowth         = 0.005 // assumption: headcount of every role grows by about 0.5 % a year over 2025-2040 in the base trend (recruits.go)
)

// staff is a region's base-year workforce by role, sex and working age.
type staff [numRoles][numSex][numWork]float64

// sizeWorkforce returns the headcount that yields effective FTE of
// demand × (1 − gap) in each role, spread by the role's age and sex
// profile, plus the staff of each role away in the training pipelines
// that take their trainees from it (runs with a source): the workforce
// data count staff in training in their role, and the forecast takes the
// steady-state trainees out of the role in the base year (engine/supply,
// SetSteadyTrainees).
func sizeWorkforce(demand [numRoles]float64, gap [numRoles]float64, runs []pipelineRun) staff {
	var training [numRoles]float64
	for _, run := range runs {
		if run.spec.source >= 0 {
			training[run.spec.source] += run.spec.trainees(run.places)
		}
	}
	var h staff
	for r := range numRoles {
		rp := &roleProfiles[r]
		prof := rp.ageProfile()
		sexShare := [numSex]float64{1 - rp.women, rp.women}
		var perHead float64 // effective FTE per head
		for s := range numSex {
			for i, w := range prof {
				perHead += sexShare[s] * w * rp.employmentRate(minWorkAge+i) * (1 - sickLeave[s])
			}
		}
		heads := demand[r]*(1-gap[r])/perHead + training[r]
		for s := range numSex {
			for i, w := range prof {
				h[r][s][i] = heads * sexShare[s] * w
			}
		}
	}
	return h
}

// headcount returns the staff of role r.
func (h *staff) headcount(r int) float64 {
	var t float64
	for s := range numSex {
		for _, v := range h[r][s] {
			t += v
		}
	}
	return t
}

// pipelineRun is a pipeline run by a region with a number of places a
// year.
type pipelineRun struct {
	spec   *pipelineSpec
	places float64
}
