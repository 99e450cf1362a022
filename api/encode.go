package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
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

// rowCodec names the columns of a row struct of package datasets by their
// Parquet tags.
type rowCodec struct {
	names  []string
	fields []int
	kinds  []reflect.Kind
}

// codecs caches the rowCodec of each row type.
var codecs sync.Map // reflect.Type → *rowCodec

func codecOf[T any]() *rowCodec {
	t := reflect.TypeFor[T]()
	if rc, ok := codecs.Load(t); ok {
		return rc.(*rowCodec)
	}
	rc := newCodec(t)
	codecs.Store(t, rc)
	return rc
}

func newCodec(t reflect.Type) *rowCodec {
	rc := &rowCodec{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("parquet"), ",")
		if name == "" || name == "-" {
			continue
		}
		rc.names = append(rc.names, name)
		rc.fields = append(rc.fields, i)
		rc.kinds = append(rc.kinds, f.Type.Kind())
	}
	return rc
}

// page is the shape of a JSON answer of table rows, as appendPage writes
// it and clients read it.
type page struct {
	Columns    []string         `json:"columns"`
	Items      []map[string]any `json:"items"`
	Total      int              `json:"total"`
	Limit      int              `json:"limit"`
	Offset     int              `json:"offset"`
	NextOffset *int             `json:"next_offset"`
}

// appendPage writes the JSON answer of a page of table rows:
// {"columns":[...],"items":[{...}],"total":n,"limit":l,"offset":o,
// "next_offset":n|null}, each item an object with the columns in schema
// order and the Parquet names as keys. It appends straight into b rather
// than going through encoding/json's reflection, since result queries are
// the API's hot path.
func appendPage(b []byte, rc *rowCodec, rows reflect.Value, start, end, limit, offset int) []byte {
	b = append(b, `{"columns":[`...)
	for i, name := range rc.names {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, name)
	}
	b = append(b, `],"items":[`...)
	for r := start; r < end; r++ {
		if r > start {
			b = append(b, ',')
		}
		b = rc.appendRow(b, rows.Index(r))
	}
	b = append(b, `],"total":`...)
	b = strconv.AppendInt(b, int64(rows.Len()), 10)
	b = append(b, `,"limit":`...)
	b = strconv.AppendInt(b, int64(limit), 10)
	b = append(b, `,"offset":`...)
	b = strconv.AppendInt(b, int64(offset), 10)
	b = append(b, `,"next_offset":`...)
	if end < rows.Len() {
		b = strconv.AppendInt(b, int64(end), 10)
	} else {
		b = append(b, "null"...)
	}
	return append(b, '}')
}

// appendRow appends one row as a JSON object.
func (rc *rowCodec) appendRow(b []byte, v reflect.Value) []byte {
	b = append(b, '{')
	for i, name := range rc.names {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, name)
		b = append(b, ':')
		f := v.Field(rc.fields[i])
		switch rc.kinds[i] {
		case reflect.String:
			b = appendJSONString(b, f.String())
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			b = strconv.AppendInt(b, f.Int(), 10)
		case reflect.Float32, reflect.Float64:
			x := f.Float()
			if math.IsNaN(x) || math.IsInf(x, 0) {
				b = append(b, "null"...)
			} else {
				b = strconv.AppendFloat(b, x, 'g', -1, 64)
			}
		case reflect.Bool:
			b = strconv.AppendBool(b, f.Bool())
		default:
			j, err := json.Marshal(f.Interface())
			if err != nil {
				j = []byte("null")
			}
			b = append(b, j...)
		}
	}
	return append(b, '}')
}

// appendPageFor writes the JSON page of rows from offset, at most limit
// rows.
func appendPageFor[T any](rows []T, offset, limit int) []byte {
	start := min(offset, len(rows))
	end := start + min(limit, len(rows)-start) // no offset+limit: it can overflow
	return appendPage(make([]byte, 0, 256+200*(end-start)), codecOf[T](), reflect.ValueOf(rows), start, end, limit, offset)
}

// appendJSONString appends s as a JSON string: directly when it needs no
// escaping, through encoding/json when it does.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			j, _ := json.Marshal(s)
			return append(b, j...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
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
// for: a JSON page, CSV, Parquet or an Arrow IPC stream.
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
		c.Data(http.StatusOK, "application/json; charset=utf-8", appendPageFor(rows, offset, limit))
		return
	case mediaCSV:
		err = datasets.EncodeCSV(&buf, rows)
		c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.csv"`, name))
	case mediaParquet:
		err = datasets.EncodeParquet(&buf, rows)
		c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.parquet"`, name))
	case mediaArrow:
		err = writeArrow(&buf, s.Alloc, rows)
	}
	if err != nil {
		writeError(c, err)
		return
	}
	c.Data(http.StatusOK, media, buf.Bytes())
}

// arrowBatch is the number of rows per Arrow record batch.
const arrowBatch = 64 << 10

// writeArrow writes rows as an Arrow IPC stream: the schema from the
// Parquet tags, then record batches built with array builders from mem.
// Every builder, array and record is released before it returns.
func writeArrow[T any](w io.Writer, mem memory.Allocator, rows []T) (err error) {
	rc := codecOf[T]()
	fields := make([]arrow.Field, len(rc.names))
	for i, k := range rc.kinds {
		var dt arrow.DataType
		switch k {
		case reflect.String:
			dt = arrow.BinaryTypes.String
		case reflect.Int32:
			dt = arrow.PrimitiveTypes.Int32
		case reflect.Float64:
			dt = arrow.PrimitiveTypes.Float64
		case reflect.Bool:
			dt = arrow.FixedWidthTypes.Boolean
		default:
			panic(fmt.Sprintf("api: no Arrow type for %v", k)) // row types of datasets use only these
		}
		fields[i] = arrow.Field{Name: rc.names[i], Type: dt}
	}
	schema := arrow.NewSchema(fields, nil)
	iw := ipc.NewWriter(w, ipc.WithSchema(schema), ipc.WithAllocator(mem))
	defer func() {
		if cerr := iw.Close(); err == nil {
			err = cerr
		}
	}()
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	for start := 0; start < len(rows) || start == 0; start += arrowBatch {
		end := min(start+arrowBatch, len(rows))
		for i := start; i < end; i++ {
			v := reflect.ValueOf(rows[i])
			for j, fi := range rc.fields {
				f := v.Field(fi)
				switch fb := b.Field(j).(type) {
				case *array.StringBuilder:
					fb.Append(f.String())
				case *array.Int32Builder:
					fb.Append(int32(f.Int()))
				case *array.Float64Builder:
					fb.Append(f.Float())
				case *array.BooleanBuilder:
					fb.Append(f.Bool())
				}
			}
		}
		rec := b.NewRecordBatch()
		err := iw.Write(rec)
		rec.Release()
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			break
		}
	}
	return nil
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
