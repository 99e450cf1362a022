package web

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/caregap/caregap/datasets"
	"github.com/caregap/caregap/web/session"
)

//go:embed templates static
var files embed.FS

// Options are what the page needs. API is required; the other fields
// have documented defaults.
type Options struct {
	// API is the API's handler (api.NewRouter); the page calls it in
	// process and serves every path it does not own from it.
	API http.Handler
	// Default loads the embedded default dataset, for municipality names
	// and groups and the roles, services and training pipelines the
	// scenario builder offers; it runs once. nil: the builder offers the
	// codes of the labels package only and municipalities show by code.
	Default func() (*datasets.Bundle, error)
	// RunDir returns the directory of a finished run (store.RunDir), read
	// for the spreadsheet download after the API has admitted the caller
	// to the job. nil: no spreadsheet download.
	RunDir func(id string) string
	// Sessions bound the sessions' life (session.Settings defaults).
	Sessions session.Settings
	// Logger: nil means slog.Default().
	Logger *slog.Logger
	// Poll is how often a job's page asks for its progress [1 s].
	Poll time.Duration
}

// Handler serves the page and passes every other path to the API.
type Handler struct {
	opt      Options
	sessions *session.Store
	mux      *http.ServeMux
	static   http.Handler
	tmpl     *templates

	defOnce sync.Once
	def     *datasets.Bundle
}

// New returns the handler of the page over o.API.
func New(o Options) (*Handler, error) {
	if o.API == nil {
		panic("web: Options.API is nil")
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Poll <= 0 {
		o.Poll = time.Second
	}
	t, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	staticFS, _ := fs.Sub(files, "static")
	h := &Handler{opt: o, sessions: session.New(o.Sessions), mux: http.NewServeMux(), tmpl: t,
		static: http.StripPrefix("/static/", http.FileServerFS(staticFS))}
	h.routes()
	return h, nil
}

// Owns reports whether path is the page's rather than the API's.
func Owns(path string) bool {
	return path == "/" || strings.HasPrefix(path, "/ui/") || strings.HasPrefix(path, "/static/")
}

// ServeHTTP serves /, /ui/... and /static/... and passes the rest to the
// API.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !Owns(r.URL.Path) {
		h.opt.API.ServeHTTP(w, r)
		return
	}
	securityHeaders(w.Header())
	if strings.HasPrefix(r.URL.Path, "/static/") {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.static.ServeHTTP(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	h.mux.ServeHTTP(w, r)
}

// csp allows scripts, styles, fonts and connections from the server only;
// ECharts sets element styles from script, which style-src
// 'unsafe-inline' allows (no inline script is allowed).
const csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
	"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
}

// defaults returns the default dataset, or nil without one.
func (h *Handler) defaults() *datasets.Bundle {
	h.defOnce.Do(func() {
		if h.opt.Default == nil {
			return
		}
		b, err := h.opt.Default()
		if err != nil {
			h.opt.Logger.Warn("web: default dataset", "err", err.Error())
			return
		}
		h.def = b
	})
	return h.def
}
