package defaultdata

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/caregap/caregap/datasets"
)

// The default training set follows the stepwise programme of the Dalarna
// project (CALIBRATION.md, projects): 1 150 disability-support staff of
// Borlänge, Falun, Gagnef and Säter over three years, an introduction
// course and then five courses, each of preparation, a session and
// follow-up work. It is synthetic and illustrative: every rate below is an
// assumption of plausible size, not an observation.
const (
	trainingProgramme    = "stepwise_dalarna"
	trainingParticipants = 1150
	trainingSeed         = 12
)

var (
	// trainingStart and trainingEnd bound the programme's three years;
	// TrainingAsOf is the day the records were taken out.
	trainingStart = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	trainingEnd   = time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	// TrainingAsOf is the day of the default training records.
	TrainingAsOf = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
)

// trainingSite is a municipality of the programme: its 2024 population
// (SCB, rounded, as in README.md), which splits the participants and the
// target, and its assumed dropout factor (small municipalities have
// fewer substitutes, so more leave; assumption).
type trainingSite struct {
	region  string
	persons float64
	dropout float64
}

var trainingSites = []trainingSite{
	{"2081", 52000, 1.0}, // Borlänge
	{"2080", 59500, 0.9}, // Falun
	{"2026", 10300, 1.3}, // Gagnef
	{"2082", 11100, 1.2}, // Säter
}

// trainingCourse is a course of the programme and its assumed pace:
// days from unlocking to the preparation done, from preparation to the
// session, from the session to the follow-up done (each uniform in
// [lo, hi]), and the probability of dropping out during it: most who
// leave do so in the first courses, and about a third of entrants
// complete all six, as the typed-in rates of the default bundle's
// pipeline stepwise_dalarna assume (CALIBRATION.md: about 30 %).
type trainingCourse struct {
	code, name              string
	prep, session, followUp [2]int
	dropout                 float64
}

var trainingCourses = []trainingCourse{
	{"intro", "Introduction course", [2]int{3, 14}, [2]int{5, 20}, [2]int{3, 14}, 0.08},
	{"course1", "Course 1: the LSS act, rights and self-determination", [2]int{14, 45}, [2]int{10, 35}, [2]int{20, 60}, 0.25},
	{"course2", "Course 2: disabilities, autism and intellectual disability", [2]int{14, 45}, [2]int{10, 35}, [2]int{20, 60}, 0.20},
	{"course3", "Course 3: communication and alternative communication", [2]int{14, 50}, [2]int{10, 35}, [2]int{20, 70}, 0.18},
	{"course4", "Course 4: challenging behaviour and low-arousal approaches", [2]int{14, 50}, [2]int{10, 35}, [2]int{25, 70}, 0.15},
	{"course5", "Course 5: health, medication and documentation", [2]int{14, 50}, [2]int{10, 35}, [2]int{25, 75}, 0.12},
}

// Stalls and transfers (assumptions): in a course a participant stalls
// with probability stallShare, for 60-240 days (leave, a heavy period at
// work), before the follow-up; over the journey a participant moves to
// another of the four municipalities with probability transferShare.
const (
	stallShare    = 0.10
	transferShare = 0.02
)

// trainingRoles are the roles of participants with their shares
// (assumption: mostly support workers in LSS housing and daily
// activities).
var trainingRoles = []struct {
	role  string
	share float64
}{{"support_worker", 0.75}, {"personal_assistant", 0.15}, {"care_aide", 0.10}}

func trainingDay(t time.Time) string { return t.Format("2006-01-02") }

// SynthesizeTraining returns the default training set, deterministically:
// one programme, four sites whose targets sum to 1 150 certificates,
// 1 150 participants who start in term intakes (January-February and
// August-October) of 2024-2026 up to TrainingAsOf, their completed
// activities, certificates and transfers up to TrainingAsOf. The records
// are illustrative.
func SynthesizeTraining() *datasets.TrainingSet { return SynthesizeTrainingSeed(trainingSeed) }

// SynthesizeTrainingSeed returns a training set as SynthesizeTraining
// does from another seed: other participants of the same programme, for
// tests of the estimates over many samples.
func SynthesizeTrainingSeed(seed uint64) *datasets.TrainingSet {
	rng := rand.New(rand.NewPCG(seed, 0))
	t := &datasets.TrainingSet{}
	for k, c := range trainingCourses {
		for _, a := range []string{"preparation", "session", "follow_up"} {
			t.Programmes = append(t.Programmes, datasets.TrainingActivity{Programme: trainingProgramme, Step: 1,
				CourseOrder: int32(k + 1), Course: c.code, CourseName: c.name, Activity: a})
		}
	}
	counts := splitByPopulation(trainingParticipants)
	for i, s := range trainingSites {
		t.Sites = append(t.Sites, datasets.TrainingSite{Programme: trainingProgramme, Region: s.region, Target: int32(counts[i])})
	}
	ids := rng.Perm(90000)
	n := 0
	for i, s := range trainingSites {
		for range counts[i] {
			synthJourney(rng, t, fmt.Sprintf("p%05d", 10000+ids[n]), i, s)
			n++
		}
	}
	slices.SortFunc(t.Participants, func(a, b datasets.TrainingParticipant) int {
		return cmp.Or(cmp.Compare(a.StartDate, b.StartDate), cmp.Compare(a.ParticipantID, b.ParticipantID))
	})
	return t
}

// splitByPopulation splits n over trainingSites by population, the
// largest remainders rounding up.
func splitByPopulation(n int) []int {
	var tot float64
	for _, s := range trainingSites {
		tot += s.persons
	}
	out := make([]int, len(trainingSites))
	rest := make([]float64, len(trainingSites))
	left := n
	for i, s := range trainingSites {
		x := float64(n) * s.persons / tot
		out[i] = int(math.Floor(x))
		rest[i] = x - float64(out[i])
		left -= out[i]
	}
	for ; left > 0; left-- {
		best := 0
		for i := range rest {
			if rest[i] > rest[best] {
				best = i
			}
		}
		out[best]++
		rest[best] = -1
	}
	return out
}

// startDay draws a start day: the intakes of the three years, spread
// over the first weeks of January-February and August-October, none
// after TrainingAsOf.
func startDay(rng *rand.Rand) time.Time {
	for {
		y := 2024 + rng.IntN(3)
		var m time.Month
		if rng.Float64() < 0.45 {
			m = time.January + time.Month(rng.IntN(2))
		} else {
			m = time.August + time.Month(rng.IntN(3))
		}
		d := time.Date(y, m, 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
		if d.Before(TrainingAsOf) && !d.Before(trainingStart) {
			return d
		}
	}
}

func uniformDays(rng *rand.Rand, r [2]int) int { return r[0] + rng.IntN(r[1]-r[0]+1) }

// synthJourney adds one participant of site i and their records up to
// TrainingAsOf.
func synthJourney(rng *rand.Rand, t *datasets.TrainingSet, id string, i int, s trainingSite) {
	start := startDay(rng)
	role := trainingRoles[len(trainingRoles)-1].role
	x := rng.Float64()
	for _, r := range trainingRoles {
		if x < r.share {
			role = r.role
			break
		}
		x -= r.share
	}
	p := datasets.TrainingParticipant{ParticipantID: id, Programme: trainingProgramme, Region: s.region, Role: role, StartDate: trainingDay(start)}
	region := s.region
	// A transfer, when there is one, happens at a uniform time in the
	// first 18 months, to another site.
	var moveAt time.Time
	moveTo := ""
	if rng.Float64() < transferShare {
		moveAt = start.AddDate(0, 0, 20+rng.IntN(520))
		moveTo = trainingSites[(i+1+rng.IntN(len(trainingSites)-1))%len(trainingSites)].region
	}
	move := func(before time.Time) {
		if moveTo != "" && !moveAt.After(before) && !moveAt.After(TrainingAsOf) {
			t.Transfers = append(t.Transfers, datasets.TrainingTransfer{ParticipantID: id, FromRegion: region, ToRegion: moveTo, Date: trainingDay(moveAt)})
			region, moveTo = moveTo, ""
		}
	}
	done := func(course, activity string, d time.Time) bool {
		if d.After(TrainingAsOf) {
			return false
		}
		move(d)
		t.Completions = append(t.Completions, datasets.TrainingCompletion{ParticipantID: id, Course: course, Activity: activity, Date: trainingDay(d)})
		return true
	}
	day := start
	for _, c := range trainingCourses {
		prep := day.AddDate(0, 0, uniformDays(rng, c.prep))
		sess := prep.AddDate(0, 0, uniformDays(rng, c.session))
		fol := sess.AddDate(0, 0, uniformDays(rng, c.followUp))
		if rng.Float64() < stallShare {
			fol = fol.AddDate(0, 0, 60+rng.IntN(181))
		}
		if rng.Float64() < c.dropout*s.dropout {
			// Leaves at a uniform time before the course would have
			// been completed; what was done before stays recorded.
			left := day.AddDate(0, 0, 1+rng.IntN(int(fol.Sub(day).Hours()/24)))
			for _, a := range []struct {
				name string
				d    time.Time
			}{{"preparation", prep}, {"session", sess}} {
				if a.d.Before(left) {
					done(c.code, a.name, a.d)
				}
			}
			if !left.After(TrainingAsOf) {
				move(left)
				p.LeftDate = trainingDay(left)
			} else {
				move(TrainingAsOf)
			}
			t.Participants = append(t.Participants, p)
			return
		}
		if !done(c.code, "preparation", prep) || !done(c.code, "session", sess) || !done(c.code, "follow_up", fol) {
			move(TrainingAsOf)
			t.Participants = append(t.Participants, p)
			return
		}
		day = fol
	}
	if cert := day.AddDate(0, 0, 7+rng.IntN(39)); !cert.After(TrainingAsOf) {
		move(cert)
		t.Certificates = append(t.Certificates, datasets.TrainingCertificate{ParticipantID: id, Step: 1, Date: trainingDay(cert), Employer: region})
	}
	move(TrainingAsOf)
	t.Participants = append(t.Participants, p)
}
