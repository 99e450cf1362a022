package api

// Training routes (/v1/training): the follow-up of a stepwise
// programme's participants over the embedded training records (dataset
// "default", read-only) with the participants' ticks and the
// administrators' imports kept in the store and applied over them in
// order. Aggregates go to planners, admins and administrators with small
// counts suppressed (training_suppress.go); personal rows go only to an
// administrator of the participant's municipality or to the participant,
// and every read or write of them is audit-logged
// (training_people.go).

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"

	"github.com/caregap/caregap/api/auth"
	"github.com/caregap/caregap/api/store"
	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/engine/training"
	"github.com/caregap/caregap/runs/trainingrun"
	"github.com/gin-gonic/gin"
)

var (
	// trainingAggregates may see counts, never personal rows.
	trainingAggregates = []auth.Role{auth.Planner, auth.Admin, auth.Administrator}
	// trainingEveryone are all roles that take part in training.
	trainingEveryone = []auth.Role{auth.Planner, auth.Officer, auth.Admin, auth.Administrator, auth.Participant}
	trainingPersonal = []auth.Role{auth.Administrator, auth.Participant}
	administrators   = []auth.Role{auth.Administrator}
	participants     = []auth.Role{auth.Participant}
)

// loadDefaultTraining reads the embedded training records once.
var loadDefaultTraining = sync.OnceValues(defaultdata.LoadTraining)

// trainingState is the training records as they stand after the
// store's events up to seq, and the run (replay and estimates) over
// them; the certificate forecast is made on first use.
type trainingState struct {
	seq int64
	set *datasets.TrainingSet
	run *trainingrun.Run

	fcOnce sync.Once
	fc     *training.CertificateForecast
}

// trainingCache is the current state of one store's records; its mutex
// also serialises the writes, so that a tick or an import is checked
// against the records it is added to.
type trainingCache struct {
	mu sync.Mutex
	st *trainingState
}

var trainingCaches sync.Map // *store.Store → *trainingCache

func (s *server) trainingCache() *trainingCache {
	v, _ := trainingCaches.LoadOrStore(s.Store, &trainingCache{})
	return v.(*trainingCache)
}

// training returns the current state of the records.
func (s *server) training(ctx context.Context) (*trainingState, error) {
	tc := s.trainingCache()
	tc.mu.Lock()
	defer tc.mu.Unlock()
	return s.trainingLocked(ctx, tc)
}

func (s *server) trainingLocked(ctx context.Context, tc *trainingCache) (*trainingState, error) {
	seq, err := s.Store.LastTrainingEvent(ctx, DefaultDataset)
	if err != nil {
		return nil, err
	}
	if tc.st != nil && tc.st.seq == seq {
		return tc.st, nil
	}
	base, err := loadDefaultTraining()
	if err != nil {
		return nil, err
	}
	evs, err := s.Store.TrainingEvents(ctx, DefaultDataset)
	if err != nil {
		return nil, err
	}
	set := base
	for _, e := range evs {
		if set, err = applyTrainingEvent(set, e); err != nil {
			return nil, fmt.Errorf("training event %d: %w", e.Seq, err)
		}
		seq = max(seq, e.Seq)
	}
	run, err := trainingrun.Build(set, "", training.NoDay)
	if err != nil {
		return nil, err
	}
	tc.st = &trainingState{seq: seq, set: set, run: run}
	return tc.st, nil
}

// forecast returns the certificate forecast of the state, made once.
func (st *trainingState) forecast() *training.CertificateForecast {
	st.fcOnce.Do(func() { st.fc = st.run.RunForecast(training.ForecastSettings{}) })
	return st.fc
}

// importBody is the body of a TrainingImport event.
type importBody struct {
	Journey *trainingrun.Journey `json:"journey"`
	To      string               `json:"to"`
	Date    string               `json:"date"`
}

// applyTrainingEvent returns set with e added (set is not changed).
func applyTrainingEvent(set *datasets.TrainingSet, e store.TrainingEvent) (*datasets.TrainingSet, error) {
	switch e.Kind {
	case store.TrainingTick:
		var c datasets.TrainingCompletion
		if err := json.Unmarshal([]byte(e.Body), &c); err != nil {
			return nil, err
		}
		out := *set
		out.Completions = append(slices.Clone(set.Completions), c)
		return &out, nil
	case store.TrainingImport:
		var b importBody
		if err := json.Unmarshal([]byte(e.Body), &b); err != nil {
			return nil, err
		}
		if b.Journey == nil {
			return nil, fmt.Errorf("import without a journey")
		}
		return importJourney(set, b.Journey, b.To, b.Date)
	}
	return nil, fmt.Errorf("unknown training event kind %q", e.Kind)
}

// importJourney adds journey j to set as a move to municipality to on
// date. A participant the records hold already (exported from another
// municipality of the same records) moves with a transfer from where
// they are now; another is added with their rows (trainingrun.Import).
func importJourney(set *datasets.TrainingSet, j *trainingrun.Journey, to, date string) (*datasets.TrainingSet, error) {
	id := j.Participant.ParticipantID
	i := slices.IndexFunc(set.Participants, func(p datasets.TrainingParticipant) bool { return p.ParticipantID == id })
	if i < 0 {
		return trainingrun.Import(set, j, to, date)
	}
	p := set.Participants[i]
	if p.Programme != j.Programme || p.StartDate != j.Participant.StartDate {
		return nil, fmt.Errorf("%w: participant %s is in these records with another programme or start", trainingrun.ErrPortable, id)
	}
	from := currentRegion(set, id)
	if from == to {
		return nil, fmt.Errorf("%w: participant %s is in %s already", trainingrun.ErrAlreadyThere, id, to)
	}
	out := *set
	out.Transfers = append(slices.Clone(set.Transfers), datasets.TrainingTransfer{ParticipantID: id, FromRegion: from, ToRegion: to, Date: date})
	if err := datasets.CheckTraining(&out); err != nil {
		return nil, err
	}
	return &out, nil
}

// currentRegion is the municipality participant id is in after the
// transfers of set (ISO dates sort as strings).
func currentRegion(set *datasets.TrainingSet, id string) string {
	region, last := "", ""
	for _, p := range set.Participants {
		if p.ParticipantID == id {
			region = p.Region
		}
	}
	for _, t := range set.Transfers {
		if t.ParticipantID == id && t.Date >= last {
			region, last = t.ToRegion, t.Date
		}
	}
	return region
}

// trainingRegions are the programme's municipalities the caller sees,
// sorted; with want set, that one only, or a not-found error that reads
// as for a municipality the programme lacks.
func trainingRegions(p *auth.Principal, st *trainingState, want string) ([]string, error) {
	var out []string
	for _, site := range st.run.Register.Sites {
		if p.InScope(site.Region) && (want == "" || want == site.Region) {
			out = append(out, site.Region)
		}
	}
	slices.Sort(out)
	if want != "" && len(out) == 0 {
		return nil, notFound("municipality", want)
	}
	return out, nil
}

type programmeView struct {
	Programme string       `json:"programme"`
	AsOf      string       `json:"as_of"`
	Steps     int          `json:"steps"`
	Courses   []courseView `json:"courses"`
	Sites     []siteView   `json:"sites"`
	Note      string       `json:"note"`
}

type courseView struct {
	Course     string   `json:"course"`
	Name       string   `json:"name"`
	Step       int      `json:"step"`
	Activities []string `json:"activities"`
}

type siteView struct {
	Municipality       string `json:"municipality"`
	TargetCertificates int    `json:"target_certificates"`
}

// trainingProgrammes answers GET /v1/training/programmes.
func (s *server) trainingProgrammes(c *gin.Context) {
	st, err := s.training(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	reg := st.run.Register
	v := programmeView{Programme: reg.Programme.Code, AsOf: training.Date(st.run.AsOf), Steps: reg.Programme.Steps(),
		Note: "synthetic, illustrative records: not real participants"}
	for _, co := range reg.Programme.Courses {
		v.Courses = append(v.Courses, courseView{co.Code, co.Name, co.Step, co.Activities})
	}
	for _, site := range reg.Sites {
		v.Sites = append(v.Sites, siteView{site.Region, site.Target})
	}
	c.JSON(http.StatusOK, v)
}
