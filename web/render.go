package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"unicode"

	"github.com/caregap/caregap/runs/labels"
	"github.com/caregap/caregap/web/i18n"
	"github.com/caregap/caregap/web/session"
)

// templates holds one template set per page: the layout with the page's
// file. Fragments (htmx answers) are templates defined in a page's file.
type templates struct {
	pages map[string]*template.Template
}

var funcs = template.FuncMap{
	"json": func(v any) (template.JS, error) {
		b, err := json.Marshal(v)
		return template.JS(b), err
	},
	"join":    strings.Join,
	"list":    func(xs ...string) []string { return xs },
	"float":   func(n int) float64 { return float64(n) },
	"float64": func(n int64) float64 { return float64(n) },
	"deref":   func(p *float64) float64 { return *p },
	"f32":     func(x float32) float64 { return float64(x) },
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
	"add": func(a, b int) int { return a + b },
	"contains": func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	},
}

func parseTemplates() (*templates, error) {
	t := &templates{pages: map[string]*template.Template{}}
	names, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" {
			continue
		}
		p, err := template.New(base).Funcs(funcs).ParseFS(files, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", base, err)
		}
		t.pages[strings.TrimSuffix(base, ".html")] = p
	}
	return t, nil
}

// view is what every template gets: the language, the session (nil when
// signed out), the CSRF token of its forms and the page's own data.
type view struct {
	Lang  labels.Lang
	S     *session.Session
	CSRF  string
	Path  string // the request's path and query, for the language switch
	Title string
	Nav   string // the menu entry of the page
	Error string
	Data  any
}

// T is the message key in the view's language.
func (v *view) T(key string, args ...any) string { return i18n.T(v.Lang, key, args...) }

// Num formats a number with dec decimals in the view's language.
func (v *view) Num(x float64, dec int) string { return i18n.Number(v.Lang, x, dec) }

// Pct formats a percentage.
func (v *view) Pct(x float64, dec int) string { return i18n.Percent(v.Lang, x, dec) }

// Role, Service, Lever and Driver name codes in the view's language.
func (v *view) Role(code string) string    { return labels.Role(v.Lang, code, "") }
func (v *view) Service(code string) string { return labels.Service(v.Lang, code, "") }

// RoleInText is a role's name inside a sentence: lower case.
func (v *view) RoleInText(code string) string {
	n := []rune(v.Role(code))
	if len(n) > 0 {
		n[0] = unicode.ToLower(n[0])
	}
	return string(n)
}
func (v *view) Lever(code string) string   { return labels.Lever(v.Lang, code) }
func (v *view) Driver(code string) string  { return labels.Driver(v.Lang, code) }
func (v *view) Sex(code string) string     { return labels.Sex(v.Lang, code) }
func (v *view) GroupLabel(g string) string { return labels.Group(v.Lang, g) }

// Mine keeps the municipality codes in the session's scope: a matching
// of several municipalities shows an officer only their own.
func (v *view) Mine(codes []string) []string {
	var out []string
	for _, c := range codes {
		if v.S != nil && v.S.InScope(c) {
			out = append(out, c)
		}
	}
	return out
}

// Scenario names a scenario: a shipped one by its name in the view's
// language, any other as its file names it.
func (v *view) Scenario(name string) string { return labels.Scenario(v.Lang, name) }

// IsPlanner and IsOfficer say which views the role uses (an admin both).
func (v *view) IsPlanner() bool { return v.S != nil && (v.S.Role == "planner" || v.S.Role == "admin") }
func (v *view) IsOfficer() bool { return v.S != nil && (v.S.Role == "officer" || v.S.Role == "admin") }

// Other is the language the switch offers, and LangURL the current page
// in it.
func (v *view) Other() labels.Lang {
	if v.Lang == labels.EN {
		return labels.SV
	}
	return labels.EN
}

func (v *view) LangURL() string {
	p, q, _ := strings.Cut(v.Path, "?")
	var kept []string
	for _, kv := range strings.Split(q, "&") {
		if kv != "" && !strings.HasPrefix(kv, "lang=") {
			kept = append(kept, kv)
		}
	}
	kept = append(kept, "lang="+string(v.Other()))
	return p + "?" + strings.Join(kept, "&")
}

// newView starts the view of request r.
func (h *Handler) newView(r *http.Request, s *session.Session, title, nav string) *view {
	v := &view{Lang: langOf(r), S: s, Path: r.URL.RequestURI(), Title: title, Nav: nav}
	if s != nil {
		v.CSRF = s.CSRF
	}
	return v
}

// render writes page (a file of templates/, without .html) with v, or
// the fragment name of it when name is not "".
func (h *Handler) render(w http.ResponseWriter, status int, page, name string, v *view) {
	t, ok := h.tmpl.pages[page]
	if !ok {
		panic("web: no page " + page)
	}
	if name == "" {
		name = "layout"
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, v); err != nil {
		h.opt.Logger.Error("web: render", "page", page, "template", name, "err", err.Error())
		http.Error(w, i18n.T(v.Lang, "error.internal"), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// fail renders the error page with message msg.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, s *session.Session, status int, msg string) {
	v := h.newView(r, s, i18n.T(langOf(r), "error.title"), "")
	v.Error = msg
	if isHTMX(r) {
		h.render(w, status, "error", "message", v)
		return
	}
	h.render(w, status, "error", "", v)
}

// failAPI renders what the API answered: its status and detail.
func (h *Handler) failAPI(w http.ResponseWriter, r *http.Request, s *session.Session, err error) {
	if e, ok := err.(*apiError); ok {
		if e.Status == http.StatusUnauthorized {
			http.Redirect(w, r, "/ui/signin", http.StatusSeeOther)
			return
		}
		h.fail(w, r, s, e.Status, e.Detail)
		return
	}
	h.opt.Logger.Error("web: api call", "err", err.Error())
	h.fail(w, r, s, http.StatusInternalServerError, i18n.T(langOf(r), "error.internal"))
}

func isHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }
