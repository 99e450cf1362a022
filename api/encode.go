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

func codecOf[T any]() *rowCodec {
	t := reflect.TypeFor[T]()
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

// page is a JSON answer of table rows.
type page struct {
	Columns    []string `json:"columns"`
	Items      []any    `json:"items"`
	Total      int      `json:"total"`
	Limit      int      `json:"limit"`
	Offset     int      `json:"offset"`
	NextOffset *int     `json:"next_offset"`
}

// orderedRow marshals a row as a JSON object with the columns in schema
// order and the Parquet names as keys.
type orderedRow struct {
	rc *rowCodec
	v  reflect.Value
}

func (o orderedRow) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, name := range o.rc.names {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(name)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(o.v.Field(o.rc.fields[i]).Interface())
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
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
		rc := codecOf[T]()
		end := min(offset+limit, len(rows))
		start := min(offset, len(rows))
		p := page{Columns: rc.names, Items: make([]any, 0, end-start), Total: len(rows), Limit: limit, Offset: offset}
		for i := start; i < end; i++ {
			p.Items = append(p.Items, orderedRow{rc, reflect.ValueOf(rows[i])})
		}
		if end < len(rows) {
			p.NextOffset = &end
		}
		c.JSON(http.StatusOK, p)
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
