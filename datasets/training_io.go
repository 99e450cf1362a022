package datasets

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/caregap/caregap/engine/training"
)

// trainingSchemas are the schemas of a TrainingSet, in field order.
func trainingSchemas() [6]*Schema {
	return [6]*Schema{SchemaOf[TrainingActivity](), SchemaOf[TrainingSite](), SchemaOf[TrainingParticipant](),
		SchemaOf[TrainingCompletion](), SchemaOf[TrainingCertificate](), SchemaOf[TrainingTransfer]()}
}

func (t *TrainingSet) file(i int) string {
	if t.files[i] != "" {
		return t.files[i]
	}
	return trainingSchemas()[i].File
}

// ReadTrainingFS reads the training datasets from the root of fsys, each
// as Parquet or, when there is no Parquet file, as CSV. Programmes, sites
// and participants are required (ErrMissingFile); completions,
// certificates and transfers may be absent (none yet). Every file is
// validated as by ReadFile, then CheckTraining checks the rules between
// them. The problems are returned joined, each a *RowError naming file,
// row and column.
func ReadTrainingFS(fsys fs.FS) (*TrainingSet, error) {
	t := new(TrainingSet)
	var errs []error
	sch := trainingSchemas()
	for i, s := range sch {
		name, err := findDataset(fsys, s)
		switch {
		case err != nil:
			errs = append(errs, err)
			continue
		case name == "" && i < 3:
			errs = append(errs, &RowError{File: s.File, Err: ruleErr(ErrMissingFile, "missing; training needs %s", s.Name)})
			continue
		case name == "":
			continue
		}
		t.files[i] = name
		switch i {
		case 0:
			t.Programmes, err = ReadFile[TrainingActivity](fsys, name)
		case 1:
			t.Sites, err = ReadFile[TrainingSite](fsys, name)
		case 2:
			t.Participants, err = ReadFile[TrainingParticipant](fsys, name)
		case 3:
			t.Completions, err = ReadFile[TrainingCompletion](fsys, name)
		case 4:
			t.Certificates, err = ReadFile[TrainingCertificate](fsys, name)
		case 5:
			t.Transfers, err = ReadFile[TrainingTransfer](fsys, name)
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if err := CheckTraining(t); err != nil {
		return nil, err
	}
	return t, nil
}

// WriteTrainingDir writes the six datasets of t as Parquet files named by
// the registry into dir, which it creates when needed, each atomically
// (see WriteParquet); empty event datasets are written too, so that the
// directory reads back as t. It stops at the first error.
func WriteTrainingDir(dir string, t *TrainingSet) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write training set: %w", err)
	}
	sch := trainingSchemas()
	path := func(i int) string { return filepath.Join(dir, sch[i].File) }
	for _, w := range []func() error{
		func() error { return WriteParquet(path(0), t.Programmes) },
		func() error { return WriteParquet(path(1), t.Sites) },
		func() error { return WriteParquet(path(2), t.Participants) },
		func() error { return WriteParquet(path(3), t.Completions) },
		func() error { return WriteParquet(path(4), t.Certificates) },
		func() error { return WriteParquet(path(5), t.Transfers) },
	} {
		if err := w(); err != nil {
			return err
		}
	}
	return nil
}

// CheckTraining validates the rows of t as the readers do and checks the
// rules between its files: the courses of a programme are numbered
// 1..n, their steps 1..m in order (ErrStages), and a course has one step,
// order and name; sites and participants name a listed programme; and
// the journeys replayed in day order keep the rules of
// engine/training.Replay: an activity completed before its course
// unlocks (training.ErrLocked), a certificate for an unfinished step
// (training.ErrUnfinished), a transfer to a municipality that does not
// run the programme or a reference to an unknown participant, course or
// activity (ErrUnknownRef and training.ErrUnknown), an activity or step
// recorded twice (ErrDuplicate and training.ErrTwice), events out of a
// participant's time line (training.ErrOrder). It returns up to 20
// problems joined, each a *RowError, or nil.
func CheckTraining(t *TrainingSet) error {
	_, err := TrainingRegisters(t)
	return err
}

// TrainingRegisters checks t as CheckTraining does and returns the
// register of journeys of each programme, in the order the programmes
// first appear in training_programmes.
func TrainingRegisters(t *TrainingSet) ([]*training.Register, error) {
	ins, idx, err := TrainingInputs(t)
	if err != nil {
		return nil, err
	}
	var errs errorList
	var regs []*training.Register
	for p, in := range ins {
		reg, es := training.Replay(in)
		for _, e := range es {
			var ev *training.EventError
			if !errors.As(e, &ev) {
				errs.add(&RowError{File: t.file(0), Err: e})
				continue
			}
			i, rows := 0, idx[p].rows(ev.Record)
			if ev.Index < len(rows) {
				i = rows[ev.Index]
			}
			errs.add(&RowError{File: t.file(recordFile[ev.Record]), Row: i + 1, Column: ev.Field, Err: datasetRule(ev.Err)})
		}
		regs = append(regs, reg)
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return regs, nil
}

var recordFile = map[training.Record]int{training.Participants: 2, training.Completions: 3, training.Certificates: 4, training.Transfers: 5}

// datasetRule adds this package's rule to the engine's where they agree,
// so that errors.Is(err, ErrUnknownRef) holds for an unknown reference.
func datasetRule(err error) error {
	switch {
	case errors.Is(err, training.ErrUnknown):
		return &ruleError{rule: ErrUnknownRef, msg: err.Error(), cause: err}
	case errors.Is(err, training.ErrTwice):
		return &ruleError{rule: ErrDuplicate, msg: err.Error(), cause: err}
	}
	return err
}

// TrainingIndex maps the records of one programme's training.Inputs back
// to the rows of the files they came from (0-based).
type TrainingIndex struct {
	Participants, Completions, Certificates, Transfers []int
}

func (x *TrainingIndex) rows(r training.Record) []int {
	switch r {
	case training.Participants:
		return x.Participants
	case training.Completions:
		return x.Completions
	case training.Certificates:
		return x.Certificates
	}
	return x.Transfers
}

// TrainingInputs validates the rows of t, checks the structure of its
// programmes and the references to them, and converts t into one
// training.Inputs per programme, with the rows each record came from.
// Events of a participant who is not listed are an ErrUnknownRef. It
// does not replay the journeys: TrainingRegisters does.
func TrainingInputs(t *TrainingSet) ([]*training.Inputs, []TrainingIndex, error) {
	var errs errorList
	sch := trainingSchemas()
	for i, err := range []error{Validate(t.Programmes, t.file(0)), Validate(t.Sites, t.file(1)), Validate(t.Participants, t.file(2)),
		Validate(t.Completions, t.file(3)), Validate(t.Certificates, t.file(4)), Validate(t.Transfers, t.file(5))} {
		if err != nil {
			errs.add(err)
		}
		if i < 3 && [3]int{len(t.Programmes), len(t.Sites), len(t.Participants)}[i] == 0 {
			errs.add(&RowError{File: t.file(i), Err: ruleErr(ErrEmpty, "no data rows; training needs %s", sch[i].Name)})
		}
	}
	if errs.len() > 0 {
		return nil, nil, errs.err()
	}
	progs, progErrs := trainingProgrammes(t)
	for _, e := range progErrs {
		errs.add(e)
	}
	pi := map[string]int{}
	for i := range progs {
		pi[progs[i].Code] = i
	}
	ins := make([]*training.Inputs, len(progs))
	idx := make([]TrainingIndex, len(progs))
	for i := range progs {
		ins[i] = &training.Inputs{Programme: progs[i]}
	}
	for i, s := range t.Sites {
		p, ok := pi[s.Programme]
		if !ok {
			errs.add(&RowError{File: t.file(1), Row: i + 1, Column: "programme", Err: ruleErr(ErrUnknownRef, "%q is not in %s", s.Programme, t.file(0))})
			continue
		}
		ins[p].Sites = append(ins[p].Sites, training.Site{Region: s.Region, Target: int(s.Target)})
	}
	of := map[string]int{}
	for i, r := range t.Participants {
		p, ok := pi[r.Programme]
		if !ok {
			errs.add(&RowError{File: t.file(2), Row: i + 1, Column: "programme", Err: ruleErr(ErrUnknownRef, "%q is not in %s", r.Programme, t.file(0))})
			continue
		}
		of[r.ParticipantID] = p
		start, _ := parseDate(r.StartDate)
		left := training.NoDay
		if r.LeftDate != "" {
			left, _ = parseDate(r.LeftDate)
		}
		ins[p].Participants = append(ins[p].Participants, training.Participant{ID: r.ParticipantID, Region: r.Region, Role: r.Role, Start: start, Left: left})
		idx[p].Participants = append(idx[p].Participants, i)
	}
	find := func(file int, row int, id string) (int, bool) {
		p, ok := of[id]
		if !ok {
			errs.add(&RowError{File: t.file(file), Row: row + 1, Column: "participant_id", Err: ruleErr(ErrUnknownRef, "%q is not in %s", id, t.file(2))})
		}
		return p, ok
	}
	for i, r := range t.Completions {
		if p, ok := find(3, i, r.ParticipantID); ok {
			d, _ := parseDate(r.Date)
			ins[p].Completions = append(ins[p].Completions, training.Completion{Participant: r.ParticipantID, Course: r.Course, Activity: r.Activity, Day: d})
			idx[p].Completions = append(idx[p].Completions, i)
		}
	}
	for i, r := range t.Certificates {
		if p, ok := find(4, i, r.ParticipantID); ok {
			d, _ := parseDate(r.Date)
			ins[p].Certificates = append(ins[p].Certificates, training.Certificate{Participant: r.ParticipantID, Step: int(r.Step), Day: d, Employer: r.Employer})
			idx[p].Certificates = append(idx[p].Certificates, i)
		}
	}
	for i, r := range t.Transfers {
		if p, ok := find(5, i, r.ParticipantID); ok {
			d, _ := parseDate(r.Date)
			ins[p].Transfers = append(ins[p].Transfers, training.Transfer{Participant: r.ParticipantID, From: r.FromRegion, To: r.ToRegion, Day: d})
			idx[p].Transfers = append(idx[p].Transfers, i)
		}
	}
	if err := errs.err(); err != nil {
		return nil, nil, err
	}
	return ins, idx, nil
}

// trainingProgrammes builds the programmes of training_programmes and
// the problems of their structure.
func trainingProgrammes(t *TrainingSet) ([]training.Programme, []error) {
	f := t.file(0)
	var errs []error
	var progs []training.Programme
	type courseAt struct {
		prog, row int
	}
	courses := map[string]courseAt{}
	rowsOf := map[string][]int{}
	var order []string
	for i, r := range t.Programmes {
		if _, ok := rowsOf[r.Programme]; !ok {
			order = append(order, r.Programme)
		}
		rowsOf[r.Programme] = append(rowsOf[r.Programme], i)
	}
	for pn, code := range order {
		p := training.Programme{Code: code}
		byCourse := map[string]int{} // course code → index in p.Courses
		orders := map[int]string{}
		for _, i := range rowsOf[code] {
			r := t.Programmes[i]
			if at, ok := courses[r.Course]; ok && at.prog != pn {
				errs = append(errs, &RowError{File: f, Row: i + 1, Column: "course", Err: ruleErr(ErrDuplicate, "course %s is in programme %s (row %d) too", r.Course, order[at.prog], at.row+1)})
				continue
			}
			c, ok := byCourse[r.Course]
			if !ok {
				courses[r.Course] = courseAt{pn, i}
				if other, dup := orders[int(r.CourseOrder)]; dup {
					errs = append(errs, &RowError{File: f, Row: i + 1, Column: "course_order", Err: ruleErr(ErrStages, "course %s has order %d, as %s", r.Course, r.CourseOrder, other)})
					continue
				}
				orders[int(r.CourseOrder)] = r.Course
				byCourse[r.Course] = len(p.Courses)
				p.Courses = append(p.Courses, training.Course{Code: r.Course, Name: r.CourseName, Step: int(r.Step)})
				c = len(p.Courses) - 1
			}
			pc := &p.Courses[c]
			first := t.Programmes[courses[r.Course].row]
			switch {
			case r.Step != first.Step:
				errs = append(errs, &RowError{File: f, Row: i + 1, Column: "step", Err: ruleErr(ErrRange, "course %s is in step %d on row %d", r.Course, first.Step, courses[r.Course].row+1)})
			case r.CourseOrder != first.CourseOrder:
				errs = append(errs, &RowError{File: f, Row: i + 1, Column: "course_order", Err: ruleErr(ErrRange, "course %s has order %d on row %d", r.Course, first.CourseOrder, courses[r.Course].row+1)})
			case r.CourseName != first.CourseName:
				errs = append(errs, &RowError{File: f, Row: i + 1, Column: "course_name", Err: ruleErr(ErrRange, "course %s is named %q on row %d", r.Course, first.CourseName, courses[r.Course].row+1)})
			default:
				pc.Activities = append(pc.Activities, r.Activity)
			}
		}
		ordOf := func(c training.Course) int {
			return int(t.Programmes[courses[c.Code].row].CourseOrder)
		}
		slices.SortFunc(p.Courses, func(a, b training.Course) int { return cmp.Compare(ordOf(a), ordOf(b)) })
		for k := range p.Courses {
			c := &p.Courses[k]
			slices.SortFunc(c.Activities, func(a, b string) int {
				return cmp.Compare(slices.Index(training.Activities, a), slices.Index(training.Activities, b))
			})
			row := courses[c.Code].row + 1
			if o := ordOf(*c); o != k+1 {
				errs = append(errs, &RowError{File: f, Row: row, Column: "course_order", Err: ruleErr(ErrStages, "programme %s: course %s has order %d where %d is due; courses are numbered 1..n", code, c.Code, o, k+1)})
				break
			}
			if k == 0 && c.Step != 1 || k > 0 && c.Step != p.Courses[k-1].Step && c.Step != p.Courses[k-1].Step+1 {
				errs = append(errs, &RowError{File: f, Row: row, Column: "step", Err: ruleErr(ErrStages, "programme %s: course %s is in step %d; steps are 1..m in course order", code, c.Code, c.Step)})
				break
			}
		}
		progs = append(progs, p)
	}
	return progs, errs
}
