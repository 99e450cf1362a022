package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/caregap/caregap/api/auth"
	"github.com/gin-gonic/gin"
)

// Keys of values the middleware keeps in the gin context.
const (
	ctxRequestID = "caregap.request_id"
	ctxLogger    = "caregap.logger"
	ctxPrincipal = "caregap.principal"
	ctxMediaType = "caregap.media_type"
)

var requestIDRe = regexp.MustCompile(`^[A-Za-z0-9._-]{1,128}$`)

// requestID takes X-Request-Id from the request when it is well formed,
// makes one otherwise, echoes it and gives the request a logger carrying it.
func (s *server) requestID(c *gin.Context) {
	id := c.GetHeader("X-Request-Id")
	if !requestIDRe.MatchString(id) {
		var b [12]byte
		_, _ = rand.Read(b[:])
		id = hex.EncodeToString(b[:])
	}
	c.Set(ctxRequestID, id)
	c.Set(ctxLogger, s.Logger.With("request_id", id))
	c.Header("X-Request-Id", id)
	c.Next()
}

// logRequests logs one line per request and records its metrics. It logs
// the route template, never the path or query, which may hold ids of
// people.
func (s *server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	status := c.Writer.Status()
	d := time.Since(start)
	s.metrics.observe(c.Request.Method, route, status, d)
	attrs := []any{"method", c.Request.Method, "route", route, "status", status,
		"duration_ms", float64(d.Microseconds()) / 1000, "bytes", c.Writer.Size()}
	if p := principal(c); p != nil {
		attrs = append(attrs, "token_id", p.ID, "role", string(p.Role))
	}
	logger(c).Info("request", attrs...)
}

// recover turns a panic in a handler into a 500 problem.
func (s *server) recover(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			writeError(c, fmt.Errorf("panic: %v", v))
		}
	}()
	c.Next()
}

// timeout bounds the request's context.
func (s *server) timeout(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.Timeout)
	defer cancel()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

// limitBody caps the request body: uploads at UploadLimit, the rest at
// BodyLimit. Reading past the cap gives *http.MaxBytesError (413).
func (s *server) limitBody(rt route) gin.HandlerFunc {
	limit := s.BodyLimit
	if rt.Upload {
		limit = s.UploadLimit
	}
	return func(c *gin.Context) {
		if c.Request.ContentLength > limit {
			writeError(c, &http.MaxBytesError{Limit: limit})
			return
		}
		if !rt.Upload && len(rt.Body) > 0 {
			// A JSON or YAML body has BodyTimeout to arrive; uploads have
			// the server's read timeout.
			_ = http.NewResponseController(c.Writer).SetReadDeadline(time.Now().Add(s.BodyTimeout))
		}
		if len(rt.Body) > 0 && hasBody(c.Request) {
			mt, ok := acceptedType(c.GetHeader("Content-Type"), rt.Body)
			if !ok {
				writeError(c, errorf(KindUnsupportedType, "Content-Type %q: send %s", c.GetHeader("Content-Type"), strings.Join(rt.Body, " or ")))
				return
			}
			c.Set(ctxMediaType, mt)
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
		c.Next()
	}
}

// authenticate checks the bearer token and the route's roles.
func (s *server) authenticate(rt route) gin.HandlerFunc {
	return func(c *gin.Context) {
		// One Authorization header, scheme "Bearer" in any case (RFC 9110
		// 11.1); anything else answers as an unknown token.
		hs := c.Request.Header.Values("Authorization")
		if len(hs) != 1 {
			writeError(c, auth.ErrUnauthenticated)
			return
		}
		scheme, tok, ok := strings.Cut(strings.TrimSpace(hs[0]), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			writeError(c, auth.ErrUnauthenticated)
			return
		}
		p, err := s.Keys.Authenticate(strings.TrimSpace(tok))
		if err != nil {
			writeError(c, auth.ErrUnauthenticated)
			return
		}
		c.Set(ctxPrincipal, p)
		if !slices.Contains(rt.Roles, p.Role) {
			writeError(c, errorf(KindForbidden, "role %s may not %s %s", p.Role, rt.Method, rt.Path))
			return
		}
		if !s.enter(p.ID) {
			writeError(c, &Error{Kind: KindTooManyRequests, RetryAfter: 1,
				Detail: fmt.Sprintf("more than %d requests of this token at once (caregap serve --max-in-flight); retry later", s.Limits.InFlight)})
			return
		}
		defer s.leave(p.ID)
		c.Next()
	}
}

func principal(c *gin.Context) *auth.Principal {
	if v, ok := c.Get(ctxPrincipal); ok {
		return v.(*auth.Principal)
	}
	return nil
}

// enter counts a request of token id in flight; it reports false, and
// counts nothing, when the token has Limits.InFlight requests in flight.
func (s *server) enter(id string) bool {
	s.flightMu.Lock()
	defer s.flightMu.Unlock()
	if s.inFlight[id] >= s.Limits.InFlight {
		return false
	}
	s.inFlight[id]++
	return true
}

// leave ends a request of token id that enter counted.
func (s *server) leave(id string) {
	s.flightMu.Lock()
	defer s.flightMu.Unlock()
	if s.inFlight[id]--; s.inFlight[id] <= 0 {
		delete(s.inFlight, id)
	}
}

// hasBody reports whether r comes with a body.
func hasBody(r *http.Request) bool {
	return r.ContentLength > 0 || (r.ContentLength < 0 && r.Body != nil && r.Body != http.NoBody)
}

// typeAliases are media types taken as one of a route's body types.
var typeAliases = map[string]string{
	"application/x-yaml": "application/yaml",
	"text/yaml":          "application/yaml",
	"text/x-yaml":        "application/yaml",
}

// acceptedType returns the media type of Content-Type header h among
// offers; no header is the first offer.
func acceptedType(h string, offers []string) (string, bool) {
	if strings.TrimSpace(h) == "" {
		return offers[0], true
	}
	mt, _, err := mime.ParseMediaType(h)
	if err != nil {
		return "", false
	}
	if a, ok := typeAliases[mt]; ok {
		mt = a
	}
	return mt, slices.Contains(offers, mt)
}

// mediaType returns the media type of the request's body as limitBody
// accepted it.
func mediaType(c *gin.Context) string { return c.GetString(ctxMediaType) }
