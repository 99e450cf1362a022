package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/runs/trainingrun"
)

// TestTrainingEstimateAndForecast runs both on the embedded records and
// checks the files and that the forecast's totals add up over the
// municipalities.
func TestTrainingEstimateAndForecast(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := caregap(t, "training", "estimate", "--out", filepath.Join(dir, "est"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "illustrative") || !strings.Contains(stdout, "course5") {
		t.Errorf("stdout %q stderr %q", stdout, stderr)
	}
	for _, f := range []string{"courses.csv", "curves.csv", "progress.csv", "training_stages.csv", "summary.json"} {
		if _, err := os.Stat(filepath.Join(dir, "est", f)); err != nil {
			t.Error(err)
		}
	}
	stages, err := datasets.ReadFile[datasets.TrainingStage](os.DirFS(filepath.Join(dir, "est")), "training_stages.csv")
	if err != nil || len(stages) != 6 {
		t.Fatalf("training_stages.csv: %d rows, %v", len(stages), err)
	}
	code, _, stderr = caregap(t, "training", "forecast", "--out", filepath.Join(dir, "fc"), "--months", "12", "--draws", "200", "--intake", "pace")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(dir, "fc", "forecast.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s trainingrun.ForecastSummary
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	target, issued := 0, 0
	for _, r := range s.Regions {
		target += r.Target
		issued += r.Issued
	}
	if len(s.Regions) != 4 || target != 1150 || issued != s.Total.Issued || s.Total.TargetByPace == "" {
		t.Errorf("forecast.json: %+v", s)
	}
}

// TestTrainingExportImport moves a participant's journey from Borlänge
// to Gagnef through a portable file.
func TestTrainingExportImport(t *testing.T) {
	set, err := defaultdata.LoadTraining()
	if err != nil {
		t.Fatal(err)
	}
	id := ""
	for _, p := range set.Participants {
		if p.Region == "2081" && p.LeftDate == "" {
			id = p.ParticipantID
			break
		}
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "journey.json")
	if code, _, stderr := caregap(t, "training", "export", "--participant", id, "--out", file); code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	// The receiving records: the embedded ones without this participant.
	recv := *set
	var keep []datasets.TrainingParticipant
	for _, p := range set.Participants {
		if p.ParticipantID != id {
			keep = append(keep, p)
		}
	}
	recv.Participants = keep
	var comps []datasets.TrainingCompletion
	for _, c := range set.Completions {
		if c.ParticipantID != id {
			comps = append(comps, c)
		}
	}
	recv.Completions = comps
	var certs []datasets.TrainingCertificate
	for _, c := range set.Certificates {
		if c.ParticipantID != id {
			certs = append(certs, c)
		}
	}
	recv.Certificates = certs
	if err := datasets.WriteTrainingDir(filepath.Join(dir, "gagnef"), &recv); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := caregap(t, "training", "import", "--journey", file, "--to", "2026", "--date", "2026-12-01",
		"--data", filepath.Join(dir, "gagnef"), "--out", filepath.Join(dir, "gagnef"))
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, id) {
		t.Errorf("stdout %q", stdout)
	}
	got, err := datasets.ReadTrainingFS(os.DirFS(filepath.Join(dir, "gagnef")))
	if err != nil {
		t.Fatal(err)
	}
	last := got.Transfers[len(got.Transfers)-1]
	if last.ParticipantID != id || last.FromRegion != "2081" || last.ToRegion != "2026" {
		t.Errorf("last transfer %+v", last)
	}
	// A municipality outside the programme is bad input naming the rule.
	code, _, stderr = caregap(t, "training", "import", "--journey", file, "--to", "1480", "--date", "2026-12-01",
		"--data", filepath.Join(dir, "gagnef"), "--out", filepath.Join(dir, "x"))
	if code != exitBadInput {
		t.Errorf("import into a municipality outside the programme: exit %d: %s", code, stderr)
	}
}

// TestTrainingBadRecords: a completion before its course unlocks is bad
// input, and the message names file, row, column and rule.
func TestTrainingBadRecords(t *testing.T) {
	set, err := defaultdata.LoadTraining()
	if err != nil {
		t.Fatal(err)
	}
	bad := *set
	p := set.Participants[len(set.Participants)-1] // the latest to start, not in course 5
	bad.Completions = append(append([]datasets.TrainingCompletion(nil), set.Completions...),
		datasets.TrainingCompletion{ParticipantID: p.ParticipantID, Course: "course5", Activity: "session", Date: p.StartDate})
	dir := t.TempDir()
	if err := datasets.WriteTrainingDir(dir, &bad); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := caregap(t, "training", "estimate", "--data", dir, "--out", filepath.Join(dir, "out"))
	want := "training_completions.parquet: row " + itoa(len(bad.Completions)) + ", column date: course not unlocked"
	if code != exitBadInput || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr %q; want %q", code, stderr, want)
	}
	if code, _, _ := caregap(t, "training", "estimate", "--out", dir, "--as-of", "2026-13-01"); code != exitBadInput {
		t.Errorf("a bad --as-of: exit %d", code)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestTrainingApplyTo: --apply-to puts the estimated stages into a
// forecast dataset, which still validates and keeps its other pipeline.
func TestTrainingApplyTo(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	b, err := defaultdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := datasets.WriteDir(data, b); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := caregap(t, "training", "estimate", "--out", filepath.Join(dir, "est"), "--apply-to", data)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got, err := datasets.ReadFS(os.DirFS(data))
	if err != nil {
		t.Fatal(err)
	}
	est, err := datasets.ReadFile[datasets.TrainingStage](os.DirFS(filepath.Join(dir, "est")), "training_stages.csv")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range got.TrainingStages {
		if s.Pipeline == est[0].Pipeline {
			if s != est[n] {
				t.Errorf("stage %d: %+v, want %+v", n+1, s, est[n])
			}
			n++
		}
	}
	if n != len(est) || len(got.TrainingStages) != len(b.TrainingStages)-6+len(est) {
		t.Errorf("%d stages of %s, %d in all", n, est[0].Pipeline, len(got.TrainingStages))
	}
}
