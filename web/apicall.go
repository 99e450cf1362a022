package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/caregap/caregap/web/session"
)

// apiResult is the API's answer to an in-process request.
type apiResult struct {
	Status int
	Header http.Header
	Body   []byte
}

// OK reports a 2xx status.
func (a *apiResult) OK() bool { return a.Status >= 200 && a.Status < 300 }

// Detail is the problem document's detail, or its title, or the status.
func (a *apiResult) Detail() string {
	var p struct{ Title, Detail string }
	if json.Unmarshal(a.Body, &p) == nil {
		if p.Detail != "" {
			return p.Detail
		}
		if p.Title != "" {
			return p.Title
		}
	}
	return http.StatusText(a.Status)
}

// Decode decodes a JSON answer into v.
func (a *apiResult) Decode(v any) error {
	if err := json.Unmarshal(a.Body, v); err != nil {
		return fmt.Errorf("web: the API's answer (%d): %w", a.Status, err)
	}
	return nil
}

// recorder is the ResponseWriter of an in-process request.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(s int) {
	if r.status == 0 {
		r.status = s
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// call sends a request to the API in process as the session's user:
// body is sent as JSON unless it is a []byte (sent as contentType);
// accept is the Accept header ("" for JSON).
func (h *Handler) call(ctx context.Context, s *session.Session, method, path string, q url.Values, body any, contentType, accept string) (*apiResult, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		rd, contentType = bytes.NewReader(data), "application/json"
	}
	u := path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, err
	}
	req.RemoteAddr = "127.0.0.1:0"
	if s != nil {
		req.Header.Set("Authorization", "Bearer "+s.Token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if accept == "" {
		accept = "application/json"
	}
	req.Header.Set("Accept", accept)
	rec := &recorder{header: http.Header{}}
	h.opt.API.ServeHTTP(rec, req)
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	if rec.status == http.StatusUnauthorized && s != nil {
		// The API no longer admits the token (revoked, expired): the
		// session ends with it.
		h.sessions.EndToken(s.Token)
	}
	return &apiResult{Status: rec.status, Header: rec.header, Body: rec.body.Bytes()}, nil
}

// get is call with GET and JSON.
func (h *Handler) get(ctx context.Context, s *session.Session, path string, q url.Values) (*apiResult, error) {
	return h.call(ctx, s, http.MethodGet, path, q, nil, "", "")
}

// getJSON GETs path and decodes the answer into v; a status other than
// 2xx is an *apiError.
func (h *Handler) getJSON(ctx context.Context, s *session.Session, path string, q url.Values, v any) error {
	a, err := h.get(ctx, s, path, q)
	if err != nil {
		return err
	}
	if !a.OK() {
		return &apiError{Status: a.Status, Detail: a.Detail()}
	}
	return a.Decode(v)
}

// apiError is a problem the API answered.
type apiError struct {
	Status int
	Detail string
}

func (e *apiError) Error() string { return e.Detail }

// rowsOf reads every row of a paged result route, decoding each page's
// items as []T.
func rowsOf[T any](ctx context.Context, h *Handler, s *session.Session, path string, q url.Values) ([]T, error) {
	var out []T
	q = cloneValues(q)
	q.Set("limit", "10000")
	offset := 0
	for range 1000 {
		q.Set("offset", fmt.Sprint(offset))
		var p struct {
			Items      []T  `json:"items"`
			NextOffset *int `json:"next_offset"`
		}
		if err := h.getJSON(ctx, s, path, q, &p); err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if p.NextOffset == nil || *p.NextOffset <= offset {
			return out, nil
		}
		offset = *p.NextOffset
	}
	return nil, fmt.Errorf("web: %s: too many pages", path)
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// pathEscape escapes one path segment.
func pathEscape(s string) string { return url.PathEscape(strings.TrimSpace(s)) }
