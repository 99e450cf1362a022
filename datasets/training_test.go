package datasets

import (
	"bytes"
	"errors"
	"os"
	"testing"
	"testing/fstest"

	"github.com/caregap/caregap/engine/training"
)

// smallTraining returns a valid set: one programme of two courses in one
// step, two sites, three participants: p1 certified, p2 in course 2
// after a transfer, p3 left during course 1.
func smallTraining() *TrainingSet {
	t := &TrainingSet{
		Sites: []TrainingSite{{"prog", "2081", 10}, {"prog", "2080", 10}},
		Participants: []TrainingParticipant{
			{"p1", "prog", "2081", "support_worker", "2025-01-10", ""},
			{"p2", "prog", "2081", "care_aide", "2025-02-01", ""},
			{"p3", "prog", "2080", "care_aide", "2025-02-01", "2025-03-15"},
		},
		Completions: []TrainingCompletion{
			{"p1", "intro", "preparation", "2025-01-12"},
			{"p1", "intro", "session", "2025-01-20"},
			{"p1", "course1", "preparation", "2025-01-25"},
			{"p1", "course1", "session", "2025-02-20"},
			{"p1", "course1", "follow_up", "2025-03-01"},
			{"p2", "intro", "preparation", "2025-02-05"},
			{"p2", "intro", "session", "2025-02-10"},
			{"p3", "intro", "preparation", "2025-02-03"},
		},
		Certificates: []TrainingCertificate{{"p1", 1, "2025-03-20", "2081"}},
		Transfers:    []TrainingTransfer{{"p2", "2081", "2080", "2025-04-01"}},
	}
	for i, c := range []string{"intro", "course1"} {
		for _, a := range []string{"preparation", "session", "follow_up"} {
			if c == "intro" && a == "follow_up" {
				continue // the introduction has no follow-up here
			}
			t.Programmes = append(t.Programmes, TrainingActivity{"prog", 1, int32(i + 1), c, "Course " + c, a})
		}
	}
	return t
}

// csvFS writes the set as CSV files into a map file system.
func csvFS(t *testing.T, s *TrainingSet) fstest.MapFS {
	t.Helper()
	fs := fstest.MapFS{}
	put := func(name string, enc func(*bytes.Buffer) error) {
		var b bytes.Buffer
		if err := enc(&b); err != nil {
			t.Fatal(err)
		}
		fs[name] = &fstest.MapFile{Data: b.Bytes()}
	}
	put("training_programmes.csv", func(b *bytes.Buffer) error { return EncodeCSV(b, s.Programmes) })
	put("training_sites.csv", func(b *bytes.Buffer) error { return EncodeCSV(b, s.Sites) })
	put("training_participants.csv", func(b *bytes.Buffer) error { return EncodeCSV(b, s.Participants) })
	put("training_completions.csv", func(b *bytes.Buffer) error { return EncodeCSV(b, s.Completions) })
	put("training_certificates.csv", func(b *bytes.Buffer) error { return EncodeCSV(b, s.Certificates) })
	put("training_transfers.csv", func(b *bytes.Buffer) error { return EncodeCSV(b, s.Transfers) })
	return fs
}

func TestTrainingValidSetReadsAndReplays(t *testing.T) {
	s, err := ReadTrainingFS(csvFS(t, smallTraining()))
	if err != nil {
		t.Fatal(err)
	}
	regs, err := TrainingRegisters(s)
	if err != nil {
		t.Fatal(err)
	}
	r := regs[0]
	if j := r.Journey("p2"); j.Region != "2080" || len(j.Moves) != 1 {
		t.Errorf("p2 is in %s after %d moves, want 2080 after 1", j.Region, len(j.Moves))
	}
	// Borlänge keeps a count of p2, whose introduction was completed.
	if d := r.Departed["2081"]; d.Participants != 1 || d.CoursesCompleted != 1 {
		t.Errorf("Borlänge keeps %+v, want 1 participant with 1 course", d)
	}
	if n := len(r.InRegion("2081")); n != 1 {
		t.Errorf("Borlänge sees %d journeys, want 1 (p1)", n)
	}
}

// TestTrainingBadInput checks that each broken rule is a *RowError naming
// the file, row, column and rule.
func TestTrainingBadInput(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*TrainingSet)
		file   string
		row    int
		column string
		rule   error
	}{
		{"completion before its course unlocks", func(s *TrainingSet) {
			s.Completions = append(s.Completions, TrainingCompletion{"p2", "course1", "preparation", "2025-02-08"})
		}, "training_completions.csv", 9, "date", training.ErrLocked},
		{"certificate for an unfinished step", func(s *TrainingSet) {
			s.Certificates = append(s.Certificates, TrainingCertificate{"p2", 1, "2025-03-01", "2081"})
		}, "training_certificates.csv", 2, "step", training.ErrUnfinished},
		{"certificate before the step is done", func(s *TrainingSet) { s.Certificates[0].Date = "2025-02-28" },
			"training_certificates.csv", 1, "step", training.ErrUnfinished},
		{"transfer to an unknown municipality", func(s *TrainingSet) { s.Transfers[0].ToRegion = "2026" },
			"training_transfers.csv", 1, "to_region", ErrUnknownRef},
		{"duplicate activity", nil, "training_completions.csv", 9, "participant_id,course,activity", ErrDuplicate},
		{"activity after leaving", func(s *TrainingSet) {
			s.Completions = append(s.Completions, TrainingCompletion{"p3", "intro", "session", "2025-04-01"})
		}, "training_completions.csv", 9, "date", training.ErrOrder},
		{"transfer from where the participant is not", func(s *TrainingSet) { s.Transfers[0].FromRegion = "2080"; s.Transfers[0].ToRegion = "2081" },
			"training_transfers.csv", 1, "from_region", training.ErrOrder},
		{"unknown participant", func(s *TrainingSet) { s.Completions[2].ParticipantID = "p9" },
			"training_completions.csv", 3, "participant_id", ErrUnknownRef},
		{"unknown activity of a course", func(s *TrainingSet) { s.Completions[1].Activity = "follow_up"; s.Completions[1].Course = "intro" },
			"training_completions.csv", 2, "activity", ErrUnknownRef},
		{"courses not numbered 1..n", func(s *TrainingSet) {
			for i := range s.Programmes {
				if s.Programmes[i].Course == "course1" {
					s.Programmes[i].CourseOrder = 3
				}
			}
		}, "training_programmes.csv", 3, "course_order", ErrStages},
		{"participant of an unknown site", func(s *TrainingSet) { s.Participants[0].Region = "2082" },
			"training_participants.csv", 1, "region", ErrUnknownRef},
		{"bad left date", nil, "training_participants.csv", 3, "left_date", ErrSyntax},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := smallTraining()
			if c.mutate != nil {
				c.mutate(s)
			}
			fs := csvFS(t, s)
			// Rows the writers refuse are edited into the CSV text.
			switch c.name {
			case "duplicate activity":
				f := fs["training_completions.csv"]
				f.Data = append(f.Data, "p1,intro,session,2025-01-21\n"...)
			case "bad left date":
				f := fs["training_participants.csv"]
				f.Data = bytes.Replace(f.Data, []byte("2025-03-15"), []byte("2025-13-01"), 1)
			}
			_, err := ReadTrainingFS(fs)
			if err == nil {
				t.Fatal("no error")
			}
			var re *RowError
			if !errors.As(err, &re) {
				t.Fatalf("%v: not a *RowError", err)
			}
			if re.File != c.file || re.Row != c.row || re.Column != c.column || !errors.Is(err, c.rule) {
				t.Errorf("got %q (file %s row %d column %q), want %s row %d column %q and rule %v", err, re.File, re.Row, re.Column, c.file, c.row, c.column, c.rule)
			}
		})
	}
}

func TestTrainingMissingFiles(t *testing.T) {
	fs := csvFS(t, smallTraining())
	delete(fs, "training_sites.csv")
	delete(fs, "training_transfers.csv") // optional
	_, err := ReadTrainingFS(fs)
	if !errors.Is(err, ErrMissingFile) {
		t.Fatalf("got %v, want ErrMissingFile for training_sites", err)
	}
	fs = csvFS(t, smallTraining())
	delete(fs, "training_transfers.csv")
	s, err := ReadTrainingFS(fs)
	if err != nil || len(s.Transfers) != 0 {
		t.Fatalf("without transfers: %v", err)
	}
}

func TestTrainingWriteDirRoundTrip(t *testing.T) {
	dir := t.TempDir()
	want := smallTraining()
	if err := WriteTrainingDir(dir, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadTrainingFS(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Completions) != len(want.Completions) || got.Participants[2] != want.Participants[2] || got.Transfers[0] != want.Transfers[0] {
		t.Errorf("round trip changed the rows: %+v", got)
	}
	ins, _, err := TrainingInputs(got)
	if err != nil {
		t.Fatal(err)
	}
	if p := ins[0].Participants[0]; p.Left != training.NoDay || training.Date(p.Start) != "2025-01-10" {
		t.Errorf("p1 converts to %+v", p)
	}
}

// TestTrainingRoundTrip: each training dataset reads back, as Parquet and
// as CSV, the rows written.
func TestTrainingRoundTrip(t *testing.T) {
	s := smallTraining()
	t.Run("training_programmes", func(t *testing.T) { roundTrip(t, s.Programmes) })
	t.Run("training_sites", func(t *testing.T) { roundTrip(t, s.Sites) })
	t.Run("training_participants", func(t *testing.T) { roundTrip(t, s.Participants) })
	t.Run("training_completions", func(t *testing.T) { roundTrip(t, s.Completions) })
	t.Run("training_certificates", func(t *testing.T) { roundTrip(t, s.Certificates) })
	t.Run("training_transfers", func(t *testing.T) { roundTrip(t, s.Transfers) })
}

// Fuzz targets of the training datasets: a corrupt file is an error,
// never a panic, and what reads back validates (fuzzRead).
func FuzzReadTrainingProgrammes(f *testing.F)   { fuzzRead(f, smallTraining().Programmes) }
func FuzzReadTrainingSites(f *testing.F)        { fuzzRead(f, smallTraining().Sites) }
func FuzzReadTrainingParticipants(f *testing.F) { fuzzRead(f, smallTraining().Participants) }
func FuzzReadTrainingCompletions(f *testing.F)  { fuzzRead(f, smallTraining().Completions) }
func FuzzReadTrainingCertificates(f *testing.F) { fuzzRead(f, smallTraining().Certificates) }
func FuzzReadTrainingTransfers(f *testing.F)    { fuzzRead(f, smallTraining().Transfers) }

// FuzzTrainingCheck: any edit of the completions' dates is either
// accepted or refused with *RowError values, never a panic.
func FuzzTrainingCheck(f *testing.F) {
	f.Add(uint8(2), "2025-01-01")
	f.Add(uint8(0), "2025-02-08")
	f.Fuzz(func(t *testing.T, i uint8, date string) {
		s := smallTraining()
		s.Completions[int(i)%len(s.Completions)].Date = date
		err := CheckTraining(s)
		if err == nil {
			return
		}
		var re *RowError
		if !errors.As(err, &re) {
			t.Fatalf("%v: not a *RowError", err)
		}
	})
}
