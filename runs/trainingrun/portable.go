package trainingrun

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/errkind"
	"github.com/caregap/caregap/engine/training"
)

// PortableFormat names the format of a portable journey file.
const PortableFormat = "caregap-training-journey/1"

// Errors of Export and Import.
var (
	// ErrNoParticipant: the participant to export is not in the records.
	ErrNoParticipant = errkind.New(errkind.NotFound, "no such participant")
	// ErrAlreadyThere: the participant to import is in the records
	// already.
	ErrAlreadyThere = errkind.New(errkind.Conflict, "participant already in the records")
	// ErrPortable: the file is not a portable journey of this format.
	ErrPortable = errkind.New(errkind.BadInput, "not a portable journey")
)

// Journey is a participant's journey as a portable file: their own rows
// of the training datasets, and the programme's courses so that the
// receiver can check it against its own programme. Fields are named as
// the datasets' columns.
type Journey struct {
	Format       string           `json:"format"`
	Programme    string           `json:"programme"`
	Courses      []PortableCourse `json:"courses"`
	Region       string           `json:"region"` // municipality on export
	ExportedOn   string           `json:"exported_on"`
	Participant  PortablePerson   `json:"participant"`
	Completions  []PortableDone   `json:"completions"`
	Certificates []PortableCert   `json:"certificates"`
	Transfers    []PortableMove   `json:"transfers"`
}

// PortableCourse is an activity of a course (training_programmes).
type PortableCourse struct {
	Step        int32  `json:"step"`
	CourseOrder int32  `json:"course_order"`
	Course      string `json:"course"`
	CourseName  string `json:"course_name"`
	Activity    string `json:"activity"`
}

// PortablePerson is the participant (training_participants).
type PortablePerson struct {
	ParticipantID string `json:"participant_id"`
	Region        string `json:"region"`
	Role          string `json:"role"`
	StartDate     string `json:"start_date"`
	LeftDate      string `json:"left_date,omitempty"`
}

// PortableDone is a completed activity (training_completions).
type PortableDone struct {
	Course   string `json:"course"`
	Activity string `json:"activity"`
	Date     string `json:"date"`
}

// PortableCert is a certificate (training_certificates).
type PortableCert struct {
	Step     int32  `json:"step"`
	Date     string `json:"date"`
	Employer string `json:"employer"`
}

// PortableMove is a transfer (training_transfers).
type PortableMove struct {
	FromRegion string `json:"from_region"`
	ToRegion   string `json:"to_region"`
	Date       string `json:"date"`
}

// Export returns the journey of participant id from set, checked, with
// the municipality they are in on day asOf (training.NoDay: the last
// day of the records).
func Export(set *datasets.TrainingSet, id string, asOf int) (*Journey, error) {
	i := slices.IndexFunc(set.Participants, func(p datasets.TrainingParticipant) bool { return p.ParticipantID == id })
	if i < 0 {
		return nil, fmt.Errorf("%w: %s", ErrNoParticipant, id)
	}
	p := set.Participants[i]
	r, err := Build(set, p.Programme, asOf)
	if err != nil {
		return nil, err
	}
	j := &Journey{Format: PortableFormat, Programme: p.Programme, Region: r.Register.Journey(id).Region, ExportedOn: training.Date(r.AsOf),
		Participant: PortablePerson{ParticipantID: id, Region: p.Region, Role: p.Role, StartDate: p.StartDate, LeftDate: p.LeftDate}}
	for _, a := range set.Programmes {
		if a.Programme == p.Programme {
			j.Courses = append(j.Courses, PortableCourse{a.Step, a.CourseOrder, a.Course, a.CourseName, a.Activity})
		}
	}
	for _, c := range set.Completions {
		if c.ParticipantID == id {
			j.Completions = append(j.Completions, PortableDone{c.Course, c.Activity, c.Date})
		}
	}
	for _, c := range set.Certificates {
		if c.ParticipantID == id {
			j.Certificates = append(j.Certificates, PortableCert{c.Step, c.Date, c.Employer})
		}
	}
	for _, t := range set.Transfers {
		if t.ParticipantID == id {
			j.Transfers = append(j.Transfers, PortableMove{t.FromRegion, t.ToRegion, t.Date})
		}
	}
	return j, nil
}

// Encode writes j as indented JSON.
func (j *Journey) Encode(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(j)
}

// DecodeJourney reads a portable journey; unknown fields or another
// format are ErrPortable.
func DecodeJourney(r io.Reader) (*Journey, error) {
	var j Journey
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPortable, err)
	}
	if j.Format != PortableFormat {
		return nil, fmt.Errorf("%w: format %q, want %q", ErrPortable, j.Format, PortableFormat)
	}
	return &j, nil
}

// Import adds the journey j to set, as a participant who moves on day
// date from the municipality of the export to the municipality to, and
// returns the new set (set itself is not changed). The programme's
// courses must be those of set; the result is checked as
// datasets.CheckTraining does, so a transfer to a municipality that does
// not run the programme or a journey that breaks a rule is a
// *datasets.RowError.
func Import(set *datasets.TrainingSet, j *Journey, to, date string) (*datasets.TrainingSet, error) {
	if slices.ContainsFunc(set.Participants, func(p datasets.TrainingParticipant) bool { return p.ParticipantID == j.Participant.ParticipantID }) {
		return nil, fmt.Errorf("%w: %s", ErrAlreadyThere, j.Participant.ParticipantID)
	}
	var own []PortableCourse
	for _, a := range set.Programmes {
		if a.Programme == j.Programme {
			own = append(own, PortableCourse{a.Step, a.CourseOrder, a.Course, a.CourseName, a.Activity})
		}
	}
	sorted := func(a []PortableCourse) []PortableCourse {
		a = slices.Clone(a)
		slices.SortFunc(a, func(x, y PortableCourse) int {
			return cmp.Or(cmp.Compare(x.Course, y.Course), cmp.Compare(x.Activity, y.Activity))
		})
		return a
	}
	if len(own) == 0 || !slices.Equal(sorted(own), sorted(j.Courses)) {
		return nil, fmt.Errorf("%w: programme %s differs from the one in these records", ErrPortable, j.Programme)
	}
	id := j.Participant.ParticipantID
	pp := j.Participant
	out := &datasets.TrainingSet{
		Programmes:   set.Programmes,
		Sites:        set.Sites,
		Participants: append(slices.Clone(set.Participants), datasets.TrainingParticipant{ParticipantID: id, Programme: j.Programme, Region: pp.Region, Role: pp.Role, StartDate: pp.StartDate, LeftDate: pp.LeftDate}),
		Completions:  slices.Clone(set.Completions),
		Certificates: slices.Clone(set.Certificates),
		Transfers:    slices.Clone(set.Transfers),
	}
	for _, c := range j.Completions {
		out.Completions = append(out.Completions, datasets.TrainingCompletion{ParticipantID: id, Course: c.Course, Activity: c.Activity, Date: c.Date})
	}
	for _, c := range j.Certificates {
		out.Certificates = append(out.Certificates, datasets.TrainingCertificate{ParticipantID: id, Step: c.Step, Date: c.Date, Employer: c.Employer})
	}
	for _, t := range j.Transfers {
		out.Transfers = append(out.Transfers, datasets.TrainingTransfer{ParticipantID: id, FromRegion: t.FromRegion, ToRegion: t.ToRegion, Date: t.Date})
	}
	if to != j.Region {
		out.Transfers = append(out.Transfers, datasets.TrainingTransfer{ParticipantID: id, FromRegion: j.Region, ToRegion: to, Date: date})
	}
	if err := datasets.CheckTraining(out); err != nil {
		return nil, err
	}
	return out, nil
}
