package api

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestAPITokenHeader: the scheme is case-insensitive; two Authorization
// headers, another scheme or no token answer 401 as an unknown token.
func TestAPITokenHeader(t *testing.T) {
	ta := newTestAPI(t, nil)
	tok := ta.tokens["planner"]
	for _, c := range []struct {
		name   string
		values []string
		want   int
	}{
		{"Bearer", []string{"Bearer " + tok}, 200},
		{"bearer", []string{"bearer " + tok}, 200},
		{"BEARER", []string{"BEARER " + tok}, 200},
		{"two headers", []string{"Bearer " + tok, "Bearer " + ta.tokens["admin"]}, 401},
		{"basic", []string{"Basic " + tok}, 401},
		{"scheme only", []string{"Bearer"}, 401},
		{"none", nil, 401},
	} {
		req := httptest.NewRequest("GET", "/v1/whoami", nil)
		for _, v := range c.values {
			req.Header.Add("Authorization", v)
		}
		w := httptest.NewRecorder()
		ta.router.ServeHTTP(w, req)
		if w.Code != c.want {
			t.Errorf("%s: %d, want %d: %s", c.name, w.Code, c.want, w.Body)
		}
		if w.Code == http.StatusUnauthorized && w.Header().Get("WWW-Authenticate") == "" {
			t.Errorf("%s: no WWW-Authenticate", c.name)
		}
	}
}
