package datasets

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
)

// AppendJSONPage appends to dst the JSON page of rows that starts at
// offset and holds at most limit rows, and returns the extended buffer:
//
//	{"columns":["scenario","region",...],
//	 "items":[{"scenario":"base","region":"1480",...},...],
//	 "total":3,"limit":2,"offset":0,"next_offset":2}
//
// (on one line). columns lists the column names in schema order; each item
// is an object with those names as keys, in the same order. total is
// len(rows); next_offset is the offset of the next page, or null after
// the last. Strings are JSON strings, int32 and float64 numbers (floats
// in the shortest form that parses back to the same value, NaN and
// infinities as null), bools true or false. An offset past the end gives
// a page without items.
//
// It writes straight into dst rather than through encoding/json's
// reflection, since pages of result tables are the API's hot path; dst
// may be nil, and a dst with room for the page is not reallocated. Rows
// are not validated. It panics when T is not a row type of this package
// or offset or limit is negative: those are bugs of the caller.
func AppendJSONPage[T any](dst []byte, rows []T, offset, limit int) []byte {
	if offset < 0 || limit < 0 {
		panic("datasets: negative page offset or limit")
	}
	jc := jsonCodecs[SchemaOf[T]()]
	start := min(offset, len(rows))
	end := start + min(limit, len(rows)-start) // no offset+limit: it can overflow
	if dst == nil {
		dst = make([]byte, 0, len(jc.head)+64+jc.rowSize*(end-start))
	}
	dst = append(dst, jc.head...)
	for i := start; i < end; i++ {
		if i > start {
			dst = append(dst, ',')
		}
		dst = jc.appendRow(dst, reflect.ValueOf(&rows[i]).Elem())
	}
	dst = append(dst, `],"total":`...)
	dst = strconv.AppendInt(dst, int64(len(rows)), 10)
	dst = append(dst, `,"limit":`...)
	dst = strconv.AppendInt(dst, int64(limit), 10)
	dst = append(dst, `,"offset":`...)
	dst = strconv.AppendInt(dst, int64(offset), 10)
	dst = append(dst, `,"next_offset":`...)
	if end < len(rows) {
		dst = strconv.AppendInt(dst, int64(end), 10)
	} else {
		dst = append(dst, "null"...)
	}
	return append(dst, '}')
}

// jsonCodec holds the parts of a schema's JSON page that do not depend on
// the rows.
type jsonCodec struct {
	cols []Column
	head string   // {"columns":[...],"items":[
	keys []string // per column: { or , then "name":
	// rowSize is a guess of the bytes of one row, to size a new buffer.
	rowSize int
}

// jsonCodecs holds the jsonCodec of every schema of the registry.
var jsonCodecs = func() map[*Schema]*jsonCodec {
	m := make(map[*Schema]*jsonCodec, len(registry.list))
	for _, s := range registry.list {
		m[s] = newJSONCodec(s)
	}
	return m
}()

func newJSONCodec(s *Schema) *jsonCodec {
	jc := &jsonCodec{cols: s.Columns, keys: make([]string, len(s.Columns)), rowSize: 2}
	head := []byte(`{"columns":[`)
	for i := range s.Columns {
		name := appendJSONString(nil, s.Columns[i].Name)
		sep := byte('{')
		if i > 0 {
			head = append(head, ',')
			sep = ','
		}
		head = append(head, name...)
		jc.keys[i] = string(sep) + string(name) + ":"
		jc.rowSize += len(jc.keys[i])
		switch s.Columns[i].Kind {
		case String:
			jc.rowSize += 16
		case Int32:
			jc.rowSize += 6
		case Float64:
			jc.rowSize += 20
		case Bool:
			jc.rowSize += 5
		}
	}
	jc.head = string(append(head, `],"items":[`...))
	return jc
}

// appendRow appends the row v as a JSON object.
func (jc *jsonCodec) appendRow(b []byte, v reflect.Value) []byte {
	for i := range jc.cols {
		c := &jc.cols[i]
		b = append(b, jc.keys[i]...)
		f := v.Field(c.field)
		switch c.Kind {
		case String:
			b = appendJSONString(b, f.String())
		case Int32:
			b = strconv.AppendInt(b, f.Int(), 10)
		case Float64:
			if x := f.Float(); math.IsNaN(x) || math.IsInf(x, 0) {
				b = append(b, "null"...)
			} else {
				b = strconv.AppendFloat(b, x, 'g', -1, 64)
			}
		case Bool:
			b = strconv.AppendBool(b, f.Bool())
		}
	}
	if len(jc.cols) == 0 {
		b = append(b, '{')
	}
	return append(b, '}')
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
