package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// A matching of two municipalities, seen by the officer of one of them:
// only that municipality's candidates, code and report; a candidate of
// the other answers as a missing one; a planner has no officer views.
func TestOfficerSeesOnlyTheirMunicipality(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.client(t)
	admin.signIn("admin")
	code, hdr, body := admin.do("POST", "/ui/matchings", url.Values{"csrf": {admin.csrf}, "solver": {"flow"}, "region": {"1480", "1481"}}, nil)
	if code != http.StatusSeeOther {
		t.Fatalf("start: %d %s", code, body)
	}
	page := hdr.Get("Location")
	deadline := time.Now().Add(60 * time.Second)
	for {
		_, h, _ := admin.do("GET", page+"/status", nil, map[string]string{"HX-Request": "true"})
		if h.Get("HX-Redirect") != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the matching did not end in 60 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	o := ts.client(t)
	o.signIn("officer2") // Mölndal, 1481
	code, _, body = o.do("GET", page, nil, nil)
	if code != 200 {
		t.Fatalf("officer2: %d %.300s", code, body)
	}
	if strings.Contains(body, "C1480-") || strings.Contains(body, "1480") {
		i := strings.Index(body, "1480")
		t.Errorf("the officer of 1481 sees something of 1480: %s", body[max(0, i-300):min(len(body), i+100)])
	}
	if !strings.Contains(body, "C1481-") || !strings.Contains(body, "räknad om") {
		t.Errorf("the officer of 1481 does not see their own placements and the partial report: %.500s", body)
	}
	mine := regexp.MustCompile(`candidate\?id=(C1481-[0-9]+)`).FindStringSubmatch(body)
	if mine == nil {
		t.Fatal("no candidate link")
	}
	if code, _, body := o.do("GET", page+"/candidate?id="+mine[1], nil, nil); code != 200 || !strings.Contains(body, `class="words"`) {
		t.Errorf("own candidate: %d", code)
	}
	if code, _, _ := o.do("GET", page+"/candidate?id=C1480-0001", nil, nil); code != http.StatusNotFound {
		t.Errorf("a candidate of 1480: %d, want 404", code)
	}
	if _, _, home := o.do("GET", "/", nil, nil); strings.Contains(home, "1480") {
		t.Error("the officer's home names 1480")
	}
	p := ts.client(t)
	p.signIn("planner")
	if code, _, _ := p.do("GET", page, nil, nil); code != http.StatusNotFound {
		t.Errorf("a planner on a matching: %d, want 404", code)
	}
}
