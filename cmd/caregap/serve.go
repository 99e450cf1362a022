package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/caregap/caregap/api"
	"github.com/caregap/caregap/api/auth"
	"github.com/caregap/caregap/api/jobs"
	"github.com/caregap/caregap/api/store"
	"github.com/caregap/caregap/datasets/defaultdata"
	"github.com/caregap/caregap/web"
	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/spf13/cobra"
	"golang.org/x/net/netutil"
)

type serveFlags struct {
	dataDir string
	tokens  string
	addr    string
	workers int
	queue   int
	grace   time.Duration
	timeout time.Duration
	limits  api.Limits

	readHeaderTimeout time.Duration
	bodyTimeout       time.Duration
	readTimeout       time.Duration
	maxConns          int
}

func newServeCmd() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve --data-dir DIR [--tokens FILE] [--addr 127.0.0.1:8080]",
		Short: "Serve the page and the HTTP API: datasets, scenarios, forecast and matching jobs",
		Long: `serve starts the page for planners and officers at / (sign in with a token)
and the HTTP API under /v1, with /healthz, /readyz, /metrics,
/openapi.json and /docs. The catalog (catalog.db), uploaded datasets and run
results live in --data-dir. Without --tokens every /v1 route answers 401;
make tokens with 'caregap tokens add'. SIGINT or SIGTERM stops accepting
requests, gives running jobs --grace to finish and marks the rest failed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.dataDir == "" {
				return usagef("--data-dir is required")
			}
			if f.workers < 1 || f.queue < 1 {
				return usagef("--workers and --queue must be at least 1")
			}
			logger := slog.New(slog.NewJSONHandler(cmd.ErrOrStderr(), nil))
			srv, err := newAPIServer(cmd.Context(), &f, logger)
			if err != nil {
				return err
			}
			defer srv.Close()
			fmt.Fprintf(cmd.ErrOrStderr(), "caregap serve: open http://%s/ in a browser and sign in with a token (the API is under /v1)\n", srv.ln.Addr())
			return srv.Run(cmd.Context())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.dataDir, "data-dir", "", "directory of the catalog, uploaded datasets and run results (created if missing)")
	fl.StringVar(&f.tokens, "tokens", "", "tokens file (JSON, or YAML by extension); none: /v1 answers 401")
	fl.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fl.IntVar(&f.workers, "workers", 1, "jobs run at once")
	fl.IntVar(&f.queue, "queue", 16, "jobs that may wait for a worker; beyond it POST answers 429")
	fl.DurationVar(&f.grace, "grace", 30*time.Second, "time running jobs get to finish on shutdown")
	fl.DurationVar(&f.timeout, "request-timeout", 60*time.Second, "time limit of one request")
	d := api.DefaultLimits()
	fl.IntVar(&f.limits.Levers, "max-levers", d.Levers, "levers of one scenario, with those it extends")
	fl.IntVar(&f.limits.Scenarios, "max-scenarios", d.Scenarios, "scenarios of one forecast")
	fl.IntVar(&f.limits.Regions, "max-regions", d.Regions, "regions of one job")
	fl.IntVar(&f.limits.Years, "max-years", d.Years, "years of one job")
	fl.IntVar(&f.limits.Draws, "max-draws", d.Draws, "Monte Carlo draws of one forecast")
	fl.IntVar(&f.limits.UploadRows, "max-upload-rows", d.UploadRows, "rows of one uploaded Parquet file")
	fl.DurationVar(&f.limits.JobTime, "job-time", d.JobTime, "wall time one job may run before it fails")
	fl.IntVar(&f.limits.InFlight, "max-in-flight", d.InFlight, "requests of one token served at once; beyond it 429")
	fl.DurationVar(&f.readHeaderTimeout, "read-header-timeout", 5*time.Second, "time a client has to send a request's headers")
	fl.DurationVar(&f.bodyTimeout, "body-timeout", 10*time.Second, "time a client has to send a JSON or YAML request body")
	fl.DurationVar(&f.readTimeout, "read-timeout", 2*time.Minute, "time a client has to send a whole request, an upload included")
	fl.IntVar(&f.maxConns, "max-conns", 512, "open connections at once; more wait in the kernel's backlog")
	return cmd
}

// apiServer is the running API: the store, the job queue and the HTTP
// server.
type apiServer struct {
	log   *slog.Logger
	store *store.Store
	queue *jobs.Queue
	http  *http.Server
	ln    net.Listener
	grace time.Duration
}

func newAPIServer(ctx context.Context, f *serveFlags, logger *slog.Logger) (*apiServer, error) {
	keys, err := auth.NewKeyring(f.tokens)
	if err != nil {
		return nil, usageError{err}
	}
	st, err := store.Open(ctx, f.dataDir)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("listen %s: %w", f.addr, err)
	}
	q := jobs.New(jobs.Settings{Workers: f.workers, Capacity: f.queue})
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	gin.SetMode(gin.ReleaseMode)
	router := api.NewRouter(api.Deps{Store: st, Keys: keys, Queue: q, Logger: logger, Registry: reg, Timeout: f.timeout,
		Default: defaultdata.Load, DefaultMatch: defaultdata.LoadMatch, Limits: f.limits, BodyTimeout: f.bodyTimeout})
	// The page takes / and its own paths and passes the rest to the API.
	page, err := web.New(web.Options{API: router, Default: defaultdata.Load, RunDir: st.RunDir, Logger: logger})
	if err != nil {
		ln.Close()
		st.Close()
		return nil, err
	}
	if f.maxConns > 0 {
		ln = netutil.LimitListener(ln, f.maxConns)
	}
	hs := &http.Server{
		Handler:           page,
		ReadHeaderTimeout: f.readHeaderTimeout,
		ReadTimeout:       f.readTimeout,
		WriteTimeout:      f.timeout + 10*time.Second,
		IdleTimeout:       30 * time.Second, // an idle connection holds one of --max-conns
	}
	if !keys.Enabled() {
		logger.Warn("no tokens file: every /v1 route answers 401")
	}
	return &apiServer{log: logger, store: st, queue: q, http: hs, ln: ln, grace: f.grace}, nil
}

// Run serves until ctx is cancelled, then shuts down: no new requests, the
// requests in flight and the running jobs get time to finish, and jobs
// that cannot are recorded as failed.
func (s *apiServer) Run(ctx context.Context) error {
	s.log.Info("listening", "addr", s.ln.Addr().String(), "page", "http://"+s.ln.Addr().String()+"/")
	errc := make(chan error, 1)
	go func() { errc <- s.http.Serve(s.ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down")
	// Requests and jobs stop side by side: the whole shutdown takes at
	// most the grace and a few seconds for the jobs to record their end
	// once their contexts are cancelled. A job whose work does not return
	// by then is left to the next start, which records it interrupted.
	sctx, cancel := context.WithTimeout(context.Background(), s.grace+5*time.Second)
	defer cancel()
	herrc := make(chan error, 1)
	go func() {
		hctx, hcancel := context.WithTimeout(sctx, s.grace)
		defer hcancel()
		err := s.http.Shutdown(hctx)
		if err != nil {
			err = s.http.Close() // cut the requests still in flight
		}
		herrc <- err
	}()
	qerr := s.queue.Shutdown(sctx, s.grace)
	if qerr != nil {
		s.log.Warn("jobs still running at the end of the grace; the next start records them interrupted")
		qerr = nil
	}
	herr := <-herrc
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	s.log.Info("stopped")
	return errors.Join(herr, qerr)
}

// Close releases the store and the listener.
func (s *apiServer) Close() error {
	s.ln.Close()
	return s.store.Close()
}
