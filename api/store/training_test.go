package store

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"testing"
)

// TestTrainingEventsAndAudit: events come back per dataset in the order
// added, survive a reopen, and the audit log reads back as JSON lines
// holding ids only.
func TestTrainingEventsAndAudit(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if seq, err := s.LastTrainingEvent(ctx, "default"); err != nil || seq != 0 {
		t.Fatalf("empty: %d %v", seq, err)
	}
	var want []int64
	for i, kind := range []string{TrainingTick, TrainingImport, TrainingTick} {
		seq, err := s.AddTrainingEvent(ctx, TrainingEvent{Dataset: "default", Kind: kind, Participant: "P" + string(rune('1'+i)), Body: "{}", Token: "tok_a"})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, seq)
	}
	if _, err := s.AddTrainingEvent(ctx, TrainingEvent{Dataset: "other", Kind: TrainingTick, Body: "{}"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddTrainingEvent(ctx, TrainingEvent{Dataset: "default", Kind: "drop", Body: "{}"}); err == nil {
		t.Error("an unknown kind was stored")
	}
	if err := s.Audit(ctx, AuditEntry{Token: "tok_a", Role: "administrator", Route: "GET /v1/training/participants", Participants: []string{"P1", "P2"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Audit(ctx, AuditEntry{Token: "tok_b", Role: "participant", Route: "GET /v1/training/participants/:id"}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	evs, err := s.TrainingEvents(ctx, "default")
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, e := range evs {
		got = append(got, e.Seq)
	}
	if !slices.Equal(got, want) || evs[1].Kind != TrainingImport || evs[2].Participant != "P3" || evs[0].Created.IsZero() {
		t.Errorf("events %+v, want seqs %v", evs, want)
	}
	if seq, _ := s.LastTrainingEvent(ctx, "default"); seq != want[2] {
		t.Errorf("last %d, want %d", seq, want[2])
	}
	var buf bytes.Buffer
	if err := s.WriteAuditLog(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(&buf)
	var lines []map[string]any
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		lines = append(lines, m)
	}
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2", len(lines))
	}
	for _, m := range lines {
		for k := range m {
			if !slices.Contains([]string{"time", "token", "role", "route", "participants"}, k) {
				t.Errorf("audit line has field %q", k)
			}
		}
	}
	if ids := lines[0]["participants"].([]any); len(ids) != 2 || ids[0] != "P1" || lines[0]["route"] != "GET /v1/training/participants" {
		t.Errorf("first line %v", lines[0])
	}
	if ids := lines[1]["participants"].([]any); len(ids) != 0 {
		t.Errorf("second line %v", lines[1])
	}
}
