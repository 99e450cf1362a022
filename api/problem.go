package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/caregap/caregap/api/auth"
	"github.com/caregap/caregap/api/jobs"
	"github.com/caregap/caregap/api/store"
	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/engine/forecast"
	"github.com/caregap/caregap/engine/match"
	"github.com/caregap/caregap/engine/scenario"
	"github.com/caregap/caregap/engine/supply"
	"github.com/gin-gonic/gin"
)

// Kind is the class of a problem; each has a stable type URI and status.
type Kind string

// Problem kinds.
const (
	KindValidation      Kind = "validation"
	KindNotFound        Kind = "not-found"
	KindUnauthorized    Kind = "unauthorized"
	KindForbidden       Kind = "forbidden"
	KindConflict        Kind = "conflict"
	KindTooManyRequests Kind = "too-many-requests"
	KindPayloadTooLarge Kind = "payload-too-large"
	KindNotAcceptable   Kind = "not-acceptable"
	KindUnavailable     Kind = "unavailable"
	KindInternal        Kind = "internal"
)

var kindStatus = map[Kind]int{
	KindValidation:      http.StatusBadRequest,
	KindNotFound:        http.StatusNotFound,
	KindUnauthorized:    http.StatusUnauthorized,
	KindForbidden:       http.StatusForbidden,
	KindConflict:        http.StatusConflict,
	KindTooManyRequests: http.StatusTooManyRequests,
	KindPayloadTooLarge: http.StatusRequestEntityTooLarge,
	KindNotAcceptable:   http.StatusNotAcceptable,
	KindUnavailable:     http.StatusServiceUnavailable,
	KindInternal:        http.StatusInternalServerError,
}

// TypeURI returns the stable type URI of problems of kind k.
func TypeURI(k Kind) string { return "urn:caregap:problem:" + string(k) }

// Problem is an RFC 9457 problem document.
type Problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail,omitempty"`
	Instance  string `json:"instance,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

// Error is an error the API itself raises with a kind and a detail that
// is safe to show the caller.
type Error struct {
	Kind       Kind
	Detail     string
	RetryAfter int // seconds, for KindTooManyRequests and KindUnavailable
	Err        error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Detail + ": " + e.Err.Error()
	}
	return e.Detail
}

func (e *Error) Unwrap() error { return e.Err }

func errorf(k Kind, format string, a ...any) *Error {
	return &Error{Kind: k, Detail: fmt.Sprintf(format, a...)}
}

// notFound is the one answer for a missing object and an object outside
// the caller's scope.
func notFound(what, id string) *Error { return errorf(KindNotFound, "%s %q not found", what, id) }

// classify maps err to a kind and a detail safe for the caller. It is the
// only place that knows which error means which status.
func classify(err error) (Kind, string, int) {
	var (
		ae  *Error
		mbe *http.MaxBytesError
		re  *datasets.RowError
		se  *datasets.ScenarioError
		le  *forecast.LeverError
		sce *scenario.Error
		pe  *supply.ParamError
		mve *match.ValidationError
	)
	switch {
	case errors.As(err, &ae):
		return ae.Kind, ae.Detail, ae.RetryAfter
	case errors.As(err, &mbe):
		return KindPayloadTooLarge, fmt.Sprintf("request body larger than %d bytes", mbe.Limit), 0
	case errors.As(err, &re), errors.As(err, &se), errors.As(err, &le), errors.As(err, &sce), errors.As(err, &pe),
		errors.As(err, &mve):
		return KindValidation, err.Error(), 0
	case errors.Is(err, datasets.ErrIncomplete), errors.Is(err, datasets.ErrNotParquet),
		errors.Is(err, datasets.ErrCorrupt), errors.Is(err, datasets.ErrEmpty),
		errors.Is(err, datasets.ErrScenarioSyntax), errors.Is(err, auth.ErrInvalid), errors.Is(err, store.ErrBadName):
		return KindValidation, err.Error(), 0
	case errors.Is(err, store.ErrNotFound):
		return KindNotFound, err.Error(), 0
	case errors.Is(err, store.ErrConflict):
		return KindConflict, err.Error(), 0
	case errors.Is(err, auth.ErrUnauthenticated):
		return KindUnauthorized, "missing or unknown bearer token", 0
	case errors.Is(err, jobs.ErrFull):
		return KindTooManyRequests, "the job queue is full; retry later", 5
	case errors.Is(err, jobs.ErrClosed):
		return KindUnavailable, "the server is shutting down", 5
	case errors.Is(err, context.DeadlineExceeded):
		return KindUnavailable, "the request took too long", 1
	}
	return KindInternal, "internal error", 0
}

// writeError answers the request with the problem document of err and
// logs errors the caller did not cause.
func writeError(c *gin.Context, err error) {
	kind, detail, retry := classify(err)
	status := kindStatus[kind]
	if kind == KindInternal {
		logger(c).Error("internal error", "err", err.Error())
	}
	if retry > 0 {
		c.Header("Retry-After", strconv.Itoa(retry))
	}
	if kind == KindUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="caregap"`)
	}
	p := Problem{
		Type: TypeURI(kind), Title: http.StatusText(status), Status: status, Detail: detail,
		Instance: c.Request.URL.Path, RequestID: c.GetString(ctxRequestID),
	}
	c.Abort()
	c.Render(status, problemRender{p})
}

type problemRender struct{ p Problem }

func (r problemRender) Render(w http.ResponseWriter) error {
	r.WriteContentType(w)
	return jsonEncode(w, r.p)
}

func (r problemRender) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/problem+json")
}

func logger(c *gin.Context) *slog.Logger {
	if l, ok := c.Get(ctxLogger); ok {
		return l.(*slog.Logger)
	}
	return slog.Default()
}
