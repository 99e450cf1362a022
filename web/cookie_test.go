package web

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"
)

// Over TLS the page's cookies are Secure as well as HttpOnly and
// SameSite=Strict.
func TestCookieSecureOverTLS(t *testing.T) {
	for _, tc := range []struct {
		tls    bool
		secure bool
	}{{false, false}, {true, true}} {
		r := httptest.NewRequest("GET", "/", nil)
		if tc.tls {
			r.TLS = &tls.ConnectionState{}
		}
		w := httptest.NewRecorder()
		setCookie(w, r, cookieSession, "x", 0)
		c := w.Result().Cookies()[0]
		if c.Secure != tc.secure || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" {
			t.Errorf("TLS %v: cookie %+v", tc.tls, c)
		}
	}
}
