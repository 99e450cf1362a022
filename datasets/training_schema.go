package datasets

import "github.com/caregap/caregap/engine/training"

// colOptDate is a date column that may be empty.
func colOptDate(name, doc string) Column {
	c := colText(name, doc+" ISO date YYYY-MM-DD, years 1900..2100, or empty.")
	c.Pattern, c.PatternDoc = `[0-9]{4}-[0-9]{2}-[0-9]{2}`, "an ISO date YYYY-MM-DD or empty"
	return c
}

// colMunicipality is a municipality code column of another name than
// region.
func colMunicipality(name, doc string) Column {
	c := municipalityCol(doc)
	c.Name = name
	return c
}

func checkDate(col, s string) (string, error) {
	if _, err := parseDate(s); err != nil {
		return col, err
	}
	return "", nil
}

// registerTraining registers the datasets of training progression.
func registerTraining(set *schemaSet) {
	register[TrainingActivity](set, Schema{
		Name: "training_programmes", Doc: "Stepwise programmes: their steps, courses in unlock order and each course's activities (training input).",
		Key: []string{"programme", "course", "activity"},
		Columns: []Column{
			colCode("programme", "Programme code, e.g. stepwise_dalarna."),
			colInt("step", "-", 1, 100, "Step of the course, numbered from 1; the employer certifies a step when all its courses are completed."),
			colInt("course_order", "-", 1, 1000, "Place of the course in the programme, 1..n without gaps; course k unlocks when course k-1 is completed."),
			colCode("course", "Course code, unique over all programmes."),
			colCode("course_name", "Course name, e.g. Introduction course."),
			colEnum("activity", "An activity participants complete to complete the course.", training.Activities...),
		},
	}, nil)
	register[TrainingSite](set, Schema{
		Name: "training_sites", Doc: "Municipalities that run a programme and their targets (training input).",
		Key: []string{"programme", "region"},
		Columns: []Column{
			colCode("programme", "Programme code; must be listed in training_programmes."),
			municipalityCol("Municipality code, e.g. 2081 (Borlänge)."),
			colInt("target_certificates", "persons", 0, 1e6, "Certificates the municipality aims at over the programme's period."),
		},
	}, nil)
	register[TrainingParticipant](set, Schema{
		Name: "training_participants", Doc: "Participants of a programme; the id is pseudonymous (training input).",
		Key: []string{"participant_id"},
		Columns: []Column{
			colCode("participant_id", "Pseudonymous id; never a personal identity number."),
			colCode("programme", "Programme code; must be listed in training_programmes."),
			municipalityCol("Employing municipality on the start date; must be a site of the programme."),
			colCode("role", "Role code of the participant's job, e.g. care_aide."),
			colDate("start_date", "Day the participant started; the first course unlocks then."),
			colOptDate("left_date", "Day the participant left the programme without finishing it; empty while in progress or after finishing."),
		},
	}, func(r *TrainingParticipant) (string, error) {
		if col, err := checkDate("start_date", r.StartDate); err != nil {
			return col, err
		}
		if r.LeftDate != "" {
			return checkDate("left_date", r.LeftDate)
		}
		return "", nil
	})
	register[TrainingCompletion](set, Schema{
		Name: "training_completions", Doc: "Activities participants completed; one row per participant, course and activity (training input).",
		Key: []string{"participant_id", "course", "activity"},
		Columns: []Column{
			colCode("participant_id", "Participant; must be listed in training_participants."),
			colCode("course", "Course code of the participant's programme."),
			colEnum("activity", "Activity of the course.", training.Activities...),
			colDate("date", "Day the activity was completed; not before its course unlocks."),
		},
	}, func(r *TrainingCompletion) (string, error) { return checkDate("date", r.Date) })
	register[TrainingCertificate](set, Schema{
		Name: "training_certificates", Doc: "Certificates employers issued for completed steps (training input).",
		Key: []string{"participant_id", "step"},
		Columns: []Column{
			colCode("participant_id", "Participant; must be listed in training_participants."),
			colInt("step", "-", 1, 100, "Step certified; all its courses must be completed on the date."),
			colDate("date", "Day of issue."),
			colMunicipality("employer", "Issuing employer: the municipality the participant works in on the date."),
		},
	}, func(r *TrainingCertificate) (string, error) { return checkDate("date", r.Date) })
	register[TrainingTransfer](set, Schema{
		Name: "training_transfers", Doc: "Participants moving to another municipality, who take their journey along (training input).",
		Key: []string{"participant_id", "date"},
		Columns: []Column{
			colCode("participant_id", "Participant; must be listed in training_participants."),
			colMunicipality("from_region", "Municipality left; the participant's municipality on the date."),
			colMunicipality("to_region", "Municipality joined; must be a site of the participant's programme."),
			colDate("date", "Day of the move."),
		},
	}, func(r *TrainingTransfer) (string, error) { return checkDate("date", r.Date) })
}
