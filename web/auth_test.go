package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestSignInSessionCSRF(t *testing.T) {
	ts := newTestServer(t)
	c := ts.client(t)

	// Signed out, / sends the browser to the sign-in page.
	code, hdr, _ := c.do("GET", "/", nil, nil)
	if code != http.StatusSeeOther || hdr.Get("Location") != "/ui/signin" {
		t.Fatalf("GET / signed out: %d %q", code, hdr.Get("Location"))
	}
	code, hdr, body := c.do("GET", "/ui/signin", nil, nil)
	if code != 200 || !strings.Contains(body, `<html lang="sv">`) || !strings.Contains(body, "Logga in") {
		t.Fatalf("sign-in page: %d %s", code, body)
	}
	for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"} {
		if hdr.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, hdr.Get(k), want)
		}
	}
	if p := hdr.Get("Content-Security-Policy"); !strings.Contains(p, "script-src 'self'") || strings.Contains(p, "unsafe-eval") ||
		strings.Contains(p, "script-src 'self' 'unsafe-inline'") || !strings.Contains(p, "frame-ancestors 'none'") {
		t.Errorf("CSP %q", p)
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, " on") && strings.Contains(body, "onclick=") {
		t.Error("the page holds inline script")
	}

	// A sign-in without the form's token is refused; so is a bad token.
	if code, _, _ := c.do("POST", "/ui/signin", url.Values{"token": {ts.tokens["planner"]}}, nil); code != http.StatusForbidden {
		t.Errorf("sign-in without CSRF: %d, want 403", code)
	}
	c.do("GET", "/ui/signin", nil, nil)
	if code, _, body := c.do("POST", "/ui/signin", url.Values{"csrf": {c.csrf}, "token": {"not-a-token"}}, nil); code != http.StatusUnauthorized ||
		!strings.Contains(body, "godtogs inte") {
		t.Errorf("bad token: %d", code)
	}

	c.do("GET", "/ui/signin", nil, nil)
	anon := c.csrf
	code, hdr, _ = c.do("POST", "/ui/signin", url.Values{"csrf": {anon}, "token": {ts.tokens["planner"]}}, nil)
	if code != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", code)
	}
	var cookie *http.Cookie
	for _, ck := range (&http.Response{Header: hdr}).Cookies() {
		if ck.Name == cookieSession {
			cookie = ck
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || cookie.Secure {
		t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Strict, not Secure over plain HTTP", cookie)
	}
	if strings.Contains(cookie.Value, ts.tokens["planner"]) {
		t.Fatal("the cookie holds the token")
	}
	code, _, body = c.do("GET", "/", nil, nil)
	if code != 200 || !strings.Contains(body, "Göteborg") || strings.Contains(body, ts.tokens["planner"]) {
		t.Fatalf("home: %d; the token must not be on the page", code)
	}
	// The search works without script too.
	if _, _, b := c.do("GET", "/?q=m%C3%B6ln", nil, nil); !strings.Contains(b, "Mölndal") || strings.Contains(b, "<td>Göteborg</td>") {
		t.Error("the municipality search without script")
	}
	if c.csrf == anon {
		t.Error("the session's CSRF token is the sign-in form's")
	}
	// A form without the session's CSRF token is refused.
	if code, _, _ := c.do("POST", "/ui/forecasts", url.Values{"scenario": {"base"}}, nil); code != http.StatusForbidden {
		t.Errorf("POST without CSRF: %d, want 403", code)
	}
	if code, _, _ := c.do("POST", "/ui/forecasts", url.Values{"scenario": {"base"}}, map[string]string{csrfHeader: "x" + c.csrf}); code != http.StatusForbidden {
		t.Errorf("POST with a wrong CSRF header: %d, want 403", code)
	}
	// A planner has no officer views.
	if code, _, _ := c.do("GET", "/ui/matchings/mt_0000000000000000", nil, nil); code != http.StatusNotFound {
		t.Errorf("planner on an officer view: %d, want 404", code)
	}
	if strings.Contains(body, "/ui/matchings") {
		t.Error("the planner's page offers matchings")
	}
	// The API is still served on the same handler.
	if code, _, _ := c.do("GET", "/healthz", nil, nil); code != 200 {
		t.Errorf("/healthz through the page's handler: %d", code)
	}
	// Sign-out ends the session.
	if code, _, _ := c.do("POST", "/ui/signout", url.Values{"csrf": {c.csrf}}, nil); code != http.StatusSeeOther {
		t.Errorf("sign-out: %d", code)
	}
	if code, _, _ := c.do("GET", "/", nil, nil); code != http.StatusSeeOther {
		t.Errorf("after sign-out: %d, want a redirect to the sign-in", code)
	}
}

func TestLanguageSwitch(t *testing.T) {
	ts := newTestServer(t)
	c := ts.client(t)
	_, _, body := c.do("GET", "/ui/signin?lang=en", nil, nil)
	if !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, "Sign in") || !strings.Contains(body, `lang="sv"`) {
		t.Fatalf("?lang=en: %s", body)
	}
	// The choice is kept.
	if _, _, body := c.do("GET", "/ui/signin", nil, nil); !strings.Contains(body, `<html lang="en">`) {
		t.Error("the language was not kept")
	}
	if _, _, body := c.do("GET", "/ui/signin?lang=sv", nil, nil); !strings.Contains(body, `<html lang="sv">`) {
		t.Error("?lang=sv did not switch back")
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/ui/forecasts/fc_1?x=1": "/ui/forecasts/fc_1?x=1",
		"//evil.example/":        "/",
		"https://evil.example/":  "/",
		"/v1/whoami":             "/",
		"/\\evil":                "/",
		"":                       "/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
