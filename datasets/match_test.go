package datasets

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/caregap/caregap/engine/match"
)

// testMatchSet returns a small valid matching set: two workplaces 10 km
// apart in Linköping (0580), three openings, four candidates. Values are
// made up; floats include 1/3 to test exact round trips.
func testMatchSet() *MatchSet {
	return &MatchSet{
		Workplaces: []Workplace{
			{WorkplaceID: "W1", Employer: "Linköping kommun", Region: "0580", XKm: 536, YKm: 6475, SupervisorCapacity: 1},
			{WorkplaceID: "W2", Employer: "Private provider A", Region: "0580", XKm: 546, YKm: 6475, SupervisorCapacity: 2},
		},
		Openings: []Opening{
			{OpeningID: "O1", WorkplaceID: "W1", Role: "service_assistant", Positions: 2, MinLanguage: 2, Hours: 40, Start: "2025-02-03"},
			{OpeningID: "O2", WorkplaceID: "W2", Role: "care_aide", Positions: 1, MinLanguage: 3, NeedsLicence: true, MinExperience: 0.5, MinEducation: 1, Hours: 30, Start: "2025-02-10"},
			{OpeningID: "O3", WorkplaceID: "W2", Role: "service_assistant", Positions: 1, MinLanguage: 1, Start: "2025-03-03"},
		},
		Candidates: []Candidate{
			{CandidateID: "C1", Region: "0580", XKm: 537, YKm: 6475 + 1.0/3, LanguageLevel: 4, DrivingLicence: true, EducationLevel: 2, ExperienceYears: 1, HoursWanted: 40, RolePreferences: "care_aide,service_assistant", AvailableFrom: "2025-01-15", Sex: "F", BirthRegion: "outside_eu"},
			{CandidateID: "C2", Region: "0580", XKm: 540, YKm: 6476, LanguageLevel: 2, EducationLevel: 1, HoursWanted: 30, RolePreferences: "service_assistant", AvailableFrom: "2025-01-01", Sex: "M", BirthRegion: "sweden"},
			{CandidateID: "C3", Region: "0580", XKm: 545, YKm: 6470, LanguageLevel: 6, DrivingLicence: true, EducationLevel: 3, MaxCommuteKm: 15, AvailableFrom: "2025-02-01", Sex: "F", BirthRegion: "sweden"},
			{CandidateID: "C4", Region: "0580", XKm: 536, YKm: 6476, LanguageLevel: 0, AvailableFrom: "2025-01-01", Sex: "M", BirthRegion: "eu"},
		},
	}
}

func testAssignments() []Assignment {
	return []Assignment{
		{CandidateID: "C1", OpeningID: "O2", WorkplaceID: "W2", Region: "0580", Role: "care_aide", Cost: 15.5, CommuteKm: 9.1, WaitDays: 26},
		{CandidateID: "C2", OpeningID: "O1", WorkplaceID: "W1", Region: "0580", Role: "service_assistant", Cost: 1.0 / 3, PreferenceRank: 0, HoursMismatch: 10, EducationGap: 1, ExperienceGap: 0.5, NotPreferred: 1},
		{CandidateID: "C3", OpeningID: "O1", WorkplaceID: "W1", Region: "2309", Role: "service_assistant", Cost: 2},
	}
}

func TestMatchRoundTrip(t *testing.T) {
	m := testMatchSet()
	t.Run("candidates", func(t *testing.T) { roundTrip(t, m.Candidates) })
	t.Run("openings", func(t *testing.T) { roundTrip(t, m.Openings) })
	t.Run("workplaces", func(t *testing.T) { roundTrip(t, m.Workplaces) })
	t.Run("assignments", func(t *testing.T) { roundTrip(t, testAssignments()) })
}

// matchFS writes m into an in-memory file system as Parquet files.
func matchFS(t *testing.T, m *MatchSet) fstest.MapFS {
	t.Helper()
	return fstest.MapFS{
		"candidates.parquet": {Data: encodeT(t, m.Candidates)},
		"openings.parquet":   {Data: encodeT(t, m.Openings)},
		"workplaces.parquet": {Data: encodeT(t, m.Workplaces)},
	}
}

func TestReadMatchFS(t *testing.T) {
	want := testMatchSet()
	got, err := ReadMatchFS(matchFS(t, want))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Candidates) != 4 || len(got.Openings) != 3 || len(got.Workplaces) != 2 || got.Candidates[0] != want.Candidates[0] {
		t.Errorf("read back %d/%d/%d rows", len(got.Candidates), len(got.Openings), len(got.Workplaces))
	}
	// CSV when there is no Parquet file.
	fsys := matchFS(t, want)
	var b bytes.Buffer
	if err := EncodeCSV(&b, want.Openings); err != nil {
		t.Fatal(err)
	}
	delete(fsys, "openings.parquet")
	fsys["openings.csv"] = &fstest.MapFile{Data: b.Bytes()}
	if _, err := ReadMatchFS(fsys); err != nil {
		t.Fatalf("csv openings: %v", err)
	}
}

// TestReadMatchFSBad checks that each kind of bad input is an error that
// names the file, the 1-based data row and the column.
func TestReadMatchFSBad(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(m *MatchSet, fsys fstest.MapFS)
		rule   error
		file   string
		row    int
		column string
	}{
		{"duplicate candidate id", func(m *MatchSet, fsys fstest.MapFS) {
			m.Candidates[2].CandidateID = "C1"
			fsys["candidates.parquet"] = &fstest.MapFile{Data: encodeRaw(t, m.Candidates)}
		}, ErrDuplicate, "candidates.parquet", 3, "candidate_id"},
		{"unknown workplace", func(m *MatchSet, fsys fstest.MapFS) {
			m.Openings[1].WorkplaceID = "W9"
			fsys["openings.parquet"] = &fstest.MapFile{Data: encodeRaw(t, m.Openings)}
		}, ErrUnknownRef, "openings.parquet", 2, "workplace_id"},
		{"negative positions", func(m *MatchSet, fsys fstest.MapFS) {
			m.Openings[2].Positions = -1
			fsys["openings.parquet"] = &fstest.MapFile{Data: encodeRaw(t, m.Openings)}
		}, ErrRange, "openings.parquet", 3, "positions"},
		{"NaN coordinate", func(m *MatchSet, fsys fstest.MapFS) {
			m.Workplaces[1].YKm = math.NaN()
			fsys["workplaces.parquet"] = &fstest.MapFile{Data: encodeRaw(t, m.Workplaces)}
		}, ErrNaN, "workplaces.parquet", 2, "y_km"},
		{"empty file", func(m *MatchSet, fsys fstest.MapFS) {
			fsys["workplaces.parquet"] = &fstest.MapFile{Data: encodeRaw(t, []Workplace{})}
		}, ErrEmpty, "workplaces.parquet", 0, ""},
		{"bad date", func(m *MatchSet, fsys fstest.MapFS) {
			m.Candidates[1].AvailableFrom = "2025-13-01"
			fsys["candidates.parquet"] = &fstest.MapFile{Data: encodeRaw(t, m.Candidates)}
		}, ErrSyntax, "candidates.parquet", 2, "available_from"},
		{"role listed twice", func(m *MatchSet, fsys fstest.MapFS) {
			m.Candidates[0].RolePreferences = "care_aide, care_aide"
			fsys["candidates.parquet"] = &fstest.MapFile{Data: encodeRaw(t, m.Candidates)}
		}, ErrDuplicate, "candidates.parquet", 1, "role_preferences"},
		{"unknown birth region", func(m *MatchSet, fsys fstest.MapFS) {
			m.Candidates[3].BirthRegion = "mars"
			fsys["candidates.parquet"] = &fstest.MapFile{Data: encodeRaw(t, m.Candidates)}
		}, ErrEnum, "candidates.parquet", 4, "birth_region"},
		{"missing file", func(m *MatchSet, fsys fstest.MapFS) {
			delete(fsys, "candidates.parquet")
		}, ErrMissingFile, "candidates.parquet", 0, ""},
		{"csv row and line", func(m *MatchSet, fsys fstest.MapFS) {
			delete(fsys, "workplaces.parquet")
			fsys["workplaces.csv"] = &fstest.MapFile{Data: []byte("workplace_id,employer,region,x_km,y_km,supervisor_capacity\nW1,E,0580,1,2,1\nW2,E,0580,NaN,2,1\n")}
		}, ErrNaN, "workplaces.csv", 2, "x_km"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := testMatchSet()
			fsys := matchFS(t, m)
			tc.edit(m, fsys)
			got, err := ReadMatchFS(fsys)
			if got != nil {
				t.Error("a set with an error")
			}
			wantRowError(t, err, tc.rule, tc.file, tc.row, tc.column)
		})
	}
}

// encodeRaw writes rows with parquet-go itself, without validation.
func encodeRaw[T any](t *testing.T, rows []T) []byte { return rawParquet(t, rows) }

func TestMatchInputsReportAssignments(t *testing.T) {
	m := testMatchSet()
	cands, ops, wps, err := MatchInputs(m)
	if err != nil {
		t.Fatal(err)
	}
	if ops[1].Workplace != 1 || !ops[1].NeedsLicence || cands[0].RolePrefs[1] != "service_assistant" {
		t.Errorf("conversion: %+v %+v", ops[1], cands[0])
	}
	// 2025-01-15 is day 20103 since 1970-01-01.
	if cands[0].AvailableFrom != 20103 || Date(20103) != "2025-01-15" {
		t.Errorf("available_from %d", cands[0].AvailableFrom)
	}
	p, bd, err := match.Build(cands, ops, wps, match.Rules{}, match.CostWeights{})
	if err != nil {
		t.Fatal(err)
	}
	var s match.FlowSolver
	r, err := s.Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	rows := AssignmentRows(m, p, bd, r)
	if len(rows) != r.Placed || r.Placed == 0 {
		t.Fatalf("%d rows for %d placed", len(rows), r.Placed)
	}
	var total float64
	for _, a := range rows {
		total += a.Cost
		// The cost is the weighted sum of the components (default weights
		// of match.CostWeights), up to the rounding to 1/scale.
		sum := a.CommuteKm + 5*a.PreferenceRank + 20*a.NotPreferred + 3*a.ExperienceGap + 10*a.EducationGap + 0.5*a.HoursMismatch + 0.05*a.WaitDays
		if math.Abs(sum-a.Cost) > 0.05+1e-6 {
			t.Errorf("%s: cost %g, components sum to %g", a.CandidateID, a.Cost, sum)
		}
	}
	if err := Validate(rows, "assignments.parquet"); err != nil {
		t.Fatal(err)
	}
	rep := NewMatchReport(m, cands, p, bd, r, "flow")
	if rep.Placed+rep.Unplaced != 4 || len(rep.UnplacedCandidates) != rep.Unplaced || math.Abs(rep.TotalCost-total) > 1e-9 {
		t.Errorf("report %+v", rep)
	}
	// C4 has no Swedish: nothing is eligible, and language is the reason.
	var c4 *UnplacedCandidate
	for i := range rep.UnplacedCandidates {
		if rep.UnplacedCandidates[i].CandidateID == "C4" {
			c4 = &rep.UnplacedCandidates[i]
		}
	}
	if c4 == nil || c4.Reason != "no_eligible_opening" || c4.Rule != "language" {
		t.Errorf("C4: %+v", c4)
	}
	var b bytes.Buffer
	if err := EncodeMatchReport(&b, rep); err != nil {
		t.Fatal(err)
	}
	back, err := DecodeMatchReport(&b)
	if err != nil || back.Placed != rep.Placed || len(back.BySex) != 2 {
		t.Errorf("report round trip: %v %+v", err, back)
	}
}

func TestWriteMatchDir(t *testing.T) {
	dir := t.TempDir()
	if err := WriteMatchDir(dir, testMatchSet()); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadMatchFS(os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	bad := testMatchSet()
	bad.Openings[0].Positions = -2
	out := filepath.Join(t.TempDir(), "x")
	err := WriteMatchDir(out, bad)
	var re *RowError
	if !errors.As(err, &re) || re.File != "openings.parquet" || re.Column != "positions" {
		t.Errorf("write bad openings: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "openings.parquet")); !errors.Is(err, os.ErrNotExist) {
		t.Error("a bad file was written")
	}
}

func FuzzReadCandidates(f *testing.F)  { fuzzRead(f, testMatchSet().Candidates) }
func FuzzReadOpenings(f *testing.F)    { fuzzRead(f, testMatchSet().Openings) }
func FuzzReadWorkplaces(f *testing.F)  { fuzzRead(f, testMatchSet().Workplaces) }
func FuzzReadAssignments(f *testing.F) { fuzzRead(f, testAssignments()) }
