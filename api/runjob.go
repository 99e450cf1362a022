package api

import (
	"context"
	"errors"
	"os"

	"github.com/caregap/caregap/api/store"
	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/errkind"
)

// runJob is every job's life: mark it running, do the work, which writes
// the run directory atomically (runs.WriteDir), then record the run in
// the catalog. Whatever stops it early leaves the job failed or cancelled
// and no run directory. attrs are logged when it starts: counts and
// names of the request, never a candidate's or participant's data.
func (s *server) runJob(ctx context.Context, id string, attrs []any, work func(context.Context) ([]string, int, error)) {
	bg := context.Background() // the record must be written even after ctx ends
	log := s.Logger.With("job_id", id)
	ok, err := s.Store.StartJob(bg, id)
	if err != nil || !ok {
		if err != nil {
			log.Error("start job", "err", err.Error())
		}
		return
	}
	if ctx.Err() != nil { // shut down before it began
		s.endJob(id, ctx.Err(), log)
		return
	}
	log.Info("job started", attrs...)
	ctx, cancel := s.Limits.withJobTime(ctx)
	defer cancel()
	files, n, err := work(ctx)
	if err == nil && context.Cause(ctx) == errJobTime {
		err = context.DeadlineExceeded // done, but past the budget: as if stopped
	}
	if err == nil && s.cancelledByCaller(id) {
		err = context.Canceled // done, but a caller cancelled it meanwhile
	}
	if err != nil {
		_ = os.RemoveAll(s.Store.RunDir(id))
		if context.Cause(ctx) == errJobTime {
			err = errJobTime
		}
		s.endJob(id, err, log)
		return
	}
	if err := s.Store.FinishJob(bg, id, store.Succeeded, "", &store.Run{ID: id, Files: files, Rows: n}); err != nil {
		// The job ended meanwhile (cancelled, or failed by a restart):
		// its files must not outlive it.
		_ = os.RemoveAll(s.Store.RunDir(id))
		log.Error("record run", "err", err.Error())
		return
	}
	log.Info("job succeeded", "rows", n)
}

// cancelledByCaller reports whether a caller cancelled job id.
func (s *server) cancelledByCaller(id string) bool {
	s.cancelMu.Lock()
	defer s.cancelMu.Unlock()
	return s.cancelled[id]
}

// endJob records why job id stopped.
func (s *server) endJob(id string, err error, log interface{ Info(string, ...any) }) {
	s.cancelMu.Lock()
	byCaller := s.cancelled[id]
	delete(s.cancelled, id)
	s.cancelMu.Unlock()
	status, msg := store.Failed, "internal error"
	switch kind, detail, _ := classify(err); {
	case errors.Is(err, errJobTime):
		msg = s.Limits.jobTimeMessage()
	case byCaller && errors.Is(err, context.Canceled):
		status, msg = store.Cancelled, "cancelled"
	case errors.Is(err, context.Canceled):
		msg = "stopped: the server shut down before the job finished"
	case kind != KindInternal:
		msg = detail
	}
	if status == store.Failed && !errors.Is(err, context.Canceled) && !errors.Is(err, errJobTime) {
		// The reason may quote the caller's data: the log keeps its place.
		s.Logger.Warn("job failed", failureAttrs(id, err)...)
	} else {
		log.Info("job ended", "status", status, "reason", msg)
	}
	if ferr := s.Store.FinishJob(context.Background(), id, status, msg, nil); ferr != nil {
		s.Logger.Error("record job end", "job_id", id, "err", ferr.Error())
	}
}

// failureAttrs are the log attributes of a failed job's cause, for
// whoever debugs it. A row error of the data names its place (file, row,
// column) but not its text, which may quote a person's cell value (a home
// location, a birth region); other errors name files, rules and
// pseudonymous ids only, and are logged whole.
func failureAttrs(id string, err error) []any {
	attrs := []any{"job_id", id, "kind", errkind.Of(err).String()}
	var re *datasets.RowError
	if errors.As(err, &re) {
		return append(attrs, "file", re.File, "row", re.Row, "line", re.Line, "column", re.Column)
	}
	return append(attrs, "err", err.Error())
}
