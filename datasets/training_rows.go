package datasets

// Row types of the training datasets: a stepwise programme's structure
// and sites, and its participants' journeys (activity completions,
// certificates, transfers). training_schema.go documents their columns;
// training_io.go reads, checks and writes them as a set and converts them
// to engine/training inputs.

// TrainingActivity is one row of training_programmes.parquet: one
// activity of one course of a programme. The rows of a course give its
// step, order and name alike.
type TrainingActivity struct {
	Programme   string `parquet:"programme,dict"`
	Step        int32  `parquet:"step"`
	CourseOrder int32  `parquet:"course_order"`
	Course      string `parquet:"course,dict"`
	CourseName  string `parquet:"course_name,dict"`
	Activity    string `parquet:"activity,dict"`
}

// TrainingSite is one row of training_sites.parquet: a municipality that
// runs a programme and its target of certificates.
type TrainingSite struct {
	Programme string `parquet:"programme,dict"`
	Region    string `parquet:"region,dict"`
	Target    int32  `parquet:"target_certificates"`
}

// TrainingParticipant is one row of training_participants.parquet. The
// id is pseudonymous.
type TrainingParticipant struct {
	ParticipantID string `parquet:"participant_id,plain"`
	Programme     string `parquet:"programme,dict"`
	Region        string `parquet:"region,dict"`
	Role          string `parquet:"role,dict"`
	StartDate     string `parquet:"start_date,plain"` // ISO date
	LeftDate      string `parquet:"left_date,plain"`  // ISO date or empty
}

// TrainingCompletion is one row of training_completions.parquet: an
// activity a participant ticked off.
type TrainingCompletion struct {
	ParticipantID string `parquet:"participant_id,plain"`
	Course        string `parquet:"course,dict"`
	Activity      string `parquet:"activity,dict"`
	Date          string `parquet:"date,plain"` // ISO date
}

// TrainingCertificate is one row of training_certificates.parquet.
type TrainingCertificate struct {
	ParticipantID string `parquet:"participant_id,plain"`
	Step          int32  `parquet:"step"`
	Date          string `parquet:"date,plain"` // ISO date
	Employer      string `parquet:"employer,dict"`
}

// TrainingTransfer is one row of training_transfers.parquet: a
// participant moving, with their journey, to another municipality.
type TrainingTransfer struct {
	ParticipantID string `parquet:"participant_id,plain"`
	FromRegion    string `parquet:"from_region,dict"`
	ToRegion      string `parquet:"to_region,dict"`
	Date          string `parquet:"date,plain"` // ISO date
}

// TrainingSet holds the training datasets. ReadTrainingFS fills it and
// CheckTraining checks the rules between its files.
type TrainingSet struct {
	Programmes   []TrainingActivity
	Sites        []TrainingSite
	Participants []TrainingParticipant
	Completions  []TrainingCompletion
	Certificates []TrainingCertificate
	Transfers    []TrainingTransfer

	files [6]string // names read from, for errors; "" means the registry's
}
