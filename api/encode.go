package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/caregap/caregap/datasets"
	"github.com/gin-gonic/gin"
)

// Media types of tabular answers.
const (
	mediaJSON    = "application/json"
	mediaCSV     = "text/csv"
	mediaParquet = "application/vnd.apache.parquet"
	mediaArrow   = "application/vnd.apache.arrow.stream"
)

// negotiate picks the first of offers the Accept header admits, in the
// header's order of preference; no header or */* gives offers[0].
func negotiate(accept string, offers []string) (string, error) {
	if strings.TrimSpace(accept) == "" {
		return offers[0], nil
	}
	type want struct {
		media string
		q     float64
	}
	var wants []want
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		wants = append(wants, want{mt, q})
	}
	best, bestQ := "", 0.0
	for _, w := range wants {
		if w.q <= bestQ {
			continue
		}
		for _, o := range offers {
			if w.media == o || w.media == "*/*" || (strings.HasSuffix(w.media, "/*") && strings.HasPrefix(o, strings.TrimSuffix(w.media, "*"))) {
				best, bestQ = o, w.q
				break
			}
		}
	}
	if best == "" {
		return "", errorf(KindNotAcceptable, "cannot answer with %q; offered: %s", accept, strings.Join(offers, ", "))
	}
	return best, nil
}

// pageParams reads limit and offset.
func pageParams(c *gin.Context) (limit, offset int, err error) {
	limit, offset = 1000, 0
	if v := c.Query("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 10000 {
			return 0, 0, errorf(KindValidation, "limit %q: must be an integer 1..10000", v)
		}
	}
	if v := c.Query("offset"); v != "" {
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 {
			return 0, 0, errorf(KindValidation, "offset %q: must be a non-negative integer", v)
		}
	}
	return limit, offset, nil
}

// writeTable answers with rows in the media type the Accept header asks
// for: a JSON page (datasets.AppendJSONPage), CSV, Parquet or an Arrow IPC
// stream; package datasets knows the formats, this only negotiates and
// pages.
func writeTable[T any](s *server, c *gin.Context, name string, rows []T) {
	media, err := negotiate(c.GetHeader("Accept"), tableTypes)
	if err != nil {
		writeError(c, err)
		return
	}
	limit, offset, err := pageParams(c)
	if err != nil {
		writeError(c, err)
		return
	}
	var buf bytes.Buffer
	switch media {
	case mediaJSON:
		c.Data(http.StatusOK, "application/json; charset=utf-8", datasets.AppendJSONPage(nil, rows, offset, limit))
		return
	case mediaCSV:
		err = datasets.EncodeCSV(&buf, rows)
		c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.csv"`, name))
	case mediaParquet:
		err = datasets.EncodeParquet(&buf, rows)
		c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.parquet"`, name))
	case mediaArrow:
		err = datasets.WriteArrow(&buf, s.Alloc, rows)
	}
	if err != nil {
		writeError(c, err)
		return
	}
	c.Data(http.StatusOK, media, buf.Bytes())
}

func jsonEncode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// decodeJSON decodes one JSON object from the request body into v,
// rejecting unknown fields and trailing data. Errors are validation
// problems, or *http.MaxBytesError for an oversized body.
func decodeJSON(r io.Reader, v any) error {
	data, err := io.ReadAll(r)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return mbe
		}
		return errorf(KindValidation, "the request body could not be read")
	}
	data = bytes.TrimSpace(data)
	switch {
	case len(data) == 0:
		return errorf(KindValidation, "empty request body")
	case data[0] != '{':
		// null, a list or a scalar: a body that would start a job with
		// every default must be asked for as {}.
		return errorf(KindValidation, "the request body must be a JSON object, such as {}")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonProblem(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errorf(KindValidation, "malformed JSON: data after the object")
	}
	return nil
}

// jsonProblem describes a JSON decoding error in the API's own words:
// the field and the kind of value it takes, never a Go type.
func jsonProblem(err error) error {
	var (
		te *json.UnmarshalTypeError
		se *json.SyntaxError
	)
	switch {
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "the body"
		} else {
			field = fmt.Sprintf("field %q", field)
		}
		return errorf(KindValidation, "%s: expected %s, got a JSON %s", field, jsonKind(te.Type), te.Value)
	case errors.As(err, &se):
		return errorf(KindValidation, "malformed JSON at byte %d", se.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errorf(KindValidation, "malformed JSON: the body ends too soon")
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return errorf(KindValidation, "unknown field %s", f)
	}
	return errorf(KindValidation, "malformed JSON")
}

// jsonKind names the JSON value a Go type takes.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number in range"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "another value"
}
