package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"syscall"

	"github.com/caregap/caregap/engine/errkind"
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
	KindUnsupportedType Kind = "unsupported-media-type"
	KindMethod          Kind = "method-not-allowed"
	KindStorageFull     Kind = "insufficient-storage"
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
	KindUnsupportedType: http.StatusUnsupportedMediaType,
	KindMethod:          http.StatusMethodNotAllowed,
	KindStorageFull:     http.StatusInsufficientStorage,
	KindUnavailable:     http.StatusServiceUnavailable,
	KindInternal:        http.StatusInternalServerError,
}

// titles are the problem titles that say more than the status text.
var titles = map[Kind]string{
	KindStorageFull: "Insufficient Storage: the server's disk is full",
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

// problemOf is the problem the API answers errors of one errkind.Kind
// with: its kind, a fixed detail (empty: the error's own text) and the
// seconds of Retry-After (0: none).
type problemOf struct {
	kind   Kind
	detail string
	retry  int
}

// problems maps every errkind.Kind to its problem. The error's own text is
// shown only for kinds the caller caused: it names the file, row, column,
// field, scenario or id at fault, never the server's internals. Unknown
// tokens get one fixed answer, so a caller cannot tell why a token failed.
var problems = map[errkind.Kind]problemOf{
	errkind.BadInput:        {KindValidation, "", 0},
	errkind.NotFound:        {KindNotFound, "", 0},
	errkind.Conflict:        {KindConflict, "", 0},
	errkind.Unauthorized:    {KindUnauthorized, "missing or unknown bearer token", 0},
	errkind.Forbidden:       {KindForbidden, "", 0},
	errkind.TooManyRequests: {KindTooManyRequests, "", 5},
	errkind.TooLarge:        {KindPayloadTooLarge, "", 0},
	errkind.NotAcceptable:   {KindNotAcceptable, "", 0},
	errkind.Unavailable:     {KindUnavailable, "", 5},
	errkind.Internal:        {KindInternal, "internal error", 0},
}

// classify maps err to a problem kind, a detail safe for the caller and
// the seconds of Retry-After. It is the only place that knows which error
// means which status: an *Error keeps its own kind, detail and RetryAfter;
// a request body over its limit is KindPayloadTooLarge; every other error
// answers by its errkind.Of (problems), and one of no kind that ran out of
// time is KindUnavailable. Anything else is KindInternal, "internal
// error".
func classify(err error) (Kind, string, int) {
	var (
		ae  *Error
		mbe *http.MaxBytesError
	)
	switch {
	case errors.As(err, &ae):
		return ae.Kind, ae.Detail, ae.RetryAfter
	case errors.As(err, &mbe):
		return KindPayloadTooLarge, fmt.Sprintf("request body larger than %d bytes", mbe.Limit), 0
	}
	if errors.Is(err, syscall.ENOSPC) {
		return KindStorageFull, "the server's disk is full: nothing was stored; retry later or tell the server's administrator", 60
	}
	k := errkind.Of(err)
	if k == errkind.Internal && errors.Is(err, context.DeadlineExceeded) {
		return KindUnavailable, "the request took too long", 1
	}
	p, ok := problems[k]
	if !ok {
		p = problems[errkind.Internal]
	}
	detail := p.detail
	switch {
	case detail != "":
	case p.retry > 0:
		detail = err.Error() + "; retry later"
	default:
		detail = err.Error()
	}
	return p.kind, detail, p.retry
}

// StatusOf returns the HTTP status the API answers err with, as writeError
// does; 200 for nil.
func StatusOf(err error) int {
	if err == nil {
		return http.StatusOK
	}
	kind, _, _ := classify(err)
	return kindStatus[kind]
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
	title := http.StatusText(status)
	if t, ok := titles[kind]; ok {
		title = t
	}
	p := Problem{
		Type: TypeURI(kind), Title: title, Status: status, Detail: detail,
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
