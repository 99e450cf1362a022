package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
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
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return mbe
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return errorf(KindValidation, "field %q: expected %s, got JSON %s", te.Field, te.Type, te.Value)
		}
		if errors.Is(err, io.EOF) {
			return errorf(KindValidation, "empty request body")
		}
		return errorf(KindValidation, "malformed JSON: %s", err.Error())
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return mbe
		}
		return errorf(KindValidation, "malformed JSON: data after the object")
	}
	return nil
}
