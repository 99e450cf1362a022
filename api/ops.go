package api

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

func (s *server) healthz(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) }

func (s *server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if err := s.Store.Ping(ctx); err != nil {
		writeError(c, &Error{Kind: KindUnavailable, Detail: "catalog not ready", RetryAfter: 1, Err: err})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready", "jobs_queued": s.Queue.Depth(), "jobs_running": s.Queue.Running()})
}

func (s *server) metricsHandler() gin.HandlerFunc {
	h := promhttp.HandlerFor(s.Registry, promhttp.HandlerOpts{})
	return gin.WrapH(h)
}

func (s *server) whoami(c *gin.Context) {
	p := principal(c)
	who := gin.H{"id": p.ID, "role": p.Role, "scope": p.Scope}
	if p.Subject != "" {
		who["subject"] = p.Subject // a participant's own id
	}
	c.JSON(http.StatusOK, who)
}

// OpenAPI returns the OpenAPI 3.1 document of the routes.
func (s *server) openAPIDoc() map[string]any {
	paths := map[string]map[string]any{}
	for _, rt := range s.routes() {
		p := openAPIPath(rt.Path)
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		op := map[string]any{
			"summary":     rt.Summary,
			"operationId": strings.ToLower(rt.Method) + strings.NewReplacer("/", "_", ":", "", ".", "_").Replace(rt.Path),
			"tags":        []string{rt.Tag},
		}
		var params []map[string]any
		for _, seg := range strings.Split(rt.Path, "/") {
			if name, ok := strings.CutPrefix(seg, ":"); ok {
				params = append(params, map[string]any{"name": name, "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
			}
		}
		for _, q := range rt.Query {
			params = append(params, map[string]any{"name": q.Name, "in": "query", "description": q.Doc, "schema": map[string]any{"type": q.Type}})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if len(rt.Body) > 0 {
			content := map[string]any{}
			for _, m := range rt.Body {
				content[m] = map[string]any{}
			}
			op["requestBody"] = map[string]any{"required": true, "content": content}
		}
		okContent := map[string]any{}
		for _, m := range rt.Produces {
			okContent[m] = map[string]any{}
		}
		problem := map[string]any{"description": "problem", "content": map[string]any{"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}}}
		responses := map[string]any{fmt.Sprint(rt.Status): map[string]any{"description": http.StatusText(rt.Status), "content": okContent}}
		if len(rt.Roles) > 0 {
			roles := make([]string, len(rt.Roles))
			for i, r := range rt.Roles {
				roles[i] = string(r)
			}
			op["security"] = []map[string]any{{"bearer": []string{}}}
			op["x-roles"] = roles
			responses["401"], responses["403"], responses["404"] = problem, problem, problem
		}
		if len(rt.Body) > 0 {
			responses["400"], responses["413"] = problem, problem
		}
		if rt.Status == http.StatusAccepted {
			responses["429"] = problem
		}
		responses["500"] = problem
		op["responses"] = responses
		paths[p][strings.ToLower(rt.Method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "caregap API",
			"version":     "1",
			"description": "Care-sector workforce supply against demand per municipality, role and year. Errors are RFC 9457 problem documents whose type is urn:caregap:problem:<kind>.",
		},
		"paths": paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas": map[string]any{"Problem": map[string]any{
				"type": "object",
				"properties": map[string]any{
					"type": map[string]any{"type": "string"}, "title": map[string]any{"type": "string"},
					"status": map[string]any{"type": "integer"}, "detail": map[string]any{"type": "string"},
					"instance": map[string]any{"type": "string"}, "request_id": map[string]any{"type": "string"},
				},
				"required": []string{"type", "title", "status"},
			}},
		},
	}
}

// openAPIPath turns gin's /a/:id into OpenAPI's /a/{id}.
func openAPIPath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if name, ok := strings.CutPrefix(s, ":"); ok {
			segs[i] = "{" + name + "}"
		}
	}
	return strings.Join(segs, "/")
}

func (s *server) openapi(c *gin.Context) { c.JSON(http.StatusOK, s.openAPIDoc()) }

// docs renders the OpenAPI document as a self-contained HTML page: one
// table row per operation, nothing loaded from elsewhere.
func (s *server) docs(c *gin.Context) {
	raw, err := json.Marshal(s.openAPIDoc())
	if err != nil {
		writeError(c, err)
		return
	}
	var doc struct {
		Info  struct{ Title, Description string }
		Paths map[string]map[string]struct {
			Summary string
			Roles   []string `json:"x-roles"`
		}
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		writeError(c, err)
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html><html><head><meta charset=\"utf-8\"><title>%s</title>", html.EscapeString(doc.Info.Title))
	b.WriteString(`<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}code{font-size:95%}</style></head><body>`)
	fmt.Fprintf(&b, "<h1>%s</h1><p>%s</p><p>The machine-readable document: <a href=\"/openapi.json\">/openapi.json</a>.</p>",
		html.EscapeString(doc.Info.Title), html.EscapeString(doc.Info.Description))
	b.WriteString("<table><tr><th>method</th><th>path</th><th>roles</th><th>summary</th></tr>")
	paths := make([]string, 0, len(doc.Paths))
	for p := range doc.Paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		methods := make([]string, 0, len(doc.Paths[p]))
		for m := range doc.Paths[p] {
			methods = append(methods, m)
		}
		sort.Strings(methods)
		for _, m := range methods {
			op := doc.Paths[p][m]
			roles := strings.Join(op.Roles, ", ")
			if roles == "" {
				roles = "none needed"
			}
			fmt.Fprintf(&b, "<tr><td>%s</td><td><code>%s</code></td><td>%s</td><td>%s</td></tr>",
				strings.ToUpper(m), html.EscapeString(p), html.EscapeString(roles), html.EscapeString(op.Summary))
		}
	}
	b.WriteString("</table></body></html>\n")
	c.Data(http.StatusOK, "text/html; charset=utf-8", []byte(b.String()))
}
