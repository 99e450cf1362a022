package store

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Kinds of training event.
const (
	// TrainingTick: a participant ticked off an activity; the body is a
	// training_completions row as JSON.
	TrainingTick = "tick"
	// TrainingImport: an administrator imported a portable journey; the
	// body holds the journey, the receiving municipality and the day.
	TrainingImport = "import"
)

// TrainingEvent is a record the API adds to a read-only training dataset:
// applied in Seq order over the dataset's own records, they give the
// records as they stand now.
type TrainingEvent struct {
	Seq         int64
	Dataset     string
	Kind        string // TrainingTick or TrainingImport
	Participant string
	Body        string // JSON, by Kind
	Token       string // id of the token that added it
	Created     time.Time
}

// AddTrainingEvent appends e (Seq and Created are set) and returns its
// Seq.
func (s *Store) AddTrainingEvent(ctx context.Context, e TrainingEvent) (int64, error) {
	if e.Kind != TrainingTick && e.Kind != TrainingImport {
		return 0, fmt.Errorf("%w: training event kind %q", ErrBadName, e.Kind)
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO training_events(dataset, kind, participant, body, token, created) VALUES(?,?,?,?,?,?)`,
		e.Dataset, e.Kind, e.Participant, e.Body, e.Token, now())
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// TrainingEvents returns the events of dataset in Seq order.
func (s *Store) TrainingEvents(ctx context.Context, dataset string) ([]TrainingEvent, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT seq, dataset, kind, participant, body, token, created FROM training_events WHERE dataset = ? ORDER BY seq`, dataset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TrainingEvent
	for rows.Next() {
		var e TrainingEvent
		var created string
		if err := rows.Scan(&e.Seq, &e.Dataset, &e.Kind, &e.Participant, &e.Body, &e.Token, &created); err != nil {
			return nil, err
		}
		e.Created = parseTime(created)
		out = append(out, e)
	}
	return out, rows.Err()
}

// LastTrainingEvent returns the Seq of the latest event of dataset, 0
// when there is none: a cache of the records is current while it holds.
func (s *Store) LastTrainingEvent(ctx context.Context, dataset string) (int64, error) {
	var seq int64
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM training_events WHERE dataset = ?`, dataset).Scan(&seq)
	return seq, err
}

// AuditEntry is one line of the training audit log: who read or wrote
// which participants' personal rows, through which route. It holds the
// participant ids and nothing more of them.
type AuditEntry struct {
	Time         time.Time `json:"time"`
	Token        string    `json:"token"`
	Role         string    `json:"role"`
	Route        string    `json:"route"`
	Participants []string  `json:"participants"`
}

// Audit appends e to the audit log; a zero Time is now.
func (s *Store) Audit(ctx context.Context, e AuditEntry) error {
	if e.Participants == nil {
		e.Participants = []string{}
	}
	ids, err := json.Marshal(e.Participants)
	if err != nil {
		return err
	}
	t := now()
	if !e.Time.IsZero() {
		t = e.Time.UTC().Format(time.RFC3339Nano)
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO training_audit(time, token, role, route, participants) VALUES(?,?,?,?,?)`,
		t, e.Token, e.Role, e.Route, string(ids))
	return err
}

// AuditLog returns the audit log, oldest first.
func (s *Store) AuditLog(ctx context.Context) ([]AuditEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT time, token, role, route, participants FROM training_audit ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var t, ids string
		if err := rows.Scan(&t, &e.Token, &e.Role, &e.Route, &ids); err != nil {
			return nil, err
		}
		e.Time = parseTime(t)
		if err := json.Unmarshal([]byte(ids), &e.Participants); err != nil {
			return nil, fmt.Errorf("audit log: participants %q: %w", ids, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// WriteAuditLog writes the audit log to w as JSON lines, oldest first.
func (s *Store) WriteAuditLog(ctx context.Context, w io.Writer) error {
	log, err := s.AuditLog(ctx)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	for _, e := range log {
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	return nil
}
