package api

import (
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/caregap/caregap/api/auth"
	"github.com/caregap/caregap/api/jobs"
	"github.com/caregap/caregap/api/store"
	"github.com/caregap/caregap/datasets"
	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
)

// Deps are what the router needs. Store, Keys and Queue are required;
// the other fields have documented defaults.
type Deps struct {
	Store *store.Store
	Keys  *auth.Keyring // a Keyring without a file answers 401 on /v1
	Queue *jobs.Queue
	// Logger receives one JSON line per request; nil means slog.Default().
	Logger *slog.Logger
	// Registry receives the API's metrics and is served at /metrics; nil
	// means a new registry.
	Registry *prometheus.Registry
	// Alloc allocates Arrow buffers; nil means memory.DefaultAllocator.
	Alloc memory.Allocator
	// Default loads the dataset "default", read-only and shared by every
	// caller (cmd/caregap passes defaultdata.Load, the embedded one); it
	// runs once, on first use. nil means there is none: "default" answers
	// as a missing dataset.
	Default func() (*datasets.Bundle, error)
	// DefaultMatch loads the matching set of the dataset "default" (cmd/caregap
	// passes defaultdata.LoadMatch); it runs once, on first use. nil means
	// there is none: matchings on "default" answer as on a missing dataset.
	DefaultMatch func() (*datasets.MatchSet, error)
	// BodyLimit caps a JSON or YAML request body; 0 means 1 MiB.
	BodyLimit int64
	// UploadLimit caps an uploaded Parquet file; 0 means 256 MiB.
	UploadLimit int64
	// Timeout bounds a request's handling; 0 means 60 s.
	Timeout time.Duration
	// BodyTimeout is the time a JSON or YAML request body has to arrive
	// once the headers are read; 0 means 10 s. Uploads are bounded by
	// the server's read timeout instead.
	BodyTimeout time.Duration
	// Limits bound the work of one request or job; each zero field means
	// its default (DefaultLimits).
	Limits Limits
}

// server holds the state the handlers share.
type server struct {
	Deps
	metrics *metrics

	defOnce sync.Once
	defB    *datasets.Bundle
	defErr  error

	// results keeps parsed result files of finished runs; jobs keeps
	// job records in a final state.
	results, jobs *memo

	matchOnce sync.Once
	matchSet  *datasets.MatchSet
	matchErr  error

	// defSum is the summary of the default dataset, made once.
	defSumOnce sync.Once
	defSum     *store.Dataset

	// bundles keeps the bundle of the latest version of each uploaded
	// dataset read so far.
	bundleMu sync.Mutex
	bundles  map[string]*bundleEntry

	// inFlight counts the requests of each token being served.
	flightMu sync.Mutex
	inFlight map[string]int

	cancelMu  sync.Mutex
	cancelled map[string]bool // jobs a caller cancelled while running
}

// NewRouter returns the API's router over d.
func NewRouter(d Deps) *gin.Engine {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Registry == nil {
		d.Registry = prometheus.NewRegistry()
	}
	if d.Alloc == nil {
		d.Alloc = memory.DefaultAllocator
	}
	// Without a default, "default" is missing as the store says it.
	noDefault := fmt.Errorf("dataset %s: %w", DefaultDataset, store.ErrNotFound)
	if d.Default == nil {
		d.Default = func() (*datasets.Bundle, error) { return nil, noDefault }
	}
	if d.DefaultMatch == nil {
		d.DefaultMatch = func() (*datasets.MatchSet, error) { return nil, noDefault }
	}
	if d.BodyLimit <= 0 {
		d.BodyLimit = 1 << 20
	}
	if d.UploadLimit <= 0 {
		d.UploadLimit = 256 << 20
	}
	if d.Timeout <= 0 {
		d.Timeout = 60 * time.Second
	}
	if d.BodyTimeout <= 0 {
		d.BodyTimeout = 10 * time.Second
	}
	d.Limits = d.Limits.withDefaults()
	s := &server{Deps: d, cancelled: map[string]bool{}, results: newMemo(), jobs: newMemo(), bundles: map[string]*bundleEntry{}, inFlight: map[string]int{}}
	s.metrics = newMetrics(d.Registry, s)

	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.Use(s.requestID, s.logRequests, s.recover, s.timeout)
	r.NoRoute(func(c *gin.Context) {
		writeError(c, errorf(KindNotFound, "no route %s %s", c.Request.Method, c.Request.URL.Path))
	})
	r.NoMethod(func(c *gin.Context) {
		writeError(c, &Error{Kind: KindMethod, Detail: "method " + c.Request.Method + " not allowed here"})
	})
	for _, rt := range s.routes() {
		hs := []gin.HandlerFunc{s.limitBody(rt)}
		if len(rt.Roles) > 0 {
			hs = append(hs, s.authenticate(rt))
		}
		hs = append(hs, rt.handler)
		r.Handle(rt.Method, rt.Path, hs...)
	}
	return r
}

// defaultBundle loads the embedded default dataset once.
func (s *server) defaultBundle() (*datasets.Bundle, error) {
	s.defOnce.Do(func() {
		b, err := s.Default()
		if err == nil {
			err = datasets.Check(b)
		}
		s.defB, s.defErr = b, err
	})
	return s.defB, s.defErr
}
