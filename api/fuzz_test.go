package api

import (
	"bytes"
	"errors"
	"net/http"
	"testing"
)

// FuzzAPIDecodeForecastRequest: the strict JSON decoder never panics, and
// every failure is a validation problem or an oversized body.
func FuzzAPIDecodeForecastRequest(f *testing.F) {
	for _, s := range []string{`{}`, `{"scenarios":["base"],"regions":["1480"],"to_year":2040}`,
		`{"draws":-1}`, `{"to_year":"x"}`, `{"extra":1}`, `[1,2]`, `{"seed":1e400}`, `{} {}`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var req ForecastRequest
		err := decodeJSON(readCloser{rdr(data)}, &req)
		if err == nil {
			err = req.Validate()
		}
		if err == nil {
			return
		}
		var ae *Error
		var mbe *http.MaxBytesError
		if !errors.As(err, &ae) && !errors.As(err, &mbe) {
			t.Fatalf("%q: untyped error %v", data, err)
		}
		if kind, _, _ := classify(err); kind != KindValidation && kind != KindPayloadTooLarge {
			t.Fatalf("%q: kind %s", data, kind)
		}
	})
}

// FuzzAPINegotiate: any Accept header gives an offer or a 406 problem.
func FuzzAPINegotiate(f *testing.F) {
	for _, s := range []string{"", "*/*", "text/csv;q=0.5, application/json", "text/*", "application/vnd.apache.arrow.stream", "garbage;;q=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, accept string) {
		m, err := negotiate(accept, tableTypes)
		if err != nil {
			if kind, _, _ := classify(err); kind != KindNotAcceptable {
				t.Fatalf("%q: %v", accept, err)
			}
			return
		}
		found := false
		for _, o := range tableTypes {
			found = found || o == m
		}
		if !found {
			t.Fatalf("%q: %q not offered", accept, m)
		}
	})
}

func rdr(b []byte) *bytes.Reader { return bytes.NewReader(b) }

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }
