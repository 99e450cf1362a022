package main

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServePage: caregap serve serves the page at / beside the API on one
// listener, says where in its log, and admits a token through the
// sign-in form.
func TestServePage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	e := newE2E(t)
	if !e.log.waitFor(5*time.Second, `"page":"http://`+e.addr+`/"`, "open http://"+e.addr+"/ in a browser") {
		t.Errorf("the log does not say where the page is: %s", e.log)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	get := func(path string) (*http.Response, string) {
		resp, err := c.Get("http://" + e.addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, body := get("/")
	if resp.Request.URL.Path != "/ui/signin" || !strings.Contains(body, `<html lang="sv">`) {
		t.Fatalf("GET / signed out: ended at %s: %.200s", resp.Request.URL, body)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
	for _, p := range []string{"/static/vendor/htmx.min.js", "/static/vendor/echarts.min.js", "/static/app.js"} {
		if r, _ := get(p); r.StatusCode != 200 {
			t.Errorf("%s: %d: the page's scripts are not embedded", p, r.StatusCode)
		}
	}
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(body)
	if csrf == nil {
		t.Fatal("no CSRF token in the sign-in form")
	}
	resp, err := c.PostForm("http://"+e.addr+"/ui/signin", url.Values{"csrf": {csrf[1]}, "token": {e.token}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "Översikt") || !strings.Contains(string(b), "Göteborg") {
		t.Fatalf("after sign-in: %d %.300s", resp.StatusCode, b)
	}
	// The API answers beside it.
	if r, _ := get("/healthz"); r.StatusCode != 200 {
		t.Errorf("/healthz: %d", r.StatusCode)
	}
}
