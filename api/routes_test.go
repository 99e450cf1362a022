package api

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"
)

// TestAPIOpenAPIMatchesRouter checks that every route gin has is in the
// OpenAPI document and every documented operation is a gin route.
func TestAPIOpenAPIMatchesRouter(t *testing.T) {
	ta := newTestAPI(t, nil)
	r := ta.do("GET", "/openapi.json", "", nil)
	if r.code != http.StatusOK {
		t.Fatalf("GET /openapi.json: %d", r.code)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(r.body, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for p, ops := range doc.Paths {
		for m := range ops {
			documented[strings.ToUpper(m)+" "+p] = true
		}
	}
	registered := map[string]bool{}
	for _, ri := range ta.router.Routes() {
		registered[ri.Method+" "+openAPIPath(ri.Path)] = true
	}
	var missing, extra []string
	for k := range registered {
		if !documented[k] {
			missing = append(missing, k)
		}
	}
	for k := range documented {
		if !registered[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 || len(extra) > 0 {
		t.Errorf("routes not documented: %v; documented but not routed: %v", missing, extra)
	}

	d := ta.do("GET", "/docs", "", nil)
	if d.code != http.StatusOK || !strings.Contains(string(d.body), "/v1/forecasts/{id}/results") || strings.Contains(string(d.body), "http://") {
		t.Errorf("GET /docs: %d, want a self-contained page listing the routes", d.code)
	}
}

// TestAPIOps checks the unauthenticated routes and the request id.
func TestAPIOps(t *testing.T) {
	ta := newTestAPI(t, nil)
	for _, p := range []string{"/healthz", "/readyz", "/metrics"} {
		if r := ta.do("GET", p, "", nil); r.code != http.StatusOK {
			t.Errorf("GET %s: %d %s", p, r.code, r.body)
		}
	}
	r := ta.do("GET", "/healthz", "", nil, "X-Request-Id", "abc-123")
	if got := r.hdr.Get("X-Request-Id"); got != "abc-123" {
		t.Errorf("X-Request-Id %q, want the caller's abc-123", got)
	}
	r = ta.do("GET", "/healthz", "", nil, "X-Request-Id", "bad id\x01")
	if got := r.hdr.Get("X-Request-Id"); len(got) != 24 {
		t.Errorf("X-Request-Id %q, want a generated one", got)
	}
	m := ta.do("GET", "/metrics", "", nil)
	for _, want := range []string{`caregap_http_requests_total{method="GET",route="/healthz",status="200"}`, "caregap_jobs_queued", "caregap_http_request_duration_seconds"} {
		if !strings.Contains(string(m.body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if !strings.Contains(ta.logs.String(), `"request_id":"abc-123"`) {
		t.Errorf("log lacks the request id: %s", ta.logs.String())
	}
}

// TestAPINoTokensFile: without a tokens file every /v1 route answers 401
// and health and the document are served.
func TestAPINoTokensFile(t *testing.T) {
	ta := newTestAPI(t, func(d *Deps) { d.Keys = nil })
	for _, rt := range (&server{}).routes() {
		path := strings.NewReplacer(":id", "x", ":name", "population").Replace(rt.Path)
		r := ta.do(rt.Method, path, "admin", nil)
		want := http.StatusOK
		if len(rt.Roles) > 0 {
			want = http.StatusUnauthorized
		}
		if r.code != want {
			t.Errorf("%s %s: %d, want %d", rt.Method, path, r.code, want)
		}
		if want == http.StatusUnauthorized && r.problem(t).Type != TypeURI(KindUnauthorized) {
			t.Errorf("%s %s: wrong problem type", rt.Method, path)
		}
	}
}
