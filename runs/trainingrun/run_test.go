package trainingrun

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/engine/training"
)

func defaultRun(t *testing.T, asOf int) *Run {
	t.Helper()
	set, err := defaultdata.LoadTraining()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(set, "", asOf)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestLifeTableMatches recomputes every course's curves on the default
// set by a brute-force daily life table: for each day, scan all
// participants for those still in the course at its start and those who
// end it that day, and multiply and add up. It must agree with the
// Aalen–Johansen estimate at every day.
func TestLifeTableMatches(t *testing.T) {
	r := defaultRun(t, training.NoDay)
	for _, g := range append([]training.Group{r.Estimates.Pooled}, r.Estimates.Regions[2]) {
		for c, ce := range g.Courses {
			obs := r.Register.Observations(c, g.Region, r.AsOf)
			maxT := 0.0
			for _, o := range obs {
				maxT = math.Max(maxT, o.Time)
			}
			s, f1, f2 := 1.0, 0.0, 0.0
			for day := 0.0; day <= maxT; day++ {
				var n, d1, d2 float64
				for _, o := range obs {
					if o.Time >= day {
						n++
					}
					if o.Time == day {
						switch o.Cause {
						case training.Completed:
							d1++
						case training.Dropped:
							d2++
						}
					}
				}
				if n > 0 {
					f1 += s * d1 / n
					f2 += s * d2 / n
					s *= 1 - (d1+d2)/n
				}
				gs, g1, g2 := ce.Curve.At(day)
				if math.Abs(gs-s) > 1e-9 || math.Abs(g1-f1) > 1e-9 || math.Abs(g2-f2) > 1e-9 {
					t.Fatalf("%q %s day %v: estimate %v %v %v, life table %v %v %v", g.Region, ce.Course, day, gs, g1, g2, s, f1, f2)
				}
			}
		}
	}
}

// backTest cuts the records of set on day cut, estimates and forecasts
// from the cut to the first day of the month after the records' day, and
// returns per municipality ("" for all) the certificates the records
// then show (of the participants who had started by the cut, Issued
// included) and the forecast's cumulative band at the horizon.
func backTest(t *testing.T, set *datasets.TrainingSet, cut time.Time, s training.ForecastSettings) (map[string]int, map[string]training.Band) {
	t.Helper()
	full, err := Build(set, "", training.NoDay)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(set, "", training.Day(cut))
	if err != nil {
		t.Fatal(err)
	}
	last := time.Unix(int64(full.AsOf)*86400, 0).UTC()
	s.Months = (last.Year()-cut.Year())*12 + int(last.Month()-cut.Month()) + 1
	fc := r.RunForecast(s)
	end := training.Day(time.Date(last.Year(), last.Month()+1, 1, 0, 0, 0, 0, time.UTC))
	actual := map[string]int{}
	for _, j := range full.Register.Journeys {
		if j.Start > r.AsOf {
			continue
		}
		if d := j.Certified[0]; d != training.NoDay && d < end {
			region := r.Register.Journey(j.ID).Region // where the forecast put them
			actual[region]++
			actual[""]++
		}
	}
	bands := map[string]training.Band{}
	for _, rf := range append([]training.RegionForecast{fc.Total}, fc.Regions...) {
		bands[rf.Region] = rf.Cumulative[len(rf.Cumulative)-1]
	}
	return actual, bands
}

// TestBackTest: on the default records cut six months before their day,
// the certificates issued by the end are within the forecast's 90 %
// band, for all and per municipality.
func TestBackTest(t *testing.T) {
	set, err := defaultdata.LoadTraining()
	if err != nil {
		t.Fatal(err)
	}
	actual, bands := backTest(t, set, time.Date(2026, 5, 31, 0, 0, 0, 0, time.UTC), training.ForecastSettings{Draws: 1000})
	for region, b := range bands {
		got := float64(actual[region])
		t.Logf("%q: %v certificates by the end, forecast %.1f [%.0f, %.0f]", region, got, b.Mean, b.Lo, b.Hi)
		if got < b.Lo || got > b.Hi {
			t.Errorf("%q: %v certificates by the end, outside the band [%v, %v]", region, got, b.Lo, b.Hi)
		}
	}
}

// TestBackTestCoverage repeats a twelve-month back-test on synthetic
// records of eight other seeds: the 90 % band of the total must hold the
// outcome in most of them (at least 6 of 8; Binomial(8, 0.9) gives 6 or
// more with probability 0.96).
func TestBackTestCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("eight synthetic sets")
	}
	covered := 0
	for seed := uint64(1); seed <= 8; seed++ {
		actual, bands := backTest(t, defaultdata.SynthesizeTrainingSeed(seed), time.Date(2025, 11, 30, 0, 0, 0, 0, time.UTC),
			training.ForecastSettings{Draws: 400, Bootstrap: 100})
		b := bands[""]
		if got := float64(actual[""]); got >= b.Lo && got <= b.Hi {
			covered++
		} else {
			t.Logf("seed %d: %v certificates, band [%v, %v]", seed, got, b.Lo, b.Hi)
		}
	}
	if covered < 6 {
		t.Errorf("the band held the outcome in %d of 8 back-tests", covered)
	}
}

// TestStagesFeedTheForecast replaces the typed-in stages of the default
// bundle's stepwise pipeline by the estimated ones (ApplyStages), which
// checks the bundle and keeps the other pipelines, and that the stages' share completing all
// six courses is the product of the courses' shares.
func TestStagesFeedTheForecast(t *testing.T) {
	r := defaultRun(t, training.NoDay)
	rows, err := r.Stages()
	if err != nil {
		t.Fatal(err)
	}
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	others := slices.DeleteFunc(slices.Clone(b.TrainingStages), func(s datasets.TrainingStage) bool { return s.Pipeline == rows[0].Pipeline })
	if err := ApplyStages(b, rows); err != nil {
		t.Fatal(err)
	}
	if len(b.TrainingStages) != len(others)+len(rows) || !slices.Equal(b.TrainingStages[:len(others)], others) {
		t.Errorf("the other pipelines' stages changed")
	}
	b.TrainingPipelines = nil
	if err := ApplyStages(b, rows); !errors.Is(err, ErrNoPipeline) {
		t.Errorf("without the pipeline: %v", err)
	}
	for i, s := range rows {
		fit := r.Estimates.Pooled.Courses[i].Fit
		d, phi := s.DropoutRate/12, 1/s.DurationMonths
		if p := (1 - d) * phi / (d + (1-d)*phi); math.Abs(p-fit.P) > 1e-9 {
			t.Errorf("stage %d completes %.4f, the course %.4f", i+1, p, fit.P)
		}
	}
}

func TestExportImport(t *testing.T) {
	set, err := defaultdata.LoadTraining()
	if err != nil {
		t.Fatal(err)
	}
	// A participant with a few courses done and still in progress.
	r, err := Build(set, "", training.NoDay)
	if err != nil {
		t.Fatal(err)
	}
	var id string
	for _, j := range r.Register.Journeys {
		if j.Left == training.NoDay && j.Current() == 3 && j.Region == "2081" {
			id = j.ID
			break
		}
	}
	j, err := Export(set, id, training.NoDay)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := j.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(`"participant_id": "`+id+`"`)) {
		t.Errorf("the portable file names no participant_id:\n%s", buf.Bytes()[:200])
	}
	if _, err := DecodeJourney(strings.NewReader(strings.Replace(buf.String(), PortableFormat, "other/1", 1))); !errors.Is(err, ErrPortable) {
		t.Errorf("another format: %v", err)
	}
	if j, err = DecodeJourney(&buf); err != nil {
		t.Fatal(err)
	}
	// The receiving records: the same programme, without this person.
	recv := *set
	recv.Participants = slices.DeleteFunc(slices.Clone(set.Participants), func(p datasets.TrainingParticipant) bool { return p.ParticipantID == id })
	keep := func(c datasets.TrainingCompletion) bool { return c.ParticipantID == id }
	recv.Completions = slices.DeleteFunc(slices.Clone(set.Completions), keep)
	got, err := Import(&recv, j, "2026", "2026-12-01")
	if err != nil {
		t.Fatal(err)
	}
	r2, err := Build(got, "", training.NoDay)
	if err != nil {
		t.Fatal(err)
	}
	if jr := r2.Register.Journey(id); jr.Region != "2026" || jr.Current() != 3 {
		t.Errorf("imported journey in %s at course %d, want 2026 at course 3", jr.Region, jr.Current())
	}
	if _, err := Import(got, j, "2026", "2026-12-01"); !errors.Is(err, ErrAlreadyThere) {
		t.Errorf("importing twice: %v", err)
	}
	var re *datasets.RowError
	if _, err := Import(&recv, j, "1480", "2026-12-01"); !errors.As(err, &re) || !errors.Is(err, datasets.ErrUnknownRef) || re.Column != "to_region" {
		t.Errorf("import to a municipality outside the programme: %v", err)
	}
}
